"""A figure in its document: the record incidents and conflicts compare (built by ``figures.figures_in``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

APPROX = 0.15  # "about N" is compatible with values within about 15 %
EXACT_BELOW = 20  # exact counts under this are not rounded
CUMULATIVE_SCOPES = frozenset({"since", "year_to_date", "war_to_date", "period"})
LOWER_MODIFIERS = frozenset({"over", "at_least", "more_than"})
UPPER_MODIFIERS = frozenset({"up_to", "under", "almost", "less_than"})


@dataclass
class Figure:
    """One figure in its document, with the context incidents and conflicts need."""

    doc_id: str
    quantity: int  # index in the document's quantities
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    modifier: str
    measure: str
    population: str
    side: str | None
    scope: str
    since: str | None
    as_of: str | None
    polarity: str
    rate_unit: str | None
    counted: str | None
    source: str
    source_kind: str
    via: list[str] = field(default_factory=list)
    claim_id: str | None = None
    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    seq: int = 0
    sentence: tuple[int, int] = (0, 0)
    event: str = "other"
    places: list[dict[str, Any]] = field(default_factory=list)
    dates: list[tuple[str | None, str | None]] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)  # context term weights (tf, before idf)
    countries: frozenset[str] = frozenset()  # the document's main countries
    nearby_places: list[dict[str, Any]] = field(default_factory=list)  # named just before, in the same entry
    partial: bool = False  # a count still going on: a lower bound of the total
    # an outbreak's toll on an undated page: a count that grows, seen at an unknown time, so a lower
    # bound like a partial one (GeoVirus: Haiti's cholera "nearly 200" and "at least 259" dead), but
    # not a running count that joins two groups into one incident (two outbreaks' tolls are not one)
    snapshot: bool = False
    diseases: frozenset[str] = frozenset()  # an outbreak's: what its context, else its page, names
    increment: bool = False  # adds to a total stated elsewhere: compared with nothing
    part: bool = False  # a part of a group counted elsewhere ("four of his nieces"): compared with nothing
    aside: bool = False  # its sentence points to another time or place ("elsewhere", "last month")
    # what pair tests read of its places and dates, worked out once (``incident_similarity.facts``)
    facts: Any = field(default=None, init=False, repr=False, compare=False)

    @property
    def key(self) -> str:
        return f"{self.doc_id}:{self.start}"

    @property
    def cumulative(self) -> bool:
        return self.scope in CUMULATIVE_SCOPES

    def interval(self) -> tuple[float, float]:
        """The values the figure allows, by the dev set's convention."""
        v, lo, hi = self.value, self.low, self.high
        if self.polarity == "negated":
            bound = hi if hi is not None else v if v is not None else lo
            return (0.0, (bound or 0.0) - 0.5)
        if (self.partial or self.snapshot) and (lo is not None or v is not None):
            return (lo if lo is not None else v or 0.0, math.inf)
        if self.modifier == "approx" and v is not None and lo is None and hi is None:
            return (v / (1 + APPROX), v * (1 + APPROX))
        if lo is None and hi is None and v is not None:
            lo, hi = _bounds_from_modifier(v, self.modifier)
        return (lo if lo is not None else 0.0, hi if hi is not None else math.inf)

    def point(self) -> float:
        lo, hi = self.interval()
        if self.value is not None:
            return self.value
        return lo if hi == math.inf else (lo + hi) / 2

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "quantity": self.quantity, "start": self.start, "end": self.end,
                "text": self.text, "value": self.value, "low": self.low, "high": self.high,
                "modifier": self.modifier, "measure": self.measure, "population": self.population,
                "side": self.side, "scope": self.scope, "since": self.since, "as_of": self.as_of,
                "polarity": self.polarity, "counted": self.counted, "source": self.source,
                "source_kind": self.source_kind, "via": self.via, "claim_id": self.claim_id,
                "published": self.published, "outlet": self.outlet, "title": self.title, "seq": self.seq,
                "event": self.event, "places": [p.get("name") for p in self.places], "partial": self.partial,
                "increment": self.increment, "part": self.part}


def _bounds_from_modifier(v: float, modifier: str) -> tuple[float | None, float | None]:
    if modifier in LOWER_MODIFIERS:
        return v, None
    if modifier in UPPER_MODIFIERS:
        return None, v
    return v, v


def about_the_same(f: Figure, g: Figure) -> bool:
    """Two figures of about the same number (within ``APPROX``): most likely the same count.  Two
    small exact counts are the same only when equal: "10 militants" and "11 militants" are two counts
    (a raid in Yemen, a strike in Somalia), not one rounded."""
    a, b = f.point(), g.point()
    if f.modifier == g.modifier == "exact" and max(a, b) < EXACT_BELOW:
        return a == b > 0
    return a > 0 and b > 0 and abs(a - b) <= APPROX * max(a, b)


ORDERS_APART = 100  # the sample's sides differ 30-fold (498 vs 15,000); a hundredfold is another count


def orders_apart(f: Figure, g: Figure) -> bool:
    """Two counts more than a hundredfold apart tell two incidents, however alike their words: a new
    outbreak's 17 dead and the last one's 11,300 ("That outbreak killed …"), 4,000 killed in 1066
    and the Holocaust's six million.  Sides that contradict each other stay within that."""
    (a0, a1), (b0, b1) = f.interval(), g.interval()
    low, high = max(a0, b0), min(a1, b1)
    return 0 < high < math.inf and low > ORDERS_APART * high
