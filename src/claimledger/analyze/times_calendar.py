"""Calendar arithmetic against a publication date whose year (or more) may be unknown.

``Reference(published)`` turns a :class:`~claimledger.records.PartialDate` into the
concrete dates it could be.  With a full date that is one date.  With a month and day
but no year it is that month and day in each year of a 28-year cycle (every weekday and
leap-year combination), so "two weeks ago" from "Mar 7" comes out as the union
``XXXX-02-21``..``XXXX-02-22`` (leap years differ) and "last week" as the widest range
any weekday would give: nothing is guessed, the interval only gets wider.
Results are written ``YYYY-MM-DD`` or, with the year unknown, ``XXXX-MM-DD``.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from ..records import PartialDate

# 2000..2027 holds every (weekday of 1 Jan, leap) combination.
CYCLE = range(2000, 2028)
Interval = tuple[date, date]


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    """First day of the month ``months`` away from d's month."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def week_of(d: date) -> Interval:
    """Monday..Sunday of d's week."""
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def month_of(d: date) -> Interval:
    return date(d.year, d.month, 1), month_end(d.year, d.month)


def part_of_month(year: int, month: int, part: str) -> Interval:
    """early 1-10, mid 11-20, late 21-end; anything else the whole month."""
    end = month_end(year, month)
    if part == "early":
        return date(year, month, 1), date(year, month, 10)
    if part == "mid":
        return date(year, month, 11), date(year, month, 20)
    if part == "late":
        return date(year, month, 21), end
    return date(year, month, 1), end


def infer_year(pub: date, month: int, day: int | None = None, grace_days: int = 45) -> int:
    """Year of a month/day written without one: the publication year, or the year before
    when that would put it more than ``grace_days`` after publication (news mostly
    reports the past; "in December" in a March article is last December)."""
    try:
        candidate = date(pub.year, month, day or 1)
    except ValueError:  # 29 February in a common year
        candidate = date(pub.year, month, 28)
    return pub.year - 1 if (candidate - pub).days > grace_days else pub.year


class Reference:
    """The concrete publication dates a PartialDate stands for."""

    def __init__(self, published: PartialDate | None):
        self.published = published
        self.year_known = bool(published and published.year)
        self.dates: list[date] = []
        if published is None or published.month is None or published.day is None:
            return
        years = [published.year] if published.year else list(CYCLE)
        for year in years:
            try:
                self.dates.append(date(year, published.month, published.day))
            except ValueError:
                continue

    @property
    def usable(self) -> bool:
        return bool(self.dates)

    def resolve(self, fn: Callable[[date], Interval | None]) -> tuple[str | None, str | None]:
        """ISO begin/until of ``fn`` applied to every possible publication date (their union)."""
        results = []
        for ref in self.dates:
            got = fn(ref)
            if got is None:
                return None, None
            results.append((ref, got))
        if not results:
            return None, None
        if self.year_known:
            begin, until = results[0][1]
            return begin.isoformat(), until.isoformat()
        # Unknown year: compare as (years from publication, month, day).
        begins = [(b.year - ref.year, b.month, b.day) for ref, (b, _) in results]
        untils = [(u.year - ref.year, u.month, u.day) for ref, (_, u) in results]
        b, u = min(begins), max(untils)
        return f"XXXX-{b[1]:02d}-{b[2]:02d}", f"XXXX-{u[1]:02d}-{u[2]:02d}"


def iso_partial(year: int | None, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"XXXX-{month:02d}-{day:02d}"
