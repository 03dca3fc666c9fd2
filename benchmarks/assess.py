"""Assessment models against the field: one table of dev figures, published bests and speed.

Each row comes from an evaluator ``evaluate_dev() -> dict`` in a ``training/`` module, which
scores the *shipped* artifact on that script's documented dev split and returns
``{task, data, metric, ours, best_published, throughput[, details]}`` (throughput in
items/s on this machine, or None when the figure is recorded rather than measured).
Adding a model is one line in ``EVALUATORS``.

    python benchmarks/assess.py            # all rows (dev splits under the data path)
    python benchmarks/assess.py fnc1       # rows whose module or function name matches
    python benchmarks/assess.py --data /work/shared      # data path (default: ../shared)
    # held-out files in the training formats: only those rows run, unchanged code
    python benchmarks/assess.py --fnc1-stances S.csv --fnc1-bodies B.csv --checkworthy T.tsv \
        --hedge-certain C.txt --hedge-uncertain U.txt --emergent E.csv --toxicity D.csv

Dev splits (see each training script's docstring): FNC-1 — the competition baseline's
hold-out by body id (seed 1489215, 337 bodies), plus the topic-disjoint figure recorded by
the training run; Emergent — by claim id, sha1(claimId) mod 5 == 0; check-worthiness — the
CT24 dev-test, with the debate-grouped dev figure recorded at training; hedge — grouped by
corpus stretch, each domain model at its cut (chosen by grouped CV inside train).  ``--hedge-certain`` / ``--hedge-uncertain`` may be repeated (one pair per domain;
the domain is read from the file names: "wiki" or else biomedical).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "src"))

# (training module, evaluator function): one line per row.
EVALUATORS: list[tuple[str, str]] = [
    ("train_fnc1_stance", "evaluate_dev"),
    ("train_fnc1_stance", "evaluate_topic_dev"),
    ("train_emergent_stance", "evaluate_dev"),
    ("train_hedge", "evaluate_dev"),
    ("train_checkworthy", "evaluate_dev"),
    ("train_toxicity", "evaluate_dev"),
    ("train_propaganda", "evaluate_dev"),
]

COLUMNS = ("task", "data", "metric", "ours (dev)", "best published", "items/s", "details")


def _fmt_num(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.0f}" if v >= 100 else f"{v:.2f}"
    return str(v)


def run_row(module: str, func: str, *args: Path) -> dict:
    try:
        row = getattr(importlib.import_module(module), func)(*args)
    except Exception as exc:  # a missing dataset or artifact must not hide the other rows
        return {"task": f"{module}.{func}", "data": "—", "metric": "—", "ours": None,
                "best_published": "—", "throughput": None, "details": f"not run: {type(exc).__name__}: {exc}"}
    return row


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="only rows whose module or function name contains one of these")
    ap.add_argument("--data", type=Path, help="the shared data path (sets CLAIMLEDGER_SHARED)")
    ap.add_argument("--fnc1-stances", type=Path)
    ap.add_argument("--fnc1-bodies", type=Path)
    ap.add_argument("--checkworthy", type=Path, help="CT24-format TSV (Sentence_id, Text, class_label)")
    ap.add_argument("--hedge-certain", type=Path, action="append", default=[])
    ap.add_argument("--hedge-uncertain", type=Path, action="append", default=[])
    ap.add_argument("--emergent", type=Path, help="Emergent-format CSV")
    ap.add_argument("--toxicity", type=Path, help="Davidson-format CSV")
    return ap.parse_args(argv)


def file_jobs(a: argparse.Namespace) -> list[tuple[str, str, tuple[Path, ...]]]:
    """Rows for held-out files given on the command line."""
    jobs: list[tuple[str, str, tuple[Path, ...]]] = []
    if a.fnc1_stances and a.fnc1_bodies:
        jobs.append(("train_fnc1_stance", "evaluate_dev", (a.fnc1_stances, a.fnc1_bodies)))
    if a.checkworthy:
        jobs.append(("train_checkworthy", "evaluate_dev", (a.checkworthy,)))
    for certain, uncertain in zip(a.hedge_certain, a.hedge_uncertain):
        jobs.append(("train_hedge", "evaluate_dev", (certain, uncertain)))
    if a.emergent:
        jobs.append(("train_emergent_stance", "evaluate_dev", (a.emergent,)))
    if a.toxicity:
        jobs.append(("train_toxicity", "evaluate_dev", (a.toxicity,)))
    return jobs


def main(argv: list[str] | None = None) -> None:
    a = parse_args(sys.argv[1:] if argv is None else argv)
    if a.data:
        os.environ["CLAIMLEDGER_SHARED"] = str(a.data.resolve())
    t0 = time.time()
    jobs = file_jobs(a) or [
        (m, f, ()) for m, f in EVALUATORS if not a.names or any(n in m or n in f for n in a.names)
    ]
    rows = [run_row(m, f, *paths) for m, f, paths in jobs]
    table = [
        (
            r["task"], r["data"], r["metric"], _fmt_num(r.get("ours")), str(r.get("best_published", "—")),
            _fmt_num(r.get("throughput")), str(r.get("details", "")),
        )
        for r in rows
    ]
    try:
        from rich.console import Console
        from rich.table import Table

        t = Table(title=f"claimledger assess models — dev figures ({time.time() - t0:.0f}s)")
        for c in COLUMNS:
            t.add_column(c, overflow="fold")
        for row in table:
            t.add_row(*row)
        Console(width=200).print(t)
    except ImportError:
        print(" | ".join(COLUMNS))
        for row in table:
            print(" | ".join(row))


if __name__ == "__main__":
    main()
