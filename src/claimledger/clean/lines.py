"""The shape of one line of a page: does it read like a headline rather than a sentence?"""

from __future__ import annotations

import re

_CLOSERS = "\"'”’»)]"
_SENTENCE_END = ".!?:;,…"
# a clock time, a year or a month: the stamp of a live-blog entry, not a site's name
_STAMP = re.compile(r"\b\d{1,2}[:.]\d\d\b|\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
                    re.I)


def is_headline_like(text: str) -> bool:
    """A short line that does not end a sentence: a title, sub-headline or teaser."""
    stripped = text.strip()
    words = stripped.split()
    if not 2 <= len(words) <= 22 or not (stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in "‘'\""):
        return False
    core = stripped.rstrip(_CLOSERS + " \t")  # "… the facts. \"" ends a sentence too
    if not core or core[-1] in _SENTENCE_END:
        return False
    return not re.search(r"[.!?][\"”’']?\s+[A-Z]", stripped)


def is_link_row(text: str) -> bool:
    """Story titles joined by pipes ("Senators call for … | Facebook gets questions …") or a title
    with its site or section ("… | my6sense", "Opinion | …"); a time or date before a pipe
    ("14:05 | Russian forces …", a live-blog entry) keeps its report."""
    parts = [p.strip() for p in text.split(" | ")]
    if len(parts) >= 3:
        return True
    if len(parts) < 2:
        return False
    short = min(parts, key=lambda p: len(p.split()))
    return len(short.split()) <= 4 and not _STAMP.search(short)



_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")


def is_time_stamp(text: str) -> bool:
    """A short line that dates the page ("기사입력 :[ 2018-08-25 15:24", "sexta-feira, 22 de outubro de
    2010 às 20:13"): a year and a clock time in eight words or fewer, in any language."""
    return len(text.split()) <= 8 and bool(_YEAR.search(text)) and bool(_CLOCK.search(text))
