"""The incident step of linking: figures of a neighbourhood of documents → incidents → rows.

The neighbourhood is the documents the run touched (their stories) plus every document
that shares a stored incident with them, so an incident is always recomputed whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from claimledger.link.estimates import FigureConflict, incident_conflicts
from claimledger.link.figures import Figure, figures_in
from claimledger.link.incidents import Incident, place_names, related_pairs, resolve_incidents
from claimledger.records import Analysis, Document, Segment

Loader = Callable[[str], tuple[Document, list[Segment], Analysis | None, int]]


@dataclass
class IncidentRun:
    incidents: list[Incident] = field(default_factory=list)
    conflicts: list[FigureConflict] = field(default_factory=list)


def collect_figures(doc_ids: Iterable[str], load: Loader, every: bool = False) -> list[Figure]:
    out: list[Figure] = []
    for doc_id in doc_ids:
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
                             "incident_id": inc.id, "measure": f.measure, "population": f.population,
                             "source": f.source, "data": f.to_dict()})
        for c in incident_conflicts(inc.id, inc.figures, related_pairs(inc.figures, idf, vecs=inc.vectors or None)):
            conflicts.append(c)
            conflict_rows.append(conflict_row(c, inc))
    return inc_rows, fig_rows, conflict_rows, conflicts


def link_incidents(ledger: Any, doc_ids: Iterable[str], load: Loader, idf: Callable[[str], float]) -> IncidentRun:
    """Recompute and store the incidents of ``doc_ids`` and of every document sharing one with them."""
    from claimledger.store import incidents as store

    docs = set(doc_ids)
    stored = store.incidents_of_documents(ledger, docs)
    docs |= store.documents_of_incidents(ledger, stored)
    figures = collect_figures(sorted(docs), load)
    incidents = resolve_incidents(figures, idf)
    inc_rows, fig_rows, conflict_rows, conflicts = incident_rows(incidents, idf)
    store.replace_incidents(ledger, drop=stored, incidents=inc_rows, figures=fig_rows, conflicts=conflict_rows)
    return IncidentRun(incidents=incidents, conflicts=conflicts)
