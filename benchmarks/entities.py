"""Cross-document person merging on ECB+ (its annotated person chains), scored with B³.

    python benchmarks/entities.py DATA_DIR [--split dev]

DATA_DIR holds ECB+ as in ``../shared/data/news_clustering`` (``ecbplus_xml/<topic>/*.xml``,
``ECBplus_coreference_sentences.csv``, ``ecbplus_documents_<split>.jsonl`` for the topics of
the split).  The mentions scored are ECB+'s ``HUMAN_PART_PER`` markables that name a person
(a capitalised word the document never writes in lower case, and not only as a sentence's
first word unless the document capitalises it elsewhere: "Obama", "President Obama", "Ellen
DeGeneres", not "he", "the host" or a headline's "Driver") in the
sentences annotated for coreference (the CSV).  Gold: the ``CROSS_DOC_COREF`` chain
(instance id) of each mention, else its ``INTRA_DOC_COREF`` chain, else the mention alone.

Rows:

- **exact string**: mentions with the same text are one person;
- **per document**: the ledger's rule within one document ("Putin" is "Vladimir Putin" when
  the document names him in full), then same normalised name across documents;
- **across documents**: per document, then ``claimledger.analyze.people_merge.merge_people``
  over all names of the split (spelling, titles, transliterations, surnames).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimledger.analyze.people_merge import merge_people
from claimledger.store.people import canonical_name

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the repository: benchmarks/ helpers
from benchmarks.clustering_scores import b_cubed  # noqa: E402

Mention = tuple[str, str, str]  # (document, mention id, text)


def annotated_sentences(data: Path) -> set[tuple[str, int]]:
    with (data / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as f:
        return {(f"{r['Topic']}_{r['File']}", int(r["Sentence Number"])) for r in csv.DictReader(f)}


def is_name(tokens: list[tuple[str, int, int]], capitalised_inside: set[str], lower: set[str]) -> bool:
    """A mention that names someone: a capitalised word the document never writes in lower case
    ("Driver" in a headline is not a name when "driver" is in the text), not only first in its
    sentence unless the document also capitalises it inside a sentence."""
    return any(t[:1].isupper() and len(t) > 1 and t.casefold() not in lower and (number > 0 or t in capitalised_inside)
               for t, _, number in tokens)


def read_document(path: Path, annotated: set[tuple[str, int]]) -> dict[Mention, str]:
    """Person-name mentions of one document (in annotated sentences) -> gold chain."""
    doc = path.stem
    root = ET.parse(path).getroot()
    tokens = {t.get("t_id"): (t.text or "", int(t.get("sentence", 0)), int(t.get("number", 0)))
              for t in root.iter("token")}
    inside = {t for t, _, number in tokens.values() if number > 0 and t[:1].isupper()}
    lower = {t for t, _, _ in tokens.values() if t[:1].islower()}
    chains: dict[str, str] = {}
    for rel in root.find("Relations") or []:
        chain = rel.get("note") if rel.tag == "CROSS_DOC_COREF" else f"{doc}#{rel.get('r_id')}"
        for source in rel.findall("source"):
            chains[source.get("m_id", "")] = str(chain)
    out = {}
    for m in (root.find("Markables") or []):
        anchors = [tokens[a.get("t_id")] for a in m.findall("token_anchor") if a.get("t_id") in tokens]
        if m.tag != "HUMAN_PART_PER" or not anchors or (doc, anchors[0][1]) not in annotated:
            continue
        if is_name(anchors, inside, lower):
            m_id = m.get("m_id", "")
            out[(doc, m_id, " ".join(t for t, _, _ in anchors))] = chains.get(m_id, f"{doc}@{m_id}")
    return out


def per_document(mentions: list[Mention]) -> dict[Mention, str]:
    """Each mention's name after the ledger's per-document rule."""
    by_doc: dict[str, list[str]] = defaultdict(list)
    for doc, _, text in mentions:
        by_doc[doc].append(text)
    return {m: canonical_name(m[2], by_doc[m[0]]) or m[2] for m in mentions}


def across(names: dict[Mention, str]) -> dict[Mention, str]:
    docs: dict[str, set[str]] = defaultdict(set)
    for (doc, _, _), name in names.items():
        docs[name].add(doc)
    people = merge_people({n: len(d) for n, d in sorted(docs.items())})
    return {m: people[n].name for m, n in names.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="ECB+ folder (ecbplus_xml/, the sentences CSV, the split's jsonl)")
    parser.add_argument("--split", default="dev")
    args = parser.parse_args(argv)
    topics = sorted({json.loads(line)["topic"] for line in
                     (args.data / f"ecbplus_documents_{args.split}.jsonl").open(encoding="utf-8")})
    annotated = annotated_sentences(args.data)
    gold: dict[Mention, str] = {}
    for topic in topics:
        for path in sorted((args.data / "ecbplus_xml" / str(topic)).glob("*.xml")):
            gold.update(read_document(path, annotated))
    mentions = sorted(gold)
    exact = {m: m[2] for m in mentions}
    local = per_document(mentions)
    table = Table(title=f"Person merging across documents, ECB+ {args.split} (topics {', '.join(map(str, topics))})")
    for col in ("method", "mentions", "gold people", "predicted", "B³ P", "B³ R", "B³ F1"):
        table.add_column(col, justify="left" if col == "method" else "right")
    for label, pred in (("exact string (baseline)", exact), ("per document", local),
                        ("across documents", across(local))):
        p, r, f1 = b_cubed(gold, pred)
        table.add_row(label, str(len(mentions)), str(len(set(gold.values()))), str(len(set(pred.values()))),
                      f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}")
    Console(width=120).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
