"""What an operator checks after a crash: counts of what the ledger holds and what is left to link."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimledger.store.handle import LedgerHandle
from claimledger.store.incidents import with_estimate
from claimledger.store.schema import (
    ClaimGroupRow,
    ConflictRow,
    DocumentRow,
    IncidentRow,
    LinkSketchRow,
    StoryRow,
)


def overview(ledger: LedgerHandle) -> dict[str, int]:
    """Documents (and those not linked yet), stories, incidents (and those with an estimate, the
    ones ``incidents`` lists by default), claim groups and conflicts."""
    with Session(ledger.engine) as session:
        def count(column: Any) -> int:
            return int(session.scalar(select(func.count(column))) or 0)

        documents = count(DocumentRow.id)
        linked = count(LinkSketchRow.doc_id)
        return {"documents": documents, "unlinked": documents - linked, "stories": count(StoryRow.id),
                "incidents": count(IncidentRow.id),
                "incidents_with_estimate": int(session.scalar(select(func.count(IncidentRow.id))
                                                              .where(with_estimate())) or 0),
                "claim_groups": count(ClaimGroupRow.id),
                "conflicts": count(ConflictRow.id)}
