"""The place an organisation is named after: "Jamaica Cancer Society", "The Washington Post",
"Central Bank of Malta", "Nigerian Army".

An organisation's name is not a place mention (the ledger keeps "New York" out of "the New
York Times"), but the place in it says where the organisation belongs, and geoparsing
corpora such as GeoWebNews annotate it.  ``embedded_place`` looks at the name's first one
to three words, then the words after its last "of", and returns the first that is a
demonym, a country or union, a first-level region, or a city of 100,000 or more (or any
city in a country the document speaks of); ``geocode_places`` stores it on the ORG
mention under ``place_in_name`` (GeoNames name), ``place_in_name_start``/``_end``
(offsets in the text), ``place_in_name_lat``/``_lon`` and ``place_in_name_country``.
The mention itself keeps no ``lat``/``lon``: it is not a place.
"""

from __future__ import annotations

from ..records import Mention
from .places_gazetteer import Place, gazetteer

MAX_WORDS = 3
MIN_CITY = 100_000


def _candidates(m: Mention) -> list[tuple[int, int]]:
    """(start, end) offsets in the text of the leading word runs, longest first, then of the
    words after the name's last "of"."""
    words, pos = [], 0
    for w in m.text.split():
        at = m.text.index(w, pos)
        words.append((at, at + len(w)))
        pos = at + len(w)
    if words and m.text[words[0][0]:words[0][1]].lower() == "the":
        words = words[1:]
    if len(words) < 2:
        return []
    out = [(words[0][0], words[k - 1][1]) for k in range(min(MAX_WORDS, len(words) - 1), 0, -1)]
    lowered = [m.text[a:b].lower() for a, b in words]
    if "of" in lowered[1:-1]:
        k = len(lowered) - 1 - lowered[::-1].index("of")
        if len(words) - k - 1 <= MAX_WORDS:
            out.append((words[k + 1][0], words[-1][1]))
    return [(m.start + a, m.start + b) for a, b in out]


def embedded_place(m: Mention, resolve, demonym, context: list[str]) -> tuple[int, int, Place] | None:
    """The first candidate run that names a place (see the module docstring).
    ``resolve(name)`` and ``demonym(name)`` are the geocoder's own lookups."""
    gaz = gazetteer()
    for start, end in _candidates(m):
        name = m.text[start - m.start:end - m.start].removesuffix("'s").removesuffix("\u2019s").rstrip(".,")
        end = start + len(name)
        if not name[:1].isupper() or name.lower() in ("the", "a", "an"):
            continue
        place = demonym(name)
        if place is None and (gaz.others(name) or any(r.kind == "admin1" for r in gaz.regions(name))
                              or any(c.strong and (c.population >= MIN_CITY or c.country in context[:3])
                                     for c in gaz.cities(name))):
            place = resolve(name)
        if place is not None:
            return start, end, place
    return None
