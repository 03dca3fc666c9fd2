"""Reading and writing the link tables of a ledger (stories, copies, claim groups, conflicts).

The link stage (``claimledger.link``) computes; this module only moves rows.  All
writes of one ``link_documents`` call go through ``write_links`` in one transaction.
"""

from __future__ import annotations

import json
import zlib
from typing import Any, Iterable

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from claimledger.store.ledger import Ledger, LedgerError
from claimledger.store.schema import (
    ClaimGroupMemberRow,
    ClaimGroupRow,
    ClaimRow,
    ConflictRow,
    DocLinkRow,
    DocumentRow,
    LinkSketchRow,
    LinkStateRow,
    StoryMemberRow,
    StoryRow,
)


# --- state -------------------------------------------------------------------------------------

def get_state(ledger: Ledger, key: str) -> Any:
    with Session(ledger.engine) as session:
        row = session.get(LinkStateRow, key)
        return json.loads(zlib.decompress(row.value)) if row is not None else None


def _put_state(session: Session, key: str, value: Any) -> None:
    blob = zlib.compress(json.dumps(value, separators=(",", ":"), sort_keys=True).encode("utf-8"), 6)
    row = session.get(LinkStateRow, key)
    if row is None:
        session.add(LinkStateRow(key=key, value=blob))
    else:
        row.value = blob


def linked_ids(ledger: Ledger) -> set[str]:
    with Session(ledger.engine) as session:
        return set(session.scalars(select(LinkSketchRow.doc_id)))


def document_seqs(ledger: Ledger, doc_ids: Iterable[str] | None = None) -> list[tuple[str, int, str]]:
    """(id, ingest seq, status) of the given documents (all when None), in ingest order."""
    with Session(ledger.engine) as session:
        query = select(DocumentRow.id, DocumentRow.seq, DocumentRow.status).order_by(DocumentRow.seq)
        if doc_ids is not None:
            ids = list(doc_ids)
            rows = []
            for i in range(0, len(ids), 500):
                rows += session.execute(query.where(DocumentRow.id.in_(ids[i:i + 500]))).all()
            return sorted(((r[0], r[1], r[2]) for r in rows), key=lambda r: r[1])
        return [(r[0], r[1], r[2]) for r in session.execute(query)]


def sketch_rows(ledger: Ledger) -> Iterable[LinkSketchRow]:
    with Session(ledger.engine) as session:
        yield from session.scalars(select(LinkSketchRow).order_by(LinkSketchRow.seq)).yield_per(1000)


def story_rows(ledger: Ledger) -> list[StoryRow]:
    with Session(ledger.engine) as session:
        return list(session.scalars(select(StoryRow).order_by(StoryRow.id)))


def unit_stories(ledger: Ledger) -> dict[str, int]:
    with Session(ledger.engine) as session:
        return dict(session.execute(select(StoryMemberRow.unit_id, StoryMemberRow.story_id)).all())


def claim_group_rows(ledger: Ledger) -> list[ClaimGroupRow]:
    with Session(ledger.engine) as session:
        return list(session.scalars(select(ClaimGroupRow).order_by(ClaimGroupRow.id)))


# --- writing -------------------------------------------------------------------------------------

def _upsert(session: Session, table, rows: list[dict]) -> None:
    """Insert new rows and update existing ones by primary key, in bulk (no per-row SELECT)."""
    if not rows:
        return
    key = table.__mapper__.primary_key[0]
    ids = [r[key.name] for r in rows]
    existing: set = set()
    for i in range(0, len(ids), 500):
        existing.update(session.scalars(select(key).where(key.in_(ids[i:i + 500]))))
    new = [r for r in rows if r[key.name] not in existing]
    old = [r for r in rows if r[key.name] in existing]
    if new:
        session.execute(insert(table), new)
    if old:
        session.execute(update(table), old)


def write_links(ledger: Ledger, *, sketches: list[dict], doc_links: list[dict], stories: list[dict],
                members: list[dict], groups: list[dict], group_members: list[dict], conflicts: list[dict],
                drop_conflicts: dict[str, list], state: dict[str, Any]) -> None:
    """Store one linking run's results in a single transaction.

    Sketches, copy links, story members and claim-group members are new rows (a document
    is linked once); stories and claim groups are inserted or updated; the conflicts of
    the stories and groups the run touched are replaced."""
    with Session(ledger.engine) as session, session.begin():
        for table, rows in ((LinkSketchRow, sketches), (DocLinkRow, doc_links)):
            if rows:
                session.execute(insert(table), rows)
        _upsert(session, StoryRow, stories)
        _upsert(session, ClaimGroupRow, groups)
        if members:
            session.execute(insert(StoryMemberRow), members)
        if group_members:
            session.execute(insert(ClaimGroupMemberRow), group_members)
        drop = dict(drop_conflicts)
        drop["id"] = [c["id"] for c in conflicts]
        for column, values in drop.items():
            values = list(values)
            for i in range(0, len(values), 500):
                session.execute(delete(ConflictRow).where(getattr(ConflictRow, column).in_(values[i:i + 500])))
        if conflicts:
            session.execute(insert(ConflictRow), conflicts)
        for key, value in state.items():
            _put_state(session, key, value)


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


def list_stories(ledger: Ledger, *, limit: int | None = 50, offset: int = 0, min_size: int = 1) -> list[dict[str, Any]]:
    """Stories, largest and most recently updated first."""
    with Session(ledger.engine) as session:
        query = (select(StoryRow).where(StoryRow.size >= min_size)
                 .order_by(StoryRow.size.desc(), StoryRow.last_seq.desc(), StoryRow.id).offset(offset))
        if limit is not None:
            query = query.limit(limit)
        rows = list(session.scalars(query))
        ids = [r.id for r in rows]
        # counted in SQL: a large story has thousands of members, none of them needed here
        n_docs = dict(session.execute(
            select(StoryMemberRow.story_id, func.count(func.distinct(StoryMemberRow.doc_id)))
            .where(StoryMemberRow.story_id.in_(ids)).group_by(StoryMemberRow.story_id)).all())
        outlets: dict[int, set[str]] = {}
        for sid, outlet in session.execute(
                select(StoryMemberRow.story_id, DocumentRow.outlet).distinct()
                .join(DocumentRow, DocumentRow.id == StoryMemberRow.doc_id)
                .where(StoryMemberRow.story_id.in_(ids), DocumentRow.outlet.is_not(None))):
            outlets.setdefault(sid, set()).add(outlet)
        return [{"id": r.id, "title": r.title, "label": r.label, "size": r.size, "documents": n_docs.get(r.id, 0),
                 "outlets": sorted(outlets.get(r.id, ())), "first_published": r.first_published,
                 "last_published": r.last_published,
                 "entities": [e for e, _ in sorted((r.state or {}).get("entities", {}).items(),
                                                  key=lambda kv: (-kv[1], kv[0]))[:6]]}
                for r in rows]


def story(ledger: Ledger, story_id: int) -> dict[str, Any]:
    """One story with its members (documents and live-blog entries), copies among them and conflicts."""
    with Session(ledger.engine) as session:
        row = session.get(StoryRow, story_id)
        if row is None:
            raise LedgerError(f"no story with id {story_id}")
        members = list(session.scalars(select(StoryMemberRow).where(StoryMemberRow.story_id == story_id)))
        info = _doc_info(session, [m.doc_id for m in members])
        doc_ids = sorted(info)
        links = list(session.scalars(select(DocLinkRow).where(DocLinkRow.src.in_(doc_ids), DocLinkRow.dst.in_(doc_ids))))
        conflicts = list(session.scalars(select(ConflictRow).where(ConflictRow.story_id == story_id)))
        out_members = sorted((
            {"unit_id": m.unit_id, "doc_id": m.doc_id, "entry": m.entry, "score": m.score, "evidence": m.evidence,
             **{k: v for k, v in info.get(m.doc_id, {}).items() if k != "id"}}
            for m in members), key=lambda m: (m.get("seq") or 0, m["entry"] or 0))
        return {"id": row.id, "title": row.title, "label": row.label, "size": row.size,
                "first_published": row.first_published, "last_published": row.last_published,
                "entities": (row.state or {}).get("entities", {}), "places": (row.state or {}).get("places", {}),
                "members": out_members,
                "links": [_link_dict(l) for l in links],
                "conflicts": [_conflict_dict(c) for c in conflicts]}


def _link_dict(row: DocLinkRow) -> dict[str, Any]:
    return {"src": row.src, "dst": row.dst, "kind": row.kind, "score": row.score, "jaccard": row.jaccard,
            "containment": row.containment, "basis": row.basis, "evidence": row.evidence}


def doc_links(ledger: Ledger, doc_id: str | None = None) -> list[dict[str, Any]]:
    """Copy links (earlier -> later), all or those touching one document."""
    with Session(ledger.engine) as session:
        query = select(DocLinkRow).order_by(DocLinkRow.src, DocLinkRow.dst)
        if doc_id:
            doc_id = ledger.resolve(doc_id)
            query = query.where(or_(DocLinkRow.src == doc_id, DocLinkRow.dst == doc_id))
        return [_link_dict(r) for r in session.scalars(query)]


def _conflict_dict(row: ConflictRow) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "label": row.label, "story_id": row.story_id, "group_id": row.group_id,
            "incident": row.incident_id, "n_sources": row.n_sources, "n_figures": row.n_figures, "measure": row.measure, "figures": row.figures,
            "evidence": row.evidence}


def list_conflicts(ledger: Ledger, *, entity: str | None = None, place: str | None = None,
                   kind: str | None = None, limit: int | None = 100) -> list[dict[str, Any]]:
    """Conflicts, the most sources first; ``entity``/``place`` match names in the conflict's story or figures."""
    with Session(ledger.engine) as session:
        query = select(ConflictRow).order_by(ConflictRow.n_sources.desc(), ConflictRow.n_figures.desc(), ConflictRow.id)
        if kind:
            query = query.where(ConflictRow.kind == kind)
        for word in (entity, place):
            if word:
                query = query.where(func.lower(ConflictRow.terms).like(f"%{word.casefold()}%"))
        if limit is not None:
            query = query.limit(limit)
        return [_conflict_dict(r) for r in session.scalars(query)]


def claim_membership(ledger: Ledger, claim_id: str) -> dict[str, Any]:
    """The group of one claim ("<doc id or prefix>:<index>") with every member claim."""
    doc, _, index = claim_id.rpartition(":")
    if not doc or not index.isdigit():
        raise LedgerError(f"a claim id is '<document id>:<claim index>', not {claim_id!r}")
    doc_id = ledger.resolve(doc)
    with Session(ledger.engine) as session:
        member = session.get(ClaimGroupMemberRow, (doc_id, int(index)))
        if member is None:
            if session.get(ClaimRow, (doc_id, int(index))) is None:
                raise LedgerError(f"no claim {doc_id}:{index}")
            raise LedgerError(f"claim {doc_id}:{index} is not linked yet (run linking)")
        group = session.get(ClaimGroupRow, member.group_id)
        rows = list(session.scalars(select(ClaimGroupMemberRow).where(ClaimGroupMemberRow.group_id == group.id)))
        claims = {(c.doc_id, c.idx): c for c in session.scalars(select(ClaimRow).where(
            ClaimRow.doc_id.in_({r.doc_id for r in rows})))}
        info = _doc_info(session, [r.doc_id for r in rows])
        members = []
        for r in rows:
            claim = claims.get((r.doc_id, r.idx))
            members.append({"claim_id": f"{r.doc_id}:{r.idx}", "doc_id": r.doc_id, "index": r.idx,
                            "stance": r.stance, "certainty": r.certainty, "score": r.score, "evidence": r.evidence,
                            "text": claim.text if claim else "", "claim": claim.data if claim else {},
                            **{f"doc_{k}": v for k, v in info.get(r.doc_id, {}).items() if k != "id"}})
        return {"claim_id": f"{doc_id}:{index}", "group": {"id": group.id, "label": group.label,
                                                             "first_claim": group.first_claim, "size": group.size,
                                                             "n_docs": group.n_docs, "evidence": group.evidence},
                "members": members}


def claim_groups(ledger: Ledger, *, min_docs: int = 2, limit: int | None = 100) -> list[dict[str, Any]]:
    """Claim groups spanning at least ``min_docs`` documents, the widest first."""
    with Session(ledger.engine) as session:
        query = (select(ClaimGroupRow).where(ClaimGroupRow.n_docs >= min_docs)
                 .order_by(ClaimGroupRow.n_docs.desc(), ClaimGroupRow.id))
        if limit is not None:
            query = query.limit(limit)
        return [{"id": g.id, "label": g.label, "first_claim": g.first_claim, "size": g.size, "n_docs": g.n_docs}
                for g in session.scalars(query)]


def group_members_raw(ledger: Ledger, group_ids: Iterable[int]) -> dict[int, list[ClaimGroupMemberRow]]:
    ids = list(group_ids)
    out: dict[int, list[ClaimGroupMemberRow]] = {}
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            for r in session.scalars(select(ClaimGroupMemberRow).where(ClaimGroupMemberRow.group_id.in_(ids[i:i + 500]))):
                out.setdefault(r.group_id, []).append(r)
    return out


def story_doc_ids(ledger: Ledger, story_ids: Iterable[int]) -> dict[int, set[str]]:
    ids = list(story_ids)
    out: dict[int, set[str]] = {}
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            for sid, doc_id, entry in session.execute(
                    select(StoryMemberRow.story_id, StoryMemberRow.doc_id, StoryMemberRow.entry)
                    .where(StoryMemberRow.story_id.in_(ids[i:i + 500]))):
                out.setdefault(sid, set()).add(doc_id)
    return out


def story_units_of(ledger: Ledger, doc_ids: Iterable[str]) -> dict[str, list[tuple[str, int | None, int]]]:
    """doc id -> [(unit id, entry, story id)]."""
    ids = list(doc_ids)
    out: dict[str, list[tuple[str, int | None, int]]] = {}
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            for unit_id, doc_id, entry, sid in session.execute(
                    select(StoryMemberRow.unit_id, StoryMemberRow.doc_id, StoryMemberRow.entry, StoryMemberRow.story_id)
                    .where(StoryMemberRow.doc_id.in_(ids[i:i + 500]))):
                out.setdefault(doc_id, []).append((unit_id, entry, sid))
    return out


def load_cleaned(ledger: Ledger, doc_ids: Iterable[str]) -> dict[str, tuple[Any, list[Any]]]:
    """Documents and their segments for many ids, two queries per 500 ids (the linker's bulk read)."""
    from claimledger.records import Segment
    from claimledger.store.schema import SegmentRow

    ids = list(doc_ids)
    out: dict[str, tuple[Any, list[Any]]] = {}
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            segments: dict[str, list[Segment]] = {d: [] for d in chunk}
            for r in session.scalars(select(SegmentRow).where(SegmentRow.doc_id.in_(chunk))
                                     .order_by(SegmentRow.doc_id, SegmentRow.ord)):
                segments[r.doc_id].append(Segment(kind=r.kind, order=r.ord, start=r.start, end=r.end,
                                                  parent=r.parent, entry=r.entry, meta=r.meta or {}))
            for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(chunk))):
                out[row.id] = (Ledger._document(row), segments[row.id])
    return out


def docs_with_ungrouped_claims(ledger: Ledger, linked: set[str]) -> list[str]:
    """Linked documents whose claims are in no claim group (analysed after they were linked)."""
    with Session(ledger.engine) as session:
        with_claims = set(session.scalars(select(ClaimRow.doc_id).distinct()))
        grouped = set(session.scalars(select(ClaimGroupMemberRow.doc_id).distinct()))
    return sorted((with_claims - grouped) & linked)
