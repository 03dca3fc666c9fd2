"""The link stage's own rows: what ``link_documents`` loads, and its one write per run.

``claimledger.store.links`` reads links for people (stories, copies, claim groups,
conflicts); this module moves the linker's working rows — sketches, unit vectors, claim
features, memberships — in and out.
"""

from __future__ import annotations

import json
import zlib
from typing import Any, Callable, Iterable, Iterator, cast

from sqlalchemy import Table, Text, bindparam, delete, insert, literal, select, type_coerce, union_all, update
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from claimledger.records import Analysis, Document, Segment
from claimledger.store.bulk import execute_many
from claimledger.store.handle import LedgerHandle
from claimledger.store.schema import (
    RECORD_TABLES,
    AttributionRow,
    Base,
    ClaimGroupMemberRow,
    ClaimGroupRow,
    ClaimRow,
    ConflictRow,
    DocLinkRow,
    DocumentRow,
    IncidentRow,
    LinkClaimRow,
    LinkSketchRow,
    LinkStateRow,
    LinkUnitRow,
    SegmentRow,
    StoryMemberRow,
    StoryRow,
)
from claimledger.store.versions import LINK_WRITES_BUMP
from claimledger.store.views import DOCUMENT_COLUMNS, record_from_data

_json_loads: Callable[[str | bytes], Any] = json.loads
try:  # orjson decodes the analyses a linking run reads several times faster, when it is there
    from orjson import loads as _json_loads
except ImportError:  # pragma: no cover - the standard decoder gives the same values
    pass


def _core(table: type[Base]) -> Table:
    """The Core ``Table`` of a mapped class: written by executemany, without the ORM's bulk path."""
    return cast(Table, table.__table__)


def _decoded(value: Any) -> Any:
    """A JSON column read as text, decoded (a driver that decodes JSON itself gives the value)."""
    return _json_loads(value) if isinstance(value, (str, bytes)) else value

# --- state -------------------------------------------------------------------------------------

def get_state(ledger: LedgerHandle, key: str) -> Any:
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


def put_state(ledger: LedgerHandle, key: str, value: Any) -> None:
    with Session(ledger.engine) as session, session.begin():
        _put_state(session, key, value)


def still_stored(ledger: LedgerHandle, incident_ids: Iterable[str], conflict_ids: Iterable[str]) -> tuple[set[str], set[str]]:
    """Which of these incidents and conflicts the ledger holds now (a later link run may have
    merged or rewritten those an earlier run reported)."""
    found: tuple[set[str], set[str]] = (set(), set())
    with Session(ledger.engine) as session:
        for table, ids, into in ((IncidentRow, incident_ids, found[0]), (ConflictRow, conflict_ids, found[1])):
            ids = sorted(set(ids))
            for i in range(0, len(ids), 500):
                into.update(session.scalars(select(table.id).where(table.id.in_(ids[i:i + 500]))))
    return found


def linked_ids(ledger: LedgerHandle) -> set[str]:
    with Session(ledger.engine) as session:
        return set(session.scalars(select(LinkSketchRow.doc_id)))


def document_seqs(ledger: LedgerHandle, doc_ids: Iterable[str] | None = None) -> list[tuple[str, int, str]]:
    """(id, ingest seq, status) of the given documents (all when None), in ingest order."""
    with Session(ledger.engine) as session:
        query = select(DocumentRow.id, DocumentRow.seq, DocumentRow.status).order_by(DocumentRow.seq)
        if doc_ids is not None:
            ids = list(doc_ids)
            rows: list[Any] = []
            for i in range(0, len(ids), 500):
                rows += session.execute(query.where(DocumentRow.id.in_(ids[i:i + 500]))).all()
            return sorted(((r[0], r[1], r[2]) for r in rows), key=lambda r: r[1])
        return [(r[0], r[1], r[2]) for r in session.execute(query)]


def links_into(ledger: LedgerHandle, doc_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The stored copy links whose later document (``dst``) is one of ``doc_ids``."""
    ids = sorted(set(doc_ids))
    out: list[dict[str, Any]] = []
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            for row in session.scalars(select(DocLinkRow).where(DocLinkRow.dst.in_(ids[i:i + 500]))):
                out.append({"src": row.src, "dst": row.dst, "kind": row.kind, "score": row.score,
                            "jaccard": row.jaccard, "containment": row.containment, "basis": row.basis,
                            "evidence": row.evidence or {}})
    return out


def sketch_rows(ledger: LedgerHandle) -> Iterator[Any]:
    """Every stored sketch (doc_id, seq, published, size, minhash, anchors), without its shingles:
    those are read only for a copy candidate (``stored_shingles``)."""
    t = LinkSketchRow
    with Session(ledger.engine) as session:
        yield from session.execute(select(t.doc_id, t.seq, t.published, t.size, t.minhash, t.anchors)
                                   .order_by(t.seq)).yield_per(1000)


# built once: a copy check asks for its candidates' shingles once per document, and a Core
# statement on a pooled connection costs a fraction of an ORM session's query each time
_SHINGLES = select(LinkSketchRow.doc_id, LinkSketchRow.shingles).where(
    LinkSketchRow.doc_id.in_(bindparam("ids", expanding=True)), LinkSketchRow.shingles.is_not(None))


def stored_shingles(ledger: LedgerHandle, doc_ids: Iterable[str]) -> dict[str, bytes]:
    """doc id -> its stored shingle hashes (sorted uint32 bytes); a sketch stored without them
    (linked before they were kept) is left out."""
    ids = list(doc_ids)
    out: dict[str, bytes] = {}
    with ledger.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            for doc_id, blob in conn.execute(_SHINGLES, {"ids": ids[i:i + 500]}):
                out[doc_id] = bytes(blob or b"")
    return out


def unit_stories(ledger: LedgerHandle) -> dict[str, int]:
    with Session(ledger.engine) as session:
        return dict(session.execute(select(StoryMemberRow.unit_id, StoryMemberRow.story_id)).all())


def unit_rows(ledger: LedgerHandle) -> Iterator[tuple[str, str, int | None, dict[str, Any], int]]:
    """(unit id, doc id, entry, stored vector data, story id) of every linked unit."""
    with Session(ledger.engine) as session:
        query = (select(LinkUnitRow.unit_id, LinkUnitRow.doc_id, LinkUnitRow.entry, LinkUnitRow.data,
                        StoryMemberRow.story_id)
                 .join(StoryMemberRow, StoryMemberRow.unit_id == LinkUnitRow.unit_id).order_by(LinkUnitRow.unit_id))
        for row in session.execute(query).yield_per(2000):
            yield row[0], row[1], row[2], row[3], row[4]


def claim_rows(ledger: LedgerHandle) -> Iterator[tuple[str, int, dict[str, Any], int, str]]:
    """(doc id, claim index, stored feature data, group id, stance) of every grouped claim."""
    with Session(ledger.engine) as session:
        m = ClaimGroupMemberRow
        query = (select(LinkClaimRow.doc_id, LinkClaimRow.idx, LinkClaimRow.data, m.group_id, m.stance)
                 .join(m, (m.doc_id == LinkClaimRow.doc_id) & (m.idx == LinkClaimRow.idx))
                 .order_by(LinkClaimRow.doc_id, LinkClaimRow.idx))
        for row in session.execute(query).yield_per(5000):
            yield row[0], row[1], row[2], row[3], row[4]


def group_references(ledger: LedgerHandle) -> Iterator[tuple[int, str]]:
    """(group id, reference claim id) of every stored claim group of two or more claims."""
    with ledger.engine.connect() as conn:
        query = select(ClaimGroupRow.id, ClaimGroupRow.first_claim).where(ClaimGroupRow.size > 1)
        yield from ((gid, ref) for gid, ref in conn.execute(query.order_by(ClaimGroupRow.id)))


# the text and lead alone, extracted by the database: not the whole feature data decoded per claim
_CLAIM_TEXTS = select(LinkClaimRow.doc_id, LinkClaimRow.idx, LinkClaimRow.data["text"].as_string(),
                      LinkClaimRow.data["lead"].as_string()).where(
    LinkClaimRow.doc_id.in_(bindparam("ids", expanding=True)))


def claim_texts(ledger: LedgerHandle, claim_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """claim id ("<doc id>:<index>") -> (text, lead) of the stored claim features (``link_claims``)."""
    wanted: dict[str, set[int]] = {}
    for claim_id in claim_ids:
        doc_id, _, idx = claim_id.rpartition(":")
        wanted.setdefault(doc_id, set()).add(int(idx))
    ids = sorted(wanted)
    out: dict[str, tuple[str, str]] = {}
    with ledger.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            for doc_id, idx, text, lead in conn.execute(_CLAIM_TEXTS, {"ids": ids[i:i + 500]}):
                if idx in wanted[doc_id]:
                    out[f"{doc_id}:{idx}"] = (text or "", lead or "")
    return out


# --- writing -------------------------------------------------------------------------------------

WRITE_CHUNK = 2000  # rows per executemany: its encoded parameters (JSON) are held for one chunk, not a pass


def _executemany(session: Session, statement: Any, rows: list[dict[str, Any]]) -> None:
    """One statement over ``rows``, ``WRITE_CHUNK`` rows at a time (the same transaction)."""
    for i in range(0, len(rows), WRITE_CHUNK):
        execute_many(session, statement, rows[i:i + WRITE_CHUNK])


def _insert_rows(session: Session, table: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert new rows; a ``data`` already encoded as JSON text (``link.prepare``) is stored as
    that text on SQLite (the same text the JSON type would write), decoded first elsewhere."""
    core = _core(table)
    encoded = [r for r in rows if isinstance(r.get("data"), str)]
    if not encoded:
        _executemany(session, insert(core), rows)
        return
    plain = [r for r in rows if not isinstance(r.get("data"), str)]
    if session.get_bind().dialect.name == "sqlite":
        _executemany(session, insert(core).values(data=bindparam("data", type_=Text)), encoded)
    else:
        plain += [{**r, "data": json.loads(r["data"])} for r in encoded]
    if plain:
        _executemany(session, insert(core), plain)


def _upsert(session: Session, table: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert new rows and update existing ones by primary key, in bulk (no per-row SELECT)."""
    if not rows:
        return
    key = table.__mapper__.primary_key[0]
    ids = [r[key.name] for r in rows]
    existing: set[Any] = set()
    for i in range(0, len(ids), 500):
        existing.update(session.scalars(select(key).where(key.in_(ids[i:i + 500]))))
    new = [r for r in rows if r[key.name] not in existing]
    old = [r for r in rows if r[key.name] in existing]
    if new:
        _executemany(session, insert(_core(table)), new)
    _update_by_key(session, table, old)


def _update_by_key(session: Session, table: type[Base], rows: list[dict[str, Any]]) -> None:
    """Update rows (each with every primary-key column and the same other columns) by primary key:
    one Core executemany, without the ORM's bulk-update path, which cost more than the rows."""
    if not rows:
        return
    core = _core(table)
    keys = [c.name for c in table.__mapper__.primary_key]
    columns = [c for c in rows[0] if c not in keys]
    where = [core.c[k] == bindparam(f"k_{k}") for k in keys]
    statement = update(core).where(*where).values({c: bindparam(f"v_{c}") for c in columns})
    _executemany(session, statement, [{**{f"k_{k}": r[k] for k in keys}, **{f"v_{c}": r[c] for c in columns}}
                                       for r in rows])


def _update_claim_members(session: Session, changed: list[dict[str, Any]]) -> None:
    """Stored claim-group members a run moved or restanced; a member restanced against a new reference
    gets its evidence's ``stance_by`` and ``reference`` patched (the rest of it, the link that
    joined it, stays)."""
    plain = [{k: v for k, v in r.items() if k != "evidence_patch"} for r in changed if not r.get("evidence_patch")]
    _update_by_key(session, ClaimGroupMemberRow, plain)
    patched = [r for r in changed if r.get("evidence_patch")]
    table: Any = ClaimGroupMemberRow.__table__
    for i in range(0, len(patched), 500):
        chunk = patched[i:i + 500]
        wanted = {(r["doc_id"], r["idx"]) for r in chunk}
        # by document id, the pairs picked here: SQLite scans the whole table for a row-value IN
        # ("(doc_id, idx) IN (VALUES …)"), once per chunk, where a document id IN searches its key
        stored = {(d, x): _decoded(e) or {} for d, x, e in session.execute(
            select(table.c.doc_id, table.c.idx, type_coerce(table.c.evidence, Text))
            .where(table.c.doc_id.in_(sorted({d for d, _ in wanted})))) if (d, x) in wanted}
        _update_by_key(session, ClaimGroupMemberRow, [
            {"doc_id": r["doc_id"], "idx": r["idx"], "group_id": r["group_id"], "stance": r["stance"],
             "evidence": {**stored.get((r["doc_id"], r["idx"]), {}), **r["evidence_patch"]}} for r in chunk])


def _delete_in(session: Session, column: Any, values: Iterable[Any]) -> None:
    values = list(values)
    for i in range(0, len(values), 500):
        session.execute(delete(column.class_).where(column.in_(values[i:i + 500])))


def write_links(ledger: LedgerHandle, *, sketches: list[dict[str, Any]], doc_links: list[dict[str, Any]],
                units: list[dict[str, Any]], claims: list[dict[str, Any]], stories: list[dict[str, Any]],
                members: list[dict[str, Any]], moved: list[dict[str, Any]], dropped_stories: list[int],
                groups: list[dict[str, Any]], group_members: list[dict[str, Any]], changed: list[dict[str, Any]],
                dropped_groups: list[int], conflicts: list[dict[str, Any]], drop_conflicts: dict[str, list[Any]],
                state: dict[str, Any]) -> None:
    """Store one linking run's results in a single transaction.

    Sketches, copy links, unit vectors, claim features and the new documents' memberships
    are new rows; stories and claim groups are inserted or updated; stored members whose
    story, group or stance changed (components merged) are updated, and the stories and
    groups merged away deleted; the conflicts of everything the run touched are replaced."""
    with Session(ledger.engine) as session, session.begin():
        added: list[tuple[type[Base], list[dict[str, Any]]]] = [
            (LinkSketchRow, sketches), (DocLinkRow, doc_links), (LinkUnitRow, units), (LinkClaimRow, claims)]
        for table, rows in added:
            if rows:  # Core executemany: the ORM's bulk path costs more than the rows
                _insert_rows(session, table, rows)
        _upsert(session, StoryRow, stories)
        _upsert(session, ClaimGroupRow, groups)
        _update_by_key(session, StoryMemberRow, moved)
        _update_claim_members(session, changed)
        _delete_in(session, StoryRow.id, dropped_stories)
        _delete_in(session, ClaimGroupRow.id, dropped_groups)
        for table, rows in [(StoryMemberRow, members), (ClaimGroupMemberRow, group_members)]:
            if rows:
                _executemany(session, insert(_core(table)), rows)
        _delete_in(session, ConflictRow.id, [c["id"] for c in conflicts])
        for column, values in drop_conflicts.items():
            _delete_in(session, getattr(ConflictRow, column), values)
        if conflicts:
            _executemany(session, insert(_core(ConflictRow)), conflicts)
        for key, value in state.items():
            _put_state(session, key, value)
        session.execute(sql(LINK_WRITES_BUMP))  # pages kept for the links before are not served again


def story_units_of(ledger: LedgerHandle, doc_ids: Iterable[str]) -> dict[str, list[tuple[str, int | None, int]]]:
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


def load_cleaned(ledger: LedgerHandle, doc_ids: Iterable[str]) -> dict[str, tuple[Document, list[Segment]]]:
    """Documents and their segments for many ids, two queries per 500 ids (the linker's bulk read;
    plain rows, not ORM objects: a few hundred thousand segments build in a fraction of the time).
    Only the columns a ``Document`` and its ``Segment`` records hold are read: not the original
    HTML, the assessments or the segments' copies of their text."""
    ids = list(doc_ids)
    out: dict[str, tuple[Document, list[Segment]]] = {}
    seg: Any = SegmentRow.__table__
    docs: Any = DocumentRow.__table__
    seg_columns = [seg.c.doc_id, seg.c.ord, seg.c.kind, seg.c.start, seg.c.end, seg.c.parent, seg.c.entry,
                   type_coerce(seg.c.meta, Text).label("meta")]
    doc_columns = [type_coerce(docs.c.meta, Text).label("meta") if c == "meta" else docs.c[c]
                   for c in DOCUMENT_COLUMNS]
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            segments: dict[str, list[Segment]] = {d: [] for d in chunk}
            for r in session.execute(select(*seg_columns).where(seg.c.doc_id.in_(chunk))
                                     .order_by(seg.c.doc_id, seg.c.ord)):
                segments[r.doc_id].append(Segment(kind=r.kind, order=r.ord, start=r.start, end=r.end,
                                                  parent=r.parent, entry=r.entry, meta=_decoded(r.meta) or {}))
            for row in session.execute(select(*doc_columns).where(docs.c.id.in_(chunk))):
                doc = Document(**{c: getattr(row, c) for c in DOCUMENT_COLUMNS if c != "meta"})
                doc.meta = _decoded(row.meta) or {}
                out[row.id] = (doc, segments[row.id])
    return out


def load_analyses(ledger: LedgerHandle, doc_ids: Iterable[str], assessments: bool = True) -> dict[str, Analysis]:
    """The analyses of many documents, two queries per 500 ids (what ``Ledger.analysis`` gives one
    document at a time: the same records in index order, and the document's assessments unless
    ``assessments`` is False — linking uses none)."""
    ids = list(doc_ids)
    out: dict[str, Analysis] = {}
    docs: Any = DocumentRow.__table__
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            if assessments:
                for doc_id, scores in session.execute(select(docs.c.id, type_coerce(docs.c.assessments, Text))
                                                      .where(docs.c.id.in_(chunk))):
                    out[doc_id] = Analysis(assessments=_decoded(scores) or {})
            else:
                out.update((doc_id, Analysis()) for doc_id in session.scalars(select(docs.c.id)
                                                                              .where(docs.c.id.in_(chunk))))
            parts = [select(literal(name).label("kind"), t.__table__.c.doc_id, t.__table__.c.idx,
                            type_coerce(t.__table__.c.data, Text).label("data"))
                     .where(t.__table__.c.doc_id.in_(chunk)) for name, t in RECORD_TABLES.items()]
            records: dict[tuple[str, str], list[tuple[int, Any]]] = {}
            for kind, doc_id, idx, data in session.execute(union_all(*parts)):
                records.setdefault((doc_id, kind), []).append((idx, data))
            for (doc_id, kind), rows in records.items():
                if doc_id in out:
                    rows.sort(key=lambda r: r[0])
                    setattr(out[doc_id], kind, [record_from_data(kind, _decoded(data)) for _, data in rows])
    return out


def claim_contexts(ledger: LedgerHandle, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
    """What a stance conflict shows of each member claim, by (doc id, claim index): its text, span
    and source (its attribution's, else the outlet's), and its document's date, outlet and title.
    Read from the claim and attribution rows alone, never the documents' texts or whole analyses;
    a claim of a document not analysed (or gone from its analysis) has no text and the outlet's source."""
    wanted: dict[str, set[int]] = {}
    for doc_id, idx in keys:
        wanted.setdefault(doc_id, set()).add(idx)
    ids = sorted(wanted)
    out: dict[tuple[str, int], dict[str, Any]] = {}
    docs: Any = DocumentRow.__table__
    claims: Any = ClaimRow.__table__
    atts: Any = AttributionRow.__table__
    with Session(ledger.engine) as session:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            found: dict[tuple[str, int], Any] = {}
            for r in session.execute(select(claims.c.doc_id, claims.c.idx, claims.c.start, claims.c.end,
                                            claims.c.text, claims.c.attribution).where(claims.c.doc_id.in_(chunk))):
                if r.idx in wanted[r.doc_id]:
                    found[(r.doc_id, r.idx)] = r
            sources: dict[tuple[str, int], str] = {}
            cited = {(r.doc_id, r.attribution) for r in found.values() if r.attribution is not None}
            for doc_id, idx, data in session.execute(select(atts.c.doc_id, atts.c.idx, type_coerce(atts.c.data, Text))
                                                     .where(atts.c.doc_id.in_(chunk))):
                if (doc_id, idx) in cited:
                    source = _decoded(data)["source"]
                    sources[(doc_id, idx)] = source.get("resolved") or source["text"]
            for d in session.execute(select(docs.c.id, docs.c.status, docs.c.outlet, docs.c.title, docs.c.published)
                                     .where(docs.c.id.in_(chunk))):
                for idx in sorted(wanted[d.id]):
                    claim = found.get((d.id, idx)) if d.status == "analyzed" else None
                    source = sources.get((d.id, claim.attribution)) if claim is not None else None
                    out[(d.id, idx)] = {"text": claim.text if claim is not None else "",
                                        "source": source if source is not None else d.outlet or "(publisher)", "published": d.published,
                                        "outlet": d.outlet, "title": d.title,
                                        "start": claim.start if claim is not None else None,
                                        "end": claim.end if claim is not None else None}
    return out


def docs_with_ungrouped_claims(ledger: LedgerHandle, linked: set[str]) -> list[str]:
    """Linked documents whose claims are in no claim group (analysed after they were linked)."""
    with Session(ledger.engine) as session:
        with_claims = set(session.scalars(select(ClaimRow.doc_id).distinct()))
        grouped = set(session.scalars(select(ClaimGroupMemberRow.doc_id).distinct()))
    return sorted((with_claims - grouped) & linked)
