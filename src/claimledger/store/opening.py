"""Opening a ledger: what makes a path unusable, said in one line that names the path.

A SQLite path is checked before SQLAlchemy touches it (its folder, whether it is a folder,
readable, and a SQLite file by its header), so a mistyped or wrong ``--db`` is a clear
error, never a traceback, and never overwrites a file that is not a ledger.
"""

from __future__ import annotations

import os
from pathlib import Path

from claimledger.errors import SchemaError, bounded


class LedgerOpenError(SchemaError, OSError):
    """The ledger cannot be opened: the message names the path and says why, in one line
    (a ``SchemaError``: the schema cannot be created or read there)."""


SQLITE_HEADER = b"SQLite format 3\x00"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for an in-memory database or another dialect)."""
    prefix = "sqlite:///"
    path = url[len(prefix):].split("?", 1)[0] if url.startswith(prefix) else ""
    return Path(path) if path and path != ":memory:" else None


def check_sqlite_file(path: Path) -> None:
    """Raise ``LedgerOpenError`` when ``path`` cannot be a ledger: its folder is missing, it is a
    folder, it cannot be read, or it is a file that is not a SQLite database."""
    where = f"cannot open ledger {path}"
    parent = path.parent
    if not parent.exists():
        raise LedgerOpenError(f"{where}: no such directory {parent}")
    if not parent.is_dir():
        raise LedgerOpenError(f"{where}: {parent} is a file, not a directory")
    if not path.exists():
        if not os.access(parent, os.W_OK):
            raise LedgerOpenError(f"{where}: cannot create it, {parent} is not writable")
        return
    if path.is_dir():
        raise LedgerOpenError(f"{where}: it is a directory")
    if not os.access(path, os.R_OK):
        raise LedgerOpenError(f"{where}: permission denied (not readable)")
    with path.open("rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if head and head != SQLITE_HEADER:
        raise LedgerOpenError(f"{where}: not a SQLite database (a {path.stat().st_size:,}-byte file of another kind)")


def failure_reason(exc: BaseException) -> str:
    """The database's own words for why it failed (the innermost cause), on one line."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    orig = getattr(exc, "orig", None)
    return bounded(" ".join(str(orig or exc).split()))
