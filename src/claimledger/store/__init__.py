"""store: the ledger database (SQLite by default, PostgreSQL for teams) and the one read model.

Only this package knows SQL and rows: every reader (CLI, HTTP API, web pages, export,
link) asks a ``Ledger`` and gets typed views (``claimledger.store.views``) back.
"""

from claimledger.store.handle import DEFAULT_DB, LedgerError, database_url
from claimledger.store.ingest_runs import IngestRun, RunFailure, StoredDocumentIds
from claimledger.store.ledger import Ledger
from claimledger.store.ledger_write import NewDocument
from claimledger.store.opening import LedgerOpenError
from claimledger.store.queries import FIGURE_CATEGORIES
from claimledger.store.views import (
    CERTAINTY_ASCENDING,
    MAX_LIMIT,
    ClaimFilter,
    ClaimGroupSummary,
    ClaimGroupView,
    ClaimView,
    ConflictView,
    CopyLink,
    DocumentBundle,
    DocumentCopy,
    DocumentFilter,
    DocumentStory,
    DocumentSummary,
    Page,
    QueryError,
    SearchHit,
    StorySummary,
    StoryView,
    document_name,
    source_chain,
    source_name,
)

__all__ = [
    "CERTAINTY_ASCENDING", "DEFAULT_DB", "FIGURE_CATEGORIES", "MAX_LIMIT", "ClaimFilter", "ClaimGroupSummary",
    "ClaimGroupView", "ClaimView", "ConflictView", "CopyLink", "DocumentBundle", "DocumentCopy", "DocumentFilter",
    "DocumentStory", "DocumentSummary", "IngestRun", "Ledger", "LedgerError", "LedgerOpenError", "NewDocument", "Page", "QueryError", "RunFailure", "SearchHit",
    "StoredDocumentIds", "StorySummary", "StoryView", "database_url", "document_name", "source_chain", "source_name",
]
