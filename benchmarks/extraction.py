"""HTML cleaning accuracy on the article-extraction benchmark (181 pages with ground truth).

    python benchmarks/extraction.py [--limit N]

Scoring follows the benchmark's own evaluate.py: word tokens (``\\w+``), 4-gram shingle
multisets, per page tp/fp/fn → precision and recall, averaged over pages; F1 from the
averaged precision and recall; accuracy = share of pages whose shingles match exactly.
"Ours" is the article text of claimledger's HTML cleaner (body, quote, sub-headline
segments; headline, furniture and comments left out); "trafilatura alone" is the same
library call without our segmentation, for reference.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimledger.clean import CleanError, clean_html  # noqa: E402
from claimledger.clean.html import NoMainText, extract_html  # noqa: E402
from claimledger.paths import shared_data  # noqa: E402

ARTICLE_KINDS = {"body", "quote", "subheading", "entry_headline", "standfirst"}
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))


def score(true: str, pred: str) -> tuple[int, int, int]:
    t, p = shingles(true), shingles(pred)
    return sum((t & p).values()), sum((p - t).values()), sum((t - p).values())


def ours(html: str, url: str | None) -> str:
    try:
        cleaned = clean_html(html, url=url)
    except CleanError:
        return ""
    text = cleaned.document.text
    return "\n".join(text[s.start:s.end] for s in cleaned.segments if s.kind in ARTICLE_KINDS)


def trafilatura_alone(html: str, url: str | None) -> str:
    try:
        return extract_html(html, url)["text"]
    except NoMainText:
        return ""


def evaluate(extract, pages: list[tuple[str, str, str | None]]) -> dict:
    precisions, recalls, exact = [], [], 0
    started = time.perf_counter()
    for html, truth, url in pages:
        tp, fp, fn = score(truth, extract(html, url))
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
        exact += fp == 0 and fn == 0
    seconds = time.perf_counter() - started
    p, r = statistics.mean(precisions), statistics.mean(recalls)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "accuracy": exact / len(pages), "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    root = shared_data("article_extraction_benchmark")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[: args.limit]:
        path = root / "html" / f"{key}.html"
        if path.exists():
            pages.append((path.read_bytes().decode("utf-8", errors="replace"), truth[key]["articleBody"],
                          truth[key].get("url")))
    table = Table(title=f"HTML main-text extraction, {len(pages)} pages ({root.name})")
    for col in ("extractor", "pages", "precision", "recall", "F1", "accuracy", "seconds", "pages/s"):
        table.add_column(col, justify="left" if col == "extractor" else "right")
    for name, extract in (("claimledger clean_html", ours), ("trafilatura alone", trafilatura_alone)):
        m = evaluate(extract, pages)
        table.add_row(name, str(len(pages)), f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}",
                      f"{m['accuracy']:.3f}", f"{m['seconds']:.1f}", f"{len(pages) / m['seconds']:.1f}")
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
