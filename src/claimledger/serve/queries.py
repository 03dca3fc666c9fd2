"""What the API and the pages ask of the ledger: filtered listings, paginated in a stable order.

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

from claimledger.errors import ClaimledgerError

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, FunctionElement, Join, and_, exists, func, or_, select, text as sql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session

from claimledger.records import Claim
from claimledger.store import Ledger
from claimledger.store.ledger import _fts_query
from claimledger.store.queries import CERTAINTY_ORDER, PLACE_LABELS
from claimledger.store.schema import (
    AttributionRow,
    ClaimRow,
    DocumentRow,
    MentionRow,
    QuantityRow,
    SegmentRow,
    TimeRow,
)

MAX_LIMIT = 500
FIGURE_CATEGORIES = ("killed", "wounded", "casualties", "captured", "missing", "equipment")


class QueryError(ClaimledgerError, ValueError):
    """A filter value the ledger cannot use (unknown certainty, malformed date or id)."""


@dataclass
class Page:
    items: list[dict[str, Any]]
    limit: int
    offset: int
    total: int | None = None  # None where counting would cost a second full query (search)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def next_offset(self) -> int | None:
        if self.total is not None:
            return self.offset + self.limit if self.offset + self.limit < self.total else None
        return self.offset + self.limit if len(self.items) >= self.limit else None

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "limit": self.limit, "offset": self.offset,
                "next_offset": self.next_offset, **self.extra}


# --- filters ------------------------------------------------------------------------------
_DATE = re.compile(r"^\d{4}(?:-(\d{2})(?:-(\d{2}))?)?$")


def _date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    match = _DATE.match(value)
    if not match or not 1 <= int(match.group(1) or 1) <= 12 or not 1 <= int(match.group(2) or 1) <= 31:
        raise QueryError(f"{name} must be an ISO date like 2023, 2023-03 or 2023-03-07, not {value!r}")
    return value


def _doc_conditions(*, outlet: str | None = None, since: str | None = None, until: str | None = None,
                    doc_id: str | None = None, kind: str | None = None) -> list:
    conds = []
    if outlet:
        conds.append(DocumentRow.outlet == outlet)
    if doc_id:
        conds.append(DocumentRow.id == doc_id)
    if kind:
        conds.append(DocumentRow.kind == kind)
    since, until = _date(since, "since"), _date(until, "until")
    if since or until:
        conds.append(DocumentRow.published.is_not(None))
        conds.append(~DocumentRow.published.like("X%"))
    if since:
        conds.append(DocumentRow.published >= since)
    if until:
        conds.append(DocumentRow.published <= until + "~")  # "~" sorts after digits: until=2023-03 keeps 2023-03-31
    return conds


class contains_text(FunctionElement):
    """``contains_text(column, words)``: the column holds the words, case-insensitively — ILIKE, or
    on SQLite plain LIKE (which ignores ASCII case, as its lower() does, without a lower() per row)."""

    type = Boolean()
    inherit_cache = True
    name = "contains_text"


def _pattern(element, compiler, **kw) -> tuple[str, str]:
    column, text = list(element.clauses)
    return compiler.process(column, **kw), compiler.process(text, **kw)


@compiles(contains_text)
def _ilike(element, compiler, **kw):
    return "{} ILIKE {} ESCAPE '\\'".format(*_pattern(element, compiler, **kw))


@compiles(contains_text, "sqlite")
def _like(element, compiler, **kw):
    return "{} LIKE {} ESCAPE '\\'".format(*_pattern(element, compiler, **kw))


def _contains(column, text: str):
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return contains_text(column, f"%{escaped}%")


def _name_match(name: str, labels: tuple[str, ...] | None = None):
    cond = or_(_contains(MentionRow.norm, name), MentionRow.entity_id == name)
    return and_(cond, MentionRow.label.in_(labels)) if labels else cond


def _mention_inside(doc_col, start_col, end_col, name: str, labels: tuple[str, ...] | None = None):
    """EXISTS a mention named ``name`` within [start, end) of the same document."""
    return exists().where(MentionRow.doc_id == doc_col, MentionRow.start >= start_col,
                          MentionRow.end <= end_col, _name_match(name, labels))


def _mention_in_doc(name: str, labels: tuple[str, ...] | None = None):
    return exists().where(MentionRow.doc_id == DocumentRow.id, _name_match(name, labels))


def _certainty_levels(certainty: str | None, min_certainty: str | None) -> list[str] | None:
    levels: set[str] | None = None
    if certainty:
        wanted = [c.strip() for c in certainty.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in CERTAINTY_ORDER]
        if unknown:
            raise QueryError(f"unknown certainty {unknown[0]!r}; choose from {', '.join(CERTAINTY_ORDER)}")
        levels = set(wanted)
    if min_certainty:
        if min_certainty not in CERTAINTY_ORDER:
            raise QueryError(f"unknown certainty {min_certainty!r}; choose from {', '.join(CERTAINTY_ORDER)}")
        surer = set(CERTAINTY_ORDER[CERTAINTY_ORDER.index(min_certainty):])
        levels = surer if levels is None else levels & surer
    return sorted(levels) if levels is not None else None


def _limit(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or limit > MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise QueryError("offset must be 0 or more")
    return limit, offset


def _page(session: Session, query, limit: int, offset: int) -> tuple[list, int]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    return session.execute(query.limit(limit).offset(offset)).all(), total


def split_id(record_id: str) -> tuple[str, int]:
    """``DOCID:INDEX`` → (doc id or prefix, index)."""
    doc, _, index = record_id.rpartition(":")
    if not doc or not index.isdigit():
        raise QueryError(f"a record id looks like DOCID:INDEX, not {record_id!r}")
    return doc, int(index)


# --- documents ----------------------------------------------------------------------------
def _doc_summary(row, counts: dict[tuple[str, str], int], claims: dict[str, int]) -> dict[str, Any]:
    doc_id = row.id
    return {
        "id": doc_id, "title": row.title, "outlet": row.outlet, "published": row.published, "kind": row.kind,
        "byline": row.byline, "url": row.url, "source": row.source, "status": row.status, "chars": row.chars,
        "segments": sum(n for (d, _), n in counts.items() if d == doc_id),
        "comments": counts.get((doc_id, "comment"), 0), "furniture": counts.get((doc_id, "furniture"), 0),
        "claims": claims.get(doc_id, 0),
    }


def list_documents(ledger: Ledger, *, outlet: str | None = None, since: str | None = None,
                   until: str | None = None, entity: str | None = None, place: str | None = None,
                   kind: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Document summaries (no text) in ingest order."""
    limit, offset = _limit(limit, offset)
    query = select(DocumentRow.id, DocumentRow.title, DocumentRow.outlet, DocumentRow.published, DocumentRow.kind,
                   DocumentRow.byline, DocumentRow.url, DocumentRow.source, DocumentRow.status,
                   func.length(DocumentRow.text).label("chars"))
    query = query.where(*_doc_conditions(outlet=outlet, since=since, until=until, kind=kind))
    if entity:
        query = query.where(_mention_in_doc(entity))
    if place:
        query = query.where(_mention_in_doc(place, PLACE_LABELS))
    query = query.order_by(DocumentRow.seq)
    with Session(ledger.engine) as session:
        rows, total = _page(session, query, limit, offset)
        ids = [r.id for r in rows]
        counts: dict[tuple[str, str], int] = {}
        claims: dict[str, int] = {}
        if ids:
            for doc_id, seg_kind, n in session.execute(
                    select(SegmentRow.doc_id, SegmentRow.kind, func.count()).where(SegmentRow.doc_id.in_(ids))
                    .group_by(SegmentRow.doc_id, SegmentRow.kind)):
                counts[(doc_id, seg_kind)] = n
            claims = dict(session.execute(select(ClaimRow.doc_id, func.count()).where(ClaimRow.doc_id.in_(ids))
                                          .group_by(ClaimRow.doc_id)).all())
    return Page([_doc_summary(r, counts, claims) for r in rows], limit, offset, total)


def list_outlets(ledger: Ledger) -> list[dict[str, Any]]:
    """Outlets with their document counts, most documents first."""
    with Session(ledger.engine) as session:
        rows = session.execute(select(DocumentRow.outlet, func.count()).where(DocumentRow.outlet.is_not(None))
                               .group_by(DocumentRow.outlet).order_by(func.count().desc(), DocumentRow.outlet)).all()
    return [{"outlet": o, "documents": n} for o, n in rows]


def list_segments(ledger: Ledger, *, doc: str | None = None, kind: str | None = None, outlet: str | None = None,
                  since: str | None = None, until: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Segments with their text (e.g. every reader comment of an outlet), in document order."""
    limit, offset = _limit(limit, offset)
    doc_id = ledger.resolve(doc) if doc else None
    query = (select(SegmentRow, DocumentRow.title).join(DocumentRow, DocumentRow.id == SegmentRow.doc_id)
             .where(*_doc_conditions(outlet=outlet, since=since, until=until, doc_id=doc_id)))
    if kind:
        query = query.where(SegmentRow.kind.in_([k.strip() for k in kind.split(",")]))
    query = query.order_by(DocumentRow.seq, SegmentRow.ord)
    with Session(ledger.engine) as session:
        rows, total = _page(session, query, limit, offset)
        items = [{"id": f"{s.doc_id}:{s.ord}", "doc_id": s.doc_id, "title": title, "kind": s.kind, "order": s.ord,
                  "start": s.start, "end": s.end, "parent": s.parent, "entry": s.entry, "meta": s.meta or {},
                  "text": s.text} for s, title in rows]
    return Page(items, limit, offset, total)


class _DocumentsFirst(Join):
    """``documents JOIN <records>`` written ``CROSS JOIN`` on SQLite, which makes its planner walk
    documents in ``seq`` order and probe each one's records by primary key: a page in document
    order then stops after ``offset + limit`` matches instead of sorting every match."""

    inherit_cache = True


@compiles(_DocumentsFirst, "sqlite")
def _cross_join(element, compiler, **kw):
    kw["asfrom"] = True
    left = compiler.process(element.left, **kw)
    right = compiler.process(element.right, **kw)
    return f"{left} CROSS JOIN {right} ON {compiler.process(element.onclause, **kw)}"


WALK_IN_DOCUMENT_ORDER = 2000  # matches above which walking documents in order beats sorting the matches


@dataclass
class _Records:
    """One record table (claims, quantities, attributions) under filters, paged in a stable order.

    The count needs no join with documents unless a document filter asks for it; the page is
    found as keys first (narrow rows sort fast), then its rows are read by primary key.
    """

    table: Any
    doc_conds: list
    conds: list = field(default_factory=list)
    joins: list = field(default_factory=list)  # (table, onclause) the filters need
    scans: bool = False  # a condition (a text match) that no index serves

    @classmethod
    def of(cls, ledger: Ledger, table, *, doc: str | None, outlet: str | None, since: str | None,
           until: str | None) -> "_Records":
        doc_id = ledger.resolve(doc) if doc else None
        return cls(table, _doc_conditions(outlet=outlet, since=since, until=until, doc_id=doc_id))

    def where(self, *conds) -> None:
        self.conds.extend(conds)

    def _from(self, base, with_docs: bool):
        for target, onclause in self.joins:
            base = base.join(target, onclause)
        if with_docs:
            base = base.join(DocumentRow.__table__, DocumentRow.id == self.table.doc_id)
        return base

    def page(self, session: Session, limit: int, offset: int, order: tuple | None = None,
             *extra) -> tuple[list, int]:
        """(rows of doc_id, idx, data, title, outlet, published, *extra; total) — ``order`` defaults to
        document order (ingest order, then the record's index)."""
        t = self.table
        where = (*self.conds, *self.doc_conds)

        def count() -> int:
            return session.scalar(select(func.count()).select_from(self._from(t.__table__, bool(self.doc_conds)))
                                  .where(*where)) or 0

        if self.scans:  # a text match reads every row anyway: count in the same pass (a window)
            order = order or (DocumentRow.seq, t.idx)
            found = session.execute(select(t.doc_id, t.idx, func.count().over().label("n"))
                                    .select_from(self._from(t.__table__, True)).where(*where)
                                    .order_by(*order).limit(limit).offset(offset)).all()
            total = found[0].n if found else count()
        else:
            total = count()
            if order is None and total > WALK_IN_DOCUMENT_ORDER:
                keys_from = self._from(_DocumentsFirst(DocumentRow.__table__, t.__table__,
                                                       DocumentRow.id == t.doc_id), False)
            else:
                keys_from = self._from(t.__table__, order is None or bool(self.doc_conds))
            found = session.execute(select(t.doc_id, t.idx).select_from(keys_from).where(*where)
                                    .order_by(*(order or (DocumentRow.seq, t.idx))).limit(limit).offset(offset)).all()
        keys = [(k.doc_id, k.idx) for k in found]
        rows = _by_keys(session, select(t.doc_id, t.idx, t.data, DocumentRow.title, DocumentRow.outlet,
                                        DocumentRow.published, *extra).join(DocumentRow, DocumentRow.id == t.doc_id),
                        t, keys)
        return [rows[k] for k in keys], total


def _by_keys(session: Session, query, table, keys: list[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    """Rows of ``query`` for exactly these (doc_id, idx) keys, by key."""
    per_doc: dict[str, list[int]] = {}
    for doc_id, idx in keys:
        per_doc.setdefault(doc_id, []).append(idx)
    groups = list(per_doc.items())
    out = {}
    for start in range(0, len(groups), 100):  # bounded OR lists: SQLite limits expression depth
        chunk = groups[start:start + 100]
        for row in session.execute(query.where(or_(*[and_(table.doc_id == d, table.idx.in_(i)) for d, i in chunk]))):
            out[(row.doc_id, row.idx)] = row
    return out


# --- claims -------------------------------------------------------------------------------
def _chain(att: dict | None) -> list[str]:
    if not att:
        return []
    # a pronoun or short form ("He", "the ministry") names its resolved, fuller source
    return [ref.get("resolved") or ref["text"] for ref in [att["source"], *att.get("via", [])]]


def _attributions_for(session: Session, keys: set[tuple[str, int]]) -> dict[tuple[str, int], dict]:
    query = select(AttributionRow.doc_id, AttributionRow.idx, AttributionRow.data)
    return {k: row.data for k, row in _by_keys(session, query, AttributionRow, sorted(keys)).items()}


def claim_item(doc_id: str, index: int, data: dict, doc: dict, attribution: dict | None) -> dict[str, Any]:
    """The API shape of a claim: id, its document, the resolved source chain, then the record."""
    return {"id": f"{doc_id}:{index}", "doc_id": doc_id, "index": index, "title": doc.get("title"),
            "outlet": doc.get("outlet"), "published": doc.get("published"), "chain": _chain(attribution),
            "attribution_record": attribution, **data}


def list_claims(ledger: Ledger, *, q: str | None = None, doc: str | None = None, outlet: str | None = None,
                since: str | None = None, until: str | None = None, entity: str | None = None,
                place: str | None = None, certainty: str | None = None, min_certainty: str | None = None,
                source: str | None = None, sort: str = "position", limit: int = 50, offset: int = 0) -> Page:
    """Claims matching every filter; ``sort`` = position (document order) or checkworthiness."""
    limit, offset = _limit(limit, offset)
    if sort not in ("position", "checkworthiness"):
        raise QueryError(f"unknown sort {sort!r}; choose position or checkworthiness")
    records = _Records.of(ledger, ClaimRow, doc=doc, outlet=outlet, since=since, until=until)
    levels = _certainty_levels(certainty, min_certainty)
    if levels is not None:
        records.where(ClaimRow.certainty.in_(levels))
    for word in re.findall(r"\w+", q or ""):
        records.where(_contains(ClaimRow.text, word))
        records.scans = True
    if entity:
        records.where(_mention_inside(ClaimRow.doc_id, ClaimRow.start, ClaimRow.end, entity))
    if place:
        records.where(_mention_inside(ClaimRow.doc_id, ClaimRow.start, ClaimRow.end, place, PLACE_LABELS))
    if source:  # the claim's own source (the first link of its chain), case-insensitive substring
        records.joins.append((AttributionRow.__table__, and_(
            AttributionRow.doc_id == ClaimRow.doc_id, AttributionRow.idx == ClaimRow.data["attribution"].as_integer())))
        records.where(_contains(AttributionRow.source, source))
        records.scans = True
    order = None
    if sort == "checkworthiness":  # unscored last on both databases (SQLite puts NULL last in DESC already)
        score = ClaimRow.checkworthiness.desc()
        order = (score.nulls_last() if ledger.dialect != "sqlite" else score, ClaimRow.doc_id, ClaimRow.idx)
    with Session(ledger.engine) as session:
        rows, total = records.page(session, limit, offset, order)
        atts = _attributions_for(session, {(r.doc_id, r.data["attribution"]) for r in rows
                                           if r.data.get("attribution") is not None})
        items = [claim_item(r.doc_id, r.idx, r.data, {"title": r.title, "outlet": r.outlet, "published": r.published},
                            atts.get((r.doc_id, r.data.get("attribution")))) for r in rows]
    return Page(items, limit, offset, total)


def get_claim(ledger: Ledger, claim_id: str) -> dict[str, Any]:
    """One claim by ``DOCID:INDEX`` with its resolved attribution and document fields."""
    doc, index = split_id(claim_id)
    doc_id = ledger.resolve(doc)
    with Session(ledger.engine) as session:
        row = session.get(ClaimRow, (doc_id, index))
        if row is None:
            raise LookupError(f"no claim {index} in document {doc_id}")
        d = session.get(DocumentRow, doc_id)
        att_index = row.data.get("attribution")
        att = session.get(AttributionRow, (doc_id, att_index)) if att_index is not None else None
        return claim_item(doc_id, index, row.data, {"title": d.title, "outlet": d.outlet, "published": d.published},
                          att.data if att else None)


# --- quantities and attributions ---------------------------------------------------------
def list_quantities(ledger: Ledger, *, doc: str | None = None, category: str | None = None,
                    outlet: str | None = None, since: str | None = None, until: str | None = None,
                    entity: str | None = None, place: str | None = None, figures_only: bool = False,
                    limit: int = 50, offset: int = 0) -> Page:
    """Figures with who gives them: each quantity with the claim it sits in and that claim's source."""
    limit, offset = _limit(limit, offset)
    records = _Records.of(ledger, QuantityRow, doc=doc, outlet=outlet, since=since, until=until)
    if category:
        records.where(QuantityRow.category.in_([c.strip() for c in category.split(",")]))
    elif figures_only:
        records.where(QuantityRow.category.in_(FIGURE_CATEGORIES))
    for name, labels in ((entity, None), (place, PLACE_LABELS)):
        if name:  # the quantity's claim names it: a mention inside a claim that contains the figure
            records.where(exists().where(
                ClaimRow.doc_id == QuantityRow.doc_id, ClaimRow.start <= QuantityRow.start,
                ClaimRow.end >= QuantityRow.end,
                _mention_inside(ClaimRow.doc_id, ClaimRow.start, ClaimRow.end, name, labels)))
    with Session(ledger.engine) as session:
        rows, total = records.page(session, limit, offset)
        docs = {r.doc_id for r in rows}
        # only the claims whose span holds a figure of the page (not every claim of its documents)
        around: dict[tuple[str, int], list[tuple[int, dict]]] = {}
        if docs:
            for d, i, data, q_idx in session.execute(
                    select(ClaimRow.doc_id, ClaimRow.idx, ClaimRow.data, QuantityRow.idx)
                    .join(QuantityRow, and_(QuantityRow.doc_id == ClaimRow.doc_id, ClaimRow.start <= QuantityRow.start,
                                            ClaimRow.end >= QuantityRow.end))
                    .where(QuantityRow.doc_id.in_(docs), QuantityRow.idx.in_({r.idx for r in rows}))
                    .order_by(ClaimRow.idx)):
                around.setdefault((d, q_idx), []).append((i, data))
        holders = {(r.doc_id, r.idx): _claim_holding(around.get((r.doc_id, r.idx), []), r.idx, r.data) for r in rows}
        times: dict[tuple[str, int], str | None] = {}
        if docs:
            for d, i, begin, until in session.execute(select(TimeRow.doc_id, TimeRow.idx, TimeRow.begin, TimeRow.until)
                                                      .where(TimeRow.doc_id.in_(docs))):
                times[(d, i)] = begin or until
        atts = _attributions_for(session, {(d, c[1]["attribution"]) for (d, _), c in holders.items()
                                           if c and c[1].get("attribution") is not None})
        items = []
        for r in rows:
            holder = holders[(r.doc_id, r.idx)]
            att = atts.get((r.doc_id, holder[1].get("attribution"))) if holder else None
            chain = _chain(att)
            items.append({"id": f"{r.doc_id}:{r.idx}", "doc_id": r.doc_id, "index": r.idx, "title": r.title,
                          "outlet": r.outlet, "published": r.published,
                          "claim": f"{r.doc_id}:{holder[0]}" if holder else None,
                          "claim_certainty": holder[1].get("certainty") if holder else None,
                          "time": _claim_time(times, r.doc_id, holder[1]) if holder else None,
                          "source": chain[0] if chain else None, "chain": chain, **r.data})
    return Page(items, limit, offset, total)


def _claim_holding(around: list[tuple[int, dict]], q_index: int, q: dict) -> tuple[int, dict] | None:
    """Of the claims whose span holds the quantity, the one that lists it, else the narrowest."""
    listed = [c for c in around if q_index in (c[1].get("quantities") or [])]
    if listed:
        return listed[0]
    return min(around, key=lambda c: c[1]["end"] - c[1]["start"]) if around else None


def _claim_time(times: dict[tuple[str, int], str | None], doc_id: str, claim: dict) -> str | None:
    """The first dated time expression of the claim (its interval start)."""
    for index in claim.get("times") or []:
        if times.get((doc_id, index)):
            return times[(doc_id, index)]
    return None


def list_attributions(ledger: Ledger, *, doc: str | None = None, source: str | None = None,
                      outlet: str | None = None, since: str | None = None, until: str | None = None,
                      limit: int = 50, offset: int = 0) -> Page:
    """Who said what: source, cue, kind and the chain of intermediaries, in document order."""
    limit, offset = _limit(limit, offset)
    records = _Records.of(ledger, AttributionRow, doc=doc, outlet=outlet, since=since, until=until)
    if source:
        records.where(_contains(AttributionRow.source, source))
        records.scans = True
    with Session(ledger.engine) as session:
        rows, total = records.page(session, limit, offset, None, DocumentRow.text)
    items = [{"id": f"{r.doc_id}:{r.idx}", "doc_id": r.doc_id, "index": r.idx, "title": r.title, "outlet": r.outlet,
              "published": r.published, "chain": _chain(r.data),
              "content": r.text[r.data["content_start"]:r.data["content_end"]], **r.data} for r in rows]
    return Page(items, limit, offset, total)


# --- entities and places -----------------------------------------------------------------
def list_entities(ledger: Ledger, *, q: str | None = None, label: str | None = None, places: bool = False,
                  outlet: str | None = None, since: str | None = None, until: str | None = None,
                  limit: int = 50, offset: int = 0) -> Page:
    """Entities (one row per normalised name and label), most documents first."""
    limit, offset = _limit(limit, offset)
    docs = func.count(func.distinct(MentionRow.doc_id)).label("documents")
    query = select(MentionRow.norm, MentionRow.label, docs, func.count().label("mentions"),
                   func.min(MentionRow.entity_id).label("entity_id"), func.count().over().label("groups"))
    doc_conds = _doc_conditions(outlet=outlet, since=since, until=until)
    if doc_conds:
        query = query.join(DocumentRow, DocumentRow.id == MentionRow.doc_id).where(*doc_conds)
    if q:
        query = query.where(_name_match(q))
    if places:
        query = query.where(MentionRow.label.in_(PLACE_LABELS))
    if label:
        query = query.where(MentionRow.label.in_([x.strip().upper() for x in label.split(",")]))
    query = query.group_by(MentionRow.norm, MentionRow.label).order_by(docs.desc(), func.count().desc(),
                                                                       MentionRow.norm, MentionRow.label)
    with Session(ledger.engine) as session:
        rows = session.execute(query.limit(limit).offset(offset)).all()  # the window counts the groups
        total = rows[0].groups if rows else _page(session, query, 1, 0)[1]
        items = []
        for norm, lab, n_docs, n_mentions, entity_id, _ in rows:
            item = {"name": norm, "label": lab, "entity_id": entity_id, "documents": n_docs, "mentions": n_mentions}
            if places or lab in PLACE_LABELS:
                sample = session.execute(select(MentionRow.data).where(MentionRow.norm == norm, MentionRow.label == lab)
                                         .order_by(MentionRow.doc_id, MentionRow.idx).limit(1)).scalar()
                attrs = (sample or {}).get("attrs", {})
                item.update({k: attrs.get(k) for k in ("geonames_id", "lat", "lon", "country")})
            items.append(item)
    return Page(items, limit, offset, total)


def entity_mentions(ledger: Ledger, name: str, *, label: str | None = None, limit: int = 50,
                    offset: int = 0) -> Page:
    """Where one entity (exact normalised name, any case, or entity id) is mentioned, with context."""
    limit, offset = _limit(limit, offset)
    cond = or_(func.lower(MentionRow.norm) == name.lower(), MentionRow.entity_id == name)
    query = (select(MentionRow.doc_id, MentionRow.idx, MentionRow.data, DocumentRow.title, DocumentRow.published,
                    DocumentRow.outlet)
             .join(DocumentRow, DocumentRow.id == MentionRow.doc_id).where(cond))
    if label:
        query = query.where(MentionRow.label == label.upper())
    query = query.order_by(DocumentRow.seq, MentionRow.idx)
    with Session(ledger.engine) as session:
        rows, total = _page(session, query, limit, offset)
        texts = {d: t for d, t in session.execute(select(DocumentRow.id, DocumentRow.text)
                                                  .where(DocumentRow.id.in_({r.doc_id for r in rows})))}
    items = []
    for r in rows:
        text, start, end = texts[r.doc_id], r.data["start"], r.data["end"]
        items.append({"id": f"{r.doc_id}:{r.idx}", "doc_id": r.doc_id, "index": r.idx, "title": r.title,
                      "published": r.published, "outlet": r.outlet, **r.data,
                      "before": text[max(0, start - 80):start], "after": text[end:end + 80]})
    return Page(items, limit, offset, total, extra={"name": name})


# --- search -------------------------------------------------------------------------------
def search(ledger: Ledger, q: str, *, kind: str | None = None, limit: int = 20, offset: int = 0,
           with_text: bool = False) -> Page:
    """Full-text search over segments, best first (FTS5 bm25 on SQLite, ts_rank on PostgreSQL).

    One joined query per page, with the kind filter and the offset in SQL; ``with_text``
    adds each hit's whole segment text (the pages mark the words in it themselves).
    """
    limit, offset = _limit(limit, offset)
    if not q.strip():
        raise QueryError("q (the words to search for) must not be empty")
    kinds = sorted({k.strip() for k in kind.split(",") if k.strip()}) if kind else []
    params: dict[str, Any] = {"n": limit, "o": offset}
    kind_sql = ""
    if kinds:
        kind_sql = " AND s.kind IN (" + ", ".join(f":k{i}" for i in range(len(kinds))) + ")"
        params.update({f"k{i}": k for i, k in enumerate(kinds)})
    cols = "s.kind, s.start, s.\"end\", d.title, d.outlet, d.published" + (", s.text" if with_text else "")
    if ledger.dialect == "sqlite":
        params["q"] = _fts_query(q)
        if not params["q"]:
            return Page([], limit, offset, None, extra={"q": q})
        statement = (f"SELECT f.doc_id, f.ord, snippet(segments_fts, 0, '[', ']', '…', 12), {cols} "
                     "FROM segments_fts f JOIN segments s ON s.doc_id = f.doc_id AND s.ord = f.ord "
                     "JOIN documents d ON d.id = f.doc_id "
                     f"WHERE segments_fts MATCH :q{kind_sql} ORDER BY bm25(segments_fts), f.doc_id, f.ord "
                     "LIMIT :n OFFSET :o")
    else:
        params["q"] = q
        statement = ("SELECT s.doc_id, s.ord, ts_headline('english', s.text, plainto_tsquery('english', :q), "
                     f"'StartSel=[,StopSel=],MaxWords=24'), {cols} FROM segments s JOIN documents d ON d.id = s.doc_id "
                     f"WHERE to_tsvector('english', s.text) @@ plainto_tsquery('english', :q){kind_sql} "
                     "ORDER BY ts_rank(to_tsvector('english', s.text), plainto_tsquery('english', :q)) DESC, "
                     "s.doc_id, s.ord LIMIT :n OFFSET :o")
    with Session(ledger.engine) as session:
        rows = session.execute(sql(statement), params).all()
    items = []
    for row in rows:
        item = {"doc_id": row[0], "segment": int(row[1]), "snippet": row[2], "kind": row[3], "start": row[4],
                "end": row[5], "title": row[6], "outlet": row[7], "published": row[8]}
        if with_text:
            item["text"] = row[9]
        items.append(item)
    return Page(items, limit, offset, None, extra={"q": q})
