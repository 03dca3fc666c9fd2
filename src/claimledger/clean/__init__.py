"""clean: turn one input (plain text or HTML) into a ``Document`` and its ``Segment`` records."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from claimledger.clean.html import NoMainText, segment_html
from claimledger.clean.text import segment_text
from claimledger.errors import ClaimledgerError
from claimledger.records import Cleaned, Document, PartialDate, Segment

__all__ = ["CleanError", "CleanOptions", "clean_text", "clean_html", "document_id", "NoMainText"]


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


@dataclass(frozen=True)
class CleanOptions:
    """What the caller knows about a page beside its text; both cleaners take the same ones.

    ``published`` (ISO string or ``PartialDate``) wins over a date found on the page;
    ``year`` fills a dateline that has none.
    """

    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | PartialDate | None = None
    outlet: str | None = None
    year: int | None = None


def _options(options: CleanOptions | None, fields: dict[str, Any]) -> CleanOptions:
    """``options`` with keyword fields laid over it (``clean_text(text, url=...)`` keeps working)."""
    return replace(options or CleanOptions(), **fields)


def _build(text: str, segments: list[Segment], meta: dict[str, Any], opts: CleanOptions, content_type: str) -> Cleaned:
    date = _published(opts.published) or meta.get("published")
    doc = Document(
        id=document_id(text),
        text=text,
        kind=meta.get("kind", "article"),
        title=opts.title or meta.get("title"),
        byline=meta.get("byline"),
        published=date.iso() if date else None,
        url=opts.url,
        outlet=opts.outlet or meta.get("outlet"),
        source=opts.source,
        content_type=content_type,
    )
    return Cleaned(document=doc, segments=segments)


def clean_text(text: str, options: CleanOptions | None = None, **fields: Any) -> Cleaned:
    """Segment a scraped plain-text page; ``fields`` are ``CleanOptions`` fields."""
    opts = _options(options, fields)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CleanError("empty document: no text")
    segments, meta = segment_text(text, year=opts.year)
    return _build(text, segments, meta, opts, "text")


def clean_html(html: str, options: CleanOptions | None = None, **fields: Any) -> Cleaned:
    """Extract and segment an HTML page (trafilatura for the main text and comments)."""
    opts = _options(options, fields)
    if not html.strip():
        raise CleanError("empty document: no HTML")
    try:
        text, segments, meta = segment_html(html, url=opts.url, year=opts.year)
    except NoMainText as exc:
        raise CleanError(str(exc)) from exc
    return _build(text, segments, meta, opts, "html")


_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))
