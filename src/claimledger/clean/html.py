"""HTML pages through trafilatura: main text, title, author, date and reader comments.

The stored document text is the extracted text (title, then the main text with one
blank line between paragraphs, then the comments), so every segment offset points into
readable text; the raw HTML is kept beside it in ``Document.meta["raw_html"]`` by the
caller when asked.
"""

from __future__ import annotations

import re

import trafilatura

from claimledger.clean.text import segment_text
from claimledger.errors import ClaimledgerError
from claimledger.records import PartialDate, Segment


class NoMainText(ClaimledgerError, ValueError):
    """The page holds no extractable main text (empty, script-only or broken markup)."""


def extract_html(html: str, url: str | None = None) -> dict:
    """trafilatura's view of a page: ``text``, ``comments``, ``title``, ``author``, ``date``, ``sitename``."""
    result = trafilatura.bare_extraction(
        html, url=url, include_comments=True, with_metadata=True, include_tables=False, favor_recall=True
    )
    if result is None or not (result.text or "").strip():
        raise NoMainText("no main text found in the HTML")
    return {
        "text": result.text or "",
        "comments": result.comments or "",
        "title": result.title,
        "author": result.author,
        "date": result.date,
        "sitename": result.sitename or result.hostname,
    }


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _same_words(a: str, b: str) -> bool:
    return re.findall(r"\w+", a.casefold()) == re.findall(r"\w+", b.casefold())


def segment_html(html: str, url: str | None = None, year: int | None = None) -> tuple[str, list[Segment], dict]:
    """The extracted text, its segments and metadata (title, byline, published, kind, outlet)."""
    page = extract_html(html, url)
    title = (page["title"] or "").strip()
    paragraphs = _paragraphs(page["text"])
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    text = "\n\n".join(([title] if title else []) + paragraphs)
    segments, meta = segment_text(text, year=year)
    if title and segments and text[segments[0].start:segments[0].end].strip() == title:
        segments[0].kind = "headline"  # the page's own title, even when it reads as two sentences
    elif not title and segments and segments[0].kind == "headline":
        segments[0].kind = "body"  # no real title: the first paragraph is reporting
        meta["title"] = None
    if title:  # the page's title printed again inside the text ("Cannabis Use Disorder is Rising …")
        for seg in segments[1:]:
            if seg.kind not in ("furniture", "comment") and _same_words(text[seg.start:seg.end], title):
                seg.kind, seg.meta = "furniture", {**(seg.meta or {}), "reason": "title restated"}
    for order, comment in enumerate(_paragraphs(page["comments"])):
        text += "\n\n"
        segments.append(Segment("comment", len(segments), len(text), len(text) + len(comment), meta={"number": order + 1}))
        text += comment
    if page["author"]:
        meta["byline"] = page["author"]
    if page["date"]:
        meta["published"] = PartialDate.from_iso(page["date"][:10])
    meta["outlet"] = page["sitename"]
    return text, segments, meta
