"""What an incident's label says: where it happened, what happened, and the measure words.

Grouping (link/incident_units.py) weighs every place a figure's sentence names; a label
must name only where the event took place.  A place governed by a locative preposition
("in Bakhmut", "near the town of Avdiivka", "off Somalia") says where; a country or people
named as the actor ("US airstrikes", "Russian troops", "Jordanian jets") says whose, and a
ship's name ("INS Sukanya") says which vessel.  So the label's place is the best-weighted
locative place of the figures' sentences (a town over a region over a country), then of
the text just before them; only when no place is governed so is a plainly named town or a
country of the document's theatre taken, and never a country the figures name as the actor.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from claimledger.link.figure_record import Figure

# The text just before a place name that makes it the scene: "in", "near the Syrian border town of",
# "30 km north of", "on the outskirts of".
_AREA = (r"(?:town|city|village|province|region|district|governorate|state|area|outskirts|suburb|port|capital|coast|"
         r"county|neighbou?rhood|camp|base|island|street|cent(?:er|re)|heart|edge|part)s?")
LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|inside|around|across|throughout|on|off|along|over|into|within|towards?)\s+"
    rf"(?:(?:the|a|an)\s+)?(?:(?:[\w'‘’-]+\s+){{0,3}}?{_AREA}\s+of\s+(?:the\s+)?)?"
    rf"|\b{_AREA}\s+of\s+(?:the\s+)?"
    r"|\b(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+"
    r"(?:the\s+)?)$", re.I)
# A scene introduced unnamed ("airstrikes hit a rebel-held town"); its name may follow ("the town of Nasib").
UNNAMED_SCENE = re.compile(
    r"\b(?:a|an)\s+(?:[\w'‘’-]+\s+){0,2}?(?P<noun>town|city|village|district|suburb|port|camp|base|neighbou?rhood)\b"
    r"(?!\s+(?:of|called|named)\b)", re.I)
CARE_PLACE = re.compile(r"\b(?:hospital|clinic|medical cent(?:er|re)|morgue)\b", re.I)  # where victims were taken
VESSEL_BEFORE = re.compile(r"\b(?:INS|USS|HMS|HMAS|HMCS|MV|MS|RFS|SS)\s+$")
FEATURE_WEIGHTS = {"region": 0.7, "country": 0.4}  # a town says more about where than its region or country
NEARBY_SCALE = 0.5  # a place named just before the figure's sentence
HOME_BONUS = 1.5  # places in the documents' main countries, not the speakers' capitals
PEOPLE_MEASURES = frozenset({"killed", "killed_or_wounded", "wounded", "other"})
EVENT_MEASURES = {"mass_grave": PEOPLE_MEASURES, "execution": PEOPLE_MEASURES, "massacre": PEOPLE_MEASURES}


def place_roles(text: str, start: int, end: int) -> dict[str, bool]:
    """How the text around a place name at ``start:end`` governs it: the scene (locative: "in
    Bakhmut", "in a Kenyan mall") or a vessel's name ("INS Sukanya"); a hospital is where the
    victims were taken, and a possessor ("in Russia's war") says whose, not the scene."""
    before = text[max(0, start - 60):start]
    vessel = bool(VESSEL_BEFORE.search(before))
    possessor = text[end:end + 2] in ("'s", "’s")  # "in Russia's war": whose war, not where
    scene = not (vessel or possessor or CARE_PLACE.search(text, start, end)) and bool(LOCATIVE_BEFORE.search(before))
    return {"locative": scene, "vessel": vessel, "possessor": possessor}


def unnamed_scene(sentence: str) -> str | None:
    """The area noun of a scene a sentence introduces without its name ("a rebel-held town"), or None."""
    found = UNNAMED_SCENE.search(sentence)
    return found.group("noun").lower() if found else None


def is_named_as(text: str, start: int, noun: str) -> bool:
    """Whether the place name at ``start`` is given as that area's name ("the town of Nasib")."""
    return bool(re.search(rf"\b{noun}s?\s+of\s+(?:the\s+)?$", text[max(0, start - 40):start], re.I))


def _key(p: dict[str, Any]) -> str:
    return str(p.get("id") or p.get("name"))


def actor_countries(figures: list[Figure]) -> set[str]:
    """Countries the figures name as whose ("US airstrikes", "Russian troops"), not where."""
    return {p["country"] for f in figures for p in f.places + f.nearby_places
            if p.get("demonym") and not p.get("locative") and p.get("country")}


def _theatre(figures: list[Figure]) -> list[dict[str, Any]]:
    """The documents' main country a toll is counted in ("civilians killed this year, Nigeria"),
    named as the figures name it, even as a people ("Nigerians")."""
    votes = Counter(c for f in figures for c in f.countries)
    named = {p["country"]: p for f in figures for p in f.places + f.nearby_places
             if p.get("feature") == "country" and p.get("country")}
    ranked = [c for c, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])) if c in named]
    return [{**named[ranked[0]], "demonym": False}] if ranked else []


def scene_places(figures: list[Figure], toll: bool = False) -> list[dict[str, Any]]:
    """The places where the figures' events happened, the most likely first (see the module
    docstring); for a cumulative ``toll`` with no such place, the documents' main country."""
    whose = actor_countries(figures)
    governed: Counter = Counter()
    named: Counter = Counter()
    info: dict[str, dict[str, Any]] = {}
    for f in figures:
        for p, scale in [(p, 1.0) for p in f.places] + [(p, NEARBY_SCALE) for p in f.nearby_places]:
            if (p.get("demonym") and not p.get("locative")) or p.get("vessel") or not p.get("name"):
                continue  # "US airstrikes": whose; "in a Kenyan mall": where
            weight = scale * FEATURE_WEIGHTS.get(p.get("feature") or "", 1.0)
            weight *= HOME_BONUS if p.get("country") in f.countries else 1.0
            key = _key(p)
            if p.get("locative"):
                governed[key] += weight
            elif p.get("feature") == "country":  # "Jordan launches strikes": the actor, unless the theatre
                if p.get("country") in f.countries and p.get("country") not in whose:
                    named[key] += weight
            elif p.get("feature") != "unresolved":  # an unresolved name not governed is as often an office
                named[key] += weight
            info.setdefault(key, p)
    ranked = sorted(governed.items(), key=lambda kv: (-kv[1], kv[0])) or \
        sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))
    found = [info[key] for key, _ in ranked] or (_theatre(figures) if toll else [])
    return [{k: v for k, v in p.items() if k not in ("locative", "vessel")} for p in found]


def incident_event(figures: list[Figure]) -> str:
    """The event type most of the figures' own sentences name, counting a word that names a
    killing only beside a count of people ("923 rounds ... remains at the forefront" is no grave)."""
    counts = Counter(f.event for f in figures
                     if f.event != "other" and f.measure in EVENT_MEASURES.get(f.event, {f.measure}))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else "other"


MEASURE_NOUNS = {"killed": "deaths", "wounded": "injuries", "killed_or_wounded": "casualties",
                 "equipment": "equipment losses", "fighters_lost": "losses", "displaced": "displacement",
                 "hostages": "hostage-taking", "abducted": "abductions", "arrested": "arrests",
                 "captured": "captures", "missing": "disappearances", "report": "report"}


def _days(begin: str, until: str) -> int:
    """The length of a stated interval in days (unknown years read as a leap year)."""
    from claimledger.link.units import full_date

    b, u = full_date(begin.replace("XXXX", "2000")), full_date(until.replace("XXXX", "2000"))
    return (u - b).days if b and u else 10_000


def stated_when(figures: list[Figure]) -> tuple[str, str | None] | None:
    """When the event happened, as the figures' own sentences state it: the interval most of
    them name, a known year before an unknown one, the narrowest, then the earliest ("in
    September 2013" over "since taking charge in 2008" in one sentence and "last September"
    in another); a month with no year takes the year of a day stated inside it, when all such
    days agree ("in April" and "On April 14, 2014": Apr 2014).  None when no sentence dates it."""
    counts: Counter = Counter()
    for f in figures:
        for interval in {(b, u or "") for b, u in f.dates if b}:  # "": open ("since 2009", undated)
            counts[interval] += 1
    if not counts:
        return None
    begin, until = sorted(counts, key=lambda i: (-counts[i], i[0].startswith("XXXX"), _days(*i), i))[0]
    if not until:
        return begin, None
    if begin.startswith("XXXX") and until.startswith("XXXX"):  # "in April" beside "On April 14, 2014"
        years = {b[:4] for b, u in counts if not b.startswith("XXXX") and b[:4] == u[:4]
                 and begin[4:] <= b[4:] and u[4:] <= until[4:]}
        if len(years) == 1:
            year = years.pop()
            return year + begin[4:], year + until[4:]
    return begin, until


def measure_noun(measure: str) -> str:
    """"deaths", "equipment losses": what an incident with no event word counts, as a label's head."""
    return MEASURE_NOUNS.get(measure, measure.replace("_", " "))
