"""Batch bookkeeping for resume: which raw inputs are stored already, and the ingest runs.

A batch killed at any moment (``kill -9`` included) is finished by running it again: each
document was stored in its own transaction together with the key of its raw input, so the
re-run skips stored inputs before cleaning them, stores the rest, and never duplicates or
half-writes a document.  ``ingest_runs`` lists the batches; one left ``running`` whose
process is gone was interrupted (``interrupted`` in the listing).
"""

from __future__ import annotations

import os
import socket
import time
from datetime import datetime, timezone
from typing import Iterable, Sequence

from sqlalchemy import bindparam, select, update
from sqlalchemy import text as sql
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from claimledger.ingest.sources import InputFailure, storable
from claimledger.store import Ledger
from claimledger.store.schema import IngestRunRow

_IN_CHUNK = 500  # keys per IN (...) query, under every backend's parameter limit
KEPT_FAILURES = 200  # failed inputs kept per run record (the report has them all)


def known_inputs(ledger: Ledger, keys: Iterable[str]) -> dict[str, str]:
    """The input keys among ``keys`` whose document is stored, each with that document's id."""
    keys = list(dict.fromkeys(keys))
    query = sql("SELECT key, doc_id FROM ingested_inputs WHERE key IN :keys").bindparams(
        bindparam("keys", expanding=True))
    found: dict[str, str] = {}
    with ledger.engine.connect() as conn:
        for start in range(0, len(keys), _IN_CHUNK):
            found.update((row[0], row[1]) for row in conn.execute(query, {"keys": keys[start:start + _IN_CHUNK]}))
    return found


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _write(ledger: Ledger, fn):
    """Run one small bookkeeping transaction, retrying while another writer holds the database."""
    for attempt in range(6):
        try:
            with Session(ledger.engine) as session, session.begin():
                return fn(session)
        except OperationalError:
            if attempt == 5:
                raise
            time.sleep(0.05 * 2 ** attempt)


def start_run(ledger: Ledger, targets: list[str], engine: str) -> int:
    def go(session: Session) -> int:
        row = IngestRunRow(started=_now(), status="running", engine=engine, host=socket.gethostname(),
                           pid=os.getpid(), targets=[storable(str(t)) for t in targets][:100], failures=[])
        session.add(row)
        session.flush()
        return row.id

    return _write(ledger, go)


def finish_run(ledger: Ledger, run_id: int, *, added: int, duplicates: int, failed: int,
               status: str = "done", failures: Sequence[InputFailure] = ()) -> None:
    """Close a run's record; its first ``KEPT_FAILURES`` failed inputs are kept with their reasons."""
    kept = [{"source": storable(f.source), "reason": storable(f.reason)} for f in failures[:KEPT_FAILURES]]
    _write(ledger, lambda session: session.execute(
        update(IngestRunRow).where(IngestRunRow.id == run_id).values(
            finished=_now(), status=status, added=added, duplicates=duplicates, failed=failed, failures=kept)))


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


def ingest_runs(ledger: Ledger, *, limit: int = 20) -> list[dict]:
    """The latest ingest batches, newest first; a ``running`` one whose process is gone is ``interrupted``."""
    with Session(ledger.engine) as session:
        rows = session.scalars(select(IngestRunRow).order_by(IngestRunRow.id.desc()).limit(limit)).all()
        out = []
        for row in rows:
            status = row.status
            if status == "running" and not _alive(row.host, row.pid):
                status = "interrupted"
            out.append({"id": row.id, "started": row.started, "finished": row.finished, "status": status,
                        "engine": row.engine, "targets": row.targets, "added": row.added,
                        "duplicates": row.duplicates, "failed": row.failed, "failures": row.failures or []})
        return out
