"""The shape of one line of a page: does it read like a headline rather than a sentence?"""

from __future__ import annotations

import re

_CLOSERS = "\"'”’»)]"
_SENTENCE_END = ".!?:;,…"


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
    with its site ("… | my6sense"): prose never separates its words with a pipe."""
    return " | " in text

