"""What the store's read and write modules need of a ledger, below ``ledger.py``.

``Ledger`` (ledger.py) hands its queries to modules (queries, links, incidents …) that take the
ledger as their first argument.  They need only its engine, its dialect and id resolution, so
they are typed by ``LedgerHandle`` here rather than by ``Ledger``: ledger.py imports them, and
they need not import it back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import Engine

from claimledger.errors import ClaimledgerError

DEFAULT_DB = "claimledger.db"


class LedgerError(ClaimledgerError, LookupError):
    """A lookup the ledger cannot answer (unknown or ambiguous document id)."""


def database_url(db: str | Path | None) -> str:
    """A SQLAlchemy URL from a URL or a plain file path (default ``./claimledger.db``)."""
    value = str(db) if db else DEFAULT_DB
    return value if "://" in value else f"sqlite:///{value}"


class LedgerHandle(Protocol):
    """A ledger as the store's modules use it (``Ledger`` is one)."""

    engine: Engine
    dialect: str

    def resolve(self, doc_id: str) -> str:
        """The full id of a document from its id or a unique prefix of it."""
        ...
