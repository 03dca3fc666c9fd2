"""How likely two figures, or two groups of figures, are about one incident (0..1).

The cosine of the figures' context vectors (the sentence, half the previous sentence, a
quarter of the headline; TF-IDF), raised by the same number, the same specific population or
the same specific kind of event in one theatre, and lowered when both name places that do not
match (towns, regions, or countries by the gazetteer's hierarchy), when both name dates more
than ``DAY_GAP`` days apart, or when their event types differ.  A single event's figures and
cumulative tolls never share an incident; tolls share one only over the same kind of span.
Weights were set on ``incidents_dev`` (``benchmarks/incidents.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from claimledger.link.figure_events import different_diseases
from claimledger.link.figure_record import Figure, about_the_same, orders_apart
from claimledger.link.incident_groups import Group, dot, shared_numbers
from claimledger.link.units import full_date

PLACE_PENALTY = 0.35
COUNTRY_PENALTY = 0.1  # documents about different countries rarely report one incident
DATE_PENALTY = 0.2
EVENT_PENALTY = 0.75
DAY_GAP = 3
SINCE_YEARS = 2
SAME_SENTENCE = 1.0
SAME_DOC_BONUS = 0.1
VALUE_BONUS = 0.25  # the same measure and about the same number: most likely the same incident
POPULATION_BONUS = 0.15  # the same specific population (schoolgirls, students, police) in one theatre
CUMULATIVE_BASE = 0.3  # two tolls over the same kind of span in the same country
GENERIC_POPULATIONS = frozenset({"people", "person", "others", "group"})
EVENT_BONUS = 0.2  # the same specific kind of event in one theatre, towns not differing
SAME_DOC_APART = 0.7  # two groups the reading of one document set apart
# Kinds of event specific enough that two reports of one in a theatre are likely one incident
# ("attack" or "battle" name any violence)
SPECIFIC_EVENTS = frozenset({"chemical_attack", "mass_grave", "execution", "massacre", "airstrike", "bombing", "shelling"})
# An abduction is as specific once both groups count the same population taken ("schoolgirls" in one
# theatre); "disappearance" is left out: missing people are counted after many kinds of events
TAKING_PEOPLE = frozenset({"abduction"})


def figure_vectors(figures: list[Figure], idf: Callable[[str], float]) -> dict[str, dict[str, float]]:
    """Figure key → its context's unit TF-IDF vector (computed once per run: clustering and the
    conflict step's pair test both read them)."""
    return dict(zip((f.key for f in figures), _vectors(figures, idf)))


def _vectors(figures: list[Figure], idf: Callable[[str], float]) -> list[dict[str, float]]:
    out = []
    for f in figures:
        vec = {t: (1 + math.log(w)) * idf(t) if w >= 1 else w * idf(t) for t, w in f.terms.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({t: v / norm for t, v in vec.items()})
    return out


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


def _span_kind(f: Figure) -> str:
    if f.scope in ("since", "war_to_date"):
        return "to_date"
    return f.scope


def cumulative_compatible(f: Figure, g: Figure) -> bool:
    """Two tolls over the same kind of span: war to date, one year, or one stated period."""
    if _span_kind(f) != _span_kind(g):
        return False
    fy, gy = _year(f.since), _year(g.since)
    if fy is not None and gy is not None and abs(fy - gy) > SINCE_YEARS:
        return False
    if f.scope == "period" and (f.since, f.as_of) != (g.since, g.as_of):
        return False
    if f.scope == "period" and not (f.since or f.as_of):
        # "the first half of the year", "recent years": a span we cannot place; only the same
        # count says two such tolls are one
        return f.measure == g.measure and about_the_same(f, g)
    if f.scope == "year_to_date":
        years_f, years_g = _whole_years(f), _whole_years(g)
        return not (years_f and years_g and not years_f & years_g)  # "in 1960, 56 executed" / "in 1965, 7"
    return True


def _whole_years(f: Figure) -> set[int]:
    """The calendar years a figure's sentence names as a whole ("in 1960")."""
    return {int(b[:4]) for b, u in f.dates if b[:4].isdigit() and b[4:] == "-01-01" and (u or "")[4:] == "-12-31"
            and (u or "")[:4] == b[:4]}


def place_key(p: dict) -> str:
    """A place's identity: its gazetteer id, else its name."""
    return str(p.get("id") or p.get("name", "")).casefold()


@dataclass(frozen=True)
class Facts:
    """What the pair tests read of one figure's places and dates: worked out once per figure, as
    each figure meets many others (``compatible`` runs for every pair of figures of two groups)."""

    towns: frozenset[str]  # ``place_keys``
    countries: frozenset[str]  # countries of the places named, demonyms left out
    regions: frozenset[tuple[Any, Any]]  # (country, admin1) of the places named with one
    days: tuple[date, ...]  # the full dates its sentence names


def facts(f: Figure) -> Facts:
    if f.facts is None:
        f.facts = Facts(
            towns=frozenset(place_key(p) for p in f.places if p.get("feature") not in ("country", "region")),
            countries=frozenset(p["country"] for p in f.places if p.get("country") and not p.get("demonym")),
            regions=frozenset((p.get("country"), p.get("admin1")) for p in f.places if p.get("admin1")),
            days=tuple(d for d in (full_date(b) for b, _ in f.dates) if d is not None))
    return f.facts


def place_keys(f: Figure) -> frozenset[str]:
    return facts(f).towns


def _places_clash(f: Figure, g: Figure) -> bool:
    """Both sentences name where, and no place matches: not one town, region or country.

    Countries come from the gazetteer's hierarchy: a town in Borno and "Cameroon" clash."""
    ff, fg = facts(f), facts(g)
    if ff.countries and fg.countries and not ff.countries & fg.countries:
        return True
    if not ff.towns or not fg.towns or ff.towns & fg.towns:
        return False
    return not (ff.regions & fg.regions)


def _dates_clash(f: Figure, g: Figure) -> bool:
    days_f, days_g = facts(f).days, facts(g).days
    if not days_f or not days_g:
        return False
    return min(abs((a - b).days) for a in days_f for b in days_g) > DAY_GAP


# Event families: kinds of violence differ from each other; taking people, the search for
# them and the arrests that follow belong to whatever incident their context names.
VIOLENCE = frozenset({"attack", "battle", "shelling", "airstrike", "bombing", "massacre", "execution",
                      "chemical_attack"})
DISTINCT_EVENTS = VIOLENCE | {"mass_grave"}
NATURAL_EVENTS = frozenset({"outbreak", "disaster"})


def _natural_and_violent(a: str, b: str) -> bool:
    # "attack" is also what a count of the dead or wounded reads as when its sentence names no
    # event ("The tremor struck an area ..., injuring five people"): only named violence counts
    return bool({a, b} & NATURAL_EVENTS and {a, b} & (VIOLENCE - {"attack"}))


def events_differ(a: str, b: str) -> bool:
    if a == b or "other" in (a, b):
        return False
    if "mass_grave" in (a, b):
        return True  # finding bodies is its own incident, whatever led to them
    if _natural_and_violent(a, b):
        return True  # deaths a disease or a flood caused are not those a clash caused
    if a not in DISTINCT_EVENTS or b not in DISTINCT_EVENTS:
        return False
    # "attack" and "massacre" name any violence by its outcome, not its means
    return not ({a, b} <= VIOLENCE and {a, b} & {"attack", "massacre"})


def similarity(f: Figure, g: Figure, vf: dict[str, float], vg: dict[str, float]) -> float:
    """How likely two figures are about one incident (0..1)."""
    if f.cumulative != g.cumulative:
        return 0.0
    if f.cumulative and not cumulative_compatible(f, g):
        return 0.0
    if f.doc_id == g.doc_id and f.sentence == g.sentence:
        return SAME_SENTENCE
    score = dot(vf, vg)
    same_theatre = bool(f.countries & g.countries) or f.doc_id == g.doc_id
    if f.cumulative and same_theatre and f.measure == g.measure:
        score += CUMULATIVE_BASE
    if same_theatre and f.population == g.population and f.population not in GENERIC_POPULATIONS:
        score += POPULATION_BONUS
    if f.doc_id == g.doc_id:
        score += SAME_DOC_BONUS
    if f.measure == g.measure and about_the_same(f, g):
        score += VALUE_BONUS
    if same_theatre and f.event == g.event and f.event in SPECIFIC_EVENTS:
        score += EVENT_BONUS
    if f.countries and g.countries and not f.countries & g.countries:
        score *= COUNTRY_PENALTY
    if _places_clash(f, g):
        score *= PLACE_PENALTY
    if not f.cumulative and _dates_clash(f, g):  # a toll's dates are its span, not its event
        score *= DATE_PENALTY
    if events_differ(f.event, g.event) or other_disease(f, g):
        score *= EVENT_PENALTY
    return min(score, 1.0)


def other_disease(f: Figure, g: Figure) -> bool:
    """Two outbreaks' counts whose contexts name different diseases (GeoVirus: Marburg in Uíge and
    cholera in Luanda; salmonella, E. coli and swine flu in the United States)."""
    return different_diseases(f.diseases, g.diseases)


def compatible(f: Figure, g: Figure) -> bool:
    """Nothing in either figure's sentence says they tell different incidents, nor their counts
    (one measure a hundredfold apart, neither a part of the other)."""
    if other_disease(f, g):
        return False
    if f.measure == g.measure and not (f.part or g.part or f.increment or g.increment) and orders_apart(f, g):
        return False
    if f.cumulative != g.cumulative or (f.cumulative and not cumulative_compatible(f, g)):
        return False
    if f.cumulative:  # a toll sums many events in many towns: its span decides, and what kills
        return not _natural_and_violent(f.event, g.event)
    if _places_clash(f, g) or events_differ(f.event, g.event):
        return False
    return f.cumulative or not _dates_clash(f, g)


def theatre(group: Group) -> frozenset[str]:
    """The countries a group's figures happen in: their documents' main countries and the countries
    of the places their sentences name (a side story of a document may lie in another country)."""
    named = {p["country"] for f in group.figures for p in f.places
             if p.get("country") and not p.get("demonym")}
    return frozenset().union(*(f.countries for f in group.figures)) | named


@dataclass(frozen=True)
class Summary:
    """What a pair score reads of one group alone, computed once per group (not once per pair)."""

    docs: frozenset[str]
    theatre: frozenset[str]
    measures: frozenset[str]
    populations: frozenset[str]
    event: str
    towns: frozenset[str]
    norm: float  # of the group's vector, as ``incident_groups.cosine`` computes it
    diseases: frozenset[str] = frozenset()  # what its outbreaks' dead died of


def summary(group: Group) -> Summary:
    if group.summary is None:
        group.summary = Summary(
            docs=frozenset(f.doc_id for f in group.figures), theatre=theatre(group),
            measures=frozenset(f.measure for f in group.figures),
            populations=frozenset(f.population for f in group.figures), event=event_type(group.figures),
            towns=frozenset().union(*(place_keys(f) for f in group.figures)),
            norm=math.sqrt(sum(v * v for v in group.vec.values())),
            diseases=frozenset().union(*(f.diseases for f in group.figures)))
    return group.summary


def _cosine(a: Group, b: Group, sa: Summary, sb: Summary) -> float:
    """``incident_groups.cosine`` of the two vectors, with their norms computed once per group."""
    product = dot(a.vec, b.vec)
    return product / (sa.norm * sb.norm) if product else 0.0


def _raised(a: Group, b: Group, sa: Summary, sb: Summary, score: float) -> float:
    """The cosine ``score`` of two groups with their bonuses added (before any penalty)."""
    same_theatre = bool(sa.theatre & sb.theatre)
    measures = sa.measures & sb.measures
    if a.figures[0].cumulative and same_theatre and measures:
        score += CUMULATIVE_BASE
    populations = (sa.populations & sb.populations) - GENERIC_POPULATIONS
    if same_theatre and populations:
        score += POPULATION_BONUS
    if shared_numbers(a, b):
        score += VALUE_BONUS
    event = sa.event
    specific = event in SPECIFIC_EVENTS or (event in TAKING_PEOPLE and bool(populations))
    if same_theatre and specific and event == sb.event and not (sa.towns and sb.towns and not sa.towns & sb.towns):
        score += EVENT_BONUS
    return score


UNMEASURED = frozenset({"other"})
NAMED_COUNT = 20  # "over 200 Chibok girls": a count this large, told alike, names one group of people


def _same_count(a: Group, b: Group) -> bool:
    """Both groups tell one exact count of people of at least ``NAMED_COUNT`` ("more than 200
    schoolgirls" / "over 200 Chibok girls"): the same people, whatever happens to them."""
    values = {f.value for f in a.figures if f.value is not None and f.value >= NAMED_COUNT}
    return any(g.value in values for g in b.figures)


def group_similarity(a: Group, b: Group, bar: float = 0.0) -> float:
    """How likely two groups of figures (from two documents) tell one incident (0..1); 0.0 without
    the figure-pair tests when the cosine and bonuses alone stay under ``bar`` (every penalty is a
    factor of at most 1: the score cannot reach it)."""
    fa, fb = a.figures[0], b.figures[0]
    if fa.cumulative != fb.cumulative:
        return 0.0
    sa, sb = summary(a), summary(b)
    if sa.measures == sb.measures == UNMEASURED and sa.event == sb.event == "other" and not _same_count(a, b):
        return 0.0  # "the two men", "millions of workers": people in no event join none across pages
    if different_diseases(sa.diseases, sb.diseases):
        return 0.0  # two outbreaks, however a third page without a disease would bridge them
    score = _raised(a, b, sa, sb, _cosine(a, b, sa, sb))
    if score < bar:
        return 0.0
    apart = sa.docs == sb.docs == {fa.doc_id}
    if not all(compatible(f, g) for f in a.figures for g in b.figures if f.cumulative or g.cumulative):
        return 0.0
    same_theatre = bool(sa.theatre & sb.theatre)
    if sa.theatre and sb.theatre and not same_theatre:
        score *= COUNTRY_PENALTY
    clashes = sum(1 for f in a.figures for g in b.figures if not compatible(f, g))
    score *= 1.0 - (1.0 - PLACE_PENALTY) * clashes / (len(a.figures) * len(b.figures))
    if apart:
        score *= SAME_DOC_APART
    return min(score, 1.0)


def event_type(figures: list[Figure]) -> str:
    counts = Counter(f.event for f in figures if f.event != "other")
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else "other"
