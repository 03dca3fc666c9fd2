"""Locks that several processes sharing one ledger agree on: one linker, one schema upgrade at a time.

- PostgreSQL: a session-level advisory lock (``pg_advisory_lock``) on a connection of its
  own, held while the block runs; the key is derived from the lock's name.
- SQLite file: an exclusive ``flock`` on ``<database>.<name>.lock`` beside the database
  (SQLite is one machine's file, so a file lock reaches every process that can write it).
  The lock file is created once and left in place, like SQLite's own ``-wal`` file.
- In-memory SQLite (one process): a thread lock per engine.

A lock is released when the block ends, and by the operating system or the server when
the process holding it dies (``kill -9`` included), so a crash never leaves it taken.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import threading
from typing import Iterator

from sqlalchemy import text as sql
from sqlalchemy.engine import Engine

__all__ = ["ledger_lock"]

_THREAD_LOCKS: dict[tuple[int, str], threading.RLock] = {}
_GUARD = threading.Lock()


def _key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for ``name``."""
    return int.from_bytes(hashlib.sha256(f"claimledger:{name}".encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def ledger_lock(engine: Engine, name: str) -> Iterator[None]:
    """Hold the ledger-wide lock called ``name`` (``link``, ``migrate``) while the block runs."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine, name):
            yield
        return
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:" and not database.startswith("file:"):
        with _file_lock(f"{database}.{name}.lock"):
            yield
        return
    with _GUARD:
        lock = _THREAD_LOCKS.setdefault((id(engine), name), threading.RLock())
    with lock:
        yield


@contextlib.contextmanager
def _advisory(engine: Engine, name: str) -> Iterator[None]:
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(sql("SELECT pg_advisory_lock(:k)"), {"k": _key(name)})
        try:
            yield
        finally:
            conn.execute(sql("SELECT pg_advisory_unlock(:k)"), {"k": _key(name)})


@contextlib.contextmanager
def _file_lock(path: str) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
