"""Reading the link tables of a ledger for people: stories, copies, claim groups, conflicts.

The link stage (``claimledger.link``) computes; its own working rows (sketches, unit
vectors, claim features) and its one write per run are in ``claimledger.store.link_rows``.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from sqlalchemy import JSON, Float, Integer, LargeBinary, func, or_, select
from sqlalchemy.orm import Session

from claimledger.store.filters import terms_match
from claimledger.store.handle import LedgerError, LedgerHandle
from claimledger.store.link_rows import story_units_of
from claimledger.store.queries import document_names
from claimledger.store.schema import (
    AttributionRow,
    ClaimGroupMemberRow,
    ClaimGroupRow,
    ClaimRow,
    ConflictRow,
    DocLinkRow,
    DocumentRow,
    StoryMemberRow,
    StoryRow,
)
from claimledger.store.views import (
    ClaimGroupSummary,
    ClaimGroupView,
    ConflictView,
    CopyLink,
    DocumentCopy,
    DocumentStory,
    StorySummary,
    StoryView,
    attribution_from_data,
    source_chain,
)

# --- reading for people ------------------------------------------------------------------------------

def _doc_info(session: Session, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = list(set(ids))
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        for r in session.execute(select(DocumentRow.id, DocumentRow.title, DocumentRow.outlet, DocumentRow.published,
                                        DocumentRow.seq, DocumentRow.kind, DocumentRow.source)
                                 .where(DocumentRow.id.in_(ids[i:i + 500]))):
            out[r[0]] = {"id": r[0], "title": r[1], "outlet": r[2], "published": r[3], "seq": r[4], "kind": r[5],
                         "source": r[6]}
    return out


def _top_entities(row: StoryRow, n: int = 6) -> list[str]:
    counts = (row.state or {}).get("entities", {})
    return [e for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _story_outlets(session: Session, ids: list[int]) -> dict[int, set[str]]:
    outlets: dict[int, set[str]] = {}
    for sid, outlet in session.execute(
            select(StoryMemberRow.story_id, DocumentRow.outlet).distinct()
            .join(DocumentRow, DocumentRow.id == StoryMemberRow.doc_id)
            .where(StoryMemberRow.story_id.in_(ids), DocumentRow.outlet.is_not(None))):
        outlets.setdefault(sid, set()).add(str(outlet))
    return outlets


def _first_names(ledger: LedgerHandle, session: Session, rows: list[StoryRow]) -> dict[int, str]:
    """For the stories without a headline: the name of their first document (``document_name``),
    so a story reads as its first report, never as a list of keywords."""
    untitled = [r.id for r in rows if not (r.title or "").strip()]
    if not untitled:
        return {}
    first: dict[int, str] = {}
    for sid, doc_id in session.execute(
            select(StoryMemberRow.story_id, StoryMemberRow.doc_id).join(DocumentRow, DocumentRow.id == StoryMemberRow.doc_id)
            .where(StoryMemberRow.story_id.in_(untitled)).order_by(DocumentRow.seq, StoryMemberRow.entry)):
        first.setdefault(sid, doc_id)
    names = document_names(ledger, first.values())
    return {sid: names.get(doc_id, "") for sid, doc_id in first.items()}


def story_summaries(ledger: LedgerHandle, *, limit: int | None = 50, offset: int = 0,
                    min_size: int = 1) -> list[StorySummary]:
    """Stories, largest and most recently updated first."""
    with Session(ledger.engine) as session:
        query = (select(StoryRow).where(StoryRow.size >= min_size)
                 .order_by(StoryRow.size.desc(), StoryRow.last_seq.desc(), StoryRow.id).offset(offset))
        rows = list(session.scalars(query.limit(limit) if limit is not None else query))
        ids = [r.id for r in rows]
        # counted in SQL: a large story has thousands of members, none of them needed here
        n_docs = dict(session.execute(
            select(StoryMemberRow.story_id, func.count(func.distinct(StoryMemberRow.doc_id)))
            .where(StoryMemberRow.story_id.in_(ids)).group_by(StoryMemberRow.story_id)).all())
        outlets = _story_outlets(session, ids)
        names = _first_names(ledger, session, rows)
        return [StorySummary(r.id, r.title or names.get(r.id), r.label, r.size, n_docs.get(r.id, 0), sorted(outlets.get(r.id, ())),
                             r.first_published, r.last_published, _top_entities(r)) for r in rows]


def list_stories(ledger: LedgerHandle, *, limit: int | None = 50, offset: int = 0, min_size: int = 1) -> list[dict[str, Any]]:
    """``story_summaries`` as JSON-ready dicts."""
    return [s.to_dict() for s in story_summaries(ledger, limit=limit, offset=offset, min_size=min_size)]


def _story_members(session: Session, story_id: int) -> list[dict[str, Any]]:
    members = list(session.scalars(select(StoryMemberRow).where(StoryMemberRow.story_id == story_id)))
    info = _doc_info(session, [m.doc_id for m in members])
    return sorted((
        {"unit_id": m.unit_id, "doc_id": m.doc_id, "entry": m.entry, "score": m.score, "evidence": m.evidence,
         **{k: v for k, v in info.get(m.doc_id, {}).items() if k != "id"}}
        for m in members), key=lambda m: (m.get("seq") or 0, m["entry"] or 0))


def story_view(ledger: LedgerHandle, story_id: int) -> StoryView:
    """One story with its members (documents and live-blog entries), copies among them and conflicts."""
    with Session(ledger.engine) as session:
        row = session.get(StoryRow, story_id)
        if row is None:
            raise LedgerError(f"no story with id {story_id}")
        members = _story_members(session, story_id)
        doc_ids = sorted({m["doc_id"] for m in members})
        links = session.scalars(select(DocLinkRow).where(DocLinkRow.src.in_(doc_ids), DocLinkRow.dst.in_(doc_ids)))
        conflicts = session.scalars(select(ConflictRow).where(ConflictRow.story_id == story_id))
        state = row.state or {}
        title = row.title or _first_names(ledger, session, [row]).get(row.id)
        return StoryView(row.id, title, row.label, row.size, row.first_published, row.last_published,
                         state.get("entities", {}), state.get("places", {}), members,
                         [_copy_link(l) for l in links], [_conflict_view(c) for c in conflicts])


def story(ledger: LedgerHandle, story_id: int) -> dict[str, Any]:
    """``story_view`` as a JSON-ready dict."""
    return story_view(ledger, story_id).to_dict()


def _copy_link(row: DocLinkRow) -> CopyLink:
    return CopyLink(row.src, row.dst, row.kind, row.score, row.jaccard, row.containment, row.basis,
                    row.evidence or {})


def copy_links(ledger: LedgerHandle, doc_id: str | None = None) -> list[CopyLink]:
    """Copy links (earlier -> later), all or those touching one document."""
    with Session(ledger.engine) as session:
        query = select(DocLinkRow).order_by(DocLinkRow.src, DocLinkRow.dst)
        if doc_id:
            doc_id = ledger.resolve(doc_id)
            query = query.where(or_(DocLinkRow.src == doc_id, DocLinkRow.dst == doc_id))
        return [_copy_link(r) for r in session.scalars(query)]


def doc_links(ledger: LedgerHandle, doc_id: str | None = None) -> list[dict[str, Any]]:
    """``copy_links`` as JSON-ready dicts."""
    return [link.to_dict() for link in copy_links(ledger, doc_id)]


def document_copies(ledger: LedgerHandle, doc_id: str) -> list[DocumentCopy]:
    """Copy links touching a document, each naming the other document and the direction."""
    found = copy_links(ledger, doc_id)
    others = {l.dst if l.src == doc_id else l.src for l in found}
    with Session(ledger.engine) as session:
        query = select(DocumentRow.id, DocumentRow.title).where(DocumentRow.id.in_(others))
        titles = dict(session.execute(query).all())
    out = []
    for link in found:
        other = link.dst if link.src == doc_id else link.src
        out.append(DocumentCopy(**link.to_dict(), doc_id=other, title=titles.get(other),
                                direction=copy_direction(link, doc_id)))
    return out


def copy_direction(link: CopyLink, doc_id: str) -> str:
    """How a copy link reads from one of its documents; without both dates no order is claimed
    (links stored before order_unknown said ingest_order: the same)."""
    if link.basis != "published":
        return "same text as (order unknown)"
    return "repeated by" if link.src == doc_id else "copied from"


def document_stories(ledger: LedgerHandle, doc_id: str) -> list[DocumentStory]:
    """The stories a document (or each of its live-blog entries) belongs to."""
    units = story_units_of(ledger, [doc_id]).get(doc_id, [])
    with Session(ledger.engine) as session:
        rows = {r.id: r for r in session.execute(select(StoryRow.id, StoryRow.title, StoryRow.size)
                                                 .where(StoryRow.id.in_({u[2] for u in units})))}
    return [DocumentStory(sid, entry, rows[sid].title if sid in rows else None, rows[sid].size if sid in rows else None)
            for _, entry, sid in sorted(units, key=lambda u: (u[1] if u[1] is not None else -1, u[2]))]


def _conflict_view(row: ConflictRow) -> ConflictView:
    return ConflictView(row.id, row.kind, row.label, row.story_id, row.group_id, row.n_sources, row.n_figures,
                        row.measure, row.figures or [], row.evidence or {}, row.incident_id)


# what a figure's measure is counted as by the ``category`` filters of figures and conflicts
MEASURE_CATEGORY = {"killed": "killed", "wounded": "wounded", "killed_or_wounded": "casualties",
                    "captured": "captured", "missing": "missing", "equipment": "equipment"}


def conflict_categories(row: ConflictRow) -> set[str]:
    """The figure categories a conflict is about: its measure's, else its figures' ("other" when none)."""
    measure = (row.measure or {}).get("measure")
    if measure:
        return {MEASURE_CATEGORY.get(measure, "other")}
    found = {f.get("category") or MEASURE_CATEGORY.get(f.get("measure") or "", "") for f in row.figures or []}
    return {c for c in found if c} or {"other"}


def conflict_views(ledger: LedgerHandle, *, entity: str | None = None, place: str | None = None,
                   kind: str | None = None, category: str | None = None, limit: int | None = 100,
                   offset: int = 0, entity_names: tuple[str, ...] = ()) -> list[ConflictView]:
    """Conflicts, the most sources first; ``entity`` (or one of ``entity_names``, a person's other
    names) and ``place`` match names in the conflict's story or figures, ``category``
    (comma-separated) what its figures count (``conflict_categories``)."""
    with Session(ledger.engine) as session:
        query = select(ConflictRow).order_by(ConflictRow.n_sources.desc(), ConflictRow.n_figures.desc(), ConflictRow.id)
        if kind:
            query = query.where(ConflictRow.kind == kind)
        if entity:
            query = query.where(or_(*(func.lower(ConflictRow.terms).like(f"%{n.casefold()}%")
                                      for n in dict.fromkeys((entity, *entity_names)))))
        if place:
            query = query.where(terms_match(ConflictRow.terms, place))
        if category:  # a JSON field: chosen here, then paged
            wanted = {c.strip() for c in category.split(",") if c.strip()}
            rows = [r for r in session.scalars(query) if conflict_categories(r) & wanted]
            return [_conflict_view(r) for r in rows[offset:None if limit is None else offset + limit]]
        query = query.offset(offset)
        return [_conflict_view(r) for r in session.scalars(query.limit(limit) if limit is not None else query)]


def list_conflicts(ledger: LedgerHandle, *, entity: str | None = None, place: str | None = None,
                   kind: str | None = None, limit: int | None = 100) -> list[dict[str, Any]]:
    """``conflict_views`` as JSON-ready dicts."""
    return [c.to_dict() for c in conflict_views(ledger, entity=entity, place=place, kind=kind, limit=limit)]


def conflict_view(ledger: LedgerHandle, conflict_id: str) -> ConflictView:
    with Session(ledger.engine) as session:
        row = session.get(ConflictRow, conflict_id)
        if row is None:
            raise LookupError(f"no conflict {conflict_id!r}")
        return _conflict_view(row)


def _member_chains(session: Session, claims: dict[tuple[str, int], ClaimRow]) -> dict[tuple[str, int], list[str]]:
    """Each claim's source chain (``views.source_chain`` of its attribution)."""
    keys = {(d, c.data["attribution"]) for (d, _), c in claims.items() if c.data.get("attribution") is not None}
    atts: dict[tuple[str, int], Any] = {}
    for doc_id in {d for d, _ in keys}:
        for row in session.scalars(select(AttributionRow).where(AttributionRow.doc_id == doc_id)):
            atts[(doc_id, row.idx)] = attribution_from_data(row.data)
    return {k: source_chain(atts.get((k[0], c.data["attribution"])) if c.data.get("attribution") is not None else None)
            for k, c in claims.items()}


def _group_members(session: Session, group_id: int) -> list[dict[str, Any]]:
    rows = list(session.scalars(select(ClaimGroupMemberRow).where(ClaimGroupMemberRow.group_id == group_id)))
    claims = {(c.doc_id, c.idx): c for c in session.scalars(select(ClaimRow).where(
        ClaimRow.doc_id.in_({r.doc_id for r in rows})))}
    chains = _member_chains(session, {(r.doc_id, r.idx): claims[(r.doc_id, r.idx)] for r in rows
                                      if (r.doc_id, r.idx) in claims})
    info = _doc_info(session, [r.doc_id for r in rows])
    members = []
    for r in rows:
        claim = claims.get((r.doc_id, r.idx))
        members.append({"claim_id": f"{r.doc_id}:{r.idx}", "doc_id": r.doc_id, "index": r.idx,
                        "stance": r.stance, "certainty": r.certainty, "score": r.score, "evidence": r.evidence,
                        "text": claim.text if claim else "", "claim": claim.data if claim else {},
                        "chain": chains.get((r.doc_id, r.idx), []),
                        **{f"doc_{k}": v for k, v in info.get(r.doc_id, {}).items() if k != "id"}})
    return members


def _group_of(session: Session, doc_id: str, index: int) -> ClaimGroupRow:
    member = session.get(ClaimGroupMemberRow, (doc_id, index))
    if member is None:
        if session.get(ClaimRow, (doc_id, index)) is None:
            raise LedgerError(f"no claim {doc_id}:{index}")
        raise LedgerError(f"claim {doc_id}:{index} is not linked yet (run linking)")
    group = session.get(ClaimGroupRow, member.group_id)
    if group is None:
        raise LedgerError(f"claim {doc_id}:{index} is in a claim group that is gone (run linking)")
    return group


def claim_membership(ledger: LedgerHandle, claim_id: str) -> dict[str, Any]:
    """The group of one claim ("<doc id or prefix>:<index>") with every member claim and its source chain."""
    doc, _, index = claim_id.rpartition(":")
    if not doc or not index.isdigit():
        raise LedgerError(f"a claim id is '<document id>:<claim index>', not {claim_id!r}")
    doc_id = ledger.resolve(doc)
    with Session(ledger.engine) as session:
        group = _group_of(session, doc_id, int(index))
        return {"claim_id": f"{doc_id}:{index}", "group": {"id": group.id, "label": group.label,
                                                             "first_claim": group.first_claim, "size": group.size,
                                                             "n_docs": group.n_docs, "evidence": group.evidence},
                "members": _group_members(session, group.id)}


def claim_group_view(ledger: LedgerHandle, group_id: int) -> ClaimGroupView:
    """One claim group with every member claim (its stance, certainty, source chain and document)."""
    with Session(ledger.engine) as session:
        g = session.get(ClaimGroupRow, group_id)
        if g is None:
            raise LookupError(f"no claim group {group_id!r}")
        return ClaimGroupView(g.id, g.label, g.first_claim, g.size, g.n_docs, g.evidence or {},
                              _group_members(session, g.id))


def claim_group_summaries(ledger: LedgerHandle, *, min_docs: int = 2, limit: int | None = 100,
                          offset: int = 0) -> list[ClaimGroupSummary]:
    """Claim groups spanning at least ``min_docs`` documents, the widest first."""
    with Session(ledger.engine) as session:
        query = (select(ClaimGroupRow).where(ClaimGroupRow.n_docs >= min_docs)
                 .order_by(ClaimGroupRow.n_docs.desc(), ClaimGroupRow.id).offset(offset))
        return [ClaimGroupSummary(g.id, g.label, g.first_claim, g.size, g.n_docs)
                for g in session.scalars(query.limit(limit) if limit is not None else query)]


def claim_groups(ledger: LedgerHandle, *, min_docs: int = 2, limit: int | None = 100) -> list[dict[str, Any]]:
    """``claim_group_summaries`` as JSON-ready dicts."""
    return [g.to_dict() for g in claim_group_summaries(ledger, min_docs=min_docs, limit=limit)]


def group_members_raw(ledger: LedgerHandle, group_ids: Iterable[int]) -> dict[int, list[ClaimGroupMemberRow]]:
    ids = list(group_ids)
    out: dict[int, list[ClaimGroupMemberRow]] = {}
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            for r in session.scalars(select(ClaimGroupMemberRow).where(ClaimGroupMemberRow.group_id.in_(ids[i:i + 500]))):
                out.setdefault(r.group_id, []).append(r)
    return out


# --- the link tables as they are (for exports) --------------------------------------------------

LINK_TABLES = {"doc_links": DocLinkRow, "stories": StoryRow, "story_members": StoryMemberRow,
               "claim_groups": ClaimGroupRow, "claim_group_members": ClaimGroupMemberRow, "conflicts": ConflictRow}


def _column_kind(column: Any) -> str | None:
    kind = column.type
    if isinstance(kind, LargeBinary):
        return None  # sketches and state blobs are the linker's, not a reader's
    if isinstance(kind, JSON):
        return "json"
    return "int" if isinstance(kind, Integer) else "float" if isinstance(kind, Float) else "text"


def link_table_columns(name: str) -> list[tuple[str, str]]:
    """(column, kind) of one link table for readers: kind is int, float, text or json; blobs left out."""
    columns = LINK_TABLES[name].__table__.columns
    return [(c.name, k) for c in columns if (k := _column_kind(c)) is not None]


def link_table_batches(ledger: LedgerHandle, name: str, batch_rows: int = 5000) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of one link table in primary-key order, ``link_table_columns`` values each, in batches."""
    table: Any = LINK_TABLES[name].__table__
    columns = [table.c[c] for c, _ in link_table_columns(name)]
    with Session(ledger.engine) as session:
        rows = session.execute(select(*columns).order_by(*table.primary_key.columns))
        while batch := rows.fetchmany(batch_rows):
            yield [tuple(r) for r in batch]
