"""Pages of a shared corpus as one JSONL file ``claimledger ingest`` reads: one page a line.

    python benchmarks/corpus_pages.py fnc1 ../shared/data/fnc1/train_bodies.csv fnc1_bodies.jsonl
    python benchmarks/corpus_pages.py geo ../shared/data/geoparsing/GWN.xml gwn.jsonl
    python benchmarks/corpus_pages.py geo ../shared/data/geoparsing/GeoVirus.xml geovirus.jsonl
    python benchmarks/corpus_pages.py ecb ../shared/data/news_clustering/ecbplus_documents_train.jsonl,\
../shared/data/news_clustering/ecbplus_documents_dev.jsonl ecb.jsonl

The inputs of ``unseen_conflicts.py`` and ``ingest_speed.py``: FNC-1 bodies (``{"text"}``), the
GeoWebNews and GeoVirus articles (``{"url", "text"}``, with a title where the XML has one) and the
ECB+ documents, whose tokenized sentences are joined back into text (``"Reid , her rep"`` ->
``"Reid, her rep"``) with the document id as title.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator

_BEFORE_PUNCT = re.compile(r" ([.,;:!?%)\]])")
_AFTER_OPEN = re.compile(r"([(\[$]) ")


def detokenized(sentences: list[str]) -> str:
    """ECB+'s space-separated tokens as plain text."""
    text = " ".join(sentences)
    text = _AFTER_OPEN.sub(r"\1", _BEFORE_PUNCT.sub(r"\1", text))
    for tokens, plain in ((" 's", "'s"), (" n't", "n't"), ("`` ", '"'), (" ''", '"'), (" 're", "'re"), (" 've", "'ve")):
        text = text.replace(tokens, plain)
    return text


def fnc1_pages(path: str) -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {"text": row["articleBody"]}


def geo_pages(path: str) -> Iterator[dict[str, str]]:
    for article in ET.parse(path).getroot().iter("article"):
        page = {"url": article.findtext("source") or "", "text": article.findtext("text") or ""}
        if article.findtext("title"):
            page["title"] = article.findtext("title") or ""
        yield page


def ecb_pages(path: str) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            yield {"url": f"ecb://{doc['doc_id']}", "title": doc["doc_id"], "text": detokenized(doc["sentences"])}


READERS = {"fnc1": fnc1_pages, "geo": geo_pages, "ecb": ecb_pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kind", choices=sorted(READERS))
    parser.add_argument("inputs", help="the corpus file, or several joined by commas")
    parser.add_argument("output", help="the JSONL file to write")
    args = parser.parse_args(argv)
    n = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for path in args.inputs.split(","):
            for page in READERS[args.kind](path):
                out.write(json.dumps(page) + "\n")
                n += 1
    print(f"{n} pages -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
