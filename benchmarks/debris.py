"""Page debris among claims, on real pages whose main text is known.

    python benchmarks/debris.py DATA_DIR [--split dev|test|all] [--errors]
    e.g. python benchmarks/debris.py ../shared/data/article_extraction_benchmark --split dev

DATA_DIR is the article-extraction benchmark (``html/<id>.html`` and ``ground-truth.json``
with each page's ``articleBody``).  Each page goes through ``clean_html`` and
``analyze_documents``; a claim is *debris* when fewer than half of its word 4-grams (its
words, for claims under four words) occur in the page's article body — it came from a
caption, a credit, a related link, a prompt or another part of the page that is not the
article.  The page's headline and standfirst are not counted (the ground truth leaves titles and decks out).  Where the ground truth is cut short ("…"), claims after the last claim found in it
are not counted.  Also printed: claims whose words another claim with a different certainty
level also holds (a relative clause with its own cue inside a main clause).  Split: a page is ``dev`` when the first hex digit of the SHA-256 of its id
is 0-7, else ``test`` (rules were tuned on dev only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimledger.analyze.pipeline import analyze_documents  # noqa: E402
from claimledger.clean import CleanError, clean_html  # noqa: E402
from claimledger.records import Analysis, Cleaned  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHARE_IN_BODY = 0.5


def split_of(page_id: str) -> str:
    return "dev" if hashlib.sha256(page_id.encode("utf-8")).hexdigest()[0] in "01234567" else "test"


def grams(text: str) -> set[tuple[str, ...]]:
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if len(tokens) < 4:
        return {(t,) for t in tokens}
    return {tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3)}


def in_body(claim: str, body_grams: set[tuple[str, ...]], body_words: set[tuple[str, ...]]) -> bool:
    mine = grams(claim)
    pool = body_words if mine and len(next(iter(mine))) == 1 else body_grams
    return not mine or len(mine & pool) / len(mine) >= SHARE_IN_BODY


def page_debris(cleaned: Cleaned, analysis: Analysis, body: str) -> tuple[int, list[str]]:
    """(claims counted, debris claim texts) of one page."""
    body_grams = grams(body)
    body_words = {(t.lower(),) for t in _TOKEN.findall(body)}
    title = {s.order for s in cleaned.segments if s.kind in ("headline", "standfirst")}
    claims = [c for c in analysis.claims if c.segment not in title]
    found = [in_body(c.text, body_grams, body_words) for c in claims]
    if body.rstrip().endswith(("…", "...")):
        last = max((c.start for c, ok in zip(claims, found) if ok), default=-1)
        kept = [(c, ok) for c, ok in zip(claims, found) if c.start <= last]
    else:
        kept = list(zip(claims, found))
    return len(kept), [c.text for c, ok in kept if not ok]


def two_labels(analysis: Analysis) -> int:
    """Claims whose words another claim of a different certainty level also holds."""
    claims = analysis.claims
    return sum(any(d is not c and d.start < c.end and c.start < d.end and d.certainty != c.certainty
                   for d in claims) for c in claims)


def load_pages(data_dir: Path, split: str) -> list[tuple[str, str, str, str | None]]:
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = data_dir / "html" / f"{key}.html"
        if path.exists() and split in ("all", split_of(key)):
            html = path.read_bytes().decode("utf-8", errors="replace")
            pages.append((key, html, truth[key]["articleBody"], truth[key].get("url")))
    return pages


def cleaned_pages(pages: list[tuple[str, str, str, str | None]]) -> list[tuple[str, Cleaned]]:
    out = []
    for key, html, body, url in pages:
        try:
            out.append((body, clean_html(html, url=url, source=key)))
        except CleanError:
            continue
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--errors", action="store_true", help="also print every debris claim")
    args = ap.parse_args(argv)
    pages = cleaned_pages(load_pages(args.data_dir, args.split))
    counted, debris, overlaps, claims = 0, 0, 0, 0
    for (body, cleaned), (_, analysis) in zip(pages, analyze_documents([c for _, c in pages])):
        n, bad = page_debris(cleaned, analysis, body)
        counted, debris = counted + n, debris + len(bad)
        overlaps, claims = overlaps + two_labels(analysis), claims + len(analysis.claims)
        if args.errors:
            for text in bad:
                print(f"{cleaned.document.source}: {text!r}")
    table = Table(title=f"Page debris among claims ({args.data_dir.name}, {args.split})")
    for col in ("pages", "claims", "debris claims", "debris share", "claims sharing words with another label"):
        table.add_column(col, justify="right")
    table.add_row(str(len(pages)), str(counted), str(debris), f"{debris / max(counted, 1):.4f}",
                  f"{overlaps}/{claims} ({overlaps / max(claims, 1):.3f})")
    Console().print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
