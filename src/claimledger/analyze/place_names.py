"""The names a place may be stored under, from any name a reader types.

The analyze stage stores a geocoded place mention under its GeoNames name ("Vugledar" in
the text is stored as "Vuhledar", "Artemivsk" as "Bakhmut"), so a filter on the name a
reader knows must first ask the gazetteer which places answer to it.  Alternate names are
weak evidence ("Ukraine" is also an alternate name of a small Spanish town): a place known
only by an alternate name counts when no place bears that name officially, or when it is
at least as populous as the ones that do.
"""

from __future__ import annotations

from functools import lru_cache

from claimledger.analyze.places_gazetteer import Place, gazetteer, name_key

MAX_NAMES = 12  # "Springfield": dozens of towns share one name; their names are all the same anyway


def _official(name: str) -> tuple[list[Place], list[Place]]:
    """(places that bear ``name`` officially: cities, regions, countries; cities known by it as an alternate)."""
    gaz = gazetteer()
    cities = gaz.cities(name)
    strong = [c for c in cities if c.strong] + gaz.regions(name) + gaz.others(name)
    return strong, [c for c in cities if not c.strong]


@lru_cache(maxsize=1024)
def place_names(query: str) -> tuple[str, ...]:
    """The GeoNames names (and "<name> region" for regions) of every place ``query`` names,
    official names first, the query's own spelling excluded; empty when no place has that name."""
    if len(name_key(query)) < 3:  # "UK", "US": only countries and unions go by two letters
        strong, weak = gazetteer().others(query), []
    else:
        strong, weak = _official(query)
    top = max((p.population for p in strong if p.feature != "region"), default=0)
    places = strong + [p for p in weak if not strong or p.population >= top]
    names: dict[str, None] = {}
    for place in places:
        names[place.name] = None
        if place.feature == "region":
            names[f"{place.name} region"] = None
    names.pop(query, None)
    return tuple(names)[:MAX_NAMES]
