"""Indexes the read paths of the API need beyond the store's own, created on the first open.

``CREATE INDEX IF NOT EXISTS`` is the same on SQLite and PostgreSQL, and a ledger the
server may not write to (a read-only file, a read-only role) is served without them.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from claimledger.store import Ledger

log = logging.getLogger("claimledger.serve")

READ_INDEXES = (
    # entity and place listings group mentions by (label, norm) and count documents: a covering index
    "CREATE INDEX IF NOT EXISTS ix_mentions_label_norm_doc ON mentions (label, norm, doc_id)",
)


def ensure_read_indexes(ledger: Ledger) -> None:
    try:
        with ledger.engine.begin() as conn:
            for statement in READ_INDEXES:
                conn.execute(text(statement))
    except SQLAlchemyError as exc:  # read-only ledger: slower listings, same answers
        log.warning("read indexes not created (%s): listings of entities may be slower", type(exc).__name__)
