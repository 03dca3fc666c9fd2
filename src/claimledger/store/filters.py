"""SQL building blocks of the ledger's reads: filters and stable, paged record listings.

Every listing is ordered by something unique (ingest order of the document, then the
record's index in it), so ``offset`` pages never skip or repeat a row while documents are
added: new documents only ever append.  Filters are plain SQL on the ledger's tables, the
same on SQLite and PostgreSQL:

- ``outlet``: exact outlet name; ``since`` / ``until``: ISO dates (``2023``, ``2023-03``,
  ``2023-03-07``) compared with the document's publication date, inclusive; documents whose
  year is unknown (``XXXX-03-07``) are left out of any date range rather than guessed;
- ``entity`` / ``place``: a normalised name (case-insensitive substring) or an entity id;
  a claim, quantity or attribution matches when such a mention lies inside its span;
- ``certainty``: exact levels (comma-separated) or ``min_certainty`` (that level and surer).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import (
    CTE,
    Boolean,
    ColumnElement,
    Exists,
    FunctionElement,
    Join,
    Select,
    String,
    and_,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased

from claimledger.store import views
from claimledger.store.name_index_sql import indexed_names
from claimledger.store.schema import DocumentRow, MentionRow
from claimledger.store.views import CERTAINTY_ASCENDING, MAX_LIMIT, PLACE_LABELS, QueryError

# --- filters ------------------------------------------------------------------------------
_DATE = re.compile(r"^\d{4}(?:-(\d{2})(?:-(\d{2}))?)?$")


def iso_date(value: str | None, name: str) -> str | None:
    """``value`` when it is an ISO date (partial allowed), else ``QueryError`` naming the filter."""
    if not value:
        return None
    match = _DATE.match(value)
    if not match or not 1 <= int(match.group(1) or 1) <= 12 or not 1 <= int(match.group(2) or 1) <= 31:
        raise QueryError(f"{name} must be an ISO date like 2023, 2023-03 or 2023-03-07, not {value!r}")
    return value


def doc_conditions(*, outlet: str | None = None, since: str | None = None, until: str | None = None,
                   doc_id: str | None = None, kind: str | None = None) -> list[ColumnElement[bool]]:
    """Conditions on ``documents`` for the document filters that are given."""
    conds: list[ColumnElement[bool]] = []
    if outlet:
        conds.append(DocumentRow.outlet == outlet)
    if doc_id:
        conds.append(DocumentRow.id == doc_id)
    if kind:
        conds.append(DocumentRow.kind == kind)
    since, until = iso_date(since, "since"), iso_date(until, "until")
    if since or until:
        conds.append(DocumentRow.published.is_not(None))
        conds.append(~DocumentRow.published.like("X%"))
    if since:
        conds.append(DocumentRow.published >= since)
    if until:
        conds.append(DocumentRow.published <= until + "~")  # "~" sorts after digits: until=2023-03 keeps 2023-03-31
    return conds


class contains_text(FunctionElement[bool]):
    """``contains_text(column, words)``: the column holds the words, case-insensitively — ILIKE, or
    on SQLite plain LIKE (which ignores ASCII case, as its lower() does, without a lower() per row)."""

    type = Boolean()
    inherit_cache = True
    name = "contains_text"


def _pattern(element: Any, compiler: Any, **kw: Any) -> tuple[str, str]:
    column, text = list(element.clauses)
    return compiler.process(column, **kw), compiler.process(text, **kw)


@compiles(contains_text)
def _ilike(element: Any, compiler: Any, **kw: Any) -> str:
    return "{} ILIKE {} ESCAPE '\\'".format(*_pattern(element, compiler, **kw))


@compiles(contains_text, "sqlite")
def _like(element: Any, compiler: Any, **kw: Any) -> str:
    return "{} LIKE {} ESCAPE '\\'".format(*_pattern(element, compiler, **kw))


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """The column holds ``text`` (case-insensitive substring; ``%`` and ``_`` match themselves)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return contains_text(column, f"%{escaped}%")


MENTION_TEXT: ColumnElement[Any] = literal_column("json_extract(mentions.data, '$.text')")  # the expression of the index name_index_mention_text


def name_match(name: str, labels: tuple[str, ...] | None = None, also: tuple[str, ...] = ()) -> ColumnElement[bool]:
    """A mention whose normalised name contains ``name``, is one of ``also`` (a person's other
    names, ``store.person_index.names_of``), or whose entity id is ``name``; for places
    (``labels`` = ``PLACE_LABELS``) also any name of the place (``place_match``)."""
    cond = or_(and_(indexed_names(MentionRow.norm, name), contains(MentionRow.norm, name)), MentionRow.entity_id == name)
    if also:
        cond = or_(cond, and_(MentionRow.label == "PERSON", MentionRow.norm.in_(also)))
    if labels == PLACE_LABELS:
        cond = or_(cond, place_match(name))
    # the label first: a mention of another label is dismissed before its JSON is read
    return and_(by_scan(MentionRow.label).in_(labels), cond) if labels else cond


class by_scan(FunctionElement[Any]):
    """``by_scan(column)``: the column, written so that SQLite's planner does not pick its index
    (``+column``): a label index finds every place mention; the name index finds the few named."""

    type = String()
    inherit_cache = True
    name = "by_scan"


@compiles(by_scan)
def _column_itself(element: Any, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(list(element.clauses)[0], **kw))


@compiles(by_scan, "sqlite")
def _unary_plus(element: Any, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(list(element.clauses)[0], **kw))


def place_match(name: str) -> ColumnElement[bool]:
    """A place mention under any name a reader may type: as written in the text ("Vugledar"),
    or stored under the GeoNames name of a place that ``name`` is another name of
    ("Vugledar", "Vuhledar" -> "Vuhledar"; "Artemivsk" -> "Bakhmut"; see ``analyze.place_names``)."""
    from claimledger.analyze.place_names import place_names

    conds = [and_(indexed_names(MENTION_TEXT, name), contains(MentionRow.data["text"].as_string(), name))]
    names = place_names(name)
    if names:
        conds.append(MentionRow.norm.in_(names))
    return or_(*conds)


def terms_match(column: Any, place: str) -> ColumnElement[bool]:
    """A row whose ``|``-joined terms ``column`` holds ``place`` or another name of that place."""
    from claimledger.analyze.place_names import place_names

    return or_(*(func.lower(column).like(f"%{n.casefold()}%") for n in (place, *place_names(place))))


def materialised(query: Any, prefix: str, key: str) -> CTE:
    """``query`` as a CTE computed once per statement (``AS MATERIALIZED`` where the database has it),
    named ``prefix`` and a digest of ``key`` so two filters in one statement do not collide."""
    cte: CTE = query.cte(f"{prefix}_{hashlib.sha1(key.encode()).hexdigest()[:10]}")
    if sqlite3.sqlite_version_info >= (3, 35):
        cte = cte.prefix_with("MATERIALIZED", dialect="sqlite")
    return cte.prefix_with("MATERIALIZED", dialect="postgresql")


def mention_inside(doc_col: Any, start_col: Any, end_col: Any, name: str,
                   labels: tuple[str, ...] | None = None, also: tuple[str, ...] = ()) -> Exists:
    """EXISTS a mention named ``name`` within [start, end) of the same document.

    The mentions so named are found once (a materialised CTE: one pass over mentions, then
    an index on the few found) instead of matching the name against every mention of each
    record's document."""
    named = materialised(select(MentionRow.doc_id, MentionRow.start, MentionRow.end)
                         .where(name_match(name, labels, also)), "named", repr((name, labels, also)))
    return exists().where(named.c.doc_id == doc_col, named.c.start >= start_col, named.c.end <= end_col)


def records_naming(table: Any, name: str, labels: tuple[str, ...] | None = None,
                   also: tuple[str, ...] = ()) -> ColumnElement[bool]:
    """The record (a row of ``table``: doc_id, idx, start, end) holds a mention named ``name``:
    ``mention_inside`` written as ``(doc_id, idx) IN (...)``, so the few named mentions lead to
    their records by index instead of every record being probed."""
    named = materialised(select(MentionRow.doc_id, MentionRow.start, MentionRow.end).where(name_match(name, labels, also)),
                         "named", repr((name, labels, also)))
    holder = aliased(table)
    found = materialised(select(holder.doc_id, holder.idx).select_from(named).join(
        holder, and_(holder.doc_id == named.c.doc_id, holder.start <= named.c.start, holder.end >= named.c.end)),
        "holding", repr((table.__tablename__, name, labels, also)))  # once, though an OR reads the list twice
    return tuple_(table.doc_id, table.idx).in_(select(found.c.doc_id, found.c.idx))


def mention_in_doc(name: str, labels: tuple[str, ...] | None = None, also: tuple[str, ...] = ()) -> Exists:
    """EXISTS a mention named ``name`` (or one of the names ``also``) in the document."""
    return exists().where(MentionRow.doc_id == DocumentRow.id, name_match(name, labels, also))


def certainty_levels(certainty: str | None, min_certainty: str | None) -> list[str] | None:
    """The certainty levels both filters allow (None: no certainty filter)."""
    levels: set[str] | None = None
    if certainty:
        wanted = [c.strip() for c in certainty.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in CERTAINTY_ASCENDING]
        if unknown:
            raise QueryError(f"unknown certainty {unknown[0]!r}; choose from {', '.join(CERTAINTY_ASCENDING)}")
        levels = set(wanted)
    if min_certainty:
        if min_certainty not in CERTAINTY_ASCENDING:
            raise QueryError(f"unknown certainty {min_certainty!r}; choose from {', '.join(CERTAINTY_ASCENDING)}")
        surer = set(CERTAINTY_ASCENDING[CERTAINTY_ASCENDING.index(min_certainty):])
        levels = surer if levels is None else levels & surer
    return sorted(levels) if levels is not None else None


def check_paging(limit: int, offset: int) -> tuple[int, int]:
    """``(limit, offset)`` when usable, else ``QueryError``."""
    if limit < 1 or limit > MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise QueryError("offset must be 0 or more")
    return limit, offset


def paged(session: Session, query: Select[Any] | Any, limit: int, offset: int) -> tuple[list[Any], int]:
    """One page of ``query``'s rows and the number of all its rows."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    return list(session.execute(query.limit(limit).offset(offset)).all()), total




# the index a walk in document order takes per record table: its key, or for claims its key
# with the certainty (migration 0009), so a certainty filter reads no claim row
WALK_INDEX = {"claims": "ix_claims_key_certainty"}


class _DocumentsFirst(Join):
    """``documents JOIN <records>`` written ``CROSS JOIN`` on SQLite, which makes its planner walk
    documents in ``seq`` order and probe each one's records by primary key: a page in document
    order then stops after ``offset + limit`` matches instead of sorting every match."""

    inherit_cache = True


@compiles(_DocumentsFirst, "sqlite")
def _cross_join(element: Any, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    left = compiler.process(element.left, **kw)
    right = compiler.process(element.right, **kw)
    # by primary key, named: without statistics the planner takes a filter's index (certainty) for
    # the inner loop, which reads every record of that level for each document
    by_key = f" INDEXED BY {WALK_INDEX.get(element.right.name, f'sqlite_autoindex_{element.right.name}_1')}"
    return f"{left} CROSS JOIN {right}{by_key} ON {compiler.process(element.onclause, **kw)}"


def capped_count(session: Session, query: Select[Any]) -> int:
    """The rows of ``query``, counted up to one past ``views.COUNT_CAP`` (which says "more than
    COUNT_CAP"): a listing's count then stops early instead of reading every match."""
    return session.scalar(select(func.count()).select_from(query.limit(views.COUNT_CAP + 1).subquery())) or 0


@dataclass
class Found:
    """The keys of one page, how many rows match (None: more than ``views.COUNT_CAP``) and whether rows follow."""

    keys: list[tuple[str, int]]
    total: int | None
    more: bool


class NameReader(Protocol):
    """Reads one page of the claims a name filter selects (``store.named_claims.NamedClaims``)."""

    def found(self, session: Session, doc_conds: list[ColumnElement[bool]], limit: int, offset: int) -> Found: ...


@dataclass
class Records:
    """One record table (claims, quantities, attributions) under filters, paged in a stable order.

    The count needs no join with documents unless a document filter asks for it; the page is
    found as keys first (narrow rows sort fast), then its rows are read by primary key.
    """

    table: Any  # the row class: ClaimRow, QuantityRow or AttributionRow
    doc_conds: list[ColumnElement[bool]]
    conds: list[ColumnElement[bool]] = field(default_factory=list)
    scans: bool = False  # a condition (a text match) that no index serves
    named: bool = False  # a name filter: its matches are found from the name's mentions, every one of them
    names: NameReader | None = None  # claims only: one name filter, read from the stored forms (store.named_claims)

    @classmethod
    def of(cls, table: Any, *, doc_id: str | None, outlet: str | None, since: str | None,
           until: str | None) -> "Records":
        return cls(table, doc_conditions(outlet=outlet, since=since, until=until, doc_id=doc_id))

    def where(self, *conds: ColumnElement[bool]) -> None:
        self.conds.extend(conds)

    def _from(self, base: Any, with_docs: bool) -> Any:
        return base.join(DocumentRow.__table__, DocumentRow.id == self.table.doc_id) if with_docs else base

    def _count(self, session: Session) -> int:
        t = self.table
        return session.scalar(select(func.count()).select_from(self._from(t.__table__, bool(self.doc_conds)))
                              .where(*self.conds, *self.doc_conds)) or 0

    def _in_one_pass(self, session: Session, limit: int, offset: int, order: tuple[Any, ...]) -> Found:
        """Every match read once (a text match scans them, a name filter builds them all): the
        exact count comes from the same pass (a window)."""
        t = self.table
        found = session.execute(select(t.doc_id, t.idx, func.count().over().label("n"))
                                .select_from(self._from(t.__table__, True)).where(*self.conds, *self.doc_conds)
                                .order_by(*order).limit(limit + 1).offset(offset)).all()
        total = found[0].n if found else self._count(session)
        return Found([(k.doc_id, k.idx) for k in found[:limit]], total, len(found) > limit)

    def _capped(self, session: Session, limit: int, offset: int, order: tuple[Any, ...] | None) -> Found:
        """The count stops at ``views.COUNT_CAP``; more matches than that are walked in document order
        (documents by ``seq``, each one's records by key), which stops after the page."""
        t = self.table
        where = (*self.conds, *self.doc_conds)
        counted = capped_count(session, select(literal(1)).select_from(
            self._from(t.__table__, bool(self.doc_conds))).where(*where))
        capped = counted > views.COUNT_CAP
        if order is None and capped:
            keys_from = _DocumentsFirst(DocumentRow.__table__, t.__table__, DocumentRow.id == t.doc_id)
        else:
            keys_from = self._from(t.__table__, order is None or bool(self.doc_conds))
        found = session.execute(select(t.doc_id, t.idx).select_from(keys_from).where(*where)
                                .order_by(*(order or (DocumentRow.seq, t.idx))).limit(limit + 1).offset(offset)).all()
        return Found([(k.doc_id, k.idx) for k in found[:limit]], None if capped else counted, len(found) > limit)

    def page(self, session: Session, limit: int, offset: int, order: tuple[Any, ...] | None = None,
             *extra: Any) -> tuple[list[Any], Found]:
        """(rows of doc_id, idx, data, title, outlet, published, *extra; what was found) — ``order``
        defaults to document order (ingest order, then the record's index)."""
        t = self.table
        if self.names is not None:
            found = self.names.found(session, self.doc_conds, limit, offset)
        elif self.scans or self.named:
            found = self._in_one_pass(session, limit, offset, order or (DocumentRow.seq, t.idx))
        else:
            found = self._capped(session, limit, offset, order)
        rows = rows_by_keys(session, select(t.doc_id, t.idx, t.data, DocumentRow.title, DocumentRow.outlet,
                                            DocumentRow.published, *extra).join(DocumentRow, DocumentRow.id == t.doc_id),
                            t, found.keys)
        return [rows[k] for k in found.keys], found


def rows_by_keys(session: Session, query: Select[Any], table: Any,
                 keys: list[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    """Rows of ``query`` for exactly these (doc_id, idx) keys, by key."""
    per_doc: dict[str, list[int]] = {}
    for doc_id, idx in keys:
        per_doc.setdefault(doc_id, []).append(idx)
    groups = list(per_doc.items())
    name = table.__tablename__
    out: dict[tuple[str, int], Any] = {}
    for start in range(0, len(groups), 100):  # bounded OR lists: SQLite limits expression depth
        chunk = groups[start:start + 100]
        # written as SQL: built as expressions, a page's hundred keys cost more than reading their rows
        keyed = text(" OR ".join(f"({name}.doc_id = :d{n} AND {name}.idx IN ({', '.join(str(int(i)) for i in idx)}))"
                                 for n, (_, idx) in enumerate(chunk)))
        for row in session.execute(query.where(keyed.bindparams(**{f"d{n}": d for n, (d, _) in enumerate(chunk)}))):
            out[(row.doc_id, row.idx)] = row
    return out

