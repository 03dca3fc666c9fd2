"""Claims by a name through the stored mention→claim link (``claim_mentions``, migration 0009).

A claim names an entity or place when a mention so named lies inside its span.  The link is
written with the analysis (``claim_mentions``), so a listing no longer joins every mention of
a name to the claims holding it:

- the count walks the named mentions into the link and stops after ``views.COUNT_CAP + 1``
  distinct claims (``ix_claim_mentions_mention``);
- more matches than that: the page walks documents in ingest order, their claims by key, and
  probes the link's primary key for a named mention (``probe``), stopping after the page;
- at most ``COUNT_CAP``: those claims are read from the same named mentions and sorted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Exists, Select, and_, exists, literal, select, union_all
from sqlalchemy.orm import aliased

from claimledger.records import Analysis
from claimledger.store.schema import ClaimMentionRow, ClaimRow, DocumentRow, MentionRow

_LINK = aliased(ClaimMentionRow)  # once: an alias per query costs more than the query's SQL here


def claim_mentions(analysis: Analysis) -> list[tuple[int, int]]:
    """(claim index, mention index) for every mention whose span lies inside the claim's —
    the condition ``filters.records_naming`` used on the spans."""
    return [(ci, mi) for ci, c in enumerate(analysis.claims) for mi, m in enumerate(analysis.mentions)
            if c.start <= m.start and m.end <= c.end]


def probe(name_cond: ColumnElement[bool]) -> Exists:
    """EXISTS a mention matching ``name_cond`` (a condition on ``MentionRow``) linked to the claim
    (``ClaimRow``) — found by the link's primary key, then the mention's."""
    link = _LINK
    # nested, so that the planner goes link → mention by key (joined, it took the document's every mention)
    named = exists(select(literal(1)).where(MentionRow.doc_id == link.doc_id, MentionRow.idx == link.mention_idx,
                                            name_cond))
    return exists(select(literal(1)).select_from(link).where(
        link.doc_id == ClaimRow.doc_id, link.claim_idx == ClaimRow.idx, named))


def linked_keys(name_cond: ColumnElement[bool], where: tuple[ColumnElement[bool], ...]) -> Any:
    """(seq, doc_id, idx) of the claims holding a mention matching ``name_cond`` and passing
    ``where`` (conditions on ``ClaimRow`` and ``DocumentRow``), from the named mentions through
    the link (a claim once per named mention in it: callers take DISTINCT)."""
    link = _LINK
    return (select(DocumentRow.seq, ClaimRow.doc_id, ClaimRow.idx).select_from(MentionRow)
            .join(link, and_(link.doc_id == MentionRow.doc_id, link.mention_idx == MentionRow.idx))
            .join(ClaimRow, and_(ClaimRow.doc_id == link.doc_id, ClaimRow.idx == link.claim_idx))
            .join(DocumentRow, DocumentRow.id == ClaimRow.doc_id)
            .where(name_cond, *where))


def sourced_keys(claim_keys: Select[Any], where: tuple[ColumnElement[bool], ...]) -> Any:
    """(seq, doc_id, idx) of the claims among ``claim_keys`` (doc_id, idx) passing ``where``."""
    found = claim_keys.subquery()
    return (select(DocumentRow.seq, ClaimRow.doc_id, ClaimRow.idx).select_from(found)
            .join(ClaimRow, and_(ClaimRow.doc_id == found.c[0], ClaimRow.idx == found.c[1]))
            .join(DocumentRow, DocumentRow.id == ClaimRow.doc_id).where(*where))


def distinct_keys(*parts: Select[Any]) -> Any:
    """The distinct (seq, doc_id, idx) of ``parts`` as a subquery."""
    both = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    return select(both.c.seq, both.c.doc_id, both.c.idx).distinct().subquery()
