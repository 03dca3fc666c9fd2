"""Rule spans for what spaCy's news NER does not know: military units, weapons, outlets.

Each rule is a regular expression built from a word list in ``lexicons/`` and run
over ``doc.text``; a hit is a :class:`RuleSpan` with character offsets relative to
``doc.text``.  Overlaps are resolved longest first.  The spans are computed once per
Doc and cached in ``doc.user_data`` because the quantity extractor needs the weapon
spans too ("Leopard 2", "T-72" hold numbers that are not counts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from .lexicons import mapping, table, words
from .pipeline_units import doc_text

CACHE_KEY = "claimledger.rule_spans"

# Letters-hyphen-digits designators: T-72, MK-20, Su-25, S-400, BM-21, TOS-1A, F-16s.
_DESIGNATOR = r"\b[A-Z][A-Za-z]{0,2}-\d{1,4}(?:[A-Z]{1,3}\d?)?(?:s\b|\b)"
# Western gun and vehicle type numbers: M777, M142, M109A6.
_M_TYPE = r"\bM\d{3}(?:[A-Z]\d?)?s?\b"
# Prefixes that make letter-digit codes that are not weapons (COVID-19 is four letters).
_NOT_WEAPON_PREFIX = {"G", "MH", "No", "Vol", "Art", "Ch", "P", "UK", "US", "EU", "UN", "Pp", "Q"}
_CALIBRE_HEADS = r"shells?|rounds?|howitzers?|guns?|mortars?|ammunition|artillery|munitions|rockets?|cannons?|bullets?"
_CALIBRE = (r"\b\d{2,3}(?:\.\d{1,2})?\s?-?\s?(?:mm|millimet(?:re|er)s?)\b"
            r"(?:\s+(?!(?:and|or|of|with|the|to|for|from|in)\b)[a-z][a-z-]*){0,3}\s+(?:"
            + _CALIBRE_HEADS + r")\b")
_MILITARY_FOLLOWERS = (r"mercenar(?:y|ies)|fighters?|forces?|troops?|militia|soldiers?|chief|boss|founder|"
                       r"commanders?|units?|group|battalion|regiment|brigade|private military company")


@dataclass
class RuleSpan:
    start: int
    end: int
    label: str  # UNIT | WEAPON | ORG (outlets)
    norm: str
    attrs: dict[str, Any] = field(default_factory=dict)


def _alternation(items, escape=True) -> str:
    ordered = sorted(set(items), key=lambda s: (-len(s), s))
    return "|".join(re.escape(s) if escape else s for s in ordered)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str, str]]:
    unit_nouns = _alternation(words("unit_nouns.txt"))
    unit_mods = _alternation(words("unit_modifiers.txt"))
    ordinal_unit = re.compile(
        r"\b\d{1,4}(?:st|nd|rd|th)(?:\s+(?:[A-Z][\w'\u2019-]*|" + unit_mods + r")){0,5}\s+(?i:" + unit_nouns
        + r")s?\b")
    named_unit = re.compile(
        r"\b(?:[A-Z][\w'\u2019-]+\s+){1,3}(?:Brigade|Division|Regiment|Battalion|Legion|Fleet|Corps|Army)\b")
    generic_unit = re.compile(r"\b(?:" + unit_mods + r")\s+(?:" + _alternation(
        n for n in words("unit_nouns.txt") if n not in ("group", "unit", "company", "wing", "army")) + r")s?\b")
    groups = sorted(words("armed_groups.txt", lower=False))
    multi = [g for g in groups if " " in g or "-" in g]
    single = [g for g in groups if g not in multi]
    armed_multi = re.compile(r"\b(?:" + _alternation(multi) + r")\b")
    armed_single = re.compile(r"\b(?:" + _alternation(single) + r")(?=\s+(?:" + _MILITARY_FOLLOWERS + r")\b)")
    names = sorted(words("weapon_names.txt", lower=False))
    weapon_name = re.compile(
        r"\b(?:" + _alternation(names) + r")(?:[- ](?:\d{1,4}[A-Z]{0,2}\d?|[A-Z]{1,2}\d{1,2})\b)?s?\b")
    generic = "|".join(
        r"(?:" + re.escape(mod).replace(r"\ ", r"[\s-]") + r")\s+(?:" + heads + r")"
        for mod, heads in table("weapon_generic.tsv"))
    weapon_generic = re.compile(r"\b(?i:" + generic + r")\b")
    return [
        (ordinal_unit, "UNIT", "ordinal"),
        (armed_multi, "UNIT", "armed_group"),
        (armed_single, "UNIT", "armed_group"),
        (named_unit, "UNIT", "named"),
        (generic_unit, "UNIT", "generic"),
        (re.compile(_CALIBRE), "WEAPON", "calibre"),
        (weapon_name, "WEAPON", "name"),
        (re.compile(_DESIGNATOR), "WEAPON", "designator"),
        (re.compile(_M_TYPE), "WEAPON", "designator"),
        (weapon_generic, "WEAPON", "generic"),
    ]


@lru_cache(maxsize=1)
def _outlet_pattern() -> re.Pattern:
    needs_article, free = [], []
    for entry in words("outlets.txt", lower=False):
        (needs_article if entry.startswith("the ") else free).append(entry[4:] if entry.startswith("the ") else entry)
    return re.compile(r"\b(?:(?P<art>[Tt]he\s+)(?P<req>" + _alternation(needs_article) + r")|(?:[Tt]he\s+)?(?P<free>"
                      + _alternation(free) + r"))\b(?![\w-])")


_LEADING = re.compile(r"^(?:(?:The|A|An|This|That|These|Those|His|Her|Its|Their|Our|Russia's|Ukraine's)\s+)+")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


def weapon_norm(text: str, kind: str) -> str:
    """One spelling per weapon: ASCII dashes, no plural "s" on names and designators."""
    norm = " ".join(text.translate(_DASHES).split())
    if kind in ("designator", "name") and norm.endswith("s") and not norm.isupper():
        stem = norm[:-1]
        if stem and (stem[-1].isdigit() or stem[-1].isupper() or kind == "name"):
            norm = stem
    if kind == "designator":
        letters, _, rest = norm.partition("-")
        if letters.lower() == "mk":
            norm = "MK-" + rest
    if kind in ("generic", "calibre"):
        norm = norm.lower()
    return norm


def _unit_norm(text: str, kind: str) -> str:
    norm = " ".join(text.split())
    if kind == "generic":
        return norm.lower()
    return norm


def _military_sentence(text: str, start: int, end: int) -> bool:
    left = text.rfind(".", 0, start)
    right = text.find(".", end)
    window = text[left + 1: right if right != -1 else len(text)].lower()
    return bool(re.search(r"\b(?:troops|soldiers|fighters|mercenar|forces|army|military|battle|front|assault)", window))


def _find(text: str) -> list[RuleSpan]:
    found: list[RuleSpan] = []
    for pattern, label, kind in _patterns():
        for m in pattern.finditer(text):
            start, end = m.span()
            if kind == "named":
                lead = _LEADING.match(m.group(0))
                if lead:
                    start += lead.end()
                first = re.match(r"(\S+)\s+", text[start:end])
                if first and first.group(1) in mapping("demonyms.tsv", lower=False):
                    start += first.end()  # "Russian Black Sea Fleet": the side is not the name
                if " " not in text[start:end].strip():
                    continue
            if kind == "designator" and m.group(0).split("-")[0] in _NOT_WEAPON_PREFIX:
                continue
            if label == "UNIT":
                found.append(RuleSpan(start, end, label, _unit_norm(text[start:end], kind), {"kind": kind}))
            else:
                norm = weapon_norm(text[start:end], kind)
                attrs: dict[str, Any] = {"kind": kind}
                if kind in ("generic", "calibre"):
                    attrs["generic"] = True
                found.append(RuleSpan(start, end, label, norm, attrs))
    # "X Group" is a unit only for armed groups (not "Eurasia Group", "Adani Group").
    for m in re.finditer(r"\b((?:[A-Z][\w'-]+\s+){1,2})Group\b", text):
        if re.search(r"(?:mercenary|paramilitary|private military|armed)\s+$", text[max(0, m.start() - 30):m.start()],
                     re.I) and _military_sentence(text, m.start(), m.end()):
            found.append(RuleSpan(m.start(), m.end(), "UNIT", " ".join(m.group(0).split()), {"kind": "named"}))
    for m in _outlet_pattern().finditer(text):
        if m.group("req"):
            start, end = m.start(), m.end()
            norm = "The " + m.group("req")
        else:
            start, end = m.start("free"), m.end("free")
            norm = m.group("free")
        found.append(RuleSpan(start, end, "ORG", norm, {"kind": "outlet"}))
    return _longest_first(found)


def _longest_first(spans: list[RuleSpan]) -> list[RuleSpan]:
    chosen: list[RuleSpan] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if any(span.start < e and s < span.end for s, e in taken):
            continue
        chosen.append(span)
        taken.append((span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def rule_spans(doc: Doc) -> list[RuleSpan]:
    """Unit, weapon and outlet spans of a Doc (cached on the Doc)."""
    cached = doc.user_data.get(CACHE_KEY)
    if cached is None:
        cached = _find(doc_text(doc))
        doc.user_data[CACHE_KEY] = cached
    return cached


def weapon_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of weapon mentions (numbers inside them are not counts)."""
    return [(s.start, s.end) for s in rule_spans(doc) if s.label == "WEAPON"]
