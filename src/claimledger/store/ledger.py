"""The ledger: documents, segments and extracted records in one SQL database.

SQLite (a file, zero set-up) by default, PostgreSQL for teams; one schema through
SQLAlchemy.  Each document is written in one transaction, so a crash never leaves a
half-written document, and a document already stored (same content hash) is skipped.
"""

from __future__ import annotations

from claimledger.errors import ClaimledgerError

import functools
import json
import re
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import create_engine, event, func, insert, select, text as sql
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from claimledger.records import (
    Analysis,
    Attribution,
    Claim,
    Cleaned,
    Document,
    Mention,
    Quantity,
    Segment,
    SourceRef,
    TimeExpr,
)
from claimledger.store.locks import ledger_lock
from claimledger.store.schema import (
    RECORD_TABLES,
    AttributionRow,
    ClaimRow,
    DocumentRow,
    InputRow,
    MentionRow,
    Meta,
    QuantityRow,
    SegmentRow,
    TimeRow,
)

DEFAULT_DB = "claimledger.db"


class LedgerError(ClaimledgerError, LookupError):
    """A lookup the ledger cannot answer (unknown or ambiguous document id)."""


@dataclass
class SearchHit:
    doc_id: str
    order: int
    kind: str
    title: str | None
    snippet: str
    start: int
    end: int


def database_url(db: str | Path | None) -> str:
    """A SQLAlchemy URL from a URL or a plain file path (default ``./claimledger.db``)."""
    value = str(db) if db else DEFAULT_DB
    return value if "://" in value else f"sqlite:///{value}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # 64 MiB page cache (default 2 MiB): random-key inserts (content-hash ids) stay fast as the ledger grows
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


_WRITE_ATTEMPTS = 6
# one statement object for every stored document (values bound per call, so it compiles once);
# seq = next in ingest order: on SQLite max(seq) + 1 in the same statement (writers take turns,
# so it is unique), on PostgreSQL the column's default, the sequence documents_seq_seq
_INSERT_DOCUMENT = insert(DocumentRow.__table__).values(
    seq=select(func.coalesce(func.max(DocumentRow.__table__.c.seq), 0) + 1).scalar_subquery())
_INSERT_DOCUMENT_PG = insert(DocumentRow.__table__)


def _retryable(exc: OperationalError) -> bool:
    """A write lost to another writer (SQLite busy/locked, PostgreSQL deadlock or serialization failure)."""
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40001", "40P01") or any(w in str(exc.orig).lower() for w in ("locked", "busy"))


def _fit(table, **row: Any) -> dict[str, Any]:
    """``row`` with strings cut to their column's VARCHAR length: PostgreSQL enforces it, SQLite
    does not (an outlet name or a cue longer than the column; records keep the full value in ``data``)."""
    for name, length in _limits(getattr(table, "__table__", table)).items():
        value = row.get(name)
        if isinstance(value, str) and len(value) > length:
            row[name] = value[:length]
    return row


@functools.lru_cache(maxsize=None)
def _limits(table) -> dict[str, int]:
    """The VARCHAR lengths of a table's columns (looked up once: ``_fit`` runs per stored row)."""
    return {c.name: c.type.length for c in table.c if getattr(c.type, "length", None)}


def _fts_query(query: str) -> str:
    """User words as an FTS5 AND query, each word quoted so no operator leaks in."""
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


def _attribution(data: dict) -> Attribution:
    data = dict(data)
    data["source"] = SourceRef(**data["source"])
    data["via"] = [SourceRef(**v) for v in data.get("via", [])]
    return Attribution(**data)


_LOADERS = {
    "mentions": Mention,
    "quantities": Quantity,
    "attributions": _attribution,
    "times": TimeExpr,
    "claims": Claim,
}


class Ledger:
    """A claimledger database.  ``Ledger()`` opens (or creates) ``./claimledger.db``."""

    def __init__(self, db: str | Path | None = None, *, engine: Engine | None = None):
        self.url = database_url(db)
        self.engine = engine or create_engine(self.url, future=True)
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._create()

    # --- schema -------------------------------------------------------------------------
    def _create(self) -> None:
        """Create or upgrade the schema (migrations; safe when several processes open it at once)."""
        from claimledger.store.migrations import upgrade

        upgrade(self.engine)

    def link_lock(self) -> AbstractContextManager[None]:
        """The ledger-wide lock linkers hold: one linker at a time, across processes."""
        return ledger_lock(self.engine, "link")

    def schema_version(self) -> int:
        with Session(self.engine) as session:
            return int(session.get(Meta, "schema_version").value)

    # --- writing ------------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        with Session(self.engine) as session:
            return session.get(DocumentRow, doc_id) is not None

    def add(self, cleaned: Cleaned, analysis: Analysis | None = None, *, raw: str | None = None,
            input_key: str | None = None) -> str:
        """Store one document with its segments (and analysis); ``"added"`` or ``"duplicate"``.

        ``input_key`` (hash of the raw input) is recorded in the same transaction, so a re-run
        batch skips the input unread.  Safe with concurrent writers: the same document stored
        by another process meanwhile is a ``"duplicate"``; a busy database is retried.
        """
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                return self._add_once(cleaned, analysis, raw, input_key)
            except IntegrityError:
                if self.has(cleaned.document.id):  # another writer stored the same id first
                    if input_key:
                        self.note_input(input_key, cleaned.document.id)
                    return "duplicate"
                raise
            except OperationalError as exc:
                if not _retryable(exc) or attempt == _WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * 2 ** attempt)
        raise AssertionError("unreachable")

    def note_input(self, input_key: str, doc_id: str) -> None:
        """Record that the raw input ``input_key`` is the stored document ``doc_id`` (idempotent)."""
        try:
            with Session(self.engine) as session, session.begin():
                session.execute(self._insert_ignore(InputRow.__table__), {"key": input_key, "doc_id": doc_id})
        except IntegrityError:  # the document is gone (foreign key): nothing to record
            pass

    def _insert_ignore(self, table):
        """INSERT that skips a row whose key exists (SQLite and PostgreSQL: ON CONFLICT DO NOTHING)."""
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        elif self.dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as upsert
        else:
            return insert(table)
        return upsert(table).on_conflict_do_nothing()

    def _add_once(self, cleaned: Cleaned, analysis: Analysis | None, raw: str | None, input_key: str | None) -> str:
        # the single writer's hot path in a batch ingest: Core statements, no look-up before the
        # insert (an id already stored raises IntegrityError, which ``add`` turns into "duplicate")
        doc = cleaned.document
        with Session(self.engine) as session, session.begin():
            session.execute(_INSERT_DOCUMENT_PG if self.dialect == "postgresql" else _INSERT_DOCUMENT, _fit(
                DocumentRow, id=doc.id, url=doc.url, outlet=doc.outlet, title=doc.title, byline=doc.byline,
                published=doc.published, language=doc.language, kind=doc.kind, source=doc.source,
                content_type=doc.content_type, status="stored", text=doc.text, raw=raw, meta=doc.meta,
                assessments={},
            ))
            if cleaned.segments:
                session.execute(insert(SegmentRow.__table__), [_fit(
                    SegmentRow, doc_id=doc.id, ord=seg.order, kind=seg.kind, start=seg.start, end=seg.end,
                    parent=seg.parent, entry=seg.entry, text=doc.text[seg.start:seg.end], meta=seg.meta,
                ) for seg in cleaned.segments])
            if input_key:
                session.execute(self._insert_ignore(InputRow.__table__), {"key": input_key, "doc_id": doc.id})
            if self.dialect == "sqlite":
                session.execute(
                    sql("INSERT INTO segments_fts(text, doc_id, ord) VALUES (:text, :doc_id, :ord)"),
                    [{"text": doc.text[s.start:s.end], "doc_id": doc.id, "ord": s.order} for s in cleaned.segments],
                )
            if analysis is not None:
                self._write_analysis(session, doc.id, analysis)
        return "added"

    def set_analysis(self, doc_id: str, analysis: Analysis) -> None:
        """Replace a stored document's analysis records (one transaction)."""
        with Session(self.engine) as session, session.begin():
            for table in RECORD_TABLES.values():
                session.query(table).filter(table.doc_id == doc_id).delete()
            self._write_analysis(session, doc_id, analysis)

    def _write_analysis(self, session: Session, doc_id: str, analysis: Analysis) -> None:
        for i, m in enumerate(analysis.mentions):
            session.add(MentionRow(**_fit(MentionRow, doc_id=doc_id, idx=i, start=m.start, end=m.end, label=m.label,
                                          norm=m.norm, entity_id=m.entity_id, data=m.to_dict())))
        for i, q in enumerate(analysis.quantities):
            session.add(QuantityRow(**_fit(QuantityRow, doc_id=doc_id, idx=i, start=q.start, end=q.end, value=q.value,
                                           category=q.category, data=q.to_dict())))
        for i, a in enumerate(analysis.attributions):
            session.add(AttributionRow(**_fit(AttributionRow, doc_id=doc_id, idx=i, source=a.source.text, cue=a.cue,
                                              data=a.to_dict())))
        for i, t in enumerate(analysis.times):
            session.add(TimeRow(**_fit(TimeRow, doc_id=doc_id, idx=i, begin=t.begin, until=t.until, data=t.to_dict())))
        for i, c in enumerate(analysis.claims):
            session.add(ClaimRow(**_fit(ClaimRow, doc_id=doc_id, idx=i, start=c.start, end=c.end, text=c.text,
                                        certainty=c.certainty, checkworthiness=c.checkworthiness, data=c.to_dict())))
        row = session.get(DocumentRow, doc_id)
        row.status = "analyzed"
        row.assessments = json.loads(json.dumps(analysis.assessments, default=str))

    # --- reading ------------------------------------------------------------------------
    def resolve(self, doc_id: str) -> str:
        """The full id of a document from its id or a unique prefix of it."""
        with Session(self.engine) as session:
            if session.get(DocumentRow, doc_id) is not None:
                return doc_id
            ids = session.scalars(select(DocumentRow.id).where(DocumentRow.id.like(f"{doc_id}%")).limit(2)).all()
        if not ids:
            raise LedgerError(f"no document with id {doc_id!r}")
        if len(ids) > 1:
            raise LedgerError(f"id prefix {doc_id!r} is ambiguous")
        return ids[0]

    @staticmethod
    def _document(row: DocumentRow) -> Document:
        return Document(
            id=row.id, text=row.text, kind=row.kind, title=row.title, byline=row.byline,
            published=row.published, url=row.url, outlet=row.outlet, language=row.language,
            source=row.source, content_type=row.content_type, meta=row.meta or {},
        )

    def document(self, doc_id: str) -> Document:
        with Session(self.engine) as session:
            return self._document(session.get(DocumentRow, self.resolve(doc_id)))

    def segments(self, doc_id: str) -> list[Segment]:
        doc_id = self.resolve(doc_id)
        with Session(self.engine) as session:
            rows = session.scalars(select(SegmentRow).where(SegmentRow.doc_id == doc_id).order_by(SegmentRow.ord))
            return [Segment(kind=r.kind, order=r.ord, start=r.start, end=r.end, parent=r.parent,
                            entry=r.entry, meta=r.meta or {}) for r in rows]

    def cleaned(self, doc_id: str) -> Cleaned:
        return Cleaned(document=self.document(doc_id), segments=self.segments(doc_id))

    def analysis(self, doc_id: str) -> Analysis:
        doc_id = self.resolve(doc_id)
        out = Analysis()
        with Session(self.engine) as session:
            for name, table in RECORD_TABLES.items():
                rows = session.scalars(select(table).where(table.doc_id == doc_id).order_by(table.idx))
                setattr(out, name, [_LOADERS[name](**r.data) if name != "attributions" else _LOADERS[name](r.data)
                                    for r in rows])
            out.assessments = session.get(DocumentRow, doc_id).assessments or {}
        return out

    def status(self, doc_id: str) -> str:
        with Session(self.engine) as session:
            return session.get(DocumentRow, self.resolve(doc_id)).status

    def count(self) -> int:
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(DocumentRow)) or 0

    def documents(self, *, limit: int | None = None, offset: int = 0, outlet: str | None = None) -> list[dict[str, Any]]:
        """Document summaries in ingest order (no text): id, title, outlet, published, kind, counts."""
        with Session(self.engine) as session:
            query = select(DocumentRow.id, DocumentRow.title, DocumentRow.outlet, DocumentRow.published,
                           DocumentRow.kind, DocumentRow.byline, DocumentRow.source, DocumentRow.status,
                           func.length(DocumentRow.text)).order_by(DocumentRow.seq)
            if outlet:
                query = query.where(DocumentRow.outlet == outlet)
            query = query.offset(offset)
            if limit is not None:
                query = query.limit(limit)
            rows = session.execute(query).all()
            counts: dict[tuple[str, str], int] = {}
            ids = [r[0] for r in rows]
            if ids:
                for doc_id, kind, n in session.execute(
                    select(SegmentRow.doc_id, SegmentRow.kind, func.count()).where(SegmentRow.doc_id.in_(ids))
                    .group_by(SegmentRow.doc_id, SegmentRow.kind)
                ):
                    counts[(doc_id, kind)] = n
                claim_counts = dict(session.execute(
                    select(ClaimRow.doc_id, func.count()).where(ClaimRow.doc_id.in_(ids)).group_by(ClaimRow.doc_id)
                ).all())
        return [
            {
                "id": r[0], "title": r[1], "outlet": r[2], "published": r[3], "kind": r[4], "byline": r[5],
                "source": r[6], "status": r[7], "chars": r[8],
                "segments": sum(n for (d, _), n in counts.items() if d == r[0]),
                "comments": counts.get((r[0], "comment"), 0),
                "furniture": counts.get((r[0], "furniture"), 0),
                "claims": claim_counts.get(r[0], 0),
            }
            for r in rows
        ]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over segments (FTS5 on SQLite, tsvector on PostgreSQL)."""
        with Session(self.engine) as session:
            if self.dialect == "sqlite":
                match = _fts_query(query)
                if not match:
                    return []
                rows = session.execute(sql(
                    "SELECT f.doc_id, f.ord, snippet(segments_fts, 0, '[', ']', '…', 12) "
                    "FROM segments_fts f WHERE segments_fts MATCH :q ORDER BY rank, f.doc_id, f.ord LIMIT :n"
                ), {"q": match, "n": limit}).all()
            else:
                rows = session.execute(sql(
                    "SELECT doc_id, ord, ts_headline('english', text, plainto_tsquery('english', :q), "
                    "'StartSel=[,StopSel=],MaxWords=24') FROM segments "
                    "WHERE to_tsvector('english', text) @@ plainto_tsquery('english', :q) "
                    "ORDER BY ts_rank(to_tsvector('english', text), plainto_tsquery('english', :q)) DESC, doc_id, ord "
                    "LIMIT :n"
                ), {"q": query, "n": limit}).all()
            hits = []
            for doc_id, order, snippet in rows:
                seg = session.get(SegmentRow, (doc_id, int(order)))
                doc = session.get(DocumentRow, doc_id)
                hits.append(SearchHit(doc_id, int(order), seg.kind, doc.title, snippet, seg.start, seg.end))
            return hits

    def iter_documents(self) -> Iterator[Document]:
        with Session(self.engine) as session:
            for row in session.scalars(select(DocumentRow).order_by(DocumentRow.seq)).yield_per(200):
                yield self._document(row)
