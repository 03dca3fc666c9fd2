"""Reading and writing incidents: incident rows, figure assignments and figure conflicts.

The link stage computes incidents (``claimledger.link.incidents``); this module only
moves rows.  An incident is replaced as a whole: when linking recomputes the incidents
of a set of documents, every incident touching them is deleted and written anew in
one transaction together with the conflicts of those incidents.
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import String, bindparam, cast, delete, insert, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from claimledger.store.bulk import execute_many
from claimledger.store.filters import terms_match
from claimledger.store.handle import LedgerError, LedgerHandle
from claimledger.store.ledger_write import core
from claimledger.store.schema import (
    ConflictRow,
    DocumentRow,
    IncidentFigureRow,
    IncidentKeyRow,
    IncidentRow,
    StoryMemberRow,
)
from claimledger.store.versions import LINK_WRITES_BUMP


def _figure_links(ledger: LedgerHandle, wanted: Any, known: Any, values: Iterable[str]) -> set[str]:
    """Distinct ``wanted`` column values of the figure rows whose ``known`` column is in ``values``."""
    ids = list(values)
    out: set[str] = set()
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            out |= set(session.scalars(select(wanted).where(known.in_(ids[i:i + 500]))))
    return out


def units_of_documents(ledger: LedgerHandle, doc_ids: Iterable[str]) -> set[str]:
    """Ids of the clustering units that hold a figure of any of the documents."""
    return _figure_links(ledger, IncidentFigureRow.unit_id, IncidentFigureRow.doc_id, doc_ids) - {None}


def documents_of_units(ledger: LedgerHandle, unit_ids: Iterable[str]) -> set[str]:
    """Ids of the documents with a figure in any of the units."""
    return _figure_links(ledger, IncidentFigureRow.doc_id, IncidentFigureRow.unit_id, unit_ids)


def incidents_of_units(ledger: LedgerHandle, unit_ids: Iterable[str]) -> set[str]:
    """Ids of the incidents found in any of the units."""
    return _figure_links(ledger, IncidentFigureRow.incident_id, IncidentFigureRow.unit_id, unit_ids)


def figure_units(ledger: LedgerHandle, doc_ids: Iterable[str]) -> dict[str, str]:
    """Figure key ("doc_id:start") → its stored unit, for the figures of these documents."""
    ids, out = sorted(set(doc_ids)), {}
    query = select(IncidentFigureRow.doc_id, IncidentFigureRow.start, IncidentFigureRow.unit_id)
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            for r in session.execute(query.where(IncidentFigureRow.doc_id.in_(ids[i:i + 500]))):
                if r.unit_id is not None:
                    out[f"{r.doc_id}:{r.start}"] = r.unit_id
    return out


def documents_with_keys(ledger: LedgerHandle, keys: Iterable[str]) -> set[str]:
    """Ids of the documents whose figure groups have any of the index keys."""
    return _figure_links(ledger, IncidentKeyRow.doc_id, IncidentKeyRow.key, keys)


def replace_incidents(ledger: LedgerHandle, *, drop: Iterable[str], incidents: list[dict[str, Any]],
                      figures: list[dict[str, Any]], conflicts: list[dict[str, Any]],
                      keys: dict[str, set[str]] | None = None) -> None:
    """Delete the incidents ``drop`` (with their figures and conflicts) and store new ones, with
    the index keys of the documents in ``keys`` (document id → keys) replaced."""
    drop = sorted(set(drop) | {i["id"] for i in incidents})
    with Session(ledger.engine) as session, session.begin():
        doc_ids = sorted(keys or {})
        for i in range(0, len(doc_ids), 500):
            session.execute(delete(IncidentKeyRow).where(IncidentKeyRow.doc_id.in_(doc_ids[i:i + 500])))
        rows = [{"doc_id": d, "key": k} for d in doc_ids for k in sorted((keys or {})[d])]
        if rows:
            execute_many(session, insert(core(IncidentKeyRow)), rows)
        for i in range(0, len(drop), 500):
            chunk = drop[i:i + 500]
            session.execute(delete(IncidentFigureRow).where(IncidentFigureRow.incident_id.in_(chunk)))
            session.execute(delete(IncidentRow).where(IncidentRow.id.in_(chunk)))
            session.execute(delete(ConflictRow).where(ConflictRow.incident_id.in_(chunk)))
        # Core executemany (rows of the same keys): the ORM's bulk insert cost more than the rows
        if figures:  # a figure is in exactly one incident (one statement, run for every figure)
            table = core(IncidentFigureRow)
            execute_many(
                session, delete(table).where(table.c.doc_id == bindparam("d"), table.c.start == bindparam("s")),
                [{"d": f["doc_id"], "s": f["start"]} for f in figures])
        if incidents:
            execute_many(session, insert(core(IncidentRow)), incidents)
        if figures:
            execute_many(session, insert(core(IncidentFigureRow)), figures)
        if conflicts:
            session.execute(delete(ConflictRow).where(ConflictRow.id.in_([c["id"] for c in conflicts])))
            execute_many(session, insert(core(ConflictRow)), conflicts)
        session.execute(sql(LINK_WRITES_BUMP))  # pages kept for the incidents before are not served again


def with_estimate() -> Any:
    """The condition an incident has an estimate (counts someone killed, held or lost): the
    incidents ``list_incidents`` shows by default and ``status`` counts apart."""
    return cast(IncidentRow.estimates, String) != "[]"


def _incident_dict(row: IncidentRow) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "event_type": row.event_type, "label": row.label,
            "begin": row.begin, "until": row.until, "n_docs": row.n_docs, "n_figures": row.n_figures,
            "places": row.places, "estimates": row.estimates, "documents": row.documents}


def list_incidents(ledger: LedgerHandle, *, place: str | None = None, since: str | None = None,
                   kind: str | None = None, limit: int | None = 100, every: bool = False) -> list[dict[str, Any]]:
    """Incidents, the most reported first; ``place`` matches any place name, ``since`` an ISO date.

    Incidents whose figures count nothing an estimate is made of (only "two people" told of,
    no one killed, held or lost) are left out unless ``every``."""
    with Session(ledger.engine) as session:
        query = select(IncidentRow).order_by(IncidentRow.n_docs.desc(), IncidentRow.n_figures.desc(),
                                              IncidentRow.first_seq, IncidentRow.id)
        if not every:
            query = query.where(with_estimate())
        if place:
            query = query.where(terms_match(IncidentRow.terms, place))
        if since:
            query = query.where(IncidentRow.until >= since)
        if kind:
            query = query.where(IncidentRow.kind == kind)
        if limit is not None:
            query = query.limit(limit)
        return [_incident_dict(r) for r in session.scalars(query)]


def incident(ledger: LedgerHandle, incident_id: str) -> dict[str, Any]:
    """One incident with its figures (report order) and conflicts; an id prefix is enough."""
    prefix = incident_id if incident_id.startswith("inc-") else f"inc-{incident_id}"  # tables show ids without it
    with Session(ledger.engine) as session:
        rows = list(session.scalars(select(IncidentRow).where(IncidentRow.id.like(f"{prefix}%")).limit(2)))
        if len(rows) != 1:
            raise LedgerError(f"no incident {incident_id!r}" if not rows else f"incident id {incident_id!r} is ambiguous")
        row = rows[0]
        figures = [r.data for r in session.scalars(select(IncidentFigureRow)
                                                   .where(IncidentFigureRow.incident_id == row.id))]
        conflicts = [{"id": c.id, "label": c.label, "figures": c.figures, "evidence": c.evidence}
                     for c in session.scalars(select(ConflictRow).where(ConflictRow.incident_id == row.id)
                                              .order_by(ConflictRow.id))]
    figures.sort(key=lambda f: (f.get("published") is None, f.get("published") or "", f.get("doc_id", ""),
                                f.get("start", 0)))
    return {**_incident_dict(row), "figures": figures, "conflicts": conflicts}


def figure_incidents(ledger: LedgerHandle, doc_ids: Iterable[str] | None = None) -> dict[tuple[str, int], str]:
    """(document id, figure start) → incident id, for every assigned figure (of these documents)."""
    query = select(IncidentFigureRow.doc_id, IncidentFigureRow.start, IncidentFigureRow.incident_id)
    with Session(ledger.engine) as session:
        if doc_ids is None:
            return {(r.doc_id, r.start): r.incident_id for r in session.execute(query)}
        ids, out = sorted(set(doc_ids)), {}
        for i in range(0, len(ids), 500):
            out.update({(r.doc_id, r.start): r.incident_id
                        for r in session.execute(query.where(IncidentFigureRow.doc_id.in_(ids[i:i + 500])))})
        return out


def incident_labels(ledger: LedgerHandle, incident_ids: Iterable[str]) -> dict[str, str]:
    """Incident id → its label."""
    ids, out = sorted(set(incident_ids)), {}
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            query = select(IncidentRow.id, IncidentRow.label).where(IncidentRow.id.in_(ids[i:i + 500]))
            out.update({incident_id: label for incident_id, label in session.execute(query)})
    return out


def document_sources(ledger: LedgerHandle) -> dict[str, tuple[str | None, str]]:
    """Document id → (where it was ingested from, its text): for benchmarks matching gold files."""
    with Session(ledger.engine) as session:
        return {r.id: (r.source, r.text) for r in session.execute(select(DocumentRow.id, DocumentRow.source,
                                                                         DocumentRow.text))}


def conflict_record(conflict: dict[str, Any]) -> dict[str, Any]:
    """A stored conflict as the documented JSON record (``claimledger conflicts --json``).

    ``figures``: each with its document and character offsets into the stored text;
    ``pairs``: index pairs of the figures that disagree; ``reason``: one line a person
    can check."""
    evidence = conflict.get("evidence") or {}
    figures = [{"doc_id": f.get("doc_id"), "start": f.get("start"), "end": f.get("end"), "text": f.get("text"),
                "value": f.get("value"), "low": f.get("low"), "high": f.get("high"),
                "measure": f.get("measure") or f.get("category"), "population": f.get("population"),
                "source": f.get("source"), "published": f.get("published"), "as_of": f.get("as_of")}
               for f in conflict.get("figures") or []]
    pairs = [list(p[:2]) for p in evidence.get("pairs") or evidence.get("disagreeing_pairs") or []]
    if not pairs and conflict["kind"] == "changed_figure":
        pairs = [[i, i + 1] for i in range(0, len(figures) - 1, 2)]
    reasons = evidence.get("reasons") or []
    reason = reasons[0] if reasons else evidence.get("rule", "")
    if len(reasons) > 1:
        more = len(reasons) - 1
        reason += f" (and {more} more pair{'s' if more > 1 else ''})"
    return {"id": conflict["id"], "kind": conflict["kind"], "label": conflict["label"], "reason": reason,
            "incident": conflict.get("incident"), "figures": figures, "pairs": pairs}


def main_incidents(ledger: LedgerHandle) -> dict[str, str]:
    """Document id → the incident holding most of its figures (ties: the earliest incident id)."""
    counts: dict[str, dict[str, int]] = {}
    with Session(ledger.engine) as session:
        for doc_id, incident_id in session.execute(select(IncidentFigureRow.doc_id, IncidentFigureRow.incident_id)):
            per_doc = counts.setdefault(doc_id, {})
            per_doc[incident_id] = per_doc.get(incident_id, 0) + 1
    return {d: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for d, c in counts.items()}


def story_documents(ledger: LedgerHandle, doc_ids: Iterable[str]) -> set[str]:
    """Ids of every document sharing a story with any of the documents (themselves included)."""
    stories = _figure_links(ledger, StoryMemberRow.story_id, StoryMemberRow.doc_id, doc_ids)
    return _figure_links(ledger, StoryMemberRow.doc_id, StoryMemberRow.story_id, stories) | set(doc_ids)


def figure_counts(ledger: LedgerHandle, doc_ids: Iterable[str]) -> dict[str, dict[str, int]]:
    """Document id → incident id → how many of its figures that incident holds (documents with one)."""
    ids = sorted(set(doc_ids))
    out: dict[str, dict[str, int]] = {}
    query = select(IncidentFigureRow.doc_id, IncidentFigureRow.incident_id)
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            for doc_id, incident_id in session.execute(query.where(IncidentFigureRow.doc_id.in_(ids[i:i + 500]))):
                per_doc = out.setdefault(doc_id, {})
                per_doc[incident_id] = per_doc.get(incident_id, 0) + 1
    return out


def document_heads(ledger: LedgerHandle, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Document id → its published date, outlet, title and URL: what a list of reports shows."""
    ids, out = sorted(set(doc_ids)), {}
    query = select(DocumentRow.id, DocumentRow.published, DocumentRow.outlet, DocumentRow.title, DocumentRow.url)
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            for r in session.execute(query.where(DocumentRow.id.in_(ids[i:i + 500]))):
                out[r.id] = {"doc_id": r.id, "published": r.published, "outlet": r.outlet, "title": r.title,
                             "url": r.url}
    return out
