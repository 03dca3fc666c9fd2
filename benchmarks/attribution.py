"""Attribution extraction on PolNeAR (political news attribution relations), dev split.

    python benchmarks/attribution.py [--split dev] [--limit N]

The extractor is claimledger's rule-based ``extract_attributions`` over the spaCy parse; its
cue lexicon was tuned on PolNeAR *train* by ``training/train_attribution_cues.py`` (artifact
``models/attribution_cues.json``).  The dev split is PolNeAR's own (articles of the 11th
month); an article annotated by several annotators counts once (first annotator by name).

Printed: token-level precision / recall / F1 per role (source, cue, content) — tokens without
blanks and punctuation, each with at most one role — and exact-span match per role (spans
trimmed of blanks, punctuation and quote marks).  See ``claimledger.analyze.attribution_eval``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimledger.analyze.attribution import extract_attributions  # noqa: E402
from claimledger.analyze.attribution_eval import ROLES, Scorer, load_polnear, polnear_dir, predicted_roles  # noqa: E402
from claimledger.analyze.pipeline import load_nlp  # noqa: E402


def evaluate(split: str = "dev", limit: int | None = None) -> tuple[Scorer, float]:
    docs = load_polnear(split, limit)
    nlp = load_nlp()
    scorer = Scorer()
    t0 = time.perf_counter()
    for gold, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=16)):
        scorer.add(doc, gold.attributions, predicted_roles(extract_attributions(doc)))
    return scorer, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    if not polnear_dir().exists():
        print(f"PolNeAR not found under {polnear_dir()}", file=sys.stderr)
        return 2
    scorer, seconds = evaluate(args.split, args.limit)
    table = Table(title=f"Attribution on PolNeAR {args.split}: {scorer.docs} articles, "
                        f"{scorer.gold_attributions} gold / {scorer.pred_attributions} predicted attributions "
                        f"({seconds:.0f} s)")
    table.add_column("role")
    for col in ("token P", "token R", "token F1", "exact P", "exact R", "exact F1"):
        table.add_column(col, justify="right")
    rows = scorer.table()
    for role in ROLES:
        tp, tr, tf = rows[role]["token"]
        ep, er, ef = rows[role]["exact"]
        table.add_row(role, *(f"{100 * v:.1f}" for v in (tp, tr, tf, ep, er, ef)))
    Console(width=120).print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
