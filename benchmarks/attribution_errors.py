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
  a parenthesis or other words; ``crossing``;
* and, where the cue is found, which roles keep the attribution from an exact all-spans match
  (source, cue, content), the cue's boundary misses by the words that differ ("told
  [reporters]") and the content's by where it starts and ends (a leading "that", a clause after
  a comma, the next sentence, a quotation mark ...).

``--tagger`` / ``--linker`` read other CRF artifacts than the shipped ones (the fit-part CRFs the
tune part is read with).  Spans are compared after the evaluator's trimming (blanks, punctuation, quote marks).
"""

from __future__ import annotations

import argparse
import re
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


def _words(text: str, a: int, b: int) -> str:
    return " ".join(text[a:b].split()).lower() or repr(text[a:b])  # blanks alone: shown as they are


def cue_kind(text: str, gold: tuple[int, int], pred: tuple[int, int]) -> str:
    """How an overlapping predicted cue differs from the gold one: the words it adds or lacks."""
    if gold == pred:
        return "exact"
    parts = []
    for side, (g, p) in (("before", (gold[0], pred[0])), ("after", (gold[1], pred[1]))):
        if g == p:
            continue
        lo, hi = min(g, p), max(g, p)
        grows = (p < g) if side == "before" else (p > g)
        parts.append(f"{'+' if grows else '-'}[{_words(text, lo, hi)}] {side}")
    return "; ".join(parts)


def _gap_kind(text: str, lo: int, hi: int) -> str:
    """A short name for the text between two content boundaries."""
    gap = text[lo:hi]
    words = gap.split()
    if not words:
        return "blank"
    first = words[0].lower().strip("“”\"'‘’,")
    if "\n" in gap:
        return "paragraph"
    if re.search(r"[.!?][”\"’']?\s+[“\"‘]?[A-Z]", gap):
        return "sentence"
    if first == "that" and len(words) == 1:
        return "that"
    if first in ("and", "but", "or"):
        return "coordinated clause"
    if gap.lstrip().startswith(",") or gap.rstrip().endswith(","):
        return "comma phrase"
    if first in ("who", "which", "whose", "where", "when", "because", "after", "before", "if", "as", "while", "since"):
        return "clause (" + first + ")"
    if len(words) <= 2:
        return "word: " + " ".join(w.lower() for w in words)
    return "other words"


def content_kind(text: str, gold: tuple[int, int] | None, pred: tuple[int, int] | None) -> str:
    """Where a predicted content's boundaries differ from the gold one's."""
    if gold == pred:
        return "exact"
    if gold is None or pred is None:
        return "gold none" if gold is None else "predicted none"
    if not _overlap(gold, pred):
        return "no overlap"
    parts = []
    if gold[0] != pred[0]:
        parts.append(("starts earlier: " if pred[0] < gold[0] else "starts later: ")
                     + _gap_kind(text, min(gold[0], pred[0]), max(gold[0], pred[0])))
    if gold[1] != pred[1]:
        parts.append(("ends later: " if pred[1] > gold[1] else "ends earlier: ")
                     + _gap_kind(text, min(gold[1], pred[1]), max(gold[1], pred[1])))
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--part", choices=["tune", "fit"], default=None)
    ap.add_argument("--method", choices=["rules", "model", "combined"], default="combined")
    ap.add_argument("--examples", type=int, default=3, help="example sentences per kind")
    ap.add_argument("--kinds", type=int, default=25, help="cue and content boundary kinds printed")
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
    losses: Counter[str] = Counter()
    cue_kinds: Counter[str] = Counter()
    content_kinds: Counter[str] = Counter()
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
            wrong = [r for r in ROLES if match[r] != g[r]]
            losses[" + ".join(wrong) if wrong else "none: exact"] += 1
            if match["cue"] != cue:
                ck = cue_kind(text, cue, match["cue"])
                cue_kinds[ck] += 1
                examples["cue " + ck].append(line)
            if match["content"] != g["content"]:
                tk = content_kind(text, g["content"], match["content"])
                content_kinds[tk] += 1
                gc = text[slice(*g["content"])][:90] if g["content"] else None
                pc = text[slice(*match["content"])][:90] if match["content"] else None
                examples["content " + tk].append(f"gold [{gc}] predicted [{pc}]")
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
    print(f"roles not exact where the cue is found (the all-spans exact losses): {found}")
    for kind, n in losses.most_common():
        print(f"  {n:4d}  {kind}")
    print(f"cue boundaries where the cue is found but not exact: {sum(cue_kinds.values())}")
    for kind, n in cue_kinds.most_common(args.kinds):
        print(f"  {n:4d}  {kind}" + "".join(f"\n          {e}" for e in examples["cue " + kind][:args.examples]))
    print(f"content boundaries where the cue is found but the content is not exact: {sum(content_kinds.values())}")
    for kind, n in content_kinds.most_common(args.kinds):
        print(f"  {n:4d}  {kind}" + "".join(f"\n          {e}" for e in examples["content " + kind][:args.examples]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
