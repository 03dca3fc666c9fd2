"""clean: turn one input (plain text or HTML) into a ``Document`` and its ``Segment`` records."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from claimledger.clean.html import NoMainText, segment_html
from claimledger.clean.text import segment_text
from claimledger.errors import ClaimledgerError
from claimledger.records import Cleaned, Document, PartialDate

__all__ = ["CleanError", "clean_text", "clean_html", "document_id", "NoMainText"]


class CleanError(ClaimledgerError, ValueError):
    """An input that cannot become a document (empty, no text)."""


def document_id(text: str) -> str:
    """Content hash of the normalised text: NFC, whitespace collapsed, case folded."""
    normal = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:20]


def _published(value: str | PartialDate | None) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    try:
        date = PartialDate.from_iso(str(value)[:10])
    except ValueError:  # a dump's date field that is no ISO date: the document without a date, not no document
        return None
    if date and not ((date.month is None or 1 <= date.month <= 12) and (date.day is None or 1 <= date.day <= 31)):
        return None
    return date


def _build(text: str, segments, meta: dict, *, source, url, title, published, outlet, content_type) -> Cleaned:
    date = _published(published) or meta.get("published")
    doc = Document(
        id=document_id(text),
        text=text,
        kind=meta.get("kind", "article"),
        title=title or meta.get("title"),
        byline=meta.get("byline"),
        published=date.iso() if date else None,
        url=url,
        outlet=outlet or meta.get("outlet"),
        source=source,
        content_type=content_type,
    )
    return Cleaned(document=doc, segments=segments)


def clean_text(
    text: str,
    *,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: str | PartialDate | None = None,
    outlet: str | None = None,
    year: int | None = None,
) -> Cleaned:
    """Segment a scraped plain-text page.  ``year`` fills a dateline that has none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CleanError("empty document: no text")
    segments, meta = segment_text(text, year=year)
    return _build(text, segments, meta, source=source, url=url, title=title, published=published,
                  outlet=outlet, content_type="text")


def clean_html(
    html: str,
    *,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: str | PartialDate | None = None,
    outlet: str | None = None,
    year: int | None = None,
) -> Cleaned:
    """Extract and segment an HTML page (trafilatura for the main text and comments)."""
    if not html.strip():
        raise CleanError("empty document: no HTML")
    try:
        text, segments, meta = segment_html(html, url=url, year=year)
    except NoMainText as exc:
        raise CleanError(str(exc)) from exc
    return _build(text, segments, meta, source=source, url=url, title=title, published=published,
                  outlet=outlet, content_type="html")


_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))
