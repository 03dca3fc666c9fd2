"""The place an organisation is named after: "Jamaica Cancer Society", "The Washington Post",
"Central Bank of Malta", "Nigerian Army".

An organisation's name is not a place mention (the ledger keeps "New York" out of "the New
York Times"), but the place in it says where the organisation belongs, and geoparsing
corpora such as GeoWebNews annotate it.  ``embedded_place`` looks at the name's first one
to three words, then the words after its last "of", and returns the first that is a
demonym, a country or union, a first-level region, or a city of 100,000 or more (or a
smaller one the document names as a place on its own: "Allendale"; a site, "Colchester Hospital", keeps only a
city); ``geocode_places`` stores it on the ORG
mention under ``place_in_name`` (GeoNames name), ``place_in_name_start``/``_end``
(offsets in the text), ``place_in_name_lat``/``_lon`` and ``place_in_name_country``.
The mention itself keeps no ``lat``/``lon``: it is not a place.
"""

from __future__ import annotations

import re

from ..records import Mention
from .places_gazetteer import Place, gazetteer, name_key

MAX_WORDS = 3
MIN_CITY = 100_000
# An organisation that is a site (a university, a hospital) stands at one point of the place
# it is named after: a city gives that point, a state or country is too wide to.
SITE_NOUNS = frozenset("university college school hospital clinic farm farms club airport stadium arena "
                       "park centre center campus academy institute".split())
COMPASS = re.compile(r"(?i)(?:north|south|east|west|central|middle|upper|lower)(?:ern)?")


def _candidates(m: Mention) -> list[tuple[tuple[int, int], bool]]:
    """((start, end) offsets in the text, inner) of the leading word runs, longest first, the
    words after the name's last "of", then single inner words ("HSBC Bank Malta", "Air
    France KLM"), which count only as a country, union, first-level region or demonym."""
    words, pos = [], 0
    for w in m.text.split():
        at = m.text.index(w, pos)
        words.append((at, at + len(w)))
        pos = at + len(w)
    if words and m.text[words[0][0]:words[0][1]].lower() == "the":
        words = words[1:]
    if len(words) < 2:
        return []
    out = [((words[0][0], words[k - 1][1]), False) for k in range(min(MAX_WORDS, len(words) - 1), 0, -1)]
    lowered = [m.text[a:b].lower() for a, b in words]
    inner_of = [i for i in range(1, len(lowered) - 1) if lowered[i] == "of"]
    if inner_of:  # the last "of" with words after it ("Friends of X of", cut short, has one)
        k = inner_of[-1]
        if len(words) - k - 1 <= MAX_WORDS:
            out.append(((words[k + 1][0], words[-1][1]), False))
    out += [(w, True) for w in words[1:]]
    return [((m.start + a, m.start + b), inner) for (a, b), inner in out]


def embedded_place(m: Mention, resolve, demonym, named: set[str]) -> tuple[int, int, Place] | None:
    """The first candidate run that names a place (see the module docstring).
    ``resolve(name)`` and ``demonym(name)`` are the geocoder's own lookups; ``named`` the
    name keys of the places the document names on their own."""
    gaz = gazetteer()
    site = any(w.lower().strip(".,") in SITE_NOUNS for w in m.text.split())
    for (start, end), inner in _candidates(m):
        name = m.text[start - m.start:end - m.start].removesuffix("'s").removesuffix("\u2019s").rstrip(".,")
        end = start + len(name)
        if not name[:1].isupper() or name.lower() in ("the", "a", "an") or COMPASS.fullmatch(name) \
                or name.lower() in SITE_NOUNS:
            continue
        place = demonym(name)
        if inner and place is None and (gaz.others(name) or any(r.kind == "admin1" for r in gaz.regions(name))):
            place = resolve(name)
        elif not inner and place is None and (gaz.others(name) or any(r.kind == "admin1" for r in gaz.regions(name))
                              or any(c.strong and (c.population >= MIN_CITY or name_key(name) in named)
                                     for c in gaz.cities(name))):
            place = resolve(name)
        if place is not None:
            return (start, end, place) if not site or place.feature == "city" else None
    return None
