"""Figures that are only parts of a count: the parts of a listed sum, people listed beside another
count, and parts whose whole counts another population (read by ``figures.figures_in``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimledger.link.figure_record import Figure

LISTED_GENERIC = frozenset({"people", "person", "others", "individuals"})
# a clause of its own: "at least 20 of the deaths ... while the WHO says 71 people died"
CLAUSE_BREAK = re.compile(r";|\b(?:while|whereas|but)\b", re.I)


def keep_parts_of_other_groups(text: str, figures: list[Figure]) -> None:
    """"three students were among six people killed": three students is its own count.

    A part whose whole is a figure of another population in its sentence counts that
    population in full; only a part of its own population ("four of 219 girls") is a part.
    A figure in a clause of its own later in the sentence is not the part's whole."""
    for f in figures:
        if not f.part:
            continue
        wholes = [g for g in figures if g.sentence == f.sentence and g.start > f.end]
        if wholes and wholes[0].population != f.population and not CLAUSE_BREAK.search(text, f.end, wholes[0].start):
            f.part = False


def mark_enumerated_parts(text: str, figures: list[Figure]) -> None:
    """Counts of one measure and population listed together are parts of their sum.

    "killing two people on the bus and one in a taxi": neither is the toll."""
    by_sentence: dict[tuple[object, ...], list[Figure]] = {}
    for f in figures:
        by_sentence.setdefault((f.sentence, f.measure, f.population), []).append(f)
    for group in by_sentence.values():
        group.sort(key=lambda f: f.start)
        for a, b in zip(group, group[1:]):
            between = text[a.end:b.start]
            if len(between) < 60 and re.search(r"\band\b", between) and not re.search(r"\b(?:say|said|or)\b",
                                                                                           between):
                a.part = b.part = True
    mark_listed_people(text, figures)


SUM_REACH = 1000  # characters between a total and the sentence that splits it (a paragraph or two)


def mark_summed_parts(figures: list[Figure]) -> None:
    """Two exact counts of one measure in one sentence that add up to a count stated just before
    are its parts: "killed 31 fighters on both sides" ... "Hifter's side lost 20 fighters while
    the militiamen had 11 killed"."""
    exact = [f for f in figures if f.value is not None and f.low == f.high == f.value and not f.part]
    by_sentence: dict[tuple[int, int], list[Figure]] = {}
    for f in exact:
        by_sentence.setdefault(f.sentence, []).append(f)
    for a in exact:
        for b in by_sentence[a.sentence]:
            if b.start <= a.start or b.measure != a.measure:
                continue
            total = a.value + b.value  # type: ignore[operator]
            if total >= 3 and any(c.measure == a.measure and c.value == total and c.start < a.start
                   and a.sentence[0] - c.end < SUM_REACH for c in exact if c is not a and c is not b):
                a.part = b.part = True


def mark_listed_people(text: str, figures: list[Figure]) -> None:
    """A count of unnamed people listed beside a count of the same measure is only a part of the
    people: "two women and one man died" does not say one person died."""
    by_sentence: dict[tuple[object, ...], list[Figure]] = {}
    for f in figures:
        by_sentence.setdefault((f.sentence, f.measure), []).append(f)
    for group in by_sentence.values():
        group.sort(key=lambda f: f.start)
        for a, b in zip(group, group[1:]):
            between = text[a.end:b.start]
            if a.population == b.population or len(between) >= 40 or not re.search(r"\band\b", between):
                continue
            for f in (a, b):
                if f.population in LISTED_GENERIC:
                    f.part = True
