"""Questions asked of the ledger's claims: by document, entity, place and certainty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from claimledger.records import Attribution, Claim
from claimledger.store.ledger import Ledger, _attribution
from claimledger.store.schema import AttributionRow, ClaimRow, DocumentRow, MentionRow

# From least to most sure: ``--min-certainty reported`` keeps reported and asserted claims.
CERTAINTY_ORDER = ("denied", "contested", "hedged", "reported", "asserted")
PLACE_LABELS = ("GPE", "LOC", "FAC")


@dataclass
class ClaimHit:
    doc_id: str
    index: int
    claim: Claim
    title: str | None
    published: str | None
    attribution: Attribution | None

    @property
    def id(self) -> str:
        """Stable claim id: document id and the claim's index in it."""
        return f"{self.doc_id}:{self.index}"

    def chain(self) -> list[str]:
        if self.attribution is None:
            return []
        return [self.attribution.source.name] + [v.name for v in self.attribution.via]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "doc_id": self.doc_id, "title": self.title, "published": self.published,
                "chain": self.chain(), **self.claim.to_dict()}


def _matching_mentions(session: Session, name: str, labels: tuple[str, ...] | None) -> dict[str, set[int]]:
    pattern = f"%{name.lower()}%"
    query = select(MentionRow.doc_id, MentionRow.idx).where(MentionRow.norm.ilike(pattern))
    if labels:
        query = query.where(MentionRow.label.in_(labels))
    found: dict[str, set[int]] = {}
    for doc_id, idx in session.execute(query):
        found.setdefault(doc_id, set()).add(idx)
    return found


def find_claims(
    ledger: Ledger,
    *,
    doc: str | None = None,
    entity: str | None = None,
    place: str | None = None,
    min_certainty: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> list[ClaimHit]:
    """Claims that match every given filter, most check-worthy first, then in text order."""
    if min_certainty is not None and min_certainty not in CERTAINTY_ORDER:
        raise ValueError(f"unknown certainty {min_certainty!r}; choose one of {', '.join(CERTAINTY_ORDER)}")
    with Session(ledger.engine) as session:
        query = select(ClaimRow, DocumentRow.title, DocumentRow.published).join(
            DocumentRow, DocumentRow.id == ClaimRow.doc_id)
        if doc:
            query = query.where(ClaimRow.doc_id == ledger.resolve(doc))
        if min_certainty:
            allowed = CERTAINTY_ORDER[CERTAINTY_ORDER.index(min_certainty):]
            query = query.where(ClaimRow.certainty.in_(allowed))
        entity_found = _matching_mentions(session, entity, None) if entity else None
        place_found = _matching_mentions(session, place, PLACE_LABELS) if place else None
        if entity:
            # an entity is also matched as the source of a claim ("Tsimbalyuk" ← alleged)
            sourced = select(AttributionRow.doc_id).where(AttributionRow.source.ilike(f"%{entity}%"))
            query = query.where(or_(ClaimRow.doc_id.in_(list(entity_found)), ClaimRow.doc_id.in_(sourced)))
        if place:
            query = query.where(ClaimRow.doc_id.in_(list(place_found)))
        query = query.order_by(ClaimRow.checkworthiness.desc().nulls_last() if ledger.dialect == "postgresql"
                               else ClaimRow.checkworthiness.is_(None), ClaimRow.checkworthiness.desc(),
                               ClaimRow.doc_id, ClaimRow.idx)
        hits: list[ClaimHit] = []
        skipped = 0
        for row, title, published in session.execute(query):
            claim = Claim(**row.data)
            named = set(claim.mentions) | set(claim.places)
            if place_found is not None and not named & place_found.get(row.doc_id, set()):
                continue
            attribution = None
            if claim.attribution is not None:
                att = session.get(AttributionRow, (row.doc_id, claim.attribution))
                attribution = _attribution(att.data) if att else None
            if entity_found is not None and not named & entity_found.get(row.doc_id, set()):
                chain = [attribution.source.name] + [v.name for v in attribution.via] if attribution else []
                if not any(entity.lower() in link.lower() for link in chain):
                    continue
            if skipped < offset:
                skipped += 1
                continue
            hits.append(ClaimHit(row.doc_id, row.idx, claim, title, published, attribution))
            if limit is not None and len(hits) >= limit:
                break
        return hits


def find_claim(ledger: Ledger, claim_id: str) -> ClaimHit:
    """One claim by its id ``DOCID:INDEX`` (the document id may be a unique prefix)."""
    doc, _, index = claim_id.rpartition(":")
    if not doc or not index.isdigit():
        raise ValueError(f"a claim id looks like DOCID:INDEX, not {claim_id!r}")
    doc_id = ledger.resolve(doc)
    for hit in find_claims(ledger, doc=doc_id, limit=None):
        if hit.index == int(index):
            return hit
    raise LookupError(f"no claim {index} in document {doc_id}")


__all__ = ["CERTAINTY_ORDER", "ClaimHit", "find_claims", "find_claim"]
