"""Analysis units: the parts of a document that are parsed, each one story.

A unit is the whole document, or, in a live blog, each entry (its sub-headline and paragraphs)
plus the page headline before the first entry.  Inside a unit every character of a segment that
is not analysed (furniture, byline, dateline, comments) is replaced by a space — newlines are
kept — so offsets into the unit text plus the unit start are offsets into ``Document.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.records import REPORTING_KINDS, Cleaned, Segment

# the segments the analysis reads: the reporting, and the sub-headings and standfirst above it,
# which carry figures of their own ("Three soldiers killed in border clash")
ANALYSED_KINDS = REPORTING_KINDS | {"subheading", "standfirst"}


TEXT_KEY = "claimledger_text"


def doc_text(doc) -> str:
    """``doc.text``, joined once per Doc: spaCy joins every token again on each access, and the
    extractors each read it (the key is the one ``attribution_quotes.doc_text`` fills too)."""
    data = getattr(doc, "user_data", None)  # a Span has none: its text is joined each time
    if data is None:
        return doc.text
    text = data.get(TEXT_KEY)
    if text is None:
        text = data[TEXT_KEY] = doc.text
    return text


@dataclass(frozen=True)
class Unit:
    start: int  # offsets into Document.text
    end: int
    entry: int | None
    segments: tuple[int, ...]  # orders of the analysed segments it holds


_NOT_NEWLINE = re.compile(r"[^\n]")


def blank_text(text: str, segments: list[Segment]) -> str:
    """``text`` with everything outside analysed segments turned into spaces (newlines kept)."""
    kept = sorted((max(0, seg.start), min(len(text), seg.end)) for seg in segments
                  if seg.kind in ANALYSED_KINDS and seg.end > seg.start)
    parts, at = [], 0
    for start, end in kept:  # runs of kept text between blanked gaps (segments may overlap)
        if end <= at:
            continue
        start = max(start, at)
        parts.append(_NOT_NEWLINE.sub(" ", text[at:start]))
        parts.append(text[start:end])
        at = end
    parts.append(_NOT_NEWLINE.sub(" ", text[at:]))
    return "".join(parts)


def analysis_units(cleaned: Cleaned) -> list[Unit]:
    """The units of a cleaned document, in text order (none when nothing is analysed)."""
    groups: dict[int | None, list[Segment]] = {}
    for seg in cleaned.segments:
        if seg.kind in ANALYSED_KINDS and seg.end > seg.start:
            groups.setdefault(seg.entry, []).append(seg)
    units = [
        Unit(min(s.start for s in segs), max(s.end for s in segs), entry, tuple(sorted(s.order for s in segs)))
        for entry, segs in groups.items()
    ]
    return sorted(units, key=lambda u: u.start)


def segment_at(segments: list[Segment], offset: int) -> int | None:
    """Order of the analysed segment holding ``offset``."""
    for seg in segments:
        if seg.kind in ANALYSED_KINDS and seg.start <= offset < seg.end:
            return seg.order
    return None


@Language.component("claimledger_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and paragraphs never run into each other.
    (Runs before the parser, which keeps these boundaries.)"""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and "\n" in prev.text and not tok.is_space:
            tok.is_sent_start = True
    return doc
