"""store: the ledger database (SQLite by default, PostgreSQL for teams)."""

from claimledger.store.ledger import DEFAULT_DB, Ledger, LedgerError, SearchHit, database_url

__all__ = ["DEFAULT_DB", "Ledger", "LedgerError", "SearchHit", "database_url"]
