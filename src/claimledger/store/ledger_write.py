"""The ledger's write path: documents, segments and analysis records, many documents per statement.

The single writer of a batch ingest stores a batch of documents in one transaction with one
``executemany`` per table (a statement's set-up and a commit cost more than its rows), so
each table's rows are in document order as when the documents are stored one by one.
``Ledger.add`` and ``Ledger.add_many`` (``store.ledger``) decide what is written and retry.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Sequence, cast

from sqlalchemy import FromClause, Insert, Table, func, insert, select, update
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from claimledger.records import Analysis, Cleaned
from claimledger.store.bulk import execute_many
from claimledger.store.claim_names import claim_mentions
from claimledger.store.name_forms import write_claim_forms
from claimledger.store.schema import (
    AttributionRow,
    Base,
    ClaimMentionRow,
    ClaimRow,
    DocumentRow,
    InputRow,
    MentionRow,
    QuantityRow,
    SegmentRow,
    TimeRow,
)


@dataclass
class NewDocument:
    """A document to store: cleaned, analysed or not, with its raw page and raw-input key."""

    cleaned: Cleaned
    analysis: Analysis | None = None
    raw: str | None = None
    input_key: str | None = None

    @property
    def id(self) -> str:
        return self.cleaned.document.id


def core(table: type[Base]) -> Table:
    """The Core ``Table`` of a mapped class (typed as a ``FromClause`` on the class)."""
    return cast(Table, table.__table__)


# one statement object for every stored document (values bound per row, so it compiles once);
# seq = next in ingest order: on SQLite max(seq) + 1 in the same statement, evaluated per row of
# an executemany (writers take turns, so it is unique), on PostgreSQL the column's default
_INSERT_DOCUMENT = insert(core(DocumentRow)).values(
    seq=select(func.coalesce(func.max(core(DocumentRow).c.seq), 0) + 1).scalar_subquery())
_INSERT_DOCUMENT_PG = insert(core(DocumentRow))

ANALYSIS_WRITES_BUMP = ("INSERT INTO meta (key, value) VALUES ('analysis_writes', CAST(:n AS TEXT)) "
                        "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + :n AS TEXT)")


def fit(table: type[Base] | FromClause, **row: Any) -> dict[str, Any]:
    """``row`` with strings cut to their column's VARCHAR length: PostgreSQL enforces it, SQLite
    does not (an outlet name or a cue longer than the column; records keep the full value in ``data``)."""
    for name, length in _limits(getattr(table, "__table__", table)).items():
        value = row.get(name)
        if isinstance(value, str) and len(value) > length:
            row[name] = value[:length]
    return row


@functools.lru_cache(maxsize=None)
def _limits(table: FromClause) -> dict[str, int]:
    """The VARCHAR lengths of a table's columns (looked up once: ``fit`` runs per stored row)."""
    return {c.name: length for c in table.c if (length := getattr(c.type, "length", None))}


def insert_ignore(dialect: str, table: Table) -> Insert:
    """INSERT that skips a row whose key exists (SQLite and PostgreSQL: ON CONFLICT DO NOTHING)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing()
    return insert(table)


def _assessments(analysis: Analysis | None) -> dict[str, Any]:
    """The document-level assessments as stored JSON (values JSON cannot hold as their text)."""
    return json.loads(json.dumps(analysis.assessments, default=str)) if analysis is not None else {}


def insert_documents(session: Session, dialect: str, docs: Sequence[NewDocument],
                     noted: Sequence[tuple[str, str]] = (), known_forms: dict[str, int] | None = None) -> dict[str, int]:
    """Insert ``docs`` (new ids, in this order) with their segments, raw-input keys and analyses;
    ``noted``: more (input key, document id) pairs to record (copies of stored documents).  The
    name forms' ids it added or read (``name_forms.write_claim_forms``)."""
    rows = [fit(DocumentRow, id=d.id, url=doc.url, outlet=doc.outlet, title=doc.title, byline=doc.byline,
                published=doc.published, language=doc.language, kind=doc.kind, source=doc.source,
                content_type=doc.content_type, status="stored" if d.analysis is None else "analyzed",
                text=doc.text, raw=d.raw, meta=doc.meta, assessments=_assessments(d.analysis))
            for d in docs for doc in (d.cleaned.document,)]
    if rows:
        execute_many(session, _INSERT_DOCUMENT_PG if dialect == "postgresql" else _INSERT_DOCUMENT, rows)
    segments = [(d.id, d.cleaned.document.text, seg) for d in docs for seg in d.cleaned.segments]
    if segments:
        execute_many(session, insert(core(SegmentRow)), [fit(
            SegmentRow, doc_id=doc_id, ord=seg.order, kind=seg.kind, start=seg.start, end=seg.end,
            parent=seg.parent, entry=seg.entry, text=text[seg.start:seg.end], meta=seg.meta,
        ) for doc_id, text, seg in segments])
        if dialect == "sqlite":
            execute_many(
                session, sql("INSERT INTO segments_fts(text, doc_id, ord) VALUES (:text, :doc_id, :ord)"),
                [{"text": text[s.start:s.end], "doc_id": doc_id, "ord": s.order} for doc_id, text, s in segments],
            )
    keys = [{"key": d.input_key, "doc_id": d.id} for d in docs if d.input_key]
    keys += [{"key": key, "doc_id": doc_id} for key, doc_id in noted]
    if keys:
        execute_many(session, insert_ignore(dialect, core(InputRow)), keys)
    analysed = [(d.id, d.analysis) for d in docs if d.analysis is not None]
    return write_analyses(session, dialect, analysed, known_forms, stored=False) if analysed else {}


def write_analyses(session: Session, dialect: str, analysed: Sequence[tuple[str, Analysis]],
                   known_forms: dict[str, int] | None = None, *, stored: bool = True) -> dict[str, int]:
    """Write the analysis records of documents (``stored``: already stored, their status and
    assessments set here; else inserted with them); the name forms' ids it added or read."""
    # Core executemany per table over every document: the ORM's unit of work costs more than the rows
    inside = [claim_mentions(analysis) for _, analysis in analysed]
    rows: list[tuple[type[Base], list[dict[str, Any]]]] = [
        (MentionRow, [fit(MentionRow, doc_id=doc_id, idx=i, start=m.start, end=m.end, label=m.label, norm=m.norm,
                          entity_id=m.entity_id, data=m.to_dict())
                      for doc_id, a in analysed for i, m in enumerate(a.mentions)]),
        (QuantityRow, [fit(QuantityRow, doc_id=doc_id, idx=i, start=q.start, end=q.end, value=q.value,
                           category=q.category, data=q.to_dict())
                       for doc_id, a in analysed for i, q in enumerate(a.quantities)]),
        (AttributionRow, [fit(AttributionRow, doc_id=doc_id, idx=i, source=r.source.text, cue=r.cue, data=r.to_dict())
                          for doc_id, a in analysed for i, r in enumerate(a.attributions)]),
        (TimeRow, [fit(TimeRow, doc_id=doc_id, idx=i, begin=t.begin, until=t.until, data=t.to_dict())
                   for doc_id, a in analysed for i, t in enumerate(a.times)]),
        (ClaimRow, [fit(ClaimRow, doc_id=doc_id, idx=i, start=c.start, end=c.end, text=c.text,
                        certainty=c.certainty, checkworthiness=c.checkworthiness, attribution=c.attribution,
                        data=c.to_dict())
                    for doc_id, a in analysed for i, c in enumerate(a.claims)]),
        (ClaimMentionRow, [{"doc_id": doc_id, "claim_idx": ci, "mention_idx": mi}
                           for (doc_id, _), pairs in zip(analysed, inside) for ci, mi in pairs]),
    ]
    for table, values in rows:
        if values:
            execute_many(session, insert(core(table)), values)
    forms = write_claim_forms(session, [(doc_id, a, pairs) for (doc_id, a), pairs in zip(analysed, inside)],
                              functools.partial(insert_ignore, dialect), known_forms)
    if stored:
        for doc_id, analysis in analysed:
            done = session.execute(update(core(DocumentRow)).where(core(DocumentRow).c.id == doc_id).values(
                status="analyzed", assessments=_assessments(analysis)))
            assert done.rowcount == 1, f"document {doc_id} is stored"  # type: ignore[attr-defined]
    # readers keep what they derive from the records (the merged persons) until this changes
    session.execute(sql(ANALYSIS_WRITES_BUMP), {"n": len(analysed)})
    return forms
