"""Time expressions, resolved against the publication date as intervals with a precision.

``extract_times(doc, published)`` returns :class:`~claimledger.records.TimeExpr` records
(offsets relative to ``doc.text``).  Rules, not a model, because the hard cases are
relative and vague:

=============================  =========================================================
"24 February", "Feb 24, 2022"  day; a missing year is the publication year, or the year
                               before when that would be > 45 days after publication;
                               with no publication year, the year of the text's own last
                               full date before it (``anchor="text"``)
"in January", "early March"    month (early 1-10, mid 11-20, late 21-end); year as above
"in 2014", "since 2014"        year; "since X" runs from X to the publication date
"two weeks ago"                week: the Monday-Sunday week holding published - 14 days
"3 days ago", "yesterday"      day
"last week" / "this week"      week (Monday-Sunday); "the past week": the 7 days before
"last month", "earlier this    month / interval
month"
"over the weekend"             the last Saturday-Sunday on or before publication
"on Monday"                    the last Monday on or before publication
"a three-week assault",        duration ("P3W"), ``modifier`` from "less than"/"over"/...;
"less than four weeks"         begin/until stay empty
"since the start of the        interval from a conflict anchor (``lexicons/
invasion"                      time_anchors.tsv``, used only when the text names the
                               conflict) to the publication date; ``anchor`` names it
=============================  =========================================================

When the publication year is unknown, month and day still resolve ("XXXX-02-24") and
relative expressions become the union over every possible year (see
``times_calendar``); a year is never guessed.  Without a publication month/day,
relative expressions keep ``begin``/``until`` empty.  spaCy DATE entities that no rule
read are passed to ``dateparser`` only when they carry an explicit year.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc

from ..records import PartialDate, TimeExpr
from .pipeline_units import doc_text
from .times_calendar import Reference, add_months, infer_year, iso_partial, month_end, month_of, part_of_month, week_of
from .times_patterns import (
    ANCHOR_TRIGGER,
    DURATION_MODS,
    ISO_UNIT,
    MONTH_ABBR,
    MONTHS,
    ORDINAL_CENTURIES,
    SEASONS,
    UNIT_FACTOR,
    WEEKDAYS,
    YEAR_RX,
    anchors,
    era_bounds,
    patterns,
    text_years,
    triggers,
    unit_of,
    windows,
    word_value,
)


class _Times:
    def __init__(self, doc: Doc, published: PartialDate | None):
        self.doc = doc
        self.text = doc_text(doc)
        self.published = published
        self.ref = Reference(published)
        self.pub_date = self.ref.dates[0] if (self.ref.year_known and self.ref.dates) else None
        self._years: list[tuple[int, int]] | None = None

    # ---- helpers -------------------------------------------------------------------
    def _year_for(self, month: int, day: int | None, explicit: str | None, at: int = 0) -> int | None:
        if explicit:
            return int(explicit)
        if self.pub_date is not None:
            return infer_year(self.pub_date, month, day)
        return self._text_year(at)

    def _text_year(self, at: int) -> int | None:
        """Without a publication year, a year-less date takes the year of the text's own last
        full date before it ("on 5 December 2014 … in August"), or the one year the text states
        when it states only one; otherwise it stays unknown."""
        if self._years is None:
            self._years = text_years(self.text)
        years = self._years
        before = [year for pos, year in years if pos < at]
        if before:
            return before[-1]
        distinct = {year for _, year in years}
        return distinct.pop() if len(distinct) == 1 else None

    def _year_anchor(self, year: int | None, explicit: str | None) -> str | None:
        if not year or explicit:
            return None
        return "published" if self.pub_date is not None else "text"

    def _until_pub(self) -> str | None:
        return self.published.iso() if self.published else None

    def _rel(self, m, fn, precision: str, kind: str = "relative") -> TimeExpr:
        begin, until = self.ref.resolve(fn) if self.ref.usable else (None, None)
        if precision == "year" and not self.ref.year_known:
            begin = until = None  # "last year" of an unknown year is unknown
        return TimeExpr(m.start(), m.end(), m.group(0), begin, until, precision, kind,
                        anchor="published" if begin else None)

    # ---- handlers ------------------------------------------------------------------
    def h_dmy(self, m) -> TimeExpr | None:
        month = MONTHS.get(m.group("m").lower().rstrip(".")) or MONTH_ABBR.get(m.group("m").lower().rstrip("."))
        day = int(m.group("d"))
        if not month or not 1 <= day <= 31:
            return None
        year = self._year_for(month, day, m.group("y"), m.start())
        try:
            date(year or 2000, month, day)
        except ValueError:
            return None
        iso = iso_partial(year, month, day)
        return TimeExpr(m.start(), m.end(), m.group(0), iso, iso, "day", "date",
                        anchor=self._year_anchor(year, m.group("y")))

    h_mdy = h_dmy

    def h_month(self, m) -> TimeExpr | None:
        name, prep, part = m.group("m"), m.group("prep"), m.group("part") or m.group("mid")
        if name in ("May", "March") and not (prep or part or m.group("y")):
            return None  # "May" and "March" are also a verb and a modal
        month = MONTHS[name.lower()]
        year = self._year_for(month, None, m.group("y"), m.start())
        part_key = None
        if part:
            low = part.lower()
            part_key = "early" if ("early" in low or "beginning" in low or "start" in low) else \
                "mid" if ("mid" in low or "middle" in low) else "late"
        start, end = part_of_month(year or 2000, month, part_key or "")
        if year is None and month == 2 and part_key in (None, "late"):
            end = date(2000, 2, 29)  # leap-year union: February may end on the 29th
        begin_iso = iso_partial(year, month, start.day)
        until_iso = iso_partial(year, month, end.day)
        expr = TimeExpr(m.start(), m.end(), m.group(0), begin_iso, until_iso, "month", "date",
                        anchor=self._year_anchor(year, m.group("y")))
        self._since_until(expr, (prep or "").lower())
        return expr

    def _since_until(self, expr: TimeExpr, prep: str) -> None:
        if prep in ("since", "from") and expr.begin:
            expr.until, expr.precision = self._until_pub(), "interval"
        elif prep in ("until", "till", "by"):
            expr.begin, expr.precision = None, "interval"

    def h_year(self, m) -> TimeExpr:
        year = int(m.group("y"))
        prep = m.group("prep").lower()
        expr = TimeExpr(m.start(), m.end(), m.group(0), f"{year:04d}-01-01", f"{year:04d}-12-31", "year", "date")
        if prep in ("early", "late", "mid", "mid-"):
            bounds = {"early": (1, 4), "mid": (5, 8), "mid-": (5, 8), "late": (9, 12)}[prep]
            expr.begin = f"{year:04d}-{bounds[0]:02d}-01"
            expr.until = month_end(year, bounds[1]).isoformat()
        self._since_until(expr, prep)
        return expr

    def h_century(self, m) -> TimeExpr | None:
        n = int(m.group("n")) if m.group("n") else ORDINAL_CENTURIES[m.group("w").casefold().replace(" ", "-")]
        if not 1 <= n <= 21:
            return None
        return TimeExpr(m.start(), m.end(), m.group(0), f"{(n - 1) * 100:04d}-01-01", f"{(n - 1) * 100 + 99:04d}-12-31",
                        "interval", "date")

    def h_era(self, m) -> TimeExpr | None:
        bounds = era_bounds(m.group("era"))
        if bounds is None:
            return None
        return TimeExpr(m.start(), m.end(), m.group(0), bounds[0], bounds[1], "interval", "date")

    def h_year_range(self, m) -> TimeExpr | None:
        first, last = int(m.group("y1")), m.group("y2")
        end = int(last) if len(last) == 4 else first - first % 100 + int(last)  # "1950-53"
        if not m.group("prep") and "-" not in m.group(0) and "\u2013" not in m.group(0):
            return None  # "2010 and 2015" alone may be two years, not a span
        if end <= first or end - first > 100:
            return None  # "2015-12" is no span of years; a score or a code is not either
        begin = {"early": "01", "mid": "05", "late": "09"}.get((m.group("p1") or "").lower(), "01")
        until = {"early": "04-30", "mid": "08-31", "late": "12-31"}.get((m.group("p2") or "").lower(), "12-31")
        return TimeExpr(m.start(), m.end(), m.group(0), f"{first:04d}-{begin}-01", f"{end:04d}-{until}", "interval",
                        "date")

    def h_season(self, m) -> TimeExpr | None:
        season = m.group("s").lower()
        which = re.sub(r"\s+", " ", m.group("which").lower())
        first, last = SEASONS[season]
        explicit = m.group("y")

        def bounds(year: int) -> tuple[date, date]:
            # winter YEAR runs from December YEAR into the next year
            return date(year, first, 1), month_end(year + (1 if last < first else 0), last)

        if explicit:
            b, u = bounds(int(explicit))
            return TimeExpr(m.start(), m.end(), m.group(0), b.isoformat(), u.isoformat(), "season", "date")
        if which in ("last", "this", "next") and self.pub_date is not None:
            year = self.pub_date.year
            b, u = bounds(year)
            if which == "last" and b >= self.pub_date - timedelta(days=30):
                b, u = bounds(year - 1)
            elif which == "next" and b <= self.pub_date:
                b, u = bounds(year + 1)
            return TimeExpr(m.start(), m.end(), m.group(0), b.isoformat(), u.isoformat(), "season", "relative",
                            anchor="published")
        if which in ("last", "this", "next"):
            return TimeExpr(m.start(), m.end(), m.group(0), None, None, "season", "relative")
        return None  # "in the summer" with no year: too vague to place

    def h_ago(self, m) -> TimeExpr:
        n = word_value(m.group("n"))
        unit = unit_of(m.group("u"))
        if n is None:
            return TimeExpr(m.start(), m.end(), m.group(0), None, None, "unknown", "relative")
        n_int = int(n * UNIT_FACTOR.get(unit, 1))
        if unit in ("day", "night"):
            return self._rel(m, lambda d: (d - timedelta(days=n_int),) * 2, "day")
        if unit in ("week", "fortnight"):
            return self._rel(m, lambda d: week_of(d - timedelta(days=7 * n_int)), "week")
        if unit == "month":
            return self._rel(m, lambda d: month_of(add_months(d, -n_int)), "month")
        if unit in ("year", "decade", "century"):
            return self._rel(m, lambda d: (date(d.year - n_int, 1, 1), date(d.year - n_int, 12, 31)), "year")
        return self._rel(m, lambda d: (d, d), "day")  # hours/minutes ago: the publication day

    def h_vague_rel(self, m) -> TimeExpr:
        return TimeExpr(m.start(), m.end(), m.group(0), None, None, "unknown", "relative")

    def h_rel_n(self, m) -> TimeExpr:
        n = word_value(m.group("n"))
        unit = unit_of(m.group("u"))
        dur = self._duration(n, unit)
        return TimeExpr(m.start(), m.end(), m.group(0), None, None, "unknown", "relative", duration=dur)

    def h_rolling(self, m) -> TimeExpr:
        n = word_value(m.group("n"))
        unit = unit_of(m.group("u"))
        which = m.group("which").lower()
        dur = self._duration(n, unit)
        if n is None:
            return TimeExpr(m.start(), m.end(), m.group(0), None, None, "unknown", "relative", duration=dur)
        per_unit = {"day": 1, "night": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365, "decade": 3652,
                    "century": 36524}
        # hours and minutes: whole days, at least one ("the past 24 hours" = the day before)
        days = int(per_unit[unit] * n) if unit in per_unit else max(1, -(-int(n) // 24) if unit == "hour" else 1)
        future = which in ("next", "coming")
        expr = self._rel(m, (lambda d: (d, d + timedelta(days=days))) if future else
                         (lambda d: (d - timedelta(days=days), d)), "interval")
        expr.duration = dur
        return expr

    def h_period(self, m) -> TimeExpr:
        which, unit = m.group("which").lower(), m.group("u").lower()
        if unit == "weekend":
            shift = {"last": -7, "past": -7, "previous": -7, "this": 0, "next": 7, "coming": 7}[which]
            return self._weekend(m, shift if which in ("next", "coming") else 0, strict=which != "this")
        if which in ("past",) or (which == "last" and m.group("the")):
            days = {"week": 7, "month": 30, "year": 365}[unit]
            return self._rel(m, lambda d: (d - timedelta(days=days), d), "interval")
        step = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
        if unit == "week":
            return self._rel(m, lambda d: week_of(d + timedelta(days=7 * step)), "week")
        if unit == "month":
            return self._rel(m, lambda d: month_of(add_months(d, step)), "month")
        return self._rel(m, lambda d: (date(d.year + step, 1, 1), date(d.year + step, 12, 31)), "year")

    def h_earlier_this(self, m) -> TimeExpr:
        unit, rel = m.group("u").lower(), m.group("rel").lower()

        def period(d: date) -> tuple[date, date]:
            if unit == "week":
                return week_of(d)
            if unit == "month":
                return month_of(d)
            return date(d.year, 1, 1), date(d.year, 12, 31)

        fn = (lambda d: (period(d)[0], d)) if rel == "earlier" else (lambda d: (d, period(d)[1]))
        expr = self._rel(m, fn, "interval")
        if unit == "year" and not self.ref.year_known and self.ref.usable:
            expr.begin, expr.until = self.ref.resolve(fn)  # Jan 1 .. publication day is known without a year
        return expr

    def _weekend(self, m, shift: int = 0, strict: bool = False) -> TimeExpr:
        def fn(d: date) -> tuple[date, date]:
            back = (d.weekday() - 5) % 7  # days since the last Saturday (0 on a Saturday)
            if strict and back <= 1:
                back += 7
            sat = d - timedelta(days=back) + timedelta(days=shift)
            return sat, min(sat + timedelta(days=1), d) if shift <= 0 else sat + timedelta(days=1)

        return self._rel(m, fn, "week")

    def h_weekend(self, m) -> TimeExpr:
        return self._weekend(m)

    def h_dayword(self, m) -> TimeExpr:
        w = re.sub(r"\s+", " ", m.group("w").lower())
        if w in ("last night", "overnight"):
            return self._rel(m, lambda d: (d - timedelta(days=1), d), "day")
        offset = {"the day before yesterday": -2, "yesterday": -1, "tomorrow": 1}.get(w, 0)
        return self._rel(m, lambda d: (d + timedelta(days=offset),) * 2, "day")

    def h_weekday(self, m) -> TimeExpr:
        wd = WEEKDAYS.index(m.group("wd").lower())
        which = (m.group("which") or "on").lower()

        def fn(d: date) -> tuple[date, date]:
            back = (d.weekday() - wd) % 7
            if which == "next":
                day = d + timedelta(days=(wd - d.weekday()) % 7 or 7)
            elif which == "last" and back == 0:
                day = d - timedelta(days=7)
            else:
                day = d - timedelta(days=back)
            return day, day

        expr = self._rel(m, fn, "day")
        if which == "since" and expr.begin:
            expr.until, expr.precision = self._until_pub(), "interval"
        return expr

    def _duration(self, n: float | None, unit: str) -> str | None:
        if n is None or unit not in ISO_UNIT:
            return None
        value = n * UNIT_FACTOR.get(unit, 1)
        number = f"{int(value)}" if value == int(value) else f"{value:g}"
        code = ISO_UNIT[unit]
        return f"PT{number}{code}" if unit in ("hour", "minute", "second") else f"P{number}{code}"

    def h_dur_hyphen(self, m) -> TimeExpr:
        n = word_value(m.group("n") or m.group("n2"))
        unit = unit_of(m.group("u") or m.group("u2"))
        return TimeExpr(m.start(), m.end(), m.group(0), None, None, unit if unit in ("day", "week", "month", "year")
                        else "unknown", "duration", duration=self._duration(n, unit))

    def h_duration(self, m) -> TimeExpr:
        n = word_value(m.group("n"))
        unit = unit_of(m.group("u"))
        mod = m.group("mod")
        return TimeExpr(m.start(), m.end(), m.group(0), None, None,
                        unit if unit in ("day", "week", "month", "year") else "unknown", "duration",
                        duration=self._duration(n, unit),
                        modifier=DURATION_MODS.get(re.sub(r"\s+", " ", mod.lower())) if mod else None)

    def h_for_a(self, m) -> TimeExpr:
        unit = unit_of(m.group("u"))
        return TimeExpr(m.start(), m.end(), m.group(0), None, None, unit, "duration", duration=self._duration(1, unit))

    # ---- the pass ------------------------------------------------------------------
    def candidates(self) -> list[TimeExpr]:
        out: list[TimeExpr] = []
        by_name = triggers()
        found: dict[str, list[tuple[int, int]]] = {}  # windows by trigger: several patterns share one

        def windows_of(trigger: re.Pattern) -> list[tuple[int, int]]:
            if trigger.pattern not in found:
                found[trigger.pattern] = windows(self.text, trigger)
            return found[trigger.pattern]

        for name, rx in patterns():
            handler = getattr(self, f"h_{name}")
            seen: set[tuple[int, int]] = set()
            for start, end in windows_of(by_name[name]):
                for m in rx.finditer(self.text, start, end):
                    if m.span() in seen:
                        continue
                    seen.add(m.span())
                    expr = handler(m)
                    if expr is not None:
                        out.append(expr)
        for name, day, rx, context in anchors():
            if not context.search(self.text):
                continue
            matches = (m for start, end in windows_of(ANCHOR_TRIGGER)
                       for m in rx.finditer(self.text, start, end))
            for m in sorted({m.span(): m for m in matches}.values(), key=lambda m: m.span()):
                since = (m.group("since") or "").lower()
                iso = day.isoformat()
                if since in ("since", "from", "after"):
                    expr = TimeExpr(m.start(), m.end(), m.group(0), iso, self._until_pub(), "interval", "relative")
                elif since in ("until", "before"):
                    expr = TimeExpr(m.start(), m.end(), m.group(0), None, iso, "interval", "relative")
                else:
                    expr = TimeExpr(m.start(), m.end(), m.group(0), iso, iso, "day", "relative")
                expr.anchor = name
                out.append(expr)
        return out

    def from_entities(self, taken: list[tuple[int, int]]) -> list[TimeExpr]:
        """spaCy DATE entities with an explicit year that no rule read, via dateparser."""
        out = []
        for ent in self.doc.ents:
            if ent.label_ != "DATE" or not re.search(YEAR_RX, ent.text):
                continue
            if any(ent.start_char < e and s < ent.end_char for s, e in taken):
                continue
            parsed = _dateparse(ent.text)
            if parsed is None or str(parsed[0].year) not in ent.text:
                continue  # dateparser fills gaps with today's date: keep only what the text says
            day, period = parsed
            if period == "day":
                begin = until = day.isoformat()
            elif period == "month":
                begin, until = day.replace(day=1).isoformat(), month_end(day.year, day.month).isoformat()
            else:
                begin, until = f"{day.year:04d}-01-01", f"{day.year:04d}-12-31"
            out.append(TimeExpr(ent.start_char, ent.end_char, ent.text, begin, until, period, "date"))
        return out

    def run(self) -> list[TimeExpr]:
        chosen: list[TimeExpr] = []
        for expr in sorted(self.candidates(), key=lambda e: (-(e.end - e.start), e.start)):
            if any(expr.start < c.end and c.start < expr.end for c in chosen):
                continue
            chosen.append(expr)
        chosen += self.from_entities([(c.start, c.end) for c in chosen])
        return sorted(chosen, key=lambda e: (e.start, e.end))


def _dateparse(text: str) -> tuple[date, str] | None:
    try:
        from dateparser.date import DateDataParser
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return None
    parser = _date_parser(DateDataParser)
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    period = data.period if data.period in ("day", "month", "year") else "day"
    return data.date_obj.date(), period


def prepare_date_parser() -> None:
    """Parse one date now: dateparser compiles its time-zone patterns on first use (about half
    a CPU second), which a process that forks workers pays once this way."""
    _dateparse("March 2014")


@lru_cache(maxsize=1)
def _date_parser(cls):
    return cls(languages=["en"], settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first",
                                           "RETURN_TIME_AS_PERIOD": False})


def extract_times(doc: Doc, published: PartialDate | None) -> list[TimeExpr]:
    """Time expressions of a Doc, resolved against ``published`` (offsets relative to ``doc.text``)."""
    return _Times(doc, published).run()
