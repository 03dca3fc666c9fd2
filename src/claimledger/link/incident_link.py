"""The incident step of linking: figures of new documents joined to the stored incidents → rows.

Incidents are the connected components of a graph of figure groups whose edges are a pure
function of two groups (link/incidents.py), so the ledger's incidents are a function of its
documents.  A run tests the groups of its new documents against the stored documents that share
an index key with them (``incident_keys``: a country with a word, town, population, number or
toll), takes the stored units of those documents as already connected, and stores every
incident of a unit that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from claimledger.link.estimates import FigureConflict, incident_conflicts
from claimledger.link.figure_record import Figure
from claimledger.link.figures import figures_in
from claimledger.link.incident_similarity import figure_vectors
from claimledger.link.incident_units import document_groups, document_keys
from claimledger.link.incidents import Incident, place_names, related_pairs, resolve_incidents
from claimledger.records import Analysis, Document, Segment

Loader = Callable[[str], tuple[Document, list[Segment], Analysis | None, int]]


@dataclass
class IncidentRun:
    incidents: list[Incident] = field(default_factory=list)
    conflicts: list[FigureConflict] = field(default_factory=list)


def collect_figures(doc_ids: Iterable[str], load: Loader, every: bool = False,
                    known: Mapping[str, list[Figure]] | None = None) -> list[Figure]:
    """The figures of the documents: those in ``known`` as given, the others from their analyses."""
    out: list[Figure] = []
    for doc_id in doc_ids:
        if known is not None and not every and doc_id in known:
            out += known[doc_id]
            continue
        doc, segments, analysis, seq = load(doc_id)
        if analysis is not None and analysis.quantities:
            out += figures_in(doc, segments, analysis, seq, every)
    return out


def conflict_row(c: FigureConflict, incident: Incident) -> dict[str, Any]:
    figures = [f.to_dict() for f in c.figures]
    measure, population, span, rate = c.key
    places = " | ".join(p.get("name") or "" for p in incident.places)
    sources = " | ".join(sorted({f.source for f in c.figures}))
    return {"id": c.id, "kind": "figures", "story_id": None, "group_id": None, "incident_id": incident.id,
            "label": c.label, "n_sources": len({f.source.casefold() for f in c.figures}),
            "n_figures": len(c.figures),
            "measure": {"measure": measure, "population": population, "span": span, "rate_unit": rate or None,
                        "incident": incident.id, "incident_label": incident.label},
            "figures": figures,
            "evidence": {"pairs": [[i, j] for i, j, _ in c.pairs], "reasons": [why for _, _, why in c.pairs],
                         "rule": "same incident, measure, population and span; value ranges cannot overlap"},
            "terms": " | ".join([places, sources, incident.label, c.label, *incident.terms])}


def incident_rows(incidents: list[Incident], idf: Callable[[str], float]
                  ) -> tuple[list[dict], list[dict], list[dict], list[FigureConflict]]:
    inc_rows, fig_rows, conflict_rows, conflicts = [], [], [], []
    for inc in incidents:
        names = [p.get("name") or "" for p in inc.places]
        inc_rows.append({"id": inc.id, "kind": inc.kind, "event_type": inc.event_type, "label": inc.label,
                         "begin": inc.begin, "until": inc.until, "n_docs": len(inc.documents),
                         "n_figures": len(inc.figures), "first_seq": min(f.seq for f in inc.figures),
                         "places": inc.places, "estimates": [e.__dict__ for e in inc.estimates],
                         "documents": inc.documents,
                         "terms": " | ".join(dict.fromkeys(names + place_names(inc.figures) + inc.terms))})
        for f in inc.figures:
            fig_rows.append({"doc_id": f.doc_id, "start": f.start, "end": f.end, "quantity": f.quantity,
                             "incident_id": inc.id, "unit_id": inc.unit, "measure": f.measure, "population": f.population,
                             "source": f.source, "data": f.to_dict()})
        for c in incident_conflicts(inc.id, inc.figures, related_pairs(inc.figures, idf, vecs=inc.vectors or None)):
            conflicts.append(c)
            conflict_rows.append(conflict_row(c, inc))
    return inc_rows, fig_rows, conflict_rows, conflicts


def link_incidents(ledger: Any, doc_ids: Iterable[str], load: Loader, idf: Callable[[str], float],
                   expect: Callable[[list[str]], None] | None = None,
                   known: Mapping[str, list[Figure]] | None = None) -> IncidentRun:
    """Join the figures of ``doc_ids`` (new, or to be recomputed) to the stored incidents and
    store every incident that changed, whole.  ``known``: document id → its figures, for
    documents whose figures the caller already has (they are not loaded again)."""
    known = known or {}
    from claimledger.store import incidents as store

    fresh = set(doc_ids)
    if expect is not None:
        expect([d for d in sorted(fresh) if d not in known])
    fresh_figures = collect_figures(sorted(fresh), load, known=known)
    # the fresh documents' vectors and groups, made once: for their keys, then for clustering
    vecs = figure_vectors(fresh_figures, idf)
    fresh_groups = document_groups(fresh_figures, vecs)
    fresh_keys = document_keys(fresh_figures, idf, fresh_groups)
    candidates = store.documents_with_keys(ledger, set().union(*fresh_keys.values()) if fresh_keys else set()) - fresh
    stored = sorted(candidates | store.documents_of_units(ledger, store.units_of_documents(ledger, candidates | fresh))
                    - fresh)
    if expect is not None:
        expect([d for d in stored if d not in known])
    joined, of_fresh = {}, set()  # stored units: of the documents compared with, and of the fresh ones
    for key, unit in store.figure_units(ledger, fresh | set(stored)).items():
        if key.rsplit(":", 1)[0] in fresh:
            of_fresh.add(unit)
        else:
            joined[key] = unit
    incidents = resolve_incidents(fresh_figures + collect_figures(stored, load, known=known), idf, joined=joined,
                                  fresh=fresh, vecs=vecs, grouped=fresh_groups)
    del vecs, fresh_groups
    changed, replaced = _changed(incidents, joined, fresh, of_fresh)
    inc_rows, fig_rows, conflict_rows, conflicts = incident_rows(changed, idf)
    for inc in changed:
        inc.vectors = {}  # read by ``incident_rows`` only: not carried in the report
    store.replace_incidents(ledger, drop=store.incidents_of_units(ledger, replaced), incidents=inc_rows,
                            figures=fig_rows, conflicts=conflict_rows,
                            keys={d: fresh_keys.get(d, set()) for d in fresh})
    return IncidentRun(incidents=changed, conflicts=conflicts)


def _changed(incidents: list[Incident], joined: dict[str, str], fresh: set[str],
             of_fresh: set[str]) -> tuple[list[Incident], set[str]]:
    """The incidents to store — every incident of a unit that holds a new figure, or a figure of
    a stored unit a new document was in — and the stored units they replace.  The other units
    are as stored."""
    changed_units = {inc.unit for inc in incidents
                     if any(f.doc_id in fresh or joined.get(f.key) in of_fresh for f in inc.figures)}
    changed = [inc for inc in incidents if inc.unit in changed_units]
    replaced = set(of_fresh) | {joined[f.key] for inc in changed for f in inc.figures if f.key in joined}
    return changed, replaced
