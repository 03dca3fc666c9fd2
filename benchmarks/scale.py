"""Streaming batch ingest at scale: docs/s and peak RSS for 10k, 30k and 100k documents.

    python benchmarks/scale.py                                  # sizes 10000,30000,100000; workers 1,2; no analysis
    python benchmarks/scale.py --analyze                        # full analysis (spaCy): sizes 300,1000
    python benchmarks/scale.py --sizes 100000 --workers 2 --results cells.json   # one cell, kept for the table

Corpus: synthetic JSONL from the FNC-1 article bodies in ../shared/data (``tests/helpers/synth.py``,
seed 13): each record a real body perturbed (own headline and dateline, changed figures,
a paragraph dropped or repeated), 10 % as HTML pages, 2 % repeats of an earlier record
(exact, or differing only in case and spacing: the same content hash).  One file per size,
written once to ``--scratch``.

Each cell (size × workers) runs ``claimledger.ingest.ingest`` in a fresh process into a
fresh SQLite ledger (local engine; ``workers=1`` works in-process, ``N > 1`` uses N worker
processes for clean [+ analyze] while the parent alone writes, one transaction per
document).  docs/s = input records / wall seconds of the ingest call; "first ⅓" and
"last ⅓" = docs/s over the first and the last third of the inputs (a rate falling with
the size of the ledger shows there).  Peak RSS (tree) = the largest sum of resident memory
over the cell's process tree (writer + workers), sampled from /proc every 0.2 s; peak RSS
(writer) = the writer's own peak (ru_maxrss).  Default is without
analysis (``analyze=False``): full analysis runs ~15 docs/s per core, too slow for 100k in
minutes; ``--analyze`` measures it on smaller sizes.  ``--results`` keeps cells in a JSON
file so a long grid can run as several commands (each under 10 minutes) and print one table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the repository: tests/ and benchmarks/ helpers

from proc_tree import tree_rss_bytes  # noqa: E402  (this folder: the script's own, first on sys.path)

from tests.helpers.synth import article_bodies, synthetic_records, write_jsonl  # noqa: E402

SEED = 13


def corpus(size: int, scratch: Path) -> Path:
    path = scratch / f"scale-{size}-seed{SEED}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".part")
        write_jsonl(synthetic_records(size, article_bodies(), seed=SEED), tmp)
        tmp.rename(path)
    return path


def run_cell(path: Path, workers: int, analyze: bool, engine: str) -> dict:
    """One cell in this process (called in a fresh subprocess): ingest ``path`` into a new ledger."""
    from claimledger.ingest import ingest
    from claimledger.store import Ledger

    size = sum(1 for _ in path.open("rb"))
    marks: list[float] = []  # clock at each third of the inputs: is the last third slower than the first?
    seen = [0]

    def progress(source: str, outcome: str) -> None:
        seen[0] += 1
        if seen[0] in (size // 3, 2 * size // 3):
            marks.append(time.perf_counter())

    with tempfile.TemporaryDirectory(prefix="claimledger-scale-") as folder:
        ledger = Ledger(Path(folder) / "scale.db")
        started = time.perf_counter()
        report = ingest([str(path)], ledger, analyze=analyze, workers=workers, engine=engine, keep_ids=False,
                        on_document=progress)
        finished = time.perf_counter()
        stored = ledger.count()
    third = size / 3
    return {"seconds": finished - started, "added": report.n_added, "duplicates": report.n_duplicates,
            "failed": len(report.failures), "stored": stored,
            "first_third": third / (marks[0] - started), "last_third": (size - 2 * size // 3) / (finished - marks[1]),
            "parent_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def measure(path: Path, size: int, workers: int, analyze: bool, engine: str) -> dict:
    cmd = [sys.executable, __file__, "--cell", str(path), "--workers", str(workers), "--engine", engine]
    cmd += ["--analyze"] if analyze else []
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_bytes(proc.pid))
        time.sleep(0.2)
    out = proc.stdout.read()
    if proc.returncode:
        raise SystemExit(f"cell {size}×{workers} failed (exit {proc.returncode})")
    cell = json.loads(out.strip().splitlines()[-1])
    cell.update(size=size, workers=workers, analyze=analyze, engine=engine, peak_rss=peak,
                docs_per_s=size / cell["seconds"])
    return cell


def table(cells: list[dict]) -> Table:
    analyzed = {c["analyze"] for c in cells}
    title = "Streaming ingest at scale (local engine, SQLite ledger, " + \
        ("analysis on" if analyzed == {True} else "analyze=False" if analyzed == {False} else "mixed") + ")"
    out = Table(title=title)
    for name in ("documents", "workers", "seconds", "docs/s", "first ⅓", "last ⅓", "peak RSS (tree)",
                 "peak RSS (writer)", "stored", "duplicates", "failed"):
        out.add_column(name, justify="right")
    for c in sorted(cells, key=lambda c: (c["workers"], c["size"])):
        out.add_row(f"{c['size']:,}", str(c["workers"]), f"{c['seconds']:.0f}", f"{c['docs_per_s']:.0f}",
                    f"{c['first_third']:.0f}", f"{c['last_third']:.0f}",
                    f"{c['peak_rss'] / 2**20:.0f} MiB", f"{c['parent_rss'] / 2**20:.0f} MiB",
                    f"{c['stored']:,}", f"{c['duplicates']:,}", str(c["failed"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated corpus sizes (default 10000,30000,100000; 300,1000 with --analyze)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--analyze", action="store_true", help="run the analysis stage too")
    parser.add_argument("--engine", default="local", choices=("local", "ray"))
    parser.add_argument("--scratch", default=str(Path(tempfile.gettempdir()) / "claimledger-scale"))
    parser.add_argument("--results", help="JSON file to keep cells in (earlier cells are shown too)")
    parser.add_argument("--cell", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cell:
        print(json.dumps(run_cell(Path(args.cell), int(args.workers), args.analyze, args.engine)))
        return

    sizes = [int(s) for s in (args.sizes or ("300,1000" if args.analyze else "10000,30000,100000")).split(",")]
    scratch = Path(args.scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    results = Path(args.results) if args.results else None
    cells = json.loads(results.read_text()) if results and results.exists() else []
    for size in sizes:
        path = corpus(size, scratch)
        for workers in (int(w) for w in args.workers.split(",")):
            cell = measure(path, size, workers, args.analyze, args.engine)
            print(f"  {size} docs, {workers} workers: {cell['docs_per_s']:.0f} docs/s, "
                  f"peak {cell['peak_rss'] / 2**20:.0f} MiB", file=sys.stderr)
            cells = [c for c in cells if (c["size"], c["workers"], c["analyze"], c["engine"])
                     != (size, workers, args.analyze, args.engine)] + [cell]
            if results:
                results.write_text(json.dumps(cells, indent=1))
    Console(width=150).print(table(cells))


if __name__ == "__main__":
    main()
