"""Incidents: the real-world events figures are about (reports are not events).

Figures (link/figures.py) are grouped into incidents in two steps, each a function of the
documents alone, so the ledger's incidents do not depend on arrival order or batches
(link/incident_units.py): each document's figures are read in order into groups
(link/incident_groups.py) and the groups joined into order-free units by single link under
fixed term weights; inside a unit, groups merge by average linkage with an idf over the
unit's documents.  How alike two figures or groups are is link/incident_similarity.py.
Thresholds and weights were set on ``incidents_dev``; ``benchmarks/incidents.py`` reports
each of its three story clusters with the inner threshold chosen on the other two.

This module builds each incident: its event type (a small ACLED/PLOVER-like vocabulary),
places, dates, kind (single event, campaign, cumulative toll), label, figures and per
measure and population a UCDP-style low / best / high estimate with the sources behind each.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from claimledger.link.estimates import PLURALS, Estimate, estimates, restated
from claimledger.link.figure_record import Figure
from claimledger.link.incident_groups import Group
from claimledger.link.incident_labels import incident_event, measure_noun, scene_places, stated_when
from claimledger.link.incident_similarity import GENERIC_POPULATIONS, figure_vectors, similarity
from claimledger.link.incident_units import THRESHOLD, cluster_figures
from claimledger.link.units import full_date
from claimledger.records import readable_date, readable_period

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
    unit: str = ""  # the clustering unit it was found in (link/incident_units.py)
    vectors: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)  # figure key → context vector


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


def place_names(figures: list[Figure]) -> list[str]:
    """Every place named in or just before the figures' sentences, for finding the incident by place."""
    return sorted({p.get("name") or "" for f in figures for p in f.places + f.nearby_places} - {""})


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


MEASURE_WORDS = {"hostages": "held hostage", "fighters_lost": "lost", "killed_or_wounded": "killed or wounded",
                 "equipment": "lost or destroyed", "other": "counted"}
NOT_WAR_EVENTS = frozenset({"outbreak", "disaster"})
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
    if population in PLURALS:  # "deaths since 1 Aug", not "death killed"
        text = f"{side}{PLURALS[population]}"
    text += f" since {readable_date(since[0])}" if since else ""
    if scope == "war_to_date" and all(f.event in NOT_WAR_EVENTS for f in figures if f.cumulative):
        scope = "since"  # an epidemic's toll so far is no war's
    text += f" ({SCOPE_WORDS.get(scope, scope)})"
    return text + (f", {where}" if where and not side else "")


def _main_measure(figures: list[Figure]) -> str:
    """What most of an incident's figures count ("killed or wounded"), when no event word names it."""
    counts = Counter(f.measure for f in figures if f.measure != "other")
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else "report"


def build_incident(figures: list[Figure], idf: Callable[[str], float]) -> Incident:
    begin, until = _dates(figures)
    kind = _kind(figures, begin, until)
    places = scene_places(figures, toll=kind == "cumulative")[:3]  # where it happened, not whose forces
    event = incident_event(figures)
    terms = _top_terms(figures, idf)
    where = places[0].get("name") if places else None
    what = event.replace("_", " ") if event != "other" else measure_noun(_main_measure(figures))
    when = stated_when([f for f in figures if not f.cumulative]) or ((begin, until) if begin else None)
    label = what + (f" in {where}" if where else "") + (f" ({readable_period(*when)})" if when else "")
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
                      joined: dict[str, str] | None = None, fresh: set[str] | None = None,
                      vecs: dict[str, dict[str, float]] | None = None,
                      grouped: list[Group] | None = None) -> list[Incident]:
    """Incidents of a set of figures (from one or many documents); ``joined``, ``fresh`` and
    ``grouped`` as for ``cluster_figures``; ``vecs``: figure vectors already computed, by key."""
    vecs = dict(vecs or {})
    vecs.update(figure_vectors([f for f in figures if f.key not in vecs], idf))
    clusters = cluster_figures(figures, idf, threshold, vecs, joined, fresh, grouped)
    incidents = [build_incident(restated(group), idf) for _, group in clusters]
    for inc, (unit, _) in zip(incidents, clusters):
        inc.unit = unit
        inc.vectors = {f.key: vecs[f.key] for f in inc.figures}
    return incidents
