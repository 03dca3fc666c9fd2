"""What changes whenever a ledger's contents do: the version a reader keys what it keeps on.

Documents are only ever added (the count and the last ``seq`` change), analyses written
(``meta.analysis_writes``, bumped by ``Ledger._write_analysis``) and links written
(``meta.link_writes``, bumped in the transaction of every link write: ``link_rows.write_links``
and ``incidents.replace_incidents``).  A page kept for one version is never served for another.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimledger.store.handle import LedgerHandle
from claimledger.store.schema import DocumentRow, Meta

LINK_WRITES_BUMP = ("INSERT INTO meta (key, value) VALUES ('link_writes', '1') ON CONFLICT (key) "
                    "DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)")


def ledger_version(ledger: LedgerHandle) -> tuple[Any, ...]:
    """(documents, last seq, analyses written, link writes): four reads by index, in one transaction."""
    with Session(ledger.engine) as session:
        count = session.scalar(select(func.count()).select_from(DocumentRow))
        last = session.scalar(select(func.max(DocumentRow.seq)))
        writes = dict(session.execute(select(Meta.key, Meta.value)
                                      .where(Meta.key.in_(("analysis_writes", "link_writes")))).all())
        return count, last, writes.get("analysis_writes"), writes.get("link_writes")
