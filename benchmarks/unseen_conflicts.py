"""Conflicts on pages nobody judged: how many each corpus's ledger lists, to read them line by line.

    python benchmarks/unseen_conflicts.py NAME=INPUT [NAME=INPUT ...] [--workers 2] [--keep DIR]
    python benchmarks/unseen_conflicts.py fnc1=fnc1_bodies.jsonl \
        polnear=../shared/data/polnear/data/train/text,../shared/data/polnear/data/dev/text --workers 2

Each corpus (INPUT: anything ``claimledger ingest`` reads, comma-separated for several) is
ingested into its own fresh ledger with every default stage, as a user runs it.  One table: per
corpus, the documents, claims and incidents stored and the conflicts listed by kind (figures,
stance, changed figure).  No gold says which are true: keep the ledgers (``--keep DIR``) and read
each with ``claimledger conflicts --db DIR/NAME.db``.  The counts are what a change is judged by
after reading: fewer false alarms, every true one kept.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimledger.ingest import ingest
from claimledger.ingest.options import IngestOptions
from claimledger.store import Ledger


def measure(name: str, inputs: list[str], folder: Path, workers: int) -> dict[str, object]:
    path = folder / f"{name}.db"
    path.unlink(missing_ok=True)
    ledger = Ledger(str(path))
    started = time.perf_counter()
    report = ingest(inputs, ledger, IngestOptions(workers=workers))
    kinds = Counter(c.kind for c in ledger.conflicts(limit=100000))
    counts = ledger.overview()
    claims = len(report.linked.memberships) if report.linked is not None else 0
    return {"corpus": name, "documents": counts["documents"], "claims": claims,
            "incidents": counts["incidents"], "figures": kinds["figures"], "stance": kinds["stance"],
            "changed figure": kinds["changed_figure"], "wall s": round(time.perf_counter() - started, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="+", help="NAME=INPUT[,INPUT...]")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the ledgers in this folder (default: a temporary one)")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for spec in args.corpora:
            name, _, inputs = spec.partition("=")
            if not inputs:
                parser.error(f"{spec!r}: give NAME=INPUT")
            rows.append(measure(name, inputs.split(","), folder, args.workers))
    table = Table(title="Conflicts listed on unjudged corpora (fresh ledgers, default stages)")
    for column in rows[0]:
        table.add_column(column, justify="left" if column == "corpus" else "right")
    for row in rows:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in row.values()))
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
