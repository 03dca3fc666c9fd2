"""Cross-document links (stories, claim groups, conflicts, copies) as the API and pages show them.

The link stage stores them and ``claimledger.store.links`` reads them; a ledger that was
never linked simply has none, and every function here then answers with empty data (or
``LookupError`` for one missing item) instead of failing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimledger.serve.queries import QueryError
from claimledger.store import Ledger, LedgerError
from claimledger.store import links
from claimledger.store.schema import ClaimGroupRow, ConflictRow, DocumentRow, StoryRow


def _int_id(value: str, what: str) -> int:
    if not str(value).isdigit():
        raise QueryError(f"a {what} id is a whole number, not {value!r}")
    return int(value)


def stories(ledger: Ledger, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, largest and most recently updated first."""
    return links.list_stories(ledger, limit=limit, offset=offset)


def story(ledger: Ledger, story_id: str) -> dict[str, Any]:
    return links.story(ledger, _int_id(story_id, "story"))


def claim_groups(ledger: Ledger, *, min_docs: int = 2, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Claim groups spanning at least ``min_docs`` documents, the widest first."""
    return links.claim_groups(ledger, min_docs=min_docs, limit=offset + limit)[offset:]


def claim_group(ledger: Ledger, group_id: str) -> dict[str, Any]:
    """One claim group with every member claim (its stance, certainty and document)."""
    with Session(ledger.engine) as session:
        row = session.get(ClaimGroupRow, _int_id(group_id, "claim group"))
        first = row.first_claim if row else None
    if first is None:
        raise LookupError(f"no claim group {group_id!r}")
    found = links.claim_membership(ledger, first)
    return {**found["group"], "members": found["members"]}


def conflicts(ledger: Ledger, *, entity: str | None = None, place: str | None = None, kind: str | None = None,
              limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Conflicts (figures that disagree, figures changed in a copy, opposite stances), most sources first."""
    return links.list_conflicts(ledger, entity=entity, place=place, kind=kind, limit=offset + limit)[offset:]


def conflict(ledger: Ledger, conflict_id: str) -> dict[str, Any]:
    with Session(ledger.engine) as session:
        row = session.get(ConflictRow, conflict_id)
        if row is None:
            raise LookupError(f"no conflict {conflict_id!r}")
        return links._conflict_dict(row)


def trace_of_claim(ledger: Ledger, claim_id: str) -> dict[str, Any] | None:
    """The claim's provenance over its claim group — earliest appearance, members in order,
    who cited whom and the copy tree — or None when the claim is not linked."""
    from claimledger.link.provenance import trace

    try:
        return trace(ledger, claim_id).to_dict()
    except LedgerError:
        return None


def stories_of_document(ledger: Ledger, doc_id: str) -> list[dict[str, Any]]:
    """The stories a document (or each of its live-blog entries) belongs to."""
    units = links.story_units_of(ledger, [doc_id]).get(doc_id, [])
    with Session(ledger.engine) as session:
        rows = {r.id: r for r in session.scalars(select(StoryRow).where(StoryRow.id.in_({u[2] for u in units})))}
    return [{"id": sid, "entry": entry, "title": rows[sid].title if sid in rows else None,
             "size": rows[sid].size if sid in rows else None}
            for _, entry, sid in sorted(units, key=lambda u: (u[1] if u[1] is not None else -1, u[2]))]


def copies_of_document(ledger: Ledger, doc_id: str) -> list[dict[str, Any]]:
    """Copy links touching a document, each naming the other document and the direction."""
    found = links.doc_links(ledger, doc_id)
    others = {l["dst"] if l["src"] == doc_id else l["src"] for l in found}
    with Session(ledger.engine) as session:
        titles = dict(session.execute(select(DocumentRow.id, DocumentRow.title).where(DocumentRow.id.in_(others))).all())
    out = []
    for link in found:
        later = link["src"] == doc_id
        other = link["dst"] if later else link["src"]
        out.append({**link, "doc_id": other, "title": titles.get(other),
                    "direction": "repeated by" if later else "copied from"})
    return out
