"""Attribution extraction on PolNeAR (political news attribution relations).

    python benchmarks/attribution.py [--split dev|train|DIR] [--part tune|fit] [--limit N]
        [--tagger CRFSUITE] [--linker CRFSUITE]

``--split`` is a PolNeAR compartment under ``shared/data/polnear/data`` or any folder in its
layout (``text/NAME.txt``, ``attributions/NAME_ANNOTATOR.ann``); an article annotated by several
annotators counts once (first annotator by name).  Nothing here was trained on PolNeAR dev: the
CRF tagger (``training/train_attribution_crf.py``) and the cue lexicon
(``training/train_attribution_cues.py``) learn from PolNeAR train only.  ``--part tune`` scores
the tune part of train (articles whose sha1(name) starts with 0 or 1), where the combination's
choices were measured; ``--part fit`` the rest.

Printed, for each method — ``rules`` (parse rules + cue lexicon), ``model`` (the CRF tagger,
its sources completed by the parse only where it found none), ``combined`` (what the
pipeline runs) — one table: per role token P/R/F1 and exact-span P/R/F1 (tokens without blanks
and punctuation; spans trimmed of blanks, punctuation and quote marks), then citron's
all-spans score (an attribution counts only when its source, cue and content all match:
exact, or each span overlapping its gold span), and the extraction time in CPU ms per article
(process time: wall time swings with other jobs on a shared machine; on top of the spaCy parse,
whose time is printed in the title).  ``--tagger`` / ``--linker`` score other CRF artifacts than
the shipped ones (``training/train_attribution_crf.py --out``: the fit-part CRFs the tune part is
scored with).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the repository: tests/ and benchmarks/ helpers

from benchmarks.attribution_eval import ROLES, Scorer, is_tune, load_polnear, polnear_dir, predicted_roles  # noqa: E402
from claimledger.analyze import attribution_link, attribution_model  # noqa: E402
from claimledger.analyze.attribution import extract_attributions  # noqa: E402
from claimledger.analyze.pipeline import load_nlp, one_blas_thread  # noqa: E402

METHODS = ("rules", "model", "combined")


def evaluate(split: str = "dev", limit: int | None = None,
             part: str | None = None) -> tuple[dict[str, tuple[Scorer, float]], int, float]:
    """Per method: (scorer, extraction seconds); plus the article count and the parse seconds."""
    golds = load_polnear(split)
    if part is not None:
        golds = [g for g in golds if is_tune(g.name) == (part == "tune")]
    golds = golds[:limit] if limit else golds
    nlp = load_nlp()
    t0 = time.process_time()
    with one_blas_thread():  # as the pipeline parses (analyze/pipeline.py)
        docs = list(nlp.pipe((g.text for g in golds), batch_size=16))
    parse_s = time.process_time() - t0
    out = {}
    for method in METHODS:
        scorer = Scorer()
        spent = 0.0
        for gold, doc in zip(golds, docs):
            doc.user_data.pop("claimledger_text", None)
            t1 = time.process_time()
            atts = extract_attributions(doc, method=method)
            spent += time.process_time() - t1
            scorer.add(doc, gold.attributions, predicted_roles(atts))
        out[method] = (scorer, spent)
    return out, len(docs), parse_s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--part", choices=["tune", "fit"], default=None, help="a part of the split (train: tune | fit)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--tagger", type=Path, default=None, help="the sentence tagger's artifact (default: shipped)")
    ap.add_argument("--linker", type=Path, default=None, help="the cue linker's artifact (default: shipped)")
    args = ap.parse_args(argv)
    for path in (args.tagger, args.linker):
        if path is not None and not path.exists():
            print(f"no CRF artifact at {path}", file=sys.stderr)
            return 2
    if args.tagger is not None:
        attribution_model.MODEL_PATH = args.tagger  # read at each call: the artifact scored
    if args.linker is not None:
        attribution_link.LINK_PATH = args.linker
    if not Path(args.split).is_dir() and not (polnear_dir() / args.split).exists():
        print(f"PolNeAR split {args.split} not found (looked under {polnear_dir()})", file=sys.stderr)
        return 2
    results, n, parse_s = evaluate(args.split, args.limit, args.part)
    first = results[METHODS[0]][0]
    name = args.split + (f" ({args.part} part)" if args.part else "")
    table = Table(title=f"Attribution on PolNeAR {name}: {n} articles, {first.gold_attributions} gold "
                        f"attributions; spaCy parse {1000 * parse_s / max(n, 1):.0f} CPU ms/article")
    table.add_column("method")
    table.add_column("role")
    for col in ("token P", "token R", "token F1", "exact P", "exact R", "exact F1"):
        table.add_column(col, justify="right")
    table.add_column("CPU ms/article", justify="right")
    for method, (scorer, spent) in results.items():
        rows = scorer.table()
        for role in ROLES:
            tp, tr, tf = rows[role]["token"]
            ep, er, ef = rows[role]["exact"]
            table.add_row(method, role, *(f"{100 * v:.1f}" for v in (tp, tr, tf, ep, er, ef)), "")
        whole = scorer.all_spans()
        op, orr, of = whole["overlap"]
        ep, er, ef = whole["exact"]
        table.add_row(method, "all spans (overlap | exact)", *(f"{100 * v:.1f}" for v in (op, orr, of, ep, er, ef)),
                      f"{1000 * spent / max(n, 1):.1f}", end_section=True)
    Console(width=140).print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
