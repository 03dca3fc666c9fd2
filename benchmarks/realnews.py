"""Hand-checked real news: places, figures and page debris against hand labels.

    python benchmarks/realnews.py DATA_DIR LABELS [--errors]
    e.g. python benchmarks/realnews.py ../shared/data/news_clustering tests/fixtures/realnews_labels.json

DATA_DIR holds ``ecbplus_documents_train.jsonl``; LABELS is the hand-label file (its ``about``
says how the 20 documents were chosen and labelled).  Each document's page text
(``realnews_docs.page_text``) goes through ``clean_text`` and ``analyze_documents``.  Printed:

* places: a predicted place is a geocoded mention; right when its text is one of a gold
  place's names and it lies within 161 km of it; names listed as neutral are not counted.
  Precision over predicted places, recall over gold places (distinct per document);
* figures: predicted people-figures (no unit, not flagged ``non_casualty``); right when the
  span overlaps a gold figure's number and the value (or low bound) and measure agree.  The
  labels leave out crowds, groups and other people-counts no ledger reader checks, so the
  "figures" precision counts those as wrong; "casualty figures" (a measure other than
  ``other``, predicted and gold) is the row the goal (value and measure right) is read on;
* debris: a gold debris line kept out of the claims is found; the share of claims that
  overlap a debris line is the debris share; precision over the lines the cleaner set aside
  as furniture or dateline.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from realnews_docs import load_train, page_text  # noqa: E402

from claimledger.analyze.pipeline import analyze_documents  # noqa: E402
from claimledger.clean import clean_text  # noqa: E402
from claimledger.records import Analysis, Cleaned  # noqa: E402

KM = 161.0
SET_ASIDE = ("furniture", "dateline")


@dataclass
class Tally:
    right: int = 0
    predicted: int = 0
    found: int = 0
    gold: int = 0
    errors: list[str] = field(default_factory=list)

    def row(self, name: str) -> tuple[str, str, str]:
        p = self.right / self.predicted if self.predicted else float("nan")
        r = self.found / self.gold if self.gold else float("nan")
        return name, f"{p:.3f} ({self.right}/{self.predicted})", f"{r:.3f} ({self.found}/{self.gold})"


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def score_places(doc_id: str, text: str, analysis: Analysis, labels: dict, tally: Tally) -> None:
    gold = labels["places"]
    neutral = {n.lower() for n in labels.get("neutral", [])}
    hit: set[str] = set()
    predicted: dict[str, tuple[float, float]] = {}
    for m in analysis.mentions:
        lat, lon = m.attrs.get("lat"), m.attrs.get("lon")
        if lat is not None and lon is not None:
            predicted.setdefault(text[m.start:m.end], (float(lat), float(lon)))
    for name, point in sorted(predicted.items()):
        if name.lower() in neutral:
            continue
        tally.predicted += 1
        match = [g for g in gold if name.lower() in {n.lower() for n in g["names"]}]
        if match and km(point, (match[0]["lat"], match[0]["lon"])) <= KM:
            tally.right += 1
            hit.add(match[0]["name"])
        else:
            tally.errors.append(f"{doc_id} place wrong: {name} at {point}")
    tally.gold += len(gold)
    tally.found += len(hit)
    tally.errors += [f"{doc_id} place missed: {g['name']}" for g in gold if g["name"] not in hit]


def _gold_spans(text: str, figures: list[dict]) -> list[tuple[int, int, dict]]:
    out = []
    for f in figures:
        at = text.index(f["context"]) + f["context"].index(f["number"])
        out.append((at, at + len(f["number"]), f))
    return out


def score_figures(doc_id: str, text: str, analysis: Analysis, labels: dict, tallies: dict[str, Tally]) -> None:
    spans = _gold_spans(text, labels["figures"])
    people = [q for q in analysis.quantities if q.unit is None and "non_casualty" not in q.flags]
    right: set[int] = set()
    for q in people:
        tallies["figures"].predicted += 1
        owners = [k for k, (a, b, _) in enumerate(spans) if a < q.end and q.start < b]
        if not owners:
            tallies["casualty figures"].predicted += q.measure != "other"
            tallies["figures"].errors.append(f"{doc_id} figure extra: {q.text!r} {q.measure}")
            continue
        gold = spans[owners[0]][2]
        value = q.value if q.value is not None else q.low
        casualty = tallies["casualty figures"]
        casualty.predicted += q.measure != "other"
        if value == gold["value"] and q.measure == gold["measure"]:
            tallies["figures"].right += 1
            casualty.right += q.measure != "other"
            right.add(owners[0])
        else:
            tallies["figures"].errors.append(
                f"{doc_id} figure wrong: {q.text!r} {value} {q.measure} (gold {gold['value']} {gold['measure']})")
    for k, (_, _, gold) in enumerate(spans):
        for name in ("figures", "casualty figures") if gold["measure"] != "other" else ("figures",):
            tallies[name].gold += 1
            tallies[name].found += k in right
        if k not in right:
            tallies["figures"].errors.append(f"{doc_id} figure missed or wrong: {gold['context']!r}")


def score_debris(doc_id: str, cleaned: Cleaned, analysis: Analysis, labels: dict, tallies: dict[str, Tally]) -> None:
    text = cleaned.document.text
    lines = [(text.index(x), text.index(x) + len(x)) for x in labels["debris"]]
    debris_claims = [c for c in analysis.claims if any(c.start < b and a < c.end for a, b in lines)]
    share = tallies["debris share"]
    share.predicted += len(analysis.claims)
    share.right += len(debris_claims)
    share.errors += [f"{doc_id} debris claim: {c.text!r}" for c in debris_claims]
    kept = tallies["debris"]
    for a, b in lines:
        kept.gold += 1
        kept.found += not any(c.start < b and a < c.end for c in analysis.claims)
    for seg in cleaned.segments:
        if seg.kind in SET_ASIDE:
            kept.predicted += 1
            if any(seg.start < b and a < seg.end for a, b in lines):
                kept.right += 1
            else:
                kept.errors.append(f"{doc_id} set aside but not debris: {text[seg.start:seg.end]!r}")


def evaluate(data_dir: Path, labels_path: Path) -> dict[str, Tally]:
    docs = load_train(data_dir)
    labels = json.loads(labels_path.read_text(encoding="utf-8"))["documents"]
    cleaned = [clean_text(page_text(docs[lab["doc_id"]]), source=lab["doc_id"]) for lab in labels]
    tallies = {name: Tally() for name in ("places", "figures", "casualty figures", "debris", "debris share")}
    for lab, (c, analysis) in zip(labels, analyze_documents(cleaned)):
        text = c.document.text
        score_places(lab["doc_id"], text, analysis, lab, tallies["places"])
        score_figures(lab["doc_id"], text, analysis, lab, tallies)
        score_debris(lab["doc_id"], c, analysis, lab, tallies)
    return tallies


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("labels", type=Path)
    ap.add_argument("--errors", action="store_true", help="also list every miss and wrong prediction")
    args = ap.parse_args(argv)
    tallies = evaluate(args.data_dir, args.labels)
    if args.errors:
        for tally in tallies.values():
            for line in tally.errors:
                print(line)
    table = Table(title=f"Hand-checked real news ({args.labels.name})")
    for col in ("what", "precision", "recall"):
        table.add_column(col)
    for name in ("places", "figures", "casualty figures", "debris"):
        table.add_row(*tallies[name].row(name))
    share = tallies["debris share"]
    table.add_row("debris share of claims", f"{share.right / max(share.predicted, 1):.3f} "
                  f"({share.right}/{share.predicted})", "")
    Console().print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
