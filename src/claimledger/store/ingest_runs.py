"""Batch bookkeeping for resume: which raw inputs are stored already, and the ingest runs.

A batch killed at any moment (``kill -9`` included) is finished by running it again: each
document was stored in a committed transaction together with the key of its raw input, so the
re-run skips stored inputs before cleaning them, stores the rest, and never duplicates or
half-writes a document.  ``ingest_runs`` lists the batches; one left ``running`` whose
process is gone was interrupted (``interrupted`` in the listing).

The callers (ingest) pass plain, storable strings: this module knows rows, not inputs.
"""

from __future__ import annotations

import os
import socket
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence, TypedDict, TypeVar

from sqlalchemy import bindparam, create_engine, select, update
from sqlalchemy import text as sql
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from claimledger.store.schema import IngestRunRow

if TYPE_CHECKING:
    from claimledger.store.handle import LedgerHandle

_IN_CHUNK = 500  # keys per IN (...) query, under every backend's parameter limit
KEPT_FAILURES = 200  # failed inputs kept per run record (the report has them all)
_KEPT_TARGETS = 100
_T = TypeVar("_T")

_KNOWN_INPUTS = sql("SELECT key, doc_id FROM ingested_inputs WHERE key IN :keys").bindparams(
    bindparam("keys", expanding=True))
_STORED_IDS = sql("SELECT id FROM documents WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))


class RunFailure(TypedDict):
    """A failed input kept with its run: where it came from and why it failed."""

    source: str
    reason: str


class IngestRun(TypedDict):
    """One ingest batch as ``claimledger status`` lists it."""

    id: int
    started: str
    finished: str | None
    status: str  # running | done | interrupted
    engine: str
    targets: list[Any]
    added: int
    duplicates: int
    failed: int
    failures: list[RunFailure]


def known_inputs(ledger: LedgerHandle, keys: Iterable[str]) -> dict[str, str]:
    """The input keys among ``keys`` whose document is stored, each with that document's id."""
    unique = list(dict.fromkeys(keys))
    found: dict[str, str] = {}
    with ledger.engine.connect() as conn:
        for start in range(0, len(unique), _IN_CHUNK):
            rows = conn.execute(_KNOWN_INPUTS, {"keys": unique[start:start + _IN_CHUNK]})
            found.update((row[0], row[1]) for row in rows)
    return found


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _write(ledger: LedgerHandle, fn: Callable[[Session], _T]) -> _T:
    """Run one small bookkeeping transaction, retrying while another writer holds the database."""
    for attempt in range(6):
        try:
            with Session(ledger.engine) as session, session.begin():
                return fn(session)
        except OperationalError:
            if attempt == 5:
                raise
            time.sleep(0.05 * 2 ** attempt)
    raise AssertionError("unreachable")


def start_run(ledger: LedgerHandle, targets: Sequence[str], engine: str) -> int:
    """Record a batch as ``running`` (with its first targets); its id, for ``finish_run``."""
    def go(session: Session) -> int:
        row = IngestRunRow(started=_now(), status="running", engine=engine, host=socket.gethostname(),
                           pid=os.getpid(), targets=list(targets[:_KEPT_TARGETS]), failures=[])
        session.add(row)
        session.flush()
        return row.id

    return _write(ledger, go)


def finish_run(ledger: LedgerHandle, run_id: int, *, added: int, duplicates: int, failed: int,
               status: str = "done", failures: Sequence[tuple[str, str]] = ()) -> None:
    """Close a run's record; its first ``KEPT_FAILURES`` failed inputs, as (source, reason), are kept."""
    kept = [RunFailure(source=source, reason=reason) for source, reason in failures[:KEPT_FAILURES]]
    statement = update(IngestRunRow).where(IngestRunRow.id == run_id).values(
        finished=_now(), status=status, added=added, duplicates=duplicates, failed=failed, failures=kept)
    _write(ledger, lambda session: session.execute(statement))


def _alive(host: str | None, pid: int | None) -> bool:
    if host != socket.gethostname() or not pid:
        return True  # another machine's run: cannot tell, assume it is going on
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _run_record(row: IngestRunRow) -> IngestRun:
    status = row.status
    if status == "running" and not _alive(row.host, row.pid):
        status = "interrupted"
    return IngestRun(id=row.id, started=row.started, finished=row.finished, status=status, engine=row.engine,
                     targets=row.targets, added=row.added, duplicates=row.duplicates, failed=row.failed,
                     failures=row.failures or [])


def ingest_runs(ledger: LedgerHandle, *, limit: int = 20) -> list[IngestRun]:
    """The latest ingest batches, newest first; a ``running`` one whose process is gone is ``interrupted``."""
    with Session(ledger.engine) as session:
        rows = session.scalars(select(IngestRunRow).order_by(IngestRunRow.id.desc()).limit(limit)).all()
        return [_run_record(row) for row in rows]


class StoredDocumentIds:
    """Read-only look-ups of stored document ids by URL, for worker processes that can reach the ledger.

    It never creates or migrates a ledger (unlike ``Ledger``): a SQLite file that is not on
    this machine answers "none stored", so the worker analyses every document.
    """

    def __init__(self, url: str):
        self.url = url
        self._engine: Engine | None = None

    def __call__(self, ids: list[str]) -> set[str]:
        if self._engine is None:
            engine = create_engine(self.url)
            database = engine.url.database
            if engine.url.get_backend_name() == "sqlite" and not (database and os.path.exists(database)):
                return set()  # not this machine's file: never create an empty one
            self._engine = engine
        with self._engine.connect() as conn:
            return {row[0] for row in conn.execute(_STORED_IDS, {"ids": ids})}
