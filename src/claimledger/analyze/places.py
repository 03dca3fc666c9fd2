"""Places: geocode place mentions offline and choose among namesakes by context.

``geocode_places(mentions, context_countries=None)`` fills, for each place mention it can
resolve, ``attrs``: ``geonames_id`` (None for regions GeoNames ids are not shipped for),
``lat``, ``lon``, ``country`` (ISO2), ``feature`` (country | region | city),
``admin1`` (GeoNames admin1 code) and ``admin1_name``, ``geonames_name``, ``population``;
regions also ``region_kind`` (admin1 | admin2 | continent | seat).  GPE/LOC mentions get
``norm`` set to the GeoNames name (so "Kiev" and "Kyiv" are one entity).  Two more kinds of
mention are geocoded without changing their label or name: demonyms (NORP "Russian" ->
Russia, ``attrs["demonym"] = True``) and organisation spans that are wholly a country's,
region's or union's name (ORG "EU", "Zimbabwe": ``attrs["place_of_org"] = True``).

Conventions: countries carry the GeoNames country point (``lexicons/country_points.tsv``);
first-level regions and counties a point derived from their cities (``places_build``).
"X province/state/oblast/governorate/region/county" resolves to a region of that name,
or to the namesake city only in a country the document speaks of: never a town abroad.
Seas, macro-regions and continents (``lexicons/regions.txt``) get their GeoNames point
(``lexicons/macro_region_points.tsv``, or the continent's) or none, never a namesake town;
"Republic of Armenia" and "Manchester City" are tried as "Armenia" and "Manchester".
A name right after a town is the first-level region of that name when the town lies in it
("Tacoma, Washington": the state).

Choosing among namesakes, each candidate (region or city) scores

    log10(population + 10) + 1 (official name, not an alternate) + 3 (a city of half a million
    or more) + 1 + 2 x (its country's share of the document's countries) + 2 (its
    first-level region is named in the document), or 1 (a city named there unambiguously),
    or 0.75 (a place found under another name lies there)

(weights calibrated on GeoWebNews tune by ``training/tune_places.py``), so the document's
countries and regions come first and population decides between the rest.  A city of 100,000 or more beats a region of the same name in its own country
("Donetsk", "New York"); a region beats its small namesakes.
The context (``document_country_context``) counts the countries named in the document,
the demonyms ("Ukrainian") and the countries of unambiguous regions and cities.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from ..records import Mention
from .entities_context import street_named
from .entities_norm import entity_id
from .lexicons import mapping, words
from .places_embedded import embedded_place
from .places_gazetteer import Place, gazetteer, name_key

PLACE_LABELS = ("GPE", "LOC")
NAMED_AFTER = ("ORG", "UNIT", "FAC", "EVENT")  # names that may hold the place they are named after
WORLD_CITY = 500_000
BIG_CITY = 500_000
CITY_OVER_REGION = 100_000
NAMED_REGION_BONUS = 2.0  # a candidate in a region the document names (or names a city of, unambiguously)
FOUND_REGION_BONUS = 0.75  # a candidate in the region of a place found under another name
CONTEXT_WEIGHT = 2.0  # times the candidate's country's share of the document's countries
WORLD_CITY_BONUS = 3.0  # a city of half a million or more
CITY_REGION_BONUS = 1.0  # a candidate in the region of a city the document names unambiguously
FALLBACK_MIN_CITY = 50_000  # a city found by a shortened name must be at least this big
_REGION = re.compile(
    r"^(?P<name>.+?)\s+(?P<kind>region|oblast|province|district|governorate|krai|republic|state|county|"
    r"prefecture|parish)$", re.I)
_ARTICLE = re.compile(r"^(?:the)\s+", re.I)
_COMPASS = re.compile(r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|greater|"
                      r"downtown|inner|outer)[\s-]+)+", re.I)
_FORMAL = re.compile(r"^(?:republic|kingdom|state|commonwealth|federation|principality|sultanate|emirate)\s+of\s+"
                     r"(?:the\s+)?", re.I)
_CITY_SUFFIX = re.compile(r"\s+city$", re.I)
_CONNECTOR_END = re.compile(r"\b(?:of|and|of the|and the|for|&)$", re.I)



def _clean(text: str) -> str:
    text = _ARTICLE.sub("", " ".join(text.split()))
    return re.sub(r"['\u2019]s$", "", text)


def document_country_context(mentions: Iterable[Mention]) -> list[str]:
    """ISO2 codes of the countries a document speaks of, most mentioned first."""
    counts = _country_counts(mentions)
    return [iso for iso, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _demonym_country(text: str) -> str | None:
    demonyms = mapping("demonyms.tsv", lower=False)
    return demonyms.get(text) or demonyms.get(text.rstrip("s"))


def _demonym_place(text: str) -> Place | None:
    """"Russian" -> Russia, "European" -> Europe (the continent)."""
    iso = _demonym_country(text)
    if iso:
        return gazetteer().country(iso)
    continent = mapping("demonym_regions.tsv", lower=False).get(text)
    hits = [p for p in gazetteer().others(continent) if p.kind == "continent"] if continent else []
    return hits[0] if hits else None


def _unambiguous_country(name: str) -> str | None:
    """The country of a name when every reading of it lies in one country."""
    gaz = gazetteer()
    iso = gaz.country_code(name)
    if iso and not any(r.kind == "admin1" and r.country != iso for r in gaz.regions(name)):
        return iso  # "Georgia" is also a US state: it says nothing of the country alone
    if iso:
        return None
    countries = {r.country for r in gaz.regions(name) if r.kind == "admin1"}
    countries |= {c.country for c in gaz.cities(name) if c.strong}
    return countries.pop() if len(countries) == 1 else None


def _country_counts(mentions: Iterable[Mention]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in mentions:
        text = _clean(m.text)
        if m.label == "NORP" or text in mapping("demonyms.tsv", lower=False):
            iso = _demonym_country(text)
        elif m.label in PLACE_LABELS:
            iso = _unambiguous_country(text)
        else:
            iso = None
        if iso:
            counts[iso] += 1
    return counts


def _admin1_context(mentions: Iterable[Mention]) -> dict[tuple[str, str], float]:
    """(country, admin1 code) -> weight for the first-level regions a document names, or names
    a city of unambiguously ("Seattle" puts Washington state in the context)."""
    gaz = gazetteer()
    out: dict[tuple[str, str], float] = {}
    for m in mentions:
        if m.label not in PLACE_LABELS:
            continue
        name = _clean(m.text)
        regions = {(r.country, r.admin1) for r in gaz.regions(_region_base(name)) if r.kind == "admin1"}
        weight = NAMED_REGION_BONUS
        if not regions and not gaz.others(name):
            regions = {(c.country, c.admin1) for c in gaz.cities(name) if c.strong}
            weight = CITY_REGION_BONUS
        if len(regions) == 1:
            key = regions.pop()
            out[key] = max(out.get(key, 0.0), weight)
    return out


def _region_base(name: str) -> str:
    match = _REGION.match(name)
    return match.group("name") if match else name


def _share(context: list[str] | Counter[str]) -> dict[str, float]:
    """Each context country's share: by its count, or by rank when only a list is given."""
    if isinstance(context, Counter):
        weights = {iso: float(n) for iso, n in context.items()}
    else:
        weights = {iso: 1.0 / (rank + 1) for rank, iso in enumerate(context)}
    total = sum(weights.values()) or 1.0
    return {iso: w / total for iso, w in weights.items()}


def _score(place: Place, share: dict[str, float], admin1: dict[tuple[str, str], float]) -> float:
    score = math.log10(place.population + 10) + (1.0 if place.strong else 0.0)
    if place.feature == "city" and place.population >= WORLD_CITY:
        score += WORLD_CITY_BONUS
    if place.country in share:
        score += 1.0 + CONTEXT_WEIGHT * share[place.country]
    if place.admin1:
        score += admin1.get((place.country, place.admin1), 0.0)
    return score


def _best(candidates: list[Place], share: dict[str, float], admin1: dict[tuple[str, str], float]) -> Place | None:
    if not candidates:
        return None
    return max(candidates, key=lambda p: (_score(p, share, admin1), p.feature == "region", p.population,
                                          -(p.geonames_id or 0)))


def _context_lists(context: list[str] | Counter[str] | None) -> tuple[list[str], dict[str, float]]:
    if isinstance(context, Counter):
        return [iso for iso, _ in context.most_common()], _share(context)
    ordered = list(context or [])
    return ordered, _share(ordered)


def _resolve_suffixed(name: str, kind: str, base: str, context: list[str], share: dict[str, float],
                      admin1: dict[tuple[str, str], float]) -> Place | None:
    """"Anbar province", "Orange County": a region of that name, or a namesake city at home."""
    gaz = gazetteer()
    wanted = "admin2" if kind.lower() in ("county", "parish", "district") else "admin1"
    found = gaz.regions(name) or gaz.regions(base)
    preferred = [r for r in found if r.kind == wanted] or [r for r in found if r.kind in ("admin1", "admin2")]
    if preferred:
        return _best(preferred, share, admin1)
    if kind.lower() in ("state", "republic") or gaz.others(base):
        return None  # "Islamic State", "Czech Republic" are not namesake towns
    home = [c for c in gaz.cities(base) if c.country in context[:3]]
    seat = _best(home, share, admin1)
    if seat is None:
        return None
    return Place(None, f"{seat.name} {kind.lower()}", seat.country, "region", seat.population, seat.lat, seat.lon,
                 True, seat.admin1, "seat")


def resolve_place(text: str, context_countries: list[str] | Counter[str] | None = None,
                  admin1_context: dict[tuple[str, str], float] | None = None,
                  within: Place | None = None) -> Place | None:
    """The best place for a name, or None (context: ISO2 codes, majority first, or counts).
    A name that does not resolve is tried without leading compass words ("north west London")
    and, for "Thruxton, Hampshire", as its first part, then its last."""
    name = _clean(text)
    if name.lower() in words("regions.txt"):
        return _macro_region(name)
    context = _context_lists(context_countries)
    admin1 = admin1_context or {}
    place = _resolve_name(name, context, admin1, within)
    if place is not None:
        return place
    for fallback in _fallback_names(name):
        place = _resolve_name(fallback, context, admin1, within)
        if place is not None and (place.feature != "city" or place.population >= FALLBACK_MIN_CITY):
            return place  # "north west London", not "Wing" for "West Wing"
    return None


def _macro_region(name: str) -> Place | None:
    """A sea, macro-region or continent at its GeoNames point, never a namesake town; None for
    compass words and regions without a point."""
    gaz = gazetteer()
    continents = [p for p in gaz.others(name) if p.kind == "continent"]
    return continents[0] if continents else gaz.macro_region(name)


def _fallback_names(name: str) -> list[str]:
    out = []
    bare = _COMPASS.sub("", name)
    if bare != name and bare[:1].isupper():
        out.append(bare)
    for affix in (_FORMAL, _CITY_SUFFIX):  # "Republic of Armenia", "Manchester City"
        short = affix.sub("", name)
        if short != name and short[:1].isupper():
            out.append(short)
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if len(parts) > 1:
        out += [parts[0], parts[-1]]
    return out


def _resolve_name(name: str, context_lists: tuple[list[str], dict[str, float]],
                  admin1: dict[tuple[str, str], float], within: Place | None = None) -> Place | None:
    gaz = gazetteer()
    if name.lower() in words("regions.txt"):
        return _macro_region(name)
    context, share = context_lists
    suffixed = _REGION.match(name)
    if suffixed and not gaz.others(name):
        return _resolve_suffixed(name, suffixed.group("kind"), suffixed.group("name"), context, share, admin1)
    others = gaz.others(name)
    regions = gaz.regions(name)
    cities = gaz.cities(name)
    countries = [p for p in others if p.feature == "country"]
    if countries:
        return _country_or_region(name, countries[0], regions, cities, context)
    continents = [p for p in others if p.feature == "region"]
    if continents:
        return continents[0]
    # a big city beats its namesake region in its own country ("Donetsk", "New York")
    big = {c.country for c in cities if c.strong and c.population >= CITY_OVER_REGION}
    candidates = [r for r in regions if r.country not in big] + cities
    if within is not None:
        inside = [p for p in candidates if p.country == within.country
                  and (within.feature == "country" or p.admin1 == within.admin1)]
        candidates = inside or candidates
    return _best(candidates, share, admin1)


def _country_or_region(name: str, country: Place, regions: list[Place], cities: list[Place],
                       context: list[str]) -> Place | None:
    gaz = gazetteer()
    # "Wales", "England": a first-level region of the very country the alias names
    # ("Mexico", the country's own name, stays the country)
    home = [r for r in regions if r.country == country.country and r.kind == "admin1"
            and name_key(name) != name_key(country.name)]
    if home:
        return home[0]
    # "Georgia": the country unless the document is about the state's country and not Georgia
    states = [r for r in regions if r.kind == "admin1" and r.country != country.country and r.country in context[:2]]
    if states and country.country not in context:
        city = max((c for c in cities if c.country == states[0].country), key=lambda c: c.population, default=None)
        return city if city is not None and city.population >= BIG_CITY else states[0]
    return gaz.country(country.country)


def _apply(m: Mention, place: Place, rename: bool = True) -> None:
    gaz = gazetteer()
    m.attrs.update({
        "geonames_id": place.geonames_id, "lat": place.lat, "lon": place.lon, "country": place.country or None,
        "feature": place.feature, "geonames_name": place.name, "population": place.population,
        "admin1": place.admin1 or None,
        "admin1_name": gaz.admin1_name(place.country, place.admin1) if place.admin1 else None,
    })
    if place.feature == "region":
        m.attrs["region_kind"] = place.kind
    if rename:
        m.norm = place.name
        if place.kind in ("admin1", "admin2") and any(
                c.strong and c.country == place.country for c in gaz.cities(place.name)):
            m.norm = f"{place.name} region"  # the region is not its namesake city
        m.entity_id = entity_id(m.label if m.label in PLACE_LABELS else "GPE", m.norm)


def _place_of_org(m: Mention, context: list[str] | Counter[str], admin1: dict[tuple[str, str], float]) -> Place | None:
    """An ORG span that is wholly a country's, union's or first-level region's name, or the
    name of a city of 100,000 or more in a country the document speaks of ("Kyiv said")."""
    gaz = gazetteer()
    name = _clean(m.text)
    if gaz.others(name) or any(r.kind == "admin1" for r in gaz.regions(name)):
        return resolve_place(name, context, admin1)
    ordered, _ = _context_lists(context)
    if any(c.strong and c.population >= CITY_OVER_REGION and c.country in ordered[:3] for c in gaz.cities(name)):
        return resolve_place(name, context, admin1)
    return None


def _inside_org_name(m: Mention, previous: Mention | None) -> bool:
    """"Islamic State of Iraq and [the Levant]": spaCy cut an organisation's name short."""
    return (previous is not None and previous.label == "ORG" and 0 <= m.start - previous.end <= len(" the ")
            and bool(_CONNECTOR_END.search(previous.text.strip())))


def geocode_places(mentions: list[Mention], context_countries: list[str] | None = None) -> None:
    """Geocode place mentions, demonyms and place-named organisations (see the module docstring).

    Two passes: the countries and regions of the places the first pass finds under *other*
    names join the context of the second ("Georgetown" beside "Washington" is the one in the
    District of Columbia, not Guyana's capital)."""
    if not mentions:
        return
    context: list[str] | Counter[str] = (context_countries if context_countries is not None
                                         else _country_counts(mentions))
    ordered = sorted(mentions, key=lambda x: x.start)
    admin1 = _admin1_context(mentions)
    first = _resolve_all(ordered, lambda name: (context, admin1))
    found: dict[str, list[Place]] = {}
    for m, place, _ in first:
        found.setdefault(name_key(_clean(m.text)), []).append(place)
    cache: dict[str, tuple] = {}

    def context_for(name: str) -> tuple:
        if name not in cache:
            others = [p for key, places in found.items() if key != name for p in places]
            countries = Counter(p.country for p in others if p.country)
            regions = {(p.country, p.admin1): FOUND_REGION_BONUS for p in others
                       if p.admin1 and p.feature in ("city", "region")} | admin1
            cache[name] = (_merged_context(context, countries), regions)
        return cache[name]

    placed = set()
    for m, place, how in _resolve_all(ordered, context_for):
        _apply(m, place, rename=how == "place")
        placed.add(id(m))
        if how != "place":
            m.attrs[how] = True
    _name_places([m for m in ordered if m.label in NAMED_AFTER and id(m) not in placed
                  and not street_named(m.text)], set(found), context_for)


def _name_places(orgs: list[Mention], named: set[str], context_for) -> None:
    """The place each organisation is named after, kept apart from the mention's own point."""
    for m in orgs:
        hit = embedded_place(m, lambda name: resolve_place(name, *context_for(name_key(name))),
                             _demonym_place, named)
        if hit is not None:
            start, end, place = hit
            m.attrs.update({"place_in_name": place.name, "place_in_name_start": start, "place_in_name_end": end,
                            "place_in_name_lat": place.lat, "place_in_name_lon": place.lon,
                            "place_in_name_country": place.country or None})


def _merged_context(context: list[str] | Counter[str], found: Counter[str]) -> Counter[str]:
    """The document's countries, then (at half weight) the countries of the places found."""
    merged: Counter[str] = Counter()
    for iso, share in _share(context).items():
        merged[iso] += share
    for iso, share in _share(found).items():
        merged[iso] += 0.5 * share
    return merged


def _qualifier(m: Mention, following: Mention | None) -> Place | None:
    """The country or region right after a place ("Rome, Ga.", "Thruxton, Hampshire")."""
    if following is None or following.label not in PLACE_LABELS or not 1 <= following.start - m.end <= 2:
        return None
    place = resolve_place(following.text)
    return place if place is not None and place.feature in ("country", "region") and place.country else None


def _region_qualifying(m: Mention, previous: Mention | None, found: list[tuple[Mention, Place, str]]) -> Place | None:
    """The first-level region a name right after a town stands for when the town lies in it
    ("Tacoma, Washington" is the state, not the capital; "Washington, New York and Boston" is a
    list of cities)."""
    if previous is None or previous.label not in PLACE_LABELS or not 1 <= m.start - previous.end <= 2:
        return None
    town = next((p for q, p, _ in found if q is previous and p.feature == "city"), None)
    if town is None:
        return None
    return next((r for r in gazetteer().regions(_clean(m.text)) if r.kind == "admin1"
                 and (r.country, r.admin1) == (town.country, town.admin1)), None)


def _resolve_all(ordered: list[Mention], context_for) -> list[tuple[Mention, Place, str]]:
    """(mention, place, how) for each mention that resolves; how: place | demonym | place_of_org.
    ``context_for(name key)`` gives (countries, admin1 regions) for that name."""
    out: list[tuple[Mention, Place, str]] = []
    previous: Mention | None = None
    for i, m in enumerate(ordered):
        place, how = None, "place"
        name = _clean(m.text)
        if m.label in PLACE_LABELS and not _inside_org_name(m, previous):
            within = _qualifier(m, ordered[i + 1] if i + 1 < len(ordered) else None)
            place = _region_qualifying(m, previous, out) or resolve_place(m.text, *context_for(name_key(name)),
                                                                          within=within)
        elif m.label == "NORP":
            place, how = _demonym_place(name), "demonym"
        elif m.label == "ORG":
            place, how = _place_of_org(m, *context_for(name_key(name))), "place_of_org"
        if place is not None:
            out.append((m, place, how))
        previous = m
    return out
