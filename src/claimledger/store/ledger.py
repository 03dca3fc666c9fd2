"""The ledger: documents, segments and extracted records in one SQL database.

SQLite (a file, zero set-up) by default, PostgreSQL for teams; one schema through
SQLAlchemy.  Each document is written in one transaction, so a crash never leaves a
half-written document, and a document already stored (same content hash) is skipped.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import ConnectionPoolEntry

from claimledger.errors import SchemaError
from claimledger.records import Analysis, Cleaned, Document, Segment
from claimledger.store import ingest_runs as runs
from claimledger.store import views
from claimledger.store.handle import LedgerError, database_url
from claimledger.store.ledger_write import NewDocument, core, insert_documents, insert_ignore, write_analyses
from claimledger.store.locks import ledger_lock
from claimledger.store.opening import LedgerOpenError, check_sqlite_file, failure_reason, sqlite_file
from claimledger.store.schema import (
    RECORD_TABLES,
    ClaimFormRow,
    ClaimMentionRow,
    DocumentRow,
    InputRow,
    Meta,
    SegmentRow,
)
from claimledger.store.views import document_from_row, segment_from_row


def _pool(url: str, connections: int | None) -> dict[str, Any]:
    """Pool settings for ``connections``; none for an in-memory SQLite database (its own pool kind)."""
    if connections is None or (url.startswith("sqlite") and url.rstrip("/").endswith((":memory:", "sqlite:"))):
        return {}
    return {"pool_size": connections, "max_overflow": 10, "pool_timeout": 120}


# 64 MiB page cache (default 2 MiB): random-key inserts (content-hash ids) stay fast as the ledger grows
PAGE_CACHE_KIB = 65536


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    """Set once per new connection; the page cache is set as a connection is checked out
    (``Ledger._apply_page_cache``), since a linking run asks for another size."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_WRITE_ATTEMPTS = 6


def _retryable(exc: OperationalError) -> bool:
    """A write lost to another writer (SQLite busy/locked, PostgreSQL deadlock or serialization failure)."""
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40001", "40P01") or any(w in str(exc.orig).lower() for w in ("locked", "busy"))


T = TypeVar("T")


def _with_retries(write: Callable[[], T]) -> T:
    """Run one write transaction, again after a short wait when another writer won the lock."""
    for attempt in range(_WRITE_ATTEMPTS):
        try:
            return write()
        except OperationalError as exc:
            if not _retryable(exc) or attempt == _WRITE_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * 2 ** attempt)
    raise AssertionError("unreachable")


_MAX_FORM_IDS = 500_000


class Ledger:
    """A claimledger database.  ``Ledger()`` opens (or creates) ``./claimledger.db``."""

    def __init__(self, db: str | Path | None = None, *, engine: Engine | None = None, connections: int | None = None,
                 page_cache_kib: int = PAGE_CACHE_KIB):
        """``connections``: a pool of that many (plus 10 on demand) for a server's request threads;
        ``page_cache_kib``: SQLite's page cache per connection (a reader that reads each page once
        needs little)."""
        self.url = database_url(db)
        path = sqlite_file(self.url) if engine is None else None
        if path is not None:
            check_sqlite_file(path)
        # a new ledger: no file yet, or an empty one (the CLI says so: a mistyped --db is not silent)
        self.created = path is not None and (not path.exists() or path.stat().st_size == 0)
        self.engine = engine or create_engine(self.url, future=True, **_pool(self.url, connections))
        self.dialect = self.engine.dialect.name
        # ids of committed name forms (never deleted): a form seen again is neither inserted nor looked up
        self._form_ids: dict[str, int] = {}
        self._page_cache_kib = page_cache_kib
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "checkout", self._apply_page_cache)
        try:
            self._create()
        except SchemaError as exc:
            where = path or self.engine.url.render_as_string(hide_password=True)
            raise LedgerOpenError(f"cannot open ledger {where}: {failure_reason(exc)}") from exc

    # --- schema -------------------------------------------------------------------------
    def _create(self) -> None:
        """Create or upgrade the schema (migrations; safe when several processes open it at once)."""
        from claimledger.store.migrations import upgrade

        upgrade(self.engine)

    @contextmanager
    def page_cache(self, kib: int) -> Iterator[None]:
        """Connections used inside get a page cache of ``kib`` (SQLite: set as each is checked out
        of the pool, ``_apply_page_cache``; the pool is not closed, which a running ingest shares)."""
        before, self._page_cache_kib = self._page_cache_kib, kib
        try:
            yield
        finally:
            self._page_cache_kib = before

    def _apply_page_cache(self, dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry, _proxy: Any) -> None:
        if record.info.get("page_cache_kib") != self._page_cache_kib:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA cache_size=-{int(self._page_cache_kib)}")
            cursor.close()
            record.info["page_cache_kib"] = self._page_cache_kib

    def link_lock(self) -> AbstractContextManager[None]:
        """The ledger-wide lock linkers hold: one linker at a time, across processes."""
        return ledger_lock(self.engine, "link")

    def schema_version(self) -> int:
        with Session(self.engine) as session:
            row = session.get(Meta, "schema_version")
            assert row is not None, "the migrations write schema_version"
            return int(row.value)

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
        new = NewDocument(cleaned, analysis, raw, input_key)

        def write() -> str:
            try:
                self._insert([new])
                return "added"
            except IntegrityError:
                if self.has(new.id):  # another writer stored the same id first
                    if input_key:
                        self.note_input(input_key, new.id)
                    return "duplicate"
                raise

        return _with_retries(write)

    def add_many(self, docs: Sequence[NewDocument]) -> list[str]:
        """Store documents in one transaction, in order: ``"added"`` or ``"duplicate"`` (stored
        already, or earlier in ``docs``) for each; their raw-input keys recorded with them.

        All or nothing: on an error nothing is written and it is raised (a caller that wants each
        document's own outcome then stores them one by one with ``add``); a busy database is retried.
        """
        return _with_retries(lambda: self._insert_new(docs))

    def _insert_new(self, docs: Sequence[NewDocument]) -> list[str]:
        with Session(self.engine) as session, session.begin():
            stored = set(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_({d.id for d in docs}))))
            outcomes, new, noted = [], [], []
            for d in docs:
                if d.id in stored:
                    outcomes.append("duplicate")
                    if d.input_key:
                        noted.append((d.input_key, d.id))
                else:
                    outcomes.append("added")
                    new.append(d)
                    stored.add(d.id)
            forms = insert_documents(session, self.dialect, new, noted, self._form_ids)
        self._remember_forms(forms)
        return outcomes

    def _insert(self, docs: Sequence[NewDocument]) -> None:
        # no look-up before the insert: an id already stored raises IntegrityError (``add``: "duplicate")
        with Session(self.engine) as session, session.begin():
            forms = insert_documents(session, self.dialect, docs, (), self._form_ids)
        self._remember_forms(forms)

    def note_input(self, input_key: str, doc_id: str) -> None:
        """Record that the raw input ``input_key`` is the stored document ``doc_id`` (idempotent)."""
        try:
            with Session(self.engine) as session, session.begin():
                session.execute(insert_ignore(self.dialect, core(InputRow)), {"key": input_key, "doc_id": doc_id})
        except IntegrityError:  # the document is gone (foreign key): nothing to record
            pass

    def set_analysis(self, doc_id: str, analysis: Analysis) -> None:
        """Replace a stored document's analysis records (one transaction)."""
        with Session(self.engine) as session, session.begin():
            for table in (*RECORD_TABLES.values(), ClaimMentionRow, ClaimFormRow):
                session.query(table).filter(table.doc_id == doc_id).delete()
            forms = write_analyses(session, self.dialect, [(doc_id, analysis)], self._form_ids)
        self._remember_forms(forms)

    def _remember_forms(self, forms: dict[str, int]) -> None:
        """Keep the ids of forms a committed transaction wrote or read (bounded: a huge corpus's forms)."""
        if len(self._form_ids) + len(forms) > _MAX_FORM_IDS:
            self._form_ids.clear()
        self._form_ids.update(forms)

    # --- reading (typed views; the SQL is in store.queries and store.links) -----------------
    def resolve(self, doc_id: str) -> str:
        """The full id of a document from its id or a unique prefix of it."""
        with Session(self.engine) as session:
            if session.scalar(select(DocumentRow.id).where(DocumentRow.id == doc_id)) is not None:
                return doc_id  # by its key alone: the whole row (text, raw page, JSON) is not read for this
            ids = session.scalars(select(DocumentRow.id).where(DocumentRow.id.like(f"{doc_id}%")).limit(2)).all()
        if not ids:
            raise LedgerError(f"no document with id {doc_id!r}")
        if len(ids) > 1:
            raise LedgerError(f"id prefix {doc_id!r} is ambiguous")
        return ids[0]

    def document(self, doc_id: str) -> Document:
        with Session(self.engine) as session:
            return document_from_row(session.get(DocumentRow, self.resolve(doc_id)))

    def segments(self, doc_id: str) -> list[Segment]:
        doc_id = self.resolve(doc_id)
        with Session(self.engine) as session:
            rows = session.scalars(select(SegmentRow).where(SegmentRow.doc_id == doc_id).order_by(SegmentRow.ord))
            return [segment_from_row(r) for r in rows]

    def cleaned(self, doc_id: str) -> Cleaned:
        return Cleaned(document=self.document(doc_id), segments=self.segments(doc_id))

    def analysis(self, doc_id: str) -> Analysis:
        """A stored document's analysis records (and document-level assessments)."""
        return queries.document_analysis(self, doc_id)

    def bundle(self, doc_id: str) -> views.DocumentBundle:
        """One document (id or unique prefix) with its segments and analysis, in three statements."""
        return queries.document_bundle(self, doc_id)

    def status(self, doc_id: str) -> str:
        """stored | analyzed"""
        with Session(self.engine) as session:
            return session.execute(select(DocumentRow.status).where(DocumentRow.id == self.resolve(doc_id))).scalar_one()

    def count(self) -> int:
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(DocumentRow)) or 0

    def document_summaries(self, f: views.DocumentFilter | None = None,
                           **filters: Any) -> views.Page[views.DocumentSummary]:
        """Document summaries (no text) in ingest order; ``f`` or keyword fields of ``DocumentFilter``."""
        f = f or views.DocumentFilter(**filters)
        if f.entity and not f.entity_names:
            f.entity_names = self.person_names(f.entity)
        return queries.list_documents(self, f)

    def document_names(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """What to call each document where a title is shown (``views.document_name``): never its id."""
        return queries.document_names(self, doc_ids)

    def documents(self, *, limit: int | None = None, offset: int = 0,
                  outlet: str | None = None) -> list[dict[str, Any]]:
        """Every document summary (or ``limit`` of them) in ingest order, as JSON-ready dicts."""
        out: list[dict[str, Any]] = []
        while limit is None or len(out) < limit:
            want = views.MAX_LIMIT if limit is None else min(views.MAX_LIMIT, limit - len(out))
            page = self.document_summaries(outlet=outlet, limit=want, offset=offset + len(out))
            out += [d.to_dict() for d in page]
            if page.next_offset is None:
                break
        return out

    def claims(self, f: views.ClaimFilter | None = None, **filters: Any) -> views.Page[views.ClaimView]:
        """Claims matching every filter; ``f`` or keyword fields of ``ClaimFilter``; a person
        named by ``entity`` is found under every name merged into it (``person_names``)."""
        f = f or views.ClaimFilter(**filters)
        if f.entity and not f.entity_names:
            f.entity_names = self.person_names(f.entity)
        return queries.list_claims(self, f)

    def person_names(self, name: str, *, exact: bool = False) -> tuple[str, ...]:
        """Every stored name of the persons ``name`` matches by any of their names (a part of one;
        ``exact``: a whole one), within and across documents ("Putin" -> "Vladimir Putin",
        "President Putin", ...; see ``store.person_index``)."""
        with Session(self.engine) as session:
            return person_index.names_of(session, name, exact)

    def claim(self, claim_id: str) -> views.ClaimView:
        """One claim by ``DOCID:INDEX`` (the document id may be a unique prefix)."""
        return queries.get_claim(self, claim_id)

    def search(self, query: str, *, kind: str | None = None, limit: int = 20, offset: int = 0,
               with_text: bool = False) -> views.Page[views.SearchHit]:
        """Full-text search over segments, best first (FTS5 on SQLite, tsvector on PostgreSQL)."""
        return fulltext.search(self, query, kind=kind, limit=limit, offset=offset, with_text=with_text)

    def stories(self, *, limit: int = 50, offset: int = 0, min_size: int = 1) -> list[views.StorySummary]:
        """Stories, largest and most recently updated first."""
        return links.story_summaries(self, limit=limit, offset=offset, min_size=min_size)

    def story(self, story_id: int) -> views.StoryView:
        return links.story_view(self, story_id)

    def story_reading(self, story_id: int) -> dict[str, Any]:
        """A story for reading: lead sentence, key claims, figures, members, conflicts (``store.story_reading``)."""
        return story_reading.story_reading(self, story_id)

    def claim_groups(self, *, min_docs: int = 2, limit: int = 50, offset: int = 0) -> list[views.ClaimGroupSummary]:
        """Claim groups spanning at least ``min_docs`` documents, the widest first."""
        return links.claim_group_summaries(self, min_docs=min_docs, limit=limit, offset=offset)

    def claim_group(self, group_id: int) -> views.ClaimGroupView:
        return links.claim_group_view(self, group_id)

    def conflicts(self, *, entity: str | None = None, place: str | None = None, kind: str | None = None,
                  category: str | None = None, limit: int = 50, offset: int = 0) -> list[views.ConflictView]:
        """Conflicts (figures that disagree, figures changed in a copy, opposite stances), most sources first;
        ``category`` keeps those about these figure categories (comma-separated, as ``quantities``);
        ``entity`` finds them under any name of the person it names."""
        return links.conflict_views(self, entity=entity, place=place, kind=kind, category=category, limit=limit,
                                    offset=offset, entity_names=self.person_names(entity) if entity else ())

    def conflict(self, conflict_id: str) -> views.ConflictView:
        return links.conflict_view(self, conflict_id)

    def incidents(self, *, place: str | None = None, since: str | None = None, kind: str | None = None,
                  limit: int | None = 50, every: bool = False) -> list[dict[str, Any]]:
        """Incidents (events, campaigns, cumulative tolls), the most reported first, with their estimates;
        those with no estimate (no one counted killed, held, lost …) only with ``every``."""
        return incidents.list_incidents(self, place=place, since=since, kind=kind, limit=limit, every=every)

    def overview(self) -> dict[str, int]:
        """Counts an operator checks: documents, documents not linked yet, stories, incidents, groups, conflicts."""
        return overview.overview(self)

    def main_incidents(self) -> dict[str, str]:
        """Each document's main incident: the one holding most of its figures."""
        return incidents.main_incidents(self)

    def incident(self, incident_id: str) -> dict[str, Any]:
        """One incident as stored: its figures in report order, estimates and conflicts; an id
        prefix is enough.  ``claimledger.link.incident_reports.read_incident`` adds every report
        of it, those without a figure too."""
        return incidents.incident(self, incident_id)

    def figure_incidents(self, doc_ids: Iterable[str] | None = None) -> dict[tuple[str, int], str]:
        """(document id, figure start) → the incident holding that figure, for every assigned figure
        (of these documents)."""
        return incidents.figure_incidents(self, doc_ids)

    def incident_labels(self, incident_ids: Iterable[str]) -> dict[str, str]:
        """Incident id → its label."""
        return incidents.incident_labels(self, incident_ids)

    def outlets(self) -> list[dict[str, Any]]:
        """Outlets with their document counts, most documents first."""
        return queries.list_outlets(self)

    def segment_list(self, **filters: Any) -> views.Page[dict[str, Any]]:
        """Segments with their text across documents (``doc``, ``kind``, ``outlet``, ``since``, ``until``)."""
        return queries.list_segments(self, **filters)

    def quantities(self, **filters: Any) -> views.Page[dict[str, Any]]:
        """Figures with the claim and source that give them (see ``store.queries.list_quantities``);
        a person named by ``entity`` under any of its names."""
        if filters.get("entity"):
            filters.setdefault("entity_names", self.person_names(filters["entity"]))
        return queries.list_quantities(self, **filters)

    def attributions(self, **filters: Any) -> views.Page[dict[str, Any]]:
        """Who said what: source, cue, chain (``doc``, ``source``, ``outlet``, ``since``, ``until``)."""
        return queries.list_attributions(self, **filters)

    def entities(self, **filters: Any) -> views.Page[dict[str, Any]]:
        """Named entities (or places), most documents first (see ``store.entity_reads.list_entities``)."""
        return entity_reads.list_entities(self, **filters)

    def place_points(self, *, limit: int = 500) -> list[dict[str, Any]]:
        """Geocoded places with how many claims name them, the most claims first (the places map)."""
        return places.place_points(self, limit=limit)

    def entity_mentions(self, name: str, **filters: Any) -> views.Page[dict[str, Any]]:
        """Where one entity is mentioned, with context: a person under every name merged into it."""
        return entity_reads.entity_mentions(self, name, also=self.person_names(name, exact=True), **filters)

    def ensure_read_indexes(self) -> bool:
        """Create the listings' extra indexes (False on a ledger this process may not write)."""
        return queries.ensure_read_indexes(self)

    # --- ingest bookkeeping (resume) ---------------------------------------------------------
    def known_inputs(self, keys: Iterable[str]) -> dict[str, str]:
        """The raw-input keys among ``keys`` already stored, each with its document's id."""
        return runs.known_inputs(self, keys)

    def start_ingest_run(self, targets: Sequence[str], engine: str) -> int:
        """Record an ingest batch as running; its id for ``finish_ingest_run``."""
        return runs.start_run(self, targets, engine)

    def finish_ingest_run(self, run_id: int, *, added: int, duplicates: int, failed: int, status: str = "done",
                          failures: Sequence[tuple[str, str]] = ()) -> None:
        """Close an ingest run's record with its counts and first failed inputs (source, reason)."""
        runs.finish_run(self, run_id, added=added, duplicates=duplicates, failed=failed, status=status,
                               failures=failures)

    def ingest_runs(self, *, limit: int = 20) -> list[runs.IngestRun]:
        """The latest ingest batches, newest first (``interrupted``: left running by a killed process)."""
        return runs.ingest_runs(self, limit=limit)

    def document_stories(self, doc_id: str) -> list[views.DocumentStory]:
        return links.document_stories(self, doc_id)

    def document_copies(self, doc_id: str) -> list[views.DocumentCopy]:
        return links.document_copies(self, doc_id)

    def iter_documents(self) -> Iterator[Document]:
        with Session(self.engine) as session:
            for row in session.scalars(select(DocumentRow).order_by(DocumentRow.seq)).yield_per(200):
                yield document_from_row(row)


# the read modules take a Ledger: imported last (they import this module for its type only)
from claimledger.store import (  # noqa: E402
    entity_reads,
    fulltext,
    incidents,
    links,
    overview,
    person_index,
    places,
    queries,
    story_reading,
)
