"""Assessment models against the field: one table of dev figures, published bests and speed.

Each row comes from an evaluator ``evaluate_dev() -> dict`` in a ``training/`` module, which
scores the *shipped* artifact on that script's documented dev split and returns
``{task, data, metric, ours, best_published, throughput[, details]}`` (throughput in
items/s on this machine, or None when the figure is recorded rather than measured).
Adding a model is one line in ``EVALUATORS``.

    python benchmarks/assess.py            # all rows
    python benchmarks/assess.py fnc1       # rows whose module or function name matches

Dev splits (see each training script's docstring): FNC-1 — the competition baseline's
hold-out by body id (seed 1489215, 337 bodies), plus the topic-disjoint figure recorded by
the training run; Emergent — by claim id, sha1(claimId) mod 5 == 0.
"""

from __future__ import annotations

import importlib
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


def run_row(module: str, func: str) -> dict:
    try:
        row = getattr(importlib.import_module(module), func)()
    except Exception as exc:  # a missing dataset or artifact must not hide the other rows
        return {"task": f"{module}.{func}", "data": "—", "metric": "—", "ours": None,
                "best_published": "—", "throughput": None, "details": f"not run: {type(exc).__name__}: {exc}"}
    return row


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    rows = []
    t0 = time.time()
    for module, func in EVALUATORS:
        if args and not any(a in module or a in func for a in args):
            continue
        rows.append(run_row(module, func))
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
