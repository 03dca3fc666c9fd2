"""Linking at scale: ``link_documents`` on 1k / 5k / 20k distinct realistic documents.

    python benchmarks/link_scale.py ../shared/data                       # sizes 1000,5000,20000, with analysis
    python benchmarks/link_scale.py ../shared/data --sizes 1000,5000 --scratch /tmp/link-scale
    python benchmarks/link_scale.py ../shared/data --no-analyze          # stories and copies only (no claims)
    python benchmarks/link_scale.py ../shared/data --sizes 20000 --copies-to 100000 --scratch /tmp/link-scale

Corpus: ``benchmarks/realistic_corpus.py`` (seed 7): documents assembled from real
paragraphs of the shared corpora, lengths following FNC-1's body lengths, no paragraph
used more than 3 times.  The ledgers are built with the project's ingest library, every
default stage (clean, analyze, assess, store) but without linking (``link=False``, what
``claimledger ingest --no-link`` does), on ``--workers`` processes; the ledger of each size
holds the documents of the smaller one plus the next ones, so each document is analysed
once; a build stopped part way (``ledger-*-N.part`` in the scratch folder) resumes where it
stopped, since ingest skips the inputs a ledger already holds.  Only linking is timed: a fresh process opens a copy of the unlinked ledger and runs
``link_documents`` once (reads, copies, stories, claim groups, incidents, conflicts,
writes) with ``--link-workers`` worker processes preparing the documents (0: none).  The table
gives wall seconds, CPU seconds of the linking process and of its workers, docs/s, the peak RSS
summed over the linking process and its workers (sampled from /proc every 0.2 s) and the
linking process's own peak,
stories, claim groups and their sizes; its caption the growth exponent b fitted to
seconds = a * docs^b for wall and CPU time (least squares on the logs: 1 is linear).  Ledgers are kept in
``--scratch`` (reused when present), never in the repository.

``--copies-to N[,M]``: ledgers of N (M) documents made of the largest analysed ledger's documents
and copies of them under fresh ids (``claimledger.store.copies``: copy k of D has id sha1(D:k),
the same text, segments and analysis; stored unlinked like an ingested document), each grown from
the one before, then linked and measured like the others.  A copy duplicates a document of the
ledger, so copies are linked as copies (copy links; their claims join the originals' groups):
this measures memory and time at 100k documents without analysing 100k, not 100k distinct ones.

``--link-timeout S``: a link run still going after S seconds is stopped; its row says so and gives the
peak memory of the process tree up to then.  Each size's time and peak are also written to stderr as
it ends, so a size that fails or is stopped later loses nothing of the earlier ones.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(1, str(HERE))

from proc_tree import tree_pids, tree_rss_bytes  # noqa: E402
from realistic_corpus import documents  # noqa: E402

SIZE_BINS = ((1, 1), (2, 2), (3, 5), (6, 20), (21, 100), (101, 10**9))


def build_ledgers(data: Path, sizes: list[int], scratch: Path, workers: int, analyze: bool, seed: int) -> dict[int, Path]:
    """Unlinked ledgers of the first ``n`` documents for each size (each grown from the one before)."""
    from claimledger.ingest import ingest
    from claimledger.store import Ledger

    records = list(documents(data, max(sizes), seed))
    tag = "analysed" if analyze else "plain"
    out: dict[int, Path] = {}
    previous, done = None, 0
    for n in sorted(sizes):
        path = scratch / f"ledger-{tag}-{n}.db"
        if not path.exists():
            part = scratch / f"part-{tag}-{done}-{n}.jsonl"
            with part.open("w", encoding="utf-8") as handle:
                for record in records[done:n]:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            work = path.with_suffix(".part")
            if work.exists():  # a build stopped part way: ingest skips what is stored, so it resumes
                print(f"resuming {work.name}", file=sys.stderr)
            elif previous is not None:
                shutil.copyfile(previous, work)
            began = time.perf_counter()
            ledger = Ledger(work)
            ingest([str(part)], ledger, analyze=analyze, link=False, workers=workers, keep_ids=False)
            ledger.engine.dispose()  # the last connection closed: the WAL is in the file it renames
            print(f"ingested {n - done:,} documents into {work.name} in {time.perf_counter() - began:.0f}s",
                  file=sys.stderr)
            work.rename(path)
        out[n] = path
        previous, done = path, n
    return out


def build_copies(source: Path, sizes: list[int], scratch: Path) -> dict[int, Path]:
    """Ledgers of ``sizes`` documents: ``source``'s documents and copies of them with fresh ids."""
    from claimledger.store import Ledger
    from claimledger.store.copies import analysed_ids, fill_with_copies

    out: dict[int, Path] = {}
    previous = source
    originals = analysed_ids(Ledger(source))
    for n in sorted(sizes):
        path = scratch / f"{source.stem}-copies-{n}.db"
        if not path.exists():
            work = path.with_suffix(".part")
            if not work.exists():
                shutil.copyfile(previous, work)
            began = time.perf_counter()
            ledger = Ledger(work)
            have = fill_with_copies(ledger, originals, n)
            ledger.engine.dispose()  # the last connection closed: the WAL is checkpointed into the file
            print(f"{have:,} documents in {work.name} ({time.perf_counter() - began:.0f}s)", file=sys.stderr)
            work.rename(path)
        out[n] = previous = path
    return out


def link_once(ledger_path: str, workers: int) -> None:
    """In a fresh process: link every document of the ledger once and print the figures as JSON."""
    from claimledger.link import link_documents
    from claimledger.store import Ledger

    ledger = Ledger(ledger_path)
    began, cpu = time.perf_counter(), time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = link_documents(ledger, workers=workers)
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, joined when the run ended
    worker_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    with ledger.engine.connect() as conn:
        from sqlalchemy import text

        sizes = [r[0] for r in conn.execute(text("SELECT size FROM claim_groups"))]
        stories = conn.execute(text("SELECT count(*) FROM stories")).scalar()
        biggest = conn.execute(text("SELECT max(size) FROM stories")).scalar()
    print(json.dumps({"docs": len(report.documents), "wall": wall, "cpu": cpu, "worker_cpu": worker_cpu,
                      "stories": stories,
                      "biggest_story": biggest or 0, "group_sizes": sizes,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def _document_count(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def measure(path: Path, scratch: Path, workers: int, timeout: float | None = None) -> dict:
    """Link a copy of the ledger in a fresh process and return its figures; a run past
    ``timeout`` seconds is stopped and reported as such, with the peak memory it had reached."""
    copy = scratch / f"linking-{path.name}"
    shutil.copyfile(path, copy)
    peak = 0
    began = time.perf_counter()
    try:
        # the figures go to a file: a pipe read only at the end would fill and stop the linker
        with tempfile.TemporaryFile("w+") as out_file:
            proc = subprocess.Popen([sys.executable, __file__, "--link-only", str(copy), "--link-workers",
                                     str(workers)], stdout=out_file, text=True)
            while proc.poll() is None:
                if os.path.isdir("/proc"):
                    peak = max(peak, tree_rss_bytes(proc.pid) // 1024)
                if timeout is not None and time.perf_counter() - began > timeout:
                    for pid in tree_pids(proc.pid)[::-1]:  # the workers first, then the linker
                        try:
                            os.kill(pid, signal.SIGKILL)
                        except OSError:
                            pass
                    proc.wait()
                    return {"docs": _document_count(copy), "stopped": True, "wall": time.perf_counter() - began,
                            "tree_rss_mb": peak / 1024}
                time.sleep(0.2)
            out_file.seek(0)
            out = out_file.read()
        if proc.returncode:
            raise SystemExit(f"linking {copy} failed ({proc.returncode})")
    finally:
        for leftover in (copy, *(copy.with_name(copy.name + end) for end in ("-wal", "-shm", ".link.lock"))):
            leftover.unlink(missing_ok=True)  # a stopped run leaves SQLite's and the link lock's files
    cell = json.loads(out.strip().splitlines()[-1])
    cell["tree_rss_mb"] = peak / 1024 if peak else cell["rss_mb"]
    cell["total_cpu"] = cell["cpu"] + cell["worker_cpu"]
    return cell


def exponent(cells: list[dict], key: str = "wall") -> float | None:
    """b of seconds = a * docs^b, least squares on the logs."""
    pts = [(math.log(c["docs"]), math.log(c[key])) for c in cells if not c.get("stopped") and c["docs"] and c[key] > 0]
    if len(pts) < 2:
        return None
    mx, my = sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)
    var = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / var if var else None


def _distribution(sizes: list[int]) -> str:
    counts = Counter(next(f"{lo}" if lo == hi else f"{lo}-{hi}" if hi < 10**9 else f">{lo - 1}"
                          for lo, hi in SIZE_BINS if lo <= s <= hi) for s in sizes)
    order = [f"{lo}" if lo == hi else f"{lo}-{hi}" if hi < 10**9 else f">{lo - 1}" for lo, hi in SIZE_BINS]
    return " ".join(f"{k}:{counts[k]:,}" for k in order if counts[k]) + (f" max {max(sizes):,}" if sizes else "")


def table(cells: list[dict], analyze: bool) -> Table:
    t = Table(title=f"claimledger link_documents at scale ({'with' if analyze else 'without'} analysis)")
    for col in ("docs", "wall s", "CPU s (linker + workers)", "docs/s", "peak RSS MB (tree; linker)",
                "stories (largest)", "claim groups", "claim-group sizes (members: groups)"):
        t.add_column(col)
    for c in cells:
        if c.get("stopped"):
            t.add_row(f"{c['docs']:,}", f"stopped at {c['wall']:.0f}", "", "", f"{c['tree_rss_mb']:,.0f} (so far)",
                      "", "", "not finished within --link-timeout")
            continue
        t.add_row(f"{c['docs']:,}", f"{c['wall']:.1f}", f"{c['cpu']:.1f} + {c['worker_cpu']:.1f}",
                  f"{c['docs'] / c['wall']:,.0f}", f"{c['tree_rss_mb']:,.0f}; {c['rss_mb']:,.0f}",
                  f"{c['stories']:,} ({c['biggest_story']:,})", f"{len(c['group_sizes']):,}",
                  _distribution(c["group_sizes"]))
    b, b_cpu = exponent(cells), exponent(cells, "total_cpu")
    t.caption = (f"growth exponent b (seconds = a·docs^b): wall {b:.2f}, CPU {b_cpu:.2f}" if b is not None and
                 b_cpu is not None else "one size: no exponent") + \
        f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (CPU seconds are what a busy machine " \
        "does not inflate)"
    return t


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path, nargs="?", help="the shared data folder (../shared/data)")
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "claimledger-link-scale")
    parser.add_argument("--workers", type=int, default=2, help="ingest processes (building the ledgers)")
    parser.add_argument("--link-workers", type=int, default=1, help="processes preparing documents for the linker")
    parser.add_argument("--no-analyze", action="store_true", help="ledgers without analysis: no claims to group")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--copies-to", default="", help="also ledgers of these sizes: the largest one's "
                        "documents and copies of them with fresh ids (e.g. 100000)")
    parser.add_argument("--link-timeout", type=float, default=None,
                        help="stop a link run after this many seconds (its row gives the peak memory reached)")
    parser.add_argument("--link-only", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.link_only:
        return link_once(args.link_only, args.link_workers)
    if args.data_dir is None or not args.data_dir.exists():
        parser.error("DATA_DIR (the shared data folder) is required")
    args.scratch.mkdir(parents=True, exist_ok=True)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    ledgers = build_ledgers(args.data_dir, sizes, args.scratch, args.workers, not args.no_analyze, args.seed)
    paths = [ledgers[n] for n in sizes]
    if args.copies_to:
        copies = build_copies(ledgers[sizes[-1]], [int(s) for s in args.copies_to.split(",")], args.scratch)
        paths += [copies[n] for n in sorted(copies)]
    cells = []
    for path in paths:
        cells.append(measure(path, args.scratch, args.link_workers, args.link_timeout))
        done = cells[-1]  # a line as each size ends: a later size that fails loses nothing
        print(f"{path.name}: " + (f"stopped at {done['wall']:.0f} s" if done.get("stopped") else f"{done['wall']:.1f} s")
              + f", tree peak {done['tree_rss_mb']:,.0f} MB", file=sys.stderr, flush=True)
    Console(width=200).print(table(cells, not args.no_analyze))


if __name__ == "__main__":
    main()
