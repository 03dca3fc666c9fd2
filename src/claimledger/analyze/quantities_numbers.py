"""Reading numbers out of spaCy tokens: digits, number words, scales, vague plurals.

A *number atom* is the shortest run of tokens that writes one number: ``1,500``,
``15,000``, ``twenty-five``, ``one hundred and fifty``, ``1.5 million``, ``a dozen``,
``thousands``, ``tens of thousands``.  Digit groups that break the thousands
convention (``1,5000``, ``12,34``) are *malformed*: the atom keeps value ``None`` and
the flag, so nobody silently reads ``1,5000`` as 1,500 or 15,000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import IDX, LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
# Abbreviated scales written after digits: "2m", "5bn", "10k" (split or glued).
SHORT_SCALES = {"m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
                "k": 1_000}
# Vague plurals: "thousands" means at least two thousand; low = 2 x scale.
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
         "billions": 1_000_000_000, "tens": 10}
FEW = {"several": 3, "a few": 2, "few": 2}

WELL_FORMED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
DIGITISH = re.compile(r"^\d(?:[\d,.]*\d)?$")
GLUED_SCALE = re.compile(r"^(\d(?:[\d,.]*\d)?)(bn|mn|m|k|b|thousand|million|billion|trillion)$", re.IGNORECASE)
RANGE_TOKEN = re.compile(r"^(\d(?:[\d,.]*\d)?)[-\u2013\u2014](\d(?:[\d,.]*\d)?)$")


# Words that can start a number atom; any other token without a leading digit cannot.
START_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(VAGUE) | {"a", "dozen", "several", "few"}


_START_HASHES = frozenset(hash_string(w) for w in START_WORDS)


def start_candidates(doc: Doc, text: str) -> list[int]:
    """The tokens that may start a number atom (cheap test before ``atom_at``): a digit first,
    or a number word; read from the Doc's arrays (``text``: ``doc.text``), without making a
    Token object for every word."""
    rows = doc.to_array([IDX, LOWER]).tolist()
    return [i for i, (idx, lower) in enumerate(rows) if lower in _START_HASHES or text[idx].isdigit()]


@dataclass
class Atom:
    """One written number: tokens [start, end), its value or why it has none."""

    start: int
    end: int
    value: float | None
    malformed: bool = False
    vague: bool = False
    low: float | None = None  # lower bound of a vague number ("thousands" -> 2000)
    digits: bool = False  # written with digits (years and dates are digits)
    high_value: float | None = None  # second half of a one-token range "10-12"
    round_word: bool = False  # "a dozen": a round count, not an exact one


def parse_digits(text: str) -> tuple[float | None, bool]:
    """Value of a digit string and whether it is malformed (never repaired)."""
    if not WELL_FORMED.match(text):
        return None, True
    return float(text.replace(",", "")), False


def _word_number(doc: Doc, i: int, end: int) -> tuple[int, float] | None:
    """Number words from token i ("twenty - five", "one hundred and fifty")."""
    total, current, j, seen = 0.0, 0.0, i, False
    while j < end:
        low = doc[j].lower_
        if low in UNITS:
            current += UNITS[low]
        elif low in TENS:
            current += TENS[low]
            # "twenty-five": hyphen then a unit word
            if j + 2 < end and doc[j + 1].text == "-" and doc[j + 2].lower_ in UNITS:
                current += UNITS[doc[j + 2].lower_]
                j += 2
        elif low == "dozen" and seen:  # "four dozen"
            current = max(current, 1) * 12
        elif (low in SCALES or low.rstrip("s") in SCALES) and seen:  # "three hundreds of them"
            scale = SCALES[low.rstrip("s")] if low not in SCALES else SCALES[low]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif low == "and" and seen and j + 1 < end and (doc[j + 1].lower_ in UNITS or doc[j + 1].lower_ in TENS) \
                and doc[j - 1].lower_ in SCALES:
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return j, total + current


def atom_at(doc: Doc, i: int, end: int) -> Atom | None:
    """The number atom that starts at token i (tokens up to ``end``), or None."""
    tok = doc[i]
    text, low = tok.text, tok.lower_
    if DIGITISH.match(text):
        value, malformed = parse_digits(text)
        j = i + 1
        if j < end and value is not None:
            nxt = doc[j].lower_
            if nxt in SCALES and nxt != "hundred" or (nxt in SHORT_SCALES and doc[j].idx == tok.idx + len(text)):
                value *= SCALES.get(nxt) or SHORT_SCALES[nxt]
                j += 1
        return Atom(i, j, value, malformed=malformed, digits=True)
    glued = GLUED_SCALE.match(text)
    if glued:
        value, malformed = parse_digits(glued.group(1))
        if value is not None:
            scale = glued.group(2).lower()
            value *= SHORT_SCALES.get(scale) or SCALES[scale]
        return Atom(i, i + 1, value, malformed=malformed, digits=True)
    ranged = RANGE_TOKEN.match(text)
    if ranged:
        a, bad_a = parse_digits(ranged.group(1))
        b, bad_b = parse_digits(ranged.group(2))
        return Atom(i, i + 1, a, malformed=bad_a or bad_b, digits=True, high_value=b)
    if low == "a" and i + 1 < end and doc[i + 1].lower_ in ("dozen", "hundred", "thousand", "million", "billion"):
        word = doc[i + 1].lower_
        return Atom(i, i + 2, 12.0 if word == "dozen" else float(SCALES[word]), round_word=word == "dozen")
    if low in ("dozen",):
        return Atom(i, i + 1, 12.0, round_word=True)
    if low in VAGUE:
        # "tens of thousands", "hundreds of thousands"
        if i + 2 < end and doc[i + 1].lower_ == "of" and doc[i + 2].lower_ in VAGUE and VAGUE[doc[i + 2].lower_] > VAGUE[low]:
            scale = VAGUE[low] * VAGUE[doc[i + 2].lower_]
            return Atom(i, i + 3, None, vague=True, low=2.0 * scale)
        if low == "tens":
            return None
        return Atom(i, i + 1, None, vague=True, low=2.0 * VAGUE[low])
    for few, n in FEW.items():
        words = few.split()
        k = len(words)
        if [t.lower_ for t in doc[i:i + k]] != words:
            continue
        after = doc[i + k].lower_ if i + k < end else ""
        if after == "dozen":  # "several dozen", "a few dozen": at least two dozen
            return Atom(i, i + k + 1, None, vague=True, low=24.0)
        if after in SCALES:
            return Atom(i, i + k + 1, None, vague=True, low=float(n * SCALES[after]))
        if few == "several":  # "several of the students", "several people"
            return Atom(i, i + 1, None, vague=True, low=float(n))
    if low in UNITS or low in TENS:
        found = _word_number(doc, i, end)
        if found:
            j, value = found
            return Atom(i, j, value)
    return None
