"""Claims by one entity or place name, read from the stored forms (``claim_forms``, migration 0010).

The name is matched against the distinct forms (``name_forms``) with the same conditions
``filters.name_match`` puts on a mention (and, for an entity, ``queries.claim_source_is`` on the
source chain), then the claims of those forms are read from ``claim_forms``' key:

- the distinct claims are counted up to ``views.COUNT_CAP + 1``: at most the cap, that is the
  listing's exact count and the page is read from them in document order;
- more: the page is merged from each form's first ``offset + limit + 1`` claims, which the key
  holds in document order (a name of many forms, a deep page or a document filter: every claim
  of the forms, sorted).

A certainty filter is a condition on the same rows (``ix_claim_forms_certainty`` per level);
document filters join each row's document by its ingest order.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, TextClause, and_, or_, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from claimledger.store import views
from claimledger.store.filters import Found, capped_count, contains
from claimledger.store.name_index_sql import indexed_names
from claimledger.store.schema import ClaimFormRow, DocumentRow, NameFormRow
from claimledger.store.views import PLACE_LABELS

MERGED_ROWS = 20_000  # forms x rows per form up to which a page is merged from each form's first rows
MERGED_FORMS = 200  # and forms (one subquery each; SQLite allows 500 in one compound)
LISTED_FORMS = 500  # forms passed as a list of ids; more (a name of a letter or two) by their query


def form_match(name: str, labels: tuple[str, ...] | None = None, also: tuple[str, ...] = (),
               sources: bool = False) -> ColumnElement[bool]:
    """The forms ``name`` matches: ``filters.name_match``'s condition on a mention's fields (and
    with ``sources``, a name of a source chain containing it, as ``queries.claim_source_is``)."""
    from claimledger.analyze.place_names import place_names

    f = NameFormRow
    cond = or_(and_(indexed_names(f.norm, name), contains(f.norm, name)), f.entity_id == name)
    if also:
        cond = or_(cond, and_(f.label == "PERSON", f.norm.in_(also)))
    if labels == PLACE_LABELS:
        cond = or_(cond, and_(indexed_names(f.text, name), contains(f.text, name)))
        names = place_names(name)
        if names:
            cond = or_(cond, f.norm.in_(names))
    mention = and_(f.kind == "mention", *([f.label.in_(labels)] if labels else []), cond)
    if not sources:
        return mention
    return or_(mention, and_(f.kind == "source", indexed_names(f.text, name), contains(f.text, name)))


@dataclass
class NamedClaims:
    """One name filter on claims: its forms, and the certainty levels asked (None: any)."""

    forms: ColumnElement[bool]
    levels: list[str] | None = None

    def _keys(self, form_ids: Any, doc_conds: list[ColumnElement[bool]]) -> Any:
        c = ClaimFormRow
        query: Any = select(c.seq, c.claim_idx, c.doc_id).where(c.form_id.in_(form_ids))
        if self.levels is not None:
            query = query.where(c.certainty.in_(self.levels))
        if doc_conds:
            query = query.join(DocumentRow, DocumentRow.seq == c.seq).where(*doc_conds)
        return query

    def found(self, session: Session, doc_conds: list[ColumnElement[bool]], limit: int, offset: int) -> Found:
        """The page's claim keys in document order, the count (None past ``views.COUNT_CAP``), whether more follow."""
        ids = list(session.scalars(select(NameFormRow.id).where(self.forms)))
        if not ids:
            return Found([], 0, False)
        listed = ids if len(ids) <= LISTED_FORMS else select(NameFormRow.id).where(self.forms)
        every = self._keys(listed, doc_conds).distinct()
        counted = capped_count(session, every)  # counted in SQL: a thousand keys read into Python cost more
        if counted <= views.COUNT_CAP:
            rows = session.execute(every.order_by(ClaimFormRow.seq, ClaimFormRow.claim_idx)
                                   .limit(limit).offset(offset)).all()  # (seq, idx, doc_id): document order
            return Found([(k[2], k[1]) for k in rows], counted, counted > offset + limit)
        first = offset + limit + 1
        if not doc_conds and len(ids) <= MERGED_FORMS and len(ids) * first <= MERGED_ROWS:
            params = {"first": first, "limit": limit + 1, "offset": offset, **{f"f{i}": form for i, form in enumerate(ids)},
                      **{f"l{i}": level for i, level in enumerate(self.levels or ())}}
            rows = session.execute(_merged(len(ids), None if self.levels is None else len(self.levels)), params).all()
        else:  # every claim of the forms, sorted (document filters join each row's document)
            page = every.order_by(ClaimFormRow.seq, ClaimFormRow.claim_idx).limit(limit + 1).offset(offset)
            rows = session.execute(page).all()
        return Found([(r[2], r[1]) for r in rows[:limit]], None, len(rows) > limit)


@functools.lru_cache(maxsize=256)
def _merged(forms: int, levels: int | None) -> TextClause:
    """The page of claims of ``forms`` forms (``:f0`` ...; at the levels ``:l0`` ...) in document
    order, merged from each form's first ``:first`` rows (plain SQL: built as expressions, the
    subqueries cost more than their reading; kept parsed, as finding a hundred forms' binds in
    the text cost more than the query)."""
    level = "" if levels is None else " AND certainty IN (" + ", ".join(f":l{i}" for i in range(levels)) + ")"
    heads = " UNION ".join(f"SELECT * FROM (SELECT seq, claim_idx, doc_id FROM claim_forms WHERE form_id = :f{i}{level} "
                           f"ORDER BY seq, claim_idx LIMIT :first) AS h{i}" for i in range(forms))
    return sql(f"SELECT seq, claim_idx, doc_id FROM ({heads}) AS merged "
               "ORDER BY seq, claim_idx LIMIT :limit OFFSET :offset")
