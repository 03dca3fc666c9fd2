"""How far PolNeAR's annotators agree with each other, scored like the attribution benchmark:
the ceiling a model trained on their annotations can be expected to reach.

    python benchmarks/attribution_agreement.py [--split train|dev|annotator-training|DIR ...]

Every article of a split that more than one annotator marked is scored once per further
annotator, with the first annotator (by name) as gold, by the scorer of
``benchmarks/attribution.py``: per role exact and token F1 and citron's all-spans score.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from benchmarks.attribution_eval import ROLES, Scorer, polnear_dir, read_ann  # noqa: E402
from claimledger.analyze.pipeline import load_nlp  # noqa: E402


def annotations_by_article(root: Path) -> dict[str, list[Path]]:
    """The .ann files of each article of a split, sorted by annotator."""
    by: dict[str, list[Path]] = defaultdict(list)
    for path in sorted((root / "attributions").glob("*.ann")):
        by[path.stem.rsplit("_", 1)[0]].append(path)
    return by


def agreement(splits: list[str]) -> tuple[Scorer, int]:
    """The scorer over every (first annotator, other annotator) pair, and the pair count."""
    nlp = load_nlp()
    scorer, pairs = Scorer(), 0
    for split in splits:
        root = Path(split) if Path(split).is_dir() else polnear_dir() / split
        for name, paths in annotations_by_article(root).items():
            if len(paths) < 2:
                continue
            doc = nlp((root / "text" / f"{name}.txt").read_text(encoding="utf-8"))
            first = read_ann(paths[0])
            for other in paths[1:]:
                scorer.add(doc, first, read_ann(other))
                pairs += 1
    return scorer, pairs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", nargs="+", default=["train"])
    args = ap.parse_args(argv)
    scorer, pairs = agreement(args.split)
    rows, whole = scorer.table(), scorer.all_spans()
    print(f"PolNeAR {' + '.join(args.split)}: {pairs} pairs of annotators on the same article")
    for role in ROLES:
        print(f"  {role:8s} exact F1 {100 * rows[role]['exact'][2]:.1f}  token F1 {100 * rows[role]['token'][2]:.1f}")
    print(f"  all spans exact F1 {100 * whole['exact'][2]:.1f}  overlap F1 {100 * whole['overlap'][2]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
