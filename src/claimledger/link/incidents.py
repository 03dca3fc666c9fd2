"""Incidents: the real-world events figures are about (reports are not events).

Figures (link/figures.py) are grouped into incidents in two steps, each a function of the
documents alone, so the ledger's incidents do not depend on arrival order or batches:

1. each document's figures are read in order into groups (link/incident_groups.py), and the
   groups are joined into *units*: the connected components of the graph whose edges are
   pairs sharing an index key (``index_keys``) with a similarity of at least
   ``UNIT_THRESHOLD`` (``SAME_DOC_UNIT_THRESHOLD`` within one document) under the fixed
   term weights;
2. inside a unit, groups merge by average linkage (``THRESHOLD``), their words weighed by
   an idf over the unit's own documents (the words all its reports share weigh least).

The similarity of two figures (or groups):

- a single event's figures and cumulative tolls ("since 2009", "this year", "war to
  date") never share an incident; cumulative tolls share one only with the same kind of
  span (war to date vs year to date vs a stated period) and years at most
  ``SINCE_YEARS`` apart;
- otherwise the cosine of the figures' context vectors (the sentence, half the previous
  sentence, a quarter of the headline; TF-IDF),
  raised by the same number, the same specific population or the same specific kind of
  event (a mass grave, a chlorine attack) in one theatre, and lowered when both name
  places that do not match (towns, regions, or countries by the gazetteer's hierarchy),
  when both name dates more than ``DAY_GAP`` days apart, or when their event types
  differ; figures in one sentence are one incident.  Each document is read first
  (link/incident_groups.py): groups its reading set apart stay less alike.

Thresholds and weights were set on ``incidents_dev``; ``benchmarks/incidents.py`` reports
each of its three story clusters with the inner threshold chosen on the other two.

Each incident carries its event type (a small ACLED/PLOVER-like vocabulary), places,
dates, kind (single event, campaign, cumulative toll), its figures and per measure and
population a UCDP-style low / best / high estimate with the sources behind each.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from claimledger.link.estimates import Estimate, estimates, restated
from claimledger.link.figure_record import Figure, about_the_same
from claimledger.link.incident_groups import Group, dot, group_documents, shared_numbers
from claimledger.link.incident_groups import cosine as group_cosine
from claimledger.link.units import full_date
from claimledger.link.weights import UnionFind
from claimledger.records import readable_date, readable_period

THRESHOLD = 0.2  # average similarity for groups of one unit to share an incident (tuned on dev, see benchmark)
UNIT_THRESHOLD = 0.4  # similarity at which two groups share a clustering unit (single link; tuned on dev)
SAME_DOC_UNIT_THRESHOLD = 0.2  # two groups of one document: their reading set them apart, but they may be one
SIGNATURE_TERMS = 8  # a group's heaviest words, one of which another group must share to be compared
KEY_CHARS = 160  # index keys are cut to this length (the column's)
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
PAIR_THRESHOLD = 0.15  # two figures set against each other must be this similar themselves


@dataclass
class Incident:
    id: str
    kind: str  # single_event | campaign | cumulative
    event_type: str
    label: str
    places: list[dict[str, Any]]
    begin: str | None
    until: str | None
    documents: list[str]
    figures: list[Figure]
    estimates: list[Estimate] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    unit: str = ""  # the clustering unit it was found in (link/incidents.py linked_units)
    vectors: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)  # figure key → context vector


# --- similarity ---------------------------------------------------------------------------------

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
    return True


def _place_keys(f: Figure) -> set[str]:
    return {str(p.get("id") or p.get("name", "")).casefold() for p in f.places
            if p.get("feature") not in ("country", "region")}


def _named_countries(f: Figure) -> set[str]:
    return {p["country"] for p in f.places if p.get("country") and not p.get("demonym")}


def _places_clash(f: Figure, g: Figure) -> bool:
    """Both sentences name where, and no place matches: not one town, region or country.

    Countries come from the gazetteer's hierarchy: a town in Borno and "Cameroon" clash."""
    ca, cb = _named_countries(f), _named_countries(g)
    if ca and cb and not ca & cb:
        return True
    a, b = _place_keys(f), _place_keys(g)
    if not a or not b or a & b:
        return False
    regions_f = {(p.get("country"), p.get("admin1")) for p in f.places if p.get("admin1")}
    regions_g = {(p.get("country"), p.get("admin1")) for p in g.places if p.get("admin1")}
    return not (regions_f & regions_g)


def _dates_clash(f: Figure, g: Figure) -> bool:
    days_f = [d for d in (full_date(b) for b, _ in f.dates) if d is not None]
    days_g = [d for d in (full_date(b) for b, _ in g.dates) if d is not None]
    if not days_f or not days_g:
        return False
    return min(abs((a - b).days) for a in days_f for b in days_g) > DAY_GAP


# Event families: kinds of violence differ from each other; taking people, the search for
# them and the arrests that follow belong to whatever incident their context names.
VIOLENCE = frozenset({"attack", "battle", "shelling", "airstrike", "bombing", "massacre", "execution",
                      "chemical_attack"})
DISTINCT_EVENTS = VIOLENCE | {"mass_grave"}


def events_differ(a: str, b: str) -> bool:
    if a == b or "other" in (a, b):
        return False
    if "mass_grave" in (a, b):
        return True  # finding bodies is its own incident, whatever led to them
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
    if events_differ(f.event, g.event):
        score *= EVENT_PENALTY
    return min(score, 1.0)


def compatible(f: Figure, g: Figure) -> bool:
    """Nothing in either figure's sentence says they tell different incidents."""
    if f.cumulative != g.cumulative or (f.cumulative and not cumulative_compatible(f, g)):
        return False
    if f.cumulative:
        return True  # a toll sums many events in many towns: only its span decides
    if _places_clash(f, g) or events_differ(f.event, g.event):
        return False
    return f.cumulative or not _dates_clash(f, g)


def _towns_differ(a: Group, b: Group) -> bool:
    """Both groups name towns, and none is the same."""
    towns_a = set().union(*(_place_keys(f) for f in a.figures))
    towns_b = set().union(*(_place_keys(f) for f in b.figures))
    return bool(towns_a and towns_b and not towns_a & towns_b)


def theatre(group: Group) -> frozenset[str]:
    """The countries a group's figures happen in: their documents' main countries and the countries
    of the places their sentences name (a side story of a document may lie in another country)."""
    named = {p["country"] for f in group.figures for p in f.places
             if p.get("country") and not p.get("demonym")}
    return frozenset().union(*(f.countries for f in group.figures)) | named


def group_similarity(a: Group, b: Group) -> float:
    """How likely two groups of figures (from two documents) tell one incident (0..1)."""
    fa, fb = a.figures[0], b.figures[0]
    if fa.cumulative != fb.cumulative:
        return 0.0
    apart = {f.doc_id for f in a.figures} == {g.doc_id for g in b.figures} == {fa.doc_id}
    if not all(compatible(f, g) for f in a.figures for g in b.figures if f.cumulative or g.cumulative):
        return 0.0
    score = group_cosine(a.vec, b.vec)
    countries_a, countries_b = theatre(a), theatre(b)
    same_theatre = bool(countries_a & countries_b)
    measures = {f.measure for f in a.figures} & {g.measure for g in b.figures}
    if fa.cumulative and same_theatre and measures:
        score += CUMULATIVE_BASE
    populations = ({f.population for f in a.figures} & {g.population for g in b.figures}) - GENERIC_POPULATIONS
    if same_theatre and populations:
        score += POPULATION_BONUS
    if shared_numbers(a, b):
        score += VALUE_BONUS
    event = _event_type(a.figures)
    if same_theatre and event in SPECIFIC_EVENTS and event == _event_type(b.figures) and not _towns_differ(a, b):
        score += EVENT_BONUS
    if countries_a and countries_b and not same_theatre:
        score *= COUNTRY_PENALTY
    clashes = sum(1 for f in a.figures for g in b.figures if not compatible(f, g))
    score *= 1.0 - (1.0 - PLACE_PENALTY) * clashes / (len(a.figures) * len(b.figures))
    if apart:
        score *= SAME_DOC_APART
    return min(score, 1.0)


# --- clustering ---------------------------------------------------------------------------------

def theatre_keys(group: Group) -> frozenset[str]:
    """The countries a group happens in, or "" when it names none."""
    return theatre(group) or frozenset({""})


def signature(group: Group) -> set[str]:
    """What two groups must share to be compared at all: one of their heaviest words, a town,
    or (two tolls) what they count."""
    heaviest = sorted(group.vec.items(), key=lambda kv: (-kv[1], kv[0]))[:SIGNATURE_TERMS]
    keys = {f"t:{t}" for t, _ in heaviest}
    keys |= {f"p:{k}" for f in group.figures for k in _place_keys(f)}
    keys |= {f"who:{f.population}" for f in group.figures if f.population not in GENERIC_POPULATIONS}
    keys |= {f"n:{f.measure}:{f.value:g}" for f in group.figures if f.value}
    if group.cumulative:
        keys |= {f"toll:{f.measure}" for f in group.figures}
    return keys


def index_keys(group: Group) -> frozenset[str]:
    """The keys a group is found by: a country it happens in with a word of its signature.

    Groups of different countries are never one incident (the country penalty keeps their
    similarity under the unit threshold), and a group that names no country is compared only
    with others that name none; an edge also needs a shared signature key.  So the pairs to
    test, and the stored documents a new one is tested against, come from an index of keys."""
    return frozenset(f"{c}|{k}"[:KEY_CHARS] for c in sorted(theatre_keys(group)) for k in signature(group))


def document_keys(figures: list[Figure], idf: Callable[[str], float]) -> dict[str, set[str]]:
    """Document id → the index keys of its figure groups."""
    figures = sorted(figures, key=lambda f: (f.doc_id, f.start))
    out: dict[str, set[str]] = {}
    for group in group_documents(figures, figure_vectors(figures, idf), compatible):
        out.setdefault(group.figures[0].doc_id, set()).update(index_keys(group))
    return out


def linked_units(groups: list[Group], threshold: float, joined: dict[str, str] | None = None,
                 fresh: set[str] | None = None) -> list[list[int]]:
    """Indexes of ``groups`` in clustering units: the connected components of the graph whose edges
    are pairs sharing an index key with ``group_similarity`` ≥ ``threshold`` (single link).

    An edge is a function of its two groups alone and the weights are fixed, so the units are a
    function of the documents, whatever order or batches they came in.  ``joined`` (figure key →
    stored unit) marks groups already known to be connected; then only pairs with a group of a
    ``fresh`` document are tested (the others were tested when they were stored)."""
    components = UnionFind()
    for i in range(len(groups)):
        components.add(i)
    first_of: dict[str, int] = {}
    for i, group in enumerate(groups):
        for f in group.figures:
            unit = (joined or {}).get(f.key)
            if unit is not None:
                components.union(first_of.setdefault(unit, i), i)
    keys = [index_keys(g) for g in groups]
    buckets: dict[str, list[int]] = {}
    for i, group_keys in enumerate(keys):
        for key in group_keys:
            buckets.setdefault(key, []).append(i)
    new = [i for i, g in enumerate(groups) if fresh is None or g.figures[0].doc_id in fresh]
    is_new = set(new)
    for i in new:
        others = sorted({j for key in keys[i] for j in buckets[key]
                         if j != i and not (j in is_new and j < i)})  # a pair of new groups once
        for j in others:
            bar = SAME_DOC_UNIT_THRESHOLD if groups[i].figures[0].doc_id == groups[j].figures[0].doc_id else threshold
            if components.find(i) != components.find(j) and group_similarity(groups[i], groups[j]) >= bar:
                components.union(i, j)
    out: dict[int, list[int]] = {}
    for i in range(len(groups)):
        out.setdefault(components.find(i), []).append(i)  # type: ignore[arg-type]
    return list(out.values())


def unit_idf(groups: list[Group]) -> Callable[[str], float]:
    """Smoothed idf over the documents of one unit: the words all its reports share ("Boko Haram",
    "schoolgirls") weigh least, what tells its incidents apart most."""
    terms: dict[str, set[str]] = {}
    for g in groups:
        for f in g.figures:
            terms.setdefault(f.doc_id, set()).update(f.terms)
    df = Counter(t for ts in terms.values() for t in ts)
    n = len(terms)
    return lambda t: math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0


def _average_linkage(groups: list[Group], threshold: float) -> list[list[Group]]:
    """Groups of one unit merged by average linkage, in a deterministic order."""
    n = len(groups)
    if n <= 1:
        return [groups]
    sim = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            sim[i, j] = sim[j, i] = group_similarity(groups[i], groups[j])
    dist = 1.0 - sim
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), method="average"), t=1.0 - threshold,
                      criterion="distance")
    merged: dict[int, list[Group]] = {}
    for group, label in zip(groups, labels):
        merged.setdefault(int(label), []).append(group)
    return list(merged.values())


def cluster_figures(figures: list[Figure], idf: Callable[[str], float], threshold: float = THRESHOLD,
                    vecs: dict[str, dict[str, float]] | None = None, joined: dict[str, str] | None = None,
                    fresh: set[str] | None = None) -> list[tuple[str, list[Figure]]]:
    """Figures grouped by incident, each with its unit's id: each document's figures by reading
    order (link/incident_groups.py), the groups in units (``linked_units``, fixed weights), then
    the groups of each unit by average linkage, their words weighed by an idf over the unit.
    Each step is a function of a unit's documents, so the incidents are too."""
    figures = sorted(figures, key=lambda f: (f.doc_id, f.start))
    vecs = figure_vectors(figures, idf) if vecs is None else vecs
    groups = group_documents(figures, vecs, compatible)
    out: list[tuple[str, list[Figure]]] = []
    for members in linked_units(groups, UNIT_THRESHOLD, joined, fresh):
        unit = [groups[i] for i in members]
        unit_id = unit_key(unit)
        unit = regrouped(unit, unit_idf(unit))
        for cluster in _average_linkage(unit, threshold):
            out.append((unit_id, sorted((f for g in cluster for f in g.figures), key=lambda f: (f.doc_id, f.start))))
    return sorted(out, key=lambda c: (c[1][0].doc_id, c[1][0].start))


def unit_key(groups: list[Group]) -> str:
    """A unit's id: from its first figure by document id and offset (a function of its documents)."""
    first = min((f for g in groups for f in g.figures), key=lambda f: (f.doc_id, f.start))
    return "unit-" + hashlib.sha1(first.key.encode("utf-8")).hexdigest()[:12]


def regrouped(groups: list[Group], idf: Callable[[str], float]) -> list[Group]:
    """The same groups with their words weighed by ``idf``."""
    out = []
    for g in groups:
        vecs = figure_vectors(g.figures, idf)
        new = Group(aside=g.aside)
        for f in g.figures:
            new.add(f, vecs[f.key])
        out.append(new)
    return out


# --- incidents ----------------------------------------------------------------------------------

def report_order(f: Figure) -> tuple:
    """Figures by publication date; undated ones last, by document id (never by ingest order)."""
    return (f.published is None, f.published or "", f.doc_id, f.start)


def incident_id(figures: list[Figure]) -> str:
    first = min(figures, key=report_order)
    return "inc-" + hashlib.sha1(first.key.encode("utf-8")).hexdigest()[:12]


def _kind(figures: list[Figure], begin: str | None, until: str | None) -> str:
    if sum(f.cumulative for f in figures) * 2 >= len(figures):
        return "cumulative"
    b, u = full_date(begin), full_date(until)
    if b and u and (u - b).days > 2:
        return "campaign"
    return "single_event"


PLACE_WEIGHTS = {"region": 0.7, "country": 0.5}  # a town says more about where it happened
DEMONYM_WEIGHT = 0.2  # "US-led", "Russian": whose, more often than where
NEARBY_WEIGHT = 0.5  # a place named just before the figure's sentence
HOME_BONUS = 1.5  # places in the documents' main countries, not the speakers' ("US officials said")


def place_names(figures: list[Figure]) -> list[str]:
    """Every place named in or just before the figures' sentences, for finding the incident by place."""
    return sorted({p.get("name") or "" for f in figures for p in f.places + f.nearby_places} - {""})


def _top_places(figures: list[Figure], n: int = 3) -> list[dict[str, Any]]:
    counts: Counter = Counter()
    info: dict[str, dict[str, Any]] = {}
    for f in figures:
        for p, scale in [(p, 1.0) for p in f.places] + [(p, NEARBY_WEIGHT) for p in f.nearby_places]:
            key = str(p.get("id") or p.get("name"))
            weight = DEMONYM_WEIGHT if p.get("demonym") else PLACE_WEIGHTS.get(p.get("feature") or "", 1.0)
            counts[key] += scale * weight * (HOME_BONUS if p.get("country") in f.countries else 1.0)
            info.setdefault(key, p)
    return [info[k] for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _dates(figures: list[Figure]) -> tuple[str | None, str | None]:
    tolls = [f for f in figures if f.cumulative]
    if len(tolls) * 2 >= len(figures):  # a toll runs from its "since" to its latest "as of"
        since = sorted(f.since for f in tolls if f.since)
        as_of = sorted(f.as_of for f in tolls if f.as_of)
        if since or as_of:
            return (since[0] if since else None, as_of[-1] if as_of else None)
    stated = sorted({b for f in figures for b, _ in f.dates if b and not f.cumulative})
    if stated:
        return stated[0], max(u or b for f in figures for b, u in f.dates if b and not f.cumulative)
    published = sorted({f.published for f in figures if f.published})
    return (published[0], published[-1]) if published else (None, None)


def _top_terms(figures: list[Figure], idf: Callable[[str], float], n: int = 6) -> list[str]:
    weights: Counter = Counter()
    for f in figures:
        for t, w in f.terms.items():
            weights[t] += w * idf(t)
    return [t for t, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _event_type(figures: list[Figure]) -> str:
    counts = Counter(f.event for f in figures if f.event != "other")
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else "other"


MEASURE_WORDS = {"hostages": "held hostage", "fighters_lost": "lost", "killed_or_wounded": "killed or wounded",
                 "equipment": "lost or destroyed", "other": "counted"}
SCOPE_WORDS = {"since": "to date", "war_to_date": "war to date", "year_to_date": "year to date",
               "period": "over a stated period"}


def _toll_label(figures: list[Figure], where: str | None) -> str:
    """"Russian troops killed since XXXX-02-24 (war to date)": the toll most of its figures count."""
    counts = Counter((f.measure, f.population) for f in figures if f.cumulative)
    (measure, population), _ = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    sides = Counter(f.side for f in figures if f.side and (f.measure, f.population) == (measure, population))
    side = sides.most_common(1)[0][0] + " " if sides else ""
    since = sorted(f.since for f in figures if f.since)
    scope = Counter(f.scope for f in figures if f.cumulative).most_common(1)[0][0]
    who = side.strip() if side and population in GENERIC_POPULATIONS else f"{side}{population}"
    text = f"{who} {MEASURE_WORDS.get(measure, measure.replace('_', ' '))}"
    text += f" since {readable_date(since[0])}" if since else ""
    text += f" ({SCOPE_WORDS.get(scope, scope)})"
    return text + (f", {where}" if where and not side else "")


def _main_measure(figures: list[Figure]) -> str:
    """What most of an incident's figures count ("killed or wounded"), when no event word names it."""
    counts = Counter(f.measure for f in figures if f.measure != "other")
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else "report"


def build_incident(figures: list[Figure], idf: Callable[[str], float]) -> Incident:
    begin, until = _dates(figures)
    places = _top_places(figures)
    event = _event_type(figures)
    kind = _kind(figures, begin, until)
    terms = _top_terms(figures, idf)
    where = places[0].get("name") if places else None
    what = event if event != "other" else _main_measure(figures)
    label = what.replace("_", " ") + (f" in {where}" if where else "") + (f" ({readable_period(begin, until)})" if begin else "")
    if kind == "cumulative":
        label = _toll_label(figures, where)
    first = {}
    for f in sorted(figures, key=report_order):
        first.setdefault(f.doc_id, report_order(f))
    docs = sorted(first, key=first.__getitem__)
    return Incident(id=incident_id(figures), kind=kind, event_type=event, label=label, places=places,
                    begin=begin, until=until, documents=docs, figures=figures,
                    estimates=estimates(figures), terms=terms)


def related_pairs(figures: list[Figure], idf: Callable[[str], float], threshold: float | None = None,
                  vecs: dict[str, dict[str, float]] | None = None) -> Callable[[Figure, Figure], bool]:
    """A test that two figures of an incident are close enough to be compared (``vecs``: the
    vectors clustering computed, when at hand)."""
    threshold = PAIR_THRESHOLD if threshold is None else threshold
    vecs = figure_vectors(figures, idf) if vecs is None else vecs

    def related(f: Figure, g: Figure) -> bool:
        return similarity(f, g, vecs[f.key], vecs[g.key]) >= threshold
    return related


def resolve_incidents(figures: list[Figure], idf: Callable[[str], float], threshold: float = THRESHOLD,
                      joined: dict[str, str] | None = None, fresh: set[str] | None = None) -> list[Incident]:
    """Incidents of a set of figures (from one or many documents); ``joined`` and ``fresh`` as
    for ``cluster_figures``."""
    vecs = figure_vectors(figures, idf)
    clusters = cluster_figures(figures, idf, threshold, vecs, joined, fresh)
    incidents = [build_incident(restated(group), idf) for _, group in clusters]
    for inc, (unit, _) in zip(incidents, clusters):
        inc.unit = unit
        inc.vectors = {f.key: vecs[f.key] for f in inc.figures}
    return incidents
