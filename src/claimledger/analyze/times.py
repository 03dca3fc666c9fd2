"""Time expressions, resolved against the publication date as intervals with a precision.

``extract_times(doc, published)`` returns :class:`~claimledger.records.TimeExpr` records
(offsets relative to ``doc.text``).  Rules, not a model, because the hard cases are
relative and vague:

=============================  =========================================================
"24 February", "Feb 24, 2022"  day; a missing year is the publication year, or the year
                               before when that would be > 45 days after publication
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
from .lexicons import table
from .quantities_numbers import TENS, UNITS
from .times_calendar import Reference, add_months, infer_year, iso_partial, month_end, month_of, part_of_month, week_of

MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
              "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
ISO_UNIT = {"day": "D", "night": "D", "week": "W", "fortnight": "W", "month": "M", "year": "Y", "decade": "Y",
            "century": "Y", "hour": "H", "minute": "M", "second": "S"}
UNIT_FACTOR = {"fortnight": 2, "decade": 10, "century": 100}
DURATION_MODS = {"less than": "under", "fewer than": "under", "under": "under", "more than": "over",
                 "over": "over", "just over": "over", "nearly": "almost", "almost": "almost", "about": "approx",
                 "around": "approx", "some": "approx", "roughly": "approx", "at least": "at_least",
                 "up to": "up_to", "just under": "almost"}

_M_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_M_ANY = _M_FULL + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMWORD = "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True))
_NUM = r"(?:\d{1,3}|(?:" + _NUMWORD + r")(?:-(?:" + "|".join(UNITS) + r"))?|a\s+few|a\s+couple\s+of|several|a|an)"
_NUM_STRICT = r"(?:\d{1,3}|(?:" + _NUMWORD + r")(?:-(?:" + "|".join(UNITS) + r"))?|a\s+few|several)"
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|centur(?:y|ie))s?"
_YEAR = r"(?:19|20)\d{2}"
_PREP = r"(?:in|since|until|till|by|during|from|before|after|through|throughout|of|on|at)"


def _word_value(text: str) -> float | None:
    text = text.lower().replace("-", " ").split()
    if not text:
        return None
    if text[0] in ("a", "an"):
        return 1.0
    if text[0] in ("several", "few", "couple") or text[:2] in (["a", "few"], ["a", "couple"]):
        return None
    if text[0].isdigit():
        return float(text[0])
    total = 0.0
    for w in text:
        total += UNITS.get(w, TENS.get(w, 0))
    return total or None


def _unit(text: str) -> str:
    text = text.lower()
    text = "century" if text.startswith("centur") else text.rstrip("s")
    return text


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    p = [
        ("dmy", r"\b(?:(?P<wd>" + _WD + r"),?\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>"
         + _M_ANY + r")(?:,?\s+(?P<y>" + _YEAR + r"))?\b"),
        ("mdy", r"\b(?:(?P<wd>" + _WD + r"),?\s+)?(?P<m>" + _M_ANY + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\d,]\d)"
         r"(?:,?\s+(?P<y>" + _YEAR + r"))?\b"),
        ("month", r"(?:\b(?P<prep>(?i:" + _PREP + r"))\s+)?(?:(?P<part>(?i:early|mid|late|the\s+end\s+of|the\s+"
         r"beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of|beginning\s+of|start\s+of|middle\s+of))"
         r"[\s-]+|(?P<mid>(?i:mid-)))?\b(?P<m>" + _M_FULL + r")(?!\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\d))"
         r"(?:\s+(?P<y>" + _YEAR + r"))?\b"),
        ("year", r"\b(?P<prep>(?i:in|since|until|till|by|during|from|before|after|throughout|early|late|mid-?))\s+"
         r"(?P<y>" + _YEAR + r")\b(?![-\u2013]\d)"),
        ("season", r"\b(?P<which>(?i:last|this|next|in|since|during|by|until|(?:in\s+)?the))\s+(?P<s>(?i:spring|summer|"
         r"autumn|fall|winter))\b(?:\s+(?:of\s+)?(?P<y>" + _YEAR + r"))?"),
        ("ago", r"(?i:\b(?P<n>" + _NUM + r")\s+(?P<u>" + _UNIT + r")\s+ago\b)"),
        ("vague_rel", r"(?i:\b(?:just\s+|only\s+)?(?:days|weeks|months|years)\s+(?:later|earlier|before|after|ago)\b)"),
        ("rel_n", r"(?i:\b(?P<n>" + _NUM + r")\s+(?P<u>" + _UNIT + r")\s+(?:later|earlier|after|before)\b)"),
        ("rolling", r"(?i:\b(?:the\s+)?(?P<which>past|last|previous|next|coming)\s+(?P<n>" + _NUM_STRICT
         + r")\s+(?P<u>" + _UNIT + r")\b)"),
        ("period", r"(?i:\b(?P<the>the\s+)?(?P<which>last|this|next|past|previous|coming)\s+(?P<u>week|month|year|"
         r"weekend)\b)"),
        ("earlier_this", r"(?i:\b(?P<rel>earlier|later)\s+(?:this|in\s+the)\s+(?P<u>week|month|year)\b)"),
        ("weekend", r"(?i:\b(?:over|at|during)\s+the\s+weekend\b)"),
        ("dayword", r"(?i:\b(?P<w>the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|this\s+"
         r"(?:morning|afternoon|evening)|last\s+night|overnight)\b)"),
        ("weekday", r"\b(?:(?P<which>(?i:on|last|this|next|since|by|until))\s+)?(?P<wd>" + _WD
         + r")\b(?:\s+(?i:morning|afternoon|evening|night))?"),
        ("dur_hyphen", r"(?i:\b(?P<n>" + _NUM_STRICT + r"|a|an)[-\s](?P<u>second|minute|hour|day|night|week|month|"
         r"year|decade)s?-long\b|\b(?P<n2>" + _NUM_STRICT + r")-(?P<u2>second|minute|hour|day|night|week|month|year|"
         r"decade)\b)"),
        ("duration", r"(?i:\b(?:(?P<mod>less\s+than|fewer\s+than|more\s+than|just\s+over|just\s+under|over|nearly|"
         r"almost|about|around|at\s+least|up\s+to|some|roughly)\s+)?(?P<n>" + _NUM_STRICT + r")\s+(?P<u>" + _UNIT
         + r")\b(?!\s+(?:ago|later|earlier|before|after|old)\b))"),
        ("for_a", r"(?i:\b(?:for|within|over)\s+(?P<n>a|an)\s+(?P<u>day|week|month|year|fortnight)\b)"),
    ]
    return [(name, re.compile(rx)) for name, rx in p]


_UNIT_WORD = r"(?i:\b(?:second|minute|hour|day|night|week|fortnight|month|year|decade|centur))"
# Each pattern is tried only in windows around its trigger (the word every match
# contains), 80 characters back and 40 on: the patterns open with long optional
# prefixes that are slow to try at every position of a long text.
TRIGGERS: dict[str, str] = {
    "dmy": _M_ANY, "mdy": _M_ANY, "month": _M_FULL, "year": r"\b" + _YEAR + r"\b",
    "season": r"(?i:spring|summer|autumn|fall|winter)", "ago": r"(?i:\bago\b)",
    "vague_rel": r"(?i:\b(?:later|earlier|before|after|ago)\b)", "rel_n": r"(?i:\b(?:later|earlier|before|after)\b)",
    "rolling": _UNIT_WORD, "period": r"(?i:\b(?:week|month|year|weekend)\b)",
    "earlier_this": r"(?i:\b(?:earlier|later)\b)", "weekend": r"(?i:weekend)",
    "dayword": r"(?i:yesterday|today|tonight|tomorrow|morning|afternoon|evening|night)",
    "weekday": _WD, "dur_hyphen": _UNIT_WORD, "duration": _UNIT_WORD, "for_a": _UNIT_WORD,
}
BACK, AHEAD = 80, 40
# every anchor phrase in lexicons/time_anchors.tsv names the event with one of these
_ANCHOR_TRIGGER = re.compile(r"(?i:invasion|invaded|full[- ]scale|annex)")


@lru_cache(maxsize=1)
def _triggers() -> dict[str, re.Pattern]:
    return {name: re.compile(rx) for name, rx in TRIGGERS.items()}


def _windows(text: str, trigger: re.Pattern) -> list[tuple[int, int]]:
    """Merged windows around trigger hits, starting at white space."""
    out: list[tuple[int, int]] = []
    for hit in trigger.finditer(text):
        start = max(0, hit.start() - BACK)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = min(len(text), hit.end() + AHEAD)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


@lru_cache(maxsize=1)
def _anchors() -> list[tuple[str, date, re.Pattern, re.Pattern]]:
    out = []
    for name, iso, phrase, context in table("time_anchors.tsv"):
        rx = re.compile(r"(?i:\b(?:(?P<since>since|from|after|before|at|on|until)\s+)?(?:the\s+)?(?:" + phrase + r"))")
        out.append((name, date.fromisoformat(iso), rx, re.compile(context)))
    return out


class _Times:
    def __init__(self, doc: Doc, published: PartialDate | None):
        self.doc = doc
        self.text = doc.text
        self.published = published
        self.ref = Reference(published)
        self.pub_date = self.ref.dates[0] if (self.ref.year_known and self.ref.dates) else None

    # ---- helpers -------------------------------------------------------------------
    def _year_for(self, month: int, day: int | None, explicit: str | None) -> int | None:
        if explicit:
            return int(explicit)
        if self.pub_date is not None:
            return infer_year(self.pub_date, month, day)
        return None

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
        year = self._year_for(month, day, m.group("y"))
        try:
            date(year or 2000, month, day)
        except ValueError:
            return None
        iso = iso_partial(year, month, day)
        return TimeExpr(m.start(), m.end(), m.group(0), iso, iso, "day", "date",
                        anchor="published" if year and not m.group("y") else None)

    h_mdy = h_dmy

    def h_month(self, m) -> TimeExpr | None:
        name, prep, part = m.group("m"), m.group("prep"), m.group("part") or m.group("mid")
        if name in ("May", "March") and not (prep or part or m.group("y")):
            return None  # "May" and "March" are also a verb and a modal
        month = MONTHS[name.lower()]
        year = self._year_for(month, None, m.group("y"))
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
                        anchor="published" if year and not m.group("y") else None)
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
        n = _word_value(m.group("n"))
        unit = _unit(m.group("u"))
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
        n = _word_value(m.group("n"))
        unit = _unit(m.group("u"))
        dur = self._duration(n, unit)
        return TimeExpr(m.start(), m.end(), m.group(0), None, None, "unknown", "relative", duration=dur)

    def h_rolling(self, m) -> TimeExpr:
        n = _word_value(m.group("n"))
        unit = _unit(m.group("u"))
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
        n = _word_value(m.group("n") or m.group("n2"))
        unit = _unit(m.group("u") or m.group("u2"))
        return TimeExpr(m.start(), m.end(), m.group(0), None, None, unit if unit in ("day", "week", "month", "year")
                        else "unknown", "duration", duration=self._duration(n, unit))

    def h_duration(self, m) -> TimeExpr:
        n = _word_value(m.group("n"))
        unit = _unit(m.group("u"))
        mod = m.group("mod")
        return TimeExpr(m.start(), m.end(), m.group(0), None, None,
                        unit if unit in ("day", "week", "month", "year") else "unknown", "duration",
                        duration=self._duration(n, unit),
                        modifier=DURATION_MODS.get(re.sub(r"\s+", " ", mod.lower())) if mod else None)

    def h_for_a(self, m) -> TimeExpr:
        unit = _unit(m.group("u"))
        return TimeExpr(m.start(), m.end(), m.group(0), None, None, unit, "duration", duration=self._duration(1, unit))

    # ---- the pass ------------------------------------------------------------------
    def candidates(self) -> list[TimeExpr]:
        out: list[TimeExpr] = []
        triggers = _triggers()
        for name, rx in _patterns():
            handler = getattr(self, f"h_{name}")
            seen: set[tuple[int, int]] = set()
            for start, end in _windows(self.text, triggers[name]):
                for m in rx.finditer(self.text, start, end):
                    if m.span() in seen:
                        continue
                    seen.add(m.span())
                    expr = handler(m)
                    if expr is not None:
                        out.append(expr)
        for name, day, rx, context in _anchors():
            if not context.search(self.text):
                continue
            matches = (m for start, end in _windows(self.text, _ANCHOR_TRIGGER)
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
            if ent.label_ != "DATE" or not re.search(_YEAR, ent.text):
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


@lru_cache(maxsize=1)
def _date_parser(cls):
    return cls(languages=["en"], settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first",
                                           "RETURN_TIME_AS_PERIOD": False})


def extract_times(doc: Doc, published: PartialDate | None) -> list[TimeExpr]:
    """Time expressions of a Doc, resolved against ``published`` (offsets relative to ``doc.text``)."""
    return _Times(doc, published).run()
