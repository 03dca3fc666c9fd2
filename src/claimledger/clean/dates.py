"""Publication dates as they appear on scraped pages: "Mar 7", "7 March 2023", "2023-03-07".

A date with no year keeps the year unknown (``PartialDate(None, 3, 7)``): it is never
invented.  ``year_from_page`` may fill it from a full date elsewhere on the same page
with the same month and day.
"""

from __future__ import annotations

import re

from claimledger.records import PartialDate

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_CLOCK = r"\d{1,2}\s*[:.]\s*\d{2}\s*(?:[ap]\.?\s?m\.?)?(?:\s*[A-Z]{2,4}\b)?"
_STAMP_CUE = r"(?:first\s+|last\s+)?(?:published|updated|posted)"
# a stamp may open with the time ("7:15 a.m. Dec. 7, 2009")
_LEAD = r"^\s*(?:" + _CLOCK + r"\s*,?\s*)?(?:" + _STAMP_CUE + r"\s*(?:on|at)?\s*:?\s*)?" + _WEEKDAY
_TAIL = r"(?:\s*(?:,|at|-|•|\|)?\s*\d{1,2}[:.]\d{2}\s*(?:am|pm)?(?:\s*[A-Z]{2,4})?)?\s*$"

_PATTERNS = [
    re.compile(_LEAD + _MONTH + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?" + _TAIL, re.I),
    re.compile(_LEAD + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?" + _TAIL, re.I),
    re.compile(_LEAD + _YEAR + r"-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:[T ][\d:.+Z-]*)?\s*$", re.I),
]
# "Posted December 5, 2014 by …", "Updated: 7 March 2023 10:02": a stamp inside a longer line
_STAMPS = [
    re.compile(r"(?i:\b" + _STAMP_CUE + r")\s*(?i:on|at)?\s*:?\s*" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+"
               + _YEAR + r"\b", re.I),
    re.compile(r"(?i:\b" + _STAMP_CUE + r")\s*(?i:on|at)?\s*:?\s*" + _WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH
               + r",?\s+" + _YEAR + r"\b", re.I),
]
_ANYWHERE = [
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I),
]


def _to_date(match: re.Match[str]) -> PartialDate | None:
    month_text = match.group("month").lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
    day = int(match.group("day"))
    year = match.groupdict().get("year")
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return PartialDate(int(year) if year else None, month, day)


def parse_dateline(line: str) -> PartialDate | None:
    """A line that is only a date (with optional "Updated", weekday and time)."""
    if len(line) > 80:
        return None
    for pattern in _PATTERNS:
        match = pattern.match(line)
        if match:
            return _to_date(match)
    return None


def year_from_page(text: str, date: PartialDate) -> int | None:
    """The year of a full date elsewhere on the page that has the same month and day."""
    for pattern in _ANYWHERE:
        for match in pattern.finditer(text):
            found = _to_date(match)
            if found and found.month == date.month and found.day == date.day:
                return found.year
    return None


def stamp_in_text(text: str) -> PartialDate | None:
    """The publication date a page states in its text ("Posted December 5, 2014"), when no
    dateline line gave one: the first "posted" or "published" stamp, else the first "updated"
    one (an update comes after publication).  Only full dates with a year count."""
    found: list[tuple[int, bool, PartialDate]] = []
    for pattern in _STAMPS:
        for match in pattern.finditer(text):
            date = _to_date(match)
            if date is not None:
                found.append((match.start(), "updated" in match.group(0).lower(), date))
    if not found:
        return None
    return min(found, key=lambda f: (f[1], f[0]))[2]
