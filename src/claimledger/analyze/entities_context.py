"""Place names that stand inside another name: streets, outlets and named days.

spaCy tags "Albany" in "Albany Ave.", "New York" in "the New York post" and "Valentine"
in "Valentine's Day" as places.  The word right after the name says what the whole is
(``lexicons/name_heads.tsv``): a street suffix makes a ``FAC`` (the street), a newspaper
word an ``ORG`` outlet, "Day"/"Eve" (after an optional possessive) an ``EVENT``.  The
span grows over the head word, and over a directly following ORG span ("New York" +
"Daily News"), so the pieces become one mention and no place is geocoded from them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicons import table

Span = tuple[int, int, str, str, dict]
PLACE_LABELS = ("GPE", "LOC")
NEW_LABEL = {"street": "FAC", "outlet": "ORG", "holiday": "EVENT"}


@lru_cache(maxsize=1)
def _heads() -> list[tuple[re.Pattern, str]]:
    out = []
    for row in table("name_heads.tsv"):
        kind, word = row[0], row[1]
        flags = re.I if len(row) > 2 and row[2] == "any case" else 0
        possessive = r"(?:['\u2019]s)?" if kind == "holiday" else ""
        # a street suffix may carry its abbreviation point ("Ave.")
        point = r"\.?" if kind == "street" else ""
        # "St." before a name is Saint ("Peter St. John", "St. Louis"), not Street
        saint = r"(?!\.?\s+[A-Z])" if word == "St" else ""
        out.append((re.compile(possessive + r"\s{1,2}" + re.escape(word) + point + r"(?![\w-])" + saint, flags),
                    kind))
    return out


def _head_after(text: str, end: int) -> tuple[str, int] | None:
    """(kind, end of the head word) when a head word follows a name ending at ``end``."""
    for pattern, kind in _heads():
        match = pattern.match(text, end)
        if match:
            return kind, match.end()
    return None


def reclassify(text: str, spans: list[Span]) -> list[Span]:
    """The spans with place names inside streets, outlets and named days relabelled and grown."""
    out: list[Span] = []
    skip_to = -1
    for i, (cs, ce, label, norm, attrs) in enumerate(spans):
        if cs < skip_to:
            continue
        head = _head_after(text, ce) if label in PLACE_LABELS + ("PERSON", "ORG") else None
        if head is None and label in PLACE_LABELS + ("ORG",) and street_named(text[cs:ce]):
            head = ("street", ce)
        if head is None or (label not in PLACE_LABELS and head[0] == "outlet") or (label == "ORG" and head[0] != "street"):
            out.append((cs, ce, label, norm, attrs))
            continue
        kind, end = head
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        if nxt is not None and nxt[2] == "ORG" and nxt[0] <= end + 1 and kind == "outlet":
            end = max(end, nxt[1])  # "New York" + "Daily News"
        skip_to = end
        new_attrs = {**attrs, "relabelled_from": label, "place_inside": kind}
        if kind == "outlet":
            new_attrs["kind"] = "outlet"
        out.append((cs, end, NEW_LABEL[kind], text[cs:end].rstrip("."), new_attrs))
    return out


def street_named(name: str) -> bool:
    """"Glenwood Rd", "Pitkin Avenue": the span already ends in a street suffix."""
    words = name.split()
    return len(words) > 1 and any(kind == "street" and pattern.fullmatch(" " + words[-1])
                                  for pattern, kind in _heads())
