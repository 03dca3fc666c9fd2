"""One normalised name and one stable id per entity within a document.

``normalise_mentions(mentions)`` works on all the mentions of one document (several
Docs/segments are fine: only ``text``, ``label`` and ``attrs`` are read) and sets
``norm`` and ``entity_id`` in place:

* PERSON: a short form ("Medvedev", "Mr Tsimbalyuk", "Mr Qin": the span holds only
  the name, the title is in ``attrs``) takes the full name that ends with it, or,
  failing that, begins with it ("Qin" -> "Qin Gang", family name first), when exactly
  one full name in the document fits.  Ambiguous short forms keep their own text.
* UNIT: mentions with the same number and unit noun ("155th Brigade", "155th Separate
  Marine Brigade") share the longest spelling.
* places already geocoded keep their GeoNames name; others are cleaned of articles,
  possessives and extra spaces.
* ``entity_id``: the first 16 hex digits of SHA-1 over ``label|norm`` (case-folded),
  so the same entity gets the same id in every document and every run.
Rank, role and affiliation found on one mention are copied to the other mentions of
the same person when they lack them (``attrs["attrs_from"]`` says from which text).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from ..records import Mention
from .people_merge import fold

_ARTICLE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_UNIT_KEY = re.compile(r"^(\d+)(?:st|nd|rd|th)\b.*?\b(\w+?)s?$", re.I)
PERSON_ATTRS = ("rank", "role", "affiliation")


def entity_id(label: str, norm: str) -> str:
    """Stable id of an entity: hash of its label and normalised name."""
    return hashlib.sha1(f"{label}|{norm.casefold()}".encode("utf-8")).hexdigest()[:16]


def clean_name(text: str) -> str:
    """Surface text without leading article, trailing possessive, odd dashes or spaces."""
    text = " ".join(text.translate(_DASHES).split())
    text = _ARTICLE.sub("", text)
    return _POSSESSIVE.sub("", text) if text.endswith(("'s", "\u2019s")) else text


def _person_norms(people: list[Mention]) -> dict[int, str]:
    full = sorted({clean_name(m.text) for m in people if len(clean_name(m.text).split()) >= 2},
                  key=lambda n: (-len(n), n))
    out: dict[int, str] = {}
    for idx, m in enumerate(people):
        name = clean_name(m.text)
        tokens = name.split()
        if len(tokens) >= 2:
            # "Yuri Medvedev" inside "Colonel Yuri Medvedev Jr" style variants: longest containing it
            longer = [f for f in full if f != name and f.endswith(" " + name)]
            out[idx] = longer[0] if len(longer) == 1 else name
            continue
        by_last = {f for f in full if fold(f.split()[-1]) == fold(name)}  # "Baghdadi" of "Abu Bakr al-Baghdadi"
        by_first = {f for f in full if f.split()[0] == name}
        if len(by_last) == 1:
            out[idx] = by_last.pop()
        elif not by_last and len(by_first) == 1:
            out[idx] = by_first.pop()
        else:
            out[idx] = name
    return out


def _unit_norm(units: list[Mention]) -> dict[int, str]:
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    keys: dict[int, tuple[str, str] | None] = {}
    for idx, m in enumerate(units):
        name = clean_name(m.text)
        match = _UNIT_KEY.match(name)
        key = (match.group(1), match.group(2).lower()) if match else None
        keys[idx] = key
        if key:
            groups[key].append(name)
    out = {}
    for idx, m in enumerate(units):
        key = keys[idx]
        base = m.norm or clean_name(m.text)
        out[idx] = max(groups[key], key=lambda n: (len(n), n)) if key else base
    return out


def normalise_mentions(mentions: list[Mention]) -> None:
    """Set ``norm`` and ``entity_id`` of every mention of one document, in place."""
    people = [m for m in mentions if m.label == "PERSON"]
    for m, norm in zip(people, _person_norms(people).values()):
        m.norm = norm
    units = [m for m in mentions if m.label == "UNIT"]
    for m, norm in zip(units, _unit_norm(units).values()):
        m.norm = norm
    for m in mentions:
        if m.label in ("PERSON", "UNIT"):
            pass
        elif m.attrs.get("geonames_name"):
            m.norm = m.attrs["geonames_name"] if m.attrs.get("feature") != "admin" else m.norm
        elif not m.norm:
            m.norm = clean_name(m.text)
        m.entity_id = entity_id(m.label, m.norm)
    _share_person_attrs(people)


def _share_person_attrs(people: list[Mention]) -> None:
    by_id: dict[str, list[Mention]] = defaultdict(list)
    for m in people:
        by_id[m.entity_id or ""].append(m)
    for group in by_id.values():
        for key in PERSON_ATTRS:
            source = next((m for m in group if m.attrs.get(key)), None)
            if source is None:
                continue
            for m in group:
                if not m.attrs.get(key):
                    m.attrs[key] = source.attrs[key]
                    m.attrs.setdefault("attrs_from", source.text)
