"""Claimer detection on NewsClaims (claims in news with who made them) [DATA].

    python benchmarks/newsclaims.py [DIR] [--methods rules,model,combined] [--misses]
    (DIR default: shared/data/newsclaims_dev)

Columns per method: every article, then its "look" and "check" parts (a fixed split of the
articles by a hash of their id): errors are read on "look" only (``--misses`` prints the
look part's misses, gold vs predicted claimer), "check" shows whether a fix generalises.

``DIR`` holds ``dev.json`` or ``test.json`` ({article: {sentence id: claim}}) and
``dev_sents.json`` / ``test_sents.json`` / ``all_sents.json`` ({article: {sentence id:
{sentence, start_char, end_char (inclusive)}}}).  Each article is rebuilt by placing its
sentences at their offsets (blanks between), cleaned and analysed by the ledger's own stages;
for each gold claim the ledger's claim on that sentence (the one overlapping the claim span most,
else the longest) gives the claimer: its attribution's source, resolved name first ("he" ->
the person) without its apposition ("Smith" for "Smith, the group's president"), or the
journalist when the claim has no attribution.

Score as NewsClaims' eval_F1.py: per claim, SQuAD token F1 between predicted and gold claimer
(lower case, no punctuation or articles); a journalist claim (gold claimer "") counts 1 when the
prediction is the journalist too.  Averaged over all claims, journalist claims, reported claims
(a named claimer), and reported claims whose claimer is in / outside the claim's sentence.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import string
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimledger.analyze.attribution import use_method  # noqa: E402
from claimledger.analyze.pipeline import analyze_document  # noqa: E402
from claimledger.clean import clean_text  # noqa: E402
from claimledger.paths import shared_data  # noqa: E402


def normalise(text: str) -> list[str]:
    text = "".join(ch for ch in text.lower() if ch not in set(string.punctuation))
    return re.sub(r"\b(a|an|the)\b", " ", text).split()


def claimer_f1(predicted: str, gold: str) -> float:
    p, g = normalise(predicted), normalise(gold)
    if not g:
        return 1.0 if not p else 0.0
    common = sum((Counter(p) & Counter(g)).values())
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _files(folder: Path) -> tuple[dict, dict]:
    for name in ("test", "dev"):
        if (folder / f"{name}.json").exists():
            claims = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
            for sents_name in (f"{name}_sents.json", "all_sents.json"):
                if (folder / sents_name).exists():
                    return claims, json.loads((folder / sents_name).read_text(encoding="utf-8"))
    raise FileNotFoundError(f"no dev.json/test.json with its sentences under {folder}")


def rebuild(sentences: dict) -> str:
    """The article text: each sentence at its offset; a one-character gap is a space, a wider
    one a paragraph break (the release drops the raw text, but 2-5 character gaps between
    sentences are its paragraph breaks: without them a heading runs into the next sentence)."""
    parts: list[str] = []
    for s in sorted(sentences.values(), key=lambda s: s["start_char"]):
        gap = s["start_char"] - sum(map(len, parts))
        parts += [" " if gap == 1 else "\n" * gap, s["sentence"]]
    return "".join(parts)


def _claimer_of(analysis, text: str, sentence: str, span: tuple[int, int] | None) -> str:
    """The claimer the ledger gives the claim on ``sentence`` ("" = the journalist)."""
    at = text.find(sentence)
    if at < 0:
        at = text.find(sentence[:40])
    if at < 0:
        return ""
    lo, hi = at, at + len(sentence)
    claims = [c for c in analysis.claims if c.start < hi and lo < c.end]
    if not claims:
        return ""
    if span is not None:
        a, b = at + span[0], at + span[1] + 1
        best = max(claims, key=lambda c: (min(b, c.end) - max(a, c.start), c.end - c.start))
    else:
        best = max(claims, key=lambda c: c.end - c.start)
    if best.attribution is None:
        return ""
    return _name(analysis, analysis.attributions[best.attribution].source)


def _name(analysis, source) -> str:
    """The claimer as NewsClaims names it: the person named in the (resolved) source without
    title, role or apposition ("Mike Ryan" for "Dr. Mike Ryan", "Johan Mattsson" for "One local,
    Johan Mattsson"); else the source up to its first comma."""
    name = source.name or ""
    lo, hi = (source.resolved_start, source.resolved_end) if source.resolved else (source.start, source.end)
    if lo is not None and hi is not None:
        people = [m for m in analysis.mentions if m.label == "PERSON" and lo <= m.start and m.end <= hi]
        if people:
            return people[0].text
    return _without_apposition(name)


def _without_apposition(name: str) -> str:
    """Up to the comma that opens an apposition ("Graham Keen, executive director of …"), not
    one inside a name ("Hong Kong's Agriculture, Fisheries and Conservation Department")."""
    parts = name.split(",")
    kept = parts[0]
    for part in parts[1:]:
        words = part.split()
        if not words or not words[0][:1].isupper() or words[0] in ("The", "A", "An", "Who", "Which"):
            break
        kept += "," + part
    return kept.strip()


def part(article: str) -> str:
    """"look" (errors may be read) or "check" (scores only): a fixed hash split of the articles."""
    return "look" if hashlib.sha1(article.encode("utf-8")).digest()[0] % 2 == 0 else "check"


def evaluate(folder: Path, misses: list | None = None) -> dict[str, list[float]]:
    """Scores per group, with the group also keyed by part ("all/look"); ``misses`` collects
    the look part's (article, sentence, gold, predicted) where the F1 is below 1."""
    gold_claims, sentences = _files(folder)
    scores: dict[str, list[float]] = defaultdict(list)
    for article in sorted(gold_claims):
        cleaned = clean_text(rebuild(sentences[article]), source=article)
        analysis = analyze_document(cleaned)
        text = cleaned.document.text
        for sid in sorted(gold_claims[article]):
            claim = gold_claims[article][sid]
            span = tuple(claim["claim_span"]) if claim.get("claim_span") else None
            predicted = _claimer_of(analysis, text, claim["sentence"], span)
            gold = claim.get("claimer", "") if claim.get("has_claimer", True) else ""
            f1 = claimer_f1(predicted, gold)
            groups = ["all"]
            if not normalise(gold):
                groups.append("journalist")
            else:
                groups += ["reported", "in sentence" if claim.get("claimer_in_sentence") else "outside sentence"]
            for group in groups:
                scores[group].append(f1)
                scores[f"{group}/{part(article)}"].append(f1)
            if misses is not None and f1 < 1 and part(article) == "look":
                misses.append((article, claim["sentence"], gold, predicted))
    return scores


def _mean(vals: list[float]) -> str:
    return f"{100 * sum(vals) / len(vals):.1f}" if vals else "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=None)
    ap.add_argument("--methods", default="combined", help="comma-separated: rules, model, combined")
    ap.add_argument("--misses", action="store_true", help="print the look part's misses (gold vs predicted)")
    args = ap.parse_args(argv)
    folder = Path(args.folder) if args.folder else shared_data("newsclaims_dev")
    if not folder.exists():
        print(f"NewsClaims not found at {folder}", file=sys.stderr)
        return 2
    methods = args.methods.split(",")
    results = {}
    for method in methods:
        use_method(method)
        misses: list | None = [] if args.misses else None
        results[method] = evaluate(folder, misses)
        for article, sentence, gold, predicted in misses or []:
            print(f"[{method}] {article}\n  gold {gold!r}  predicted {predicted!r}\n  {sentence}")
    table = Table(title=f"Claimer F1 on NewsClaims {folder.name} (token F1 as eval_F1.py, x100)")
    table.add_column("claims")
    table.add_column("n", justify="right")
    for method in methods:
        table.add_column(f"F1 {method}", justify="right")
        table.add_column("look / check", justify="right")
    for group in ("all", "journalist", "reported", "in sentence", "outside sentence"):
        n = len(results[methods[0]].get(group, []))
        cells = []
        for method in methods:
            cells.append(_mean(results[method].get(group, [])))
            cells.append(" / ".join(_mean(results[method].get(f"{group}/{p}", [])) for p in ("look", "check")))
        table.add_row(group, str(n), *cells)
    Console(width=130).print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
