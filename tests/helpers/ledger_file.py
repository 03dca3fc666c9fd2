"""Reading a SQLite ledger file that another process (an ingest being killed) is writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def stored_documents(db: Path) -> int:
    """Documents in the ledger file, read-only; 0 while the file is missing or locked."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0
