"""Where attribution loses on PolNeAR: cue misses and source misses by kind.

    python benchmarks/attribution_errors.py [--split dev|train|DIR] [--part tune|fit]
        [--method combined|model|rules] [--examples N] [--tagger CRFSUITE] [--linker CRFSUITE]

For each gold attribution (``benchmarks/attribution_eval``'s reading of PolNeAR):

* a **cue miss** when no predicted cue overlaps its cue — counted by the gold cue's lemmas
  (most frequent first, with example sentences);
* otherwise its source against the source of the first predicted attribution whose cue
  overlaps: exact, or one kind of miss — ``gold none`` / ``predicted none``; ``out of
  sentence`` (the gold source lies outside the cue's sentence); ``pronoun, other candidate`` (a
  gold pronoun or relative pronoun, no overlap); ``other candidate`` (no overlap); ``those of``;
  ``longer`` / ``shorter`` by a relative clause, an apposition or comma phrase, a determiner,
  a parenthesis or other words; ``crossing``.

``--tagger`` / ``--linker`` read other CRF artifacts than the shipped ones (the fit-part CRFs the
tune part is read with).  Spans are compared after the evaluator's trimming (blanks, punctuation, quote marks).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from benchmarks.attribution_eval import ROLES, _role_span, is_tune, load_polnear, predicted_roles  # noqa: E402
from claimledger.analyze import attribution_link, attribution_model  # noqa: E402
from claimledger.analyze.attribution import extract_attributions  # noqa: E402
from claimledger.analyze.pipeline import load_nlp  # noqa: E402

_PRONOUNS = frozenset("he she they it we i you who which that this those these him her them".split())
_RELATIVE = frozenset({"who", "which", "that", "whose"})


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _extra_kind(extra: str) -> str:
    words = extra.replace("|", " ").split()
    if _RELATIVE & set(words):
        return "relative clause"
    if "," in extra:
        return "apposition or comma phrase"
    if extra.split("|")[0].strip() in ("the", "a", "an"):
        return "determiner"
    if "(" in extra:
        return "parenthesis"
    return "other words"


def source_kind(text: str, gold: tuple[int, int] | None, pred: tuple[int, int] | None,
                sentence: tuple[int, int]) -> str:
    """The kind of a source miss (or 'exact')."""
    if gold == pred:
        return "exact"
    if gold is None:
        return "gold none"
    if pred is None:
        return "predicted none"
    if not sentence[0] <= gold[0] < sentence[1]:
        return "out of sentence"
    g, p = text[gold[0]:gold[1]].lower(), text[pred[0]:pred[1]].lower()
    if not _overlap(gold, pred):
        return "pronoun, other candidate" if g in _PRONOUNS else "other candidate"
    if g.startswith("those of") or p.startswith("those of"):
        return "those of"
    if pred[0] <= gold[0] and gold[1] <= pred[1]:
        return "longer: " + _extra_kind((text[pred[0]:gold[0]] + "|" + text[gold[1]:pred[1]]).strip().lower())
    if gold[0] <= pred[0] and pred[1] <= gold[1]:
        return "shorter: " + _extra_kind((text[gold[0]:pred[0]] + "|" + text[pred[1]:gold[1]]).strip().lower())
    return "crossing"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--part", choices=["tune", "fit"], default=None)
    ap.add_argument("--method", choices=["rules", "model", "combined"], default="combined")
    ap.add_argument("--examples", type=int, default=3, help="example sentences per kind")
    ap.add_argument("--tagger", type=Path, default=None, help="the sentence tagger's artifact (default: shipped)")
    ap.add_argument("--linker", type=Path, default=None, help="the cue linker's artifact (default: shipped)")
    args = ap.parse_args(argv)
    if args.tagger is not None:
        attribution_model.MODEL_PATH = args.tagger  # read at each call
    if args.linker is not None:
        attribution_link.LINK_PATH = args.linker
    golds = load_polnear(args.split)
    if args.part:
        golds = [g for g in golds if is_tune(g.name) == (args.part == "tune")]
    nlp = load_nlp()
    cue_misses: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for gold, doc in zip(golds, nlp.pipe((g.text for g in golds), batch_size=16)):
        text = doc.text
        preds = [{r: _role_span(text, p, r) for r in ROLES} for p in predicted_roles(extract_attributions(doc, method=args.method))]
        for att in gold.attributions:
            g = {r: _role_span(text, att, r) for r in ROLES}
            cue = g["cue"]
            if cue is None:
                continue
            span = doc.char_span(*cue, alignment_mode="expand")
            if not span:
                continue
            sent = span[0].sent
            line = " ".join(sent.text.split())[:160]
            match = next((p for p in preds if p["cue"] and _overlap(p["cue"], cue)), None)
            if match is None:
                lemma = " ".join(t.lemma_.lower() for t in span)
                cue_misses[lemma] += 1
                examples["cue: " + lemma].append(line)
                continue
            kind = source_kind(text, g["source"], match["source"], (sent.start_char, sent.end_char))
            kinds[kind] += 1
            if kind != "exact":
                gs = text[slice(*g["source"])] if g["source"] else None
                ps = text[slice(*match["source"])] if match["source"] else None
                examples[kind].append(f"gold [{gs}] predicted [{ps}] :: {line}")
    found = sum(kinds.values())
    print(f"PolNeAR {args.split}{' (' + args.part + ' part)' if args.part else ''}, {args.method}: "
          f"{found + sum(cue_misses.values())} gold attributions with a cue")
    print(f"cue misses (no predicted cue overlaps the gold cue): {sum(cue_misses.values())}")
    for lemma, n in cue_misses.most_common(15):
        print(f"  {n:4d}  {lemma}" + "".join(f"\n          e.g. {e}" for e in examples["cue: " + lemma][:args.examples]))
    print(f"sources where the cue is found: {found}")
    for kind, n in kinds.most_common():
        print(f"  {n:4d}  {kind}" + "".join(f"\n          {e}" for e in examples[kind][:args.examples]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
