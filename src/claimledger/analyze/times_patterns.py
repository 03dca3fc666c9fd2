"""What a time expression looks like: month and weekday names, units and the regular
expressions (with the trigger words that bound where each is tried) that ``times`` resolves.

Kept apart from ``times`` because these say what the text reads like; ``times`` says what
each match means against the publication date.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .lexicons import table
from .quantities_numbers import TENS, UNITS

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
# "the fourteenth century" (spelt out), longest first so "twenty-first" is not read as "first"
ORDINAL_CENTURIES = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first".split(), start=1)}
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
YEAR_RX = r"(?:19|20)\d{2}"
_PREP = r"(?:in|since|until|till|by|during|from|before|after|through|throughout|of|on|at)"


def word_value(text: str) -> float | None:
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


def unit_of(text: str) -> str:
    text = text.lower()
    text = "century" if text.startswith("centur") else text.rstrip("s")
    return text


def era_bounds(text: str) -> tuple[str, str] | None:
    """First and last day of the named age ``text`` is (``lexicons/time_eras.tsv``)."""
    for rx, begin, until in _eras():
        if rx.fullmatch(text):
            return begin, until
    return None


@lru_cache(maxsize=1)
def _eras() -> list[tuple[re.Pattern, str, str]]:
    return [(re.compile(row[0], re.I), row[1], row[2]) for row in table("time_eras.tsv")]


@lru_cache(maxsize=1)
def patterns() -> list[tuple[str, re.Pattern]]:
    p = [
        ("dmy", r"\b(?:(?P<wd>" + _WD + r"),?\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>"
         + _M_ANY + r")(?:,?\s+(?P<y>" + YEAR_RX + r"))?\b"),
        ("mdy", r"\b(?:(?P<wd>" + _WD + r"),?\s+)?(?P<m>" + _M_ANY + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?![\d,]\d)"
         r"(?:,?\s+(?P<y>" + YEAR_RX + r"))?\b"),
        ("month", r"(?:\b(?P<prep>(?i:" + _PREP + r"))\s+)?(?:(?P<part>(?i:early|mid|late|the\s+end\s+of|the\s+"
         r"beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of|beginning\s+of|start\s+of|middle\s+of))"
         r"[\s-]+|(?P<mid>(?i:mid-)))?\b(?P<m>" + _M_FULL + r")(?!\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\d))"
         r"(?:\s+(?P<y>" + YEAR_RX + r"))?\b"),
        # "in the 14th century": a figure of another age
        ("century", r"(?i:\b(?:in\s+)?the\s+(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>" + "|".join(ORDINAL_CENTURIES)
         + r"))[\s-]+century\b)"),
        # "during World War II", "in the Middle Ages": a named age (lexicons/time_eras.tsv)
        ("era", r"(?i:\b(?P<era>" + "|".join(f"(?:{row[0]})" for row in table("time_eras.tsv")) + r")\b)"),
        # "between 2010 and 2015", "from 2014 to 2016", "2014-2016", "1950-53"
        ("year_range", r"\b(?:(?P<prep>(?i:between|from))\s+)?(?:(?P<p1>(?i:early|mid|late))[\s-]+)?(?P<y1>" + YEAR_RX
         + r")(?:\s+(?i:and|to|until|through)\s+(?:(?P<p2>(?i:early|mid|late))[\s-]+)?|\s?[-\u2013]\s?)(?P<y2>"
         + YEAR_RX + r"|\d{2})\b(?![-\u2013]\d)"),
        ("year", r"\b(?P<prep>(?i:in|since|until|till|by|during|from|before|after|throughout|early|late|mid-?))\s+"
         r"(?P<y>" + YEAR_RX + r")\b(?![-\u2013]\d)"),
        ("season", r"\b(?P<which>(?i:last|this|next|in|since|during|by|until|(?:in\s+)?the))\s+(?P<s>(?i:spring|summer|"
         r"autumn|fall|winter))\b(?:\s+(?:of\s+)?(?P<y>" + YEAR_RX + r"))?"),
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
    "dmy": _M_ANY, "mdy": _M_ANY, "month": _M_FULL, "year": r"\b" + YEAR_RX + r"\b",
    "year_range": r"\b" + YEAR_RX + r"\b", "century": r"(?i:century)",
    "era": r"(?i:\b(?:war|holocaust|ages|ww\s?(?:ii|i|1|2))\b)",
    "season": r"(?i:spring|summer|autumn|fall|winter)", "ago": r"(?i:\bago\b)",
    "vague_rel": r"(?i:\b(?:later|earlier|before|after|ago)\b)", "rel_n": r"(?i:\b(?:later|earlier|before|after)\b)",
    "rolling": _UNIT_WORD, "period": r"(?i:\b(?:week|month|year|weekend)\b)",
    "earlier_this": r"(?i:\b(?:earlier|later)\b)", "weekend": r"(?i:weekend)",
    "dayword": r"(?i:yesterday|today|tonight|tomorrow|morning|afternoon|evening|night)",
    "weekday": _WD, "dur_hyphen": _UNIT_WORD, "duration": _UNIT_WORD, "for_a": _UNIT_WORD,
}
BACK, AHEAD = 80, 40
# every anchor phrase in lexicons/time_anchors.tsv names the event with one of these (or is "9/11")
ANCHOR_TRIGGER = re.compile(r"(?i:invasion|invaded|full[- ]scale|annex|\b9/11\b)")


@lru_cache(maxsize=1)
def triggers() -> dict[str, re.Pattern]:
    return {name: re.compile(rx) for name, rx in TRIGGERS.items()}


def windows(text: str, trigger: re.Pattern) -> list[tuple[int, int]]:
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
def anchors() -> list[tuple[str, date, re.Pattern, re.Pattern]]:
    out = []
    for name, iso, phrase, context in table("time_anchors.tsv"):
        rx = re.compile(r"(?i:\b(?:(?P<since>since|from|after|before|at|on|until)\s+)?(?:the\s+)?(?:" + phrase + r"))")
        out.append((name, date.fromisoformat(iso), rx, re.compile(context)))
    return out



def text_years(text: str) -> list[tuple[int, int]]:
    """(offset, year) of every full date or month with its year the text states, in order."""
    found = []
    for name, rx in patterns():
        if name in ("dmy", "mdy", "month"):
            found += [(m.start(), int(m.group("y"))) for m in rx.finditer(text) if m.group("y")]
    return sorted(found)
