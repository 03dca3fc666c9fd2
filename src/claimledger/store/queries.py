"""What readers ask of the ledger's documents and records: typed, filtered, paged answers.

The CLI, the HTTP API, the web pages and the exports all read through these functions
(most of them through ``Ledger`` methods of the same name); no SQL is written elsewhere.
See ``claimledger.store.filters`` for the filters' rules and the stable order of pages.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Iterable

from sqlalchemy import ColumnElement, Select, and_, exists, func, literal, or_, select, tuple_, union_all
from sqlalchemy import text as sql
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from claimledger.records import Analysis
from claimledger.store import views
from claimledger.store.filters import (
    Found,
    Records,
    by_scan,
    certainty_levels,
    check_paging,
    contains,
    doc_conditions,
    materialised,
    mention_in_doc,
    mention_inside,
    paged,
    records_naming,
    rows_by_keys,
)
from claimledger.store.name_forms import MAX_VIA
from claimledger.store.name_index_sql import indexed_attributions
from claimledger.store.named_claims import NamedClaims, form_match
from claimledger.store.schema import (
    RECORD_TABLES,
    AttributionRow,
    ClaimRow,
    DocumentRow,
    QuantityRow,
    SegmentRow,
    TimeRow,
)
from claimledger.store.versions import kept_count
from claimledger.store.views import (
    DOCUMENT_COLUMNS,
    NAME_CHARS,
    PLACE_LABELS,
    ClaimFilter,
    ClaimView,
    DocumentBundle,
    DocumentFilter,
    DocumentSummary,
    Page,
    QueryError,
    attribution_from_data,
    document_from_row,
    document_name,
    record_from_data,
    segment_from_row,
    source_chain,
    split_claim_id,
)

if TYPE_CHECKING:
    from claimledger.store.handle import LedgerHandle

log = logging.getLogger("claimledger.store")
FIGURE_CATEGORIES = ("killed", "wounded", "casualties", "captured", "missing", "equipment")

# --- documents ----------------------------------------------------------------------------
def _segment_counts(session: Session, ids: list[str]) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """Segments per (document, kind) and claims per document, for the listed documents."""
    counts: dict[tuple[str, str], int] = {}
    for doc_id, seg_kind, n in session.execute(
            select(SegmentRow.doc_id, SegmentRow.kind, func.count()).where(SegmentRow.doc_id.in_(ids))
            .group_by(SegmentRow.doc_id, SegmentRow.kind)):
        counts[(doc_id, seg_kind)] = n
    claims = dict(session.execute(select(ClaimRow.doc_id, func.count()).where(ClaimRow.doc_id.in_(ids))
                                  .group_by(ClaimRow.doc_id)).all())
    return counts, claims


def _doc_summary(row: Any, counts: dict[tuple[str, str], int], claims: dict[str, int]) -> DocumentSummary:
    return DocumentSummary(
        id=row.id, title=row.title, outlet=row.outlet, published=row.published, kind=row.kind, byline=row.byline,
        url=row.url, source=row.source, status=row.status, chars=row.chars,
        segments=sum(n for (d, _), n in counts.items() if d == row.id),
        comments=counts.get((row.id, "comment"), 0), furniture=counts.get((row.id, "furniture"), 0),
        claims=claims.get(row.id, 0))


def document_names(ledger: LedgerHandle, doc_ids: Iterable[str]) -> dict[str, str]:
    """``views.document_name`` of each document: its title, else its opening words, else its file name."""
    ids = sorted(set(doc_ids))
    if not ids:
        return {}
    opening = func.substr(DocumentRow.text, 1, NAME_CHARS * 2).label("opening")
    with Session(ledger.engine) as session:
        rows = session.execute(select(DocumentRow.id, DocumentRow.title, opening, DocumentRow.source)
                               .where(DocumentRow.id.in_(ids))).all()
    return {r.id: document_name(r.title, r.opening, r.source) for r in rows}


def list_documents(ledger: LedgerHandle, f: DocumentFilter) -> Page[DocumentSummary]:
    """Document summaries (no text) in ingest order."""
    limit, offset = check_paging(f.limit, f.offset)
    query = select(DocumentRow.id, DocumentRow.title, DocumentRow.outlet, DocumentRow.published, DocumentRow.kind,
                   DocumentRow.byline, DocumentRow.url, DocumentRow.source, DocumentRow.status,
                   func.length(DocumentRow.text).label("chars"))
    query = query.where(*doc_conditions(outlet=f.outlet, since=f.since, until=f.until, kind=f.kind))
    if f.entity:
        query = query.where(mention_in_doc(f.entity, also=f.entity_names))
    if f.place:
        query = query.where(mention_in_doc(f.place, PLACE_LABELS))
    with Session(ledger.engine) as session:
        rows = list(session.execute(query.order_by(DocumentRow.seq).limit(limit).offset(offset)).all())
        filters = (f.outlet, f.since, f.until, f.kind, f.entity, tuple(f.entity_names), f.place)
        total = kept_count(ledger, ("documents", *filters), lambda: session.scalar(
            select(func.count()).select_from(query.subquery())) or 0)
        counts, claims = _segment_counts(session, [r.id for r in rows]) if rows else ({}, {})
    return Page([_doc_summary(r, counts, claims) for r in rows], limit, offset, total)


def document_bundle(ledger: LedgerHandle, doc_id: str) -> DocumentBundle:
    """The document (id or unique prefix), its segments and its records: three statements on one
    connection (the document, its segments, its records as one UNION ALL)."""
    docs = DocumentRow.__table__
    columns = [docs.c[c] for c in DOCUMENT_COLUMNS] + [docs.c.assessments]
    with ledger.engine.connect() as conn:
        row = conn.execute(select(*columns).where(docs.c.id == doc_id)).first()
        if row is None:
            doc_id = ledger.resolve(doc_id)  # a prefix, or LedgerError with the reason
            row = conn.execute(select(*columns).where(docs.c.id == doc_id)).one()
        segs = SegmentRow.__table__
        segments = [segment_from_row(r) for r in
                    conn.execute(select(segs).where(segs.c.doc_id == doc_id).order_by(segs.c.ord))]
        analysis = _analysis(conn, doc_id, row.assessments)
    return DocumentBundle(document_from_row(row), segments, analysis)


def document_analysis(ledger: LedgerHandle, doc_id: str) -> Analysis:
    """A stored document's analysis records alone (no text, no segments): two statements."""
    doc_id = ledger.resolve(doc_id)
    with ledger.engine.connect() as conn:
        assessments = conn.execute(select(DocumentRow.assessments).where(DocumentRow.id == doc_id)).scalar()
        return _analysis(conn, doc_id, assessments)


def _analysis(conn: Connection, doc_id: str, assessments: dict[str, Any] | None) -> Analysis:
    """Every record of one document, read as one UNION ALL over the record tables."""
    parts = [select(literal(name).label("kind"), t.__table__.c.idx, t.__table__.c.data)
             .where(t.__table__.c.doc_id == doc_id) for name, t in RECORD_TABLES.items()]
    records = conn.execute(union_all(*parts)).all()
    analysis = Analysis(assessments=assessments or {})
    for name in RECORD_TABLES:
        rows = sorted((r for r in records if r.kind == name), key=lambda r: r.idx)
        setattr(analysis, name, [record_from_data(name, r.data) for r in rows])
    return analysis


def list_outlets(ledger: LedgerHandle) -> list[dict[str, Any]]:
    """Outlets with their document counts, most documents first."""
    with Session(ledger.engine) as session:
        rows = session.execute(select(DocumentRow.outlet, func.count()).where(DocumentRow.outlet.is_not(None))
                               .group_by(DocumentRow.outlet).order_by(func.count().desc(), DocumentRow.outlet)).all()
    return [{"outlet": o, "documents": n} for o, n in rows]


def list_segments(ledger: LedgerHandle, *, doc: str | None = None, kind: str | None = None, outlet: str | None = None,
                  since: str | None = None, until: str | None = None, limit: int = 50,
                  offset: int = 0) -> Page[dict[str, Any]]:
    """Segments with their text (e.g. every reader comment of an outlet), in document order."""
    limit, offset = check_paging(limit, offset)
    doc_id = ledger.resolve(doc) if doc else None
    query = (select(SegmentRow, DocumentRow.title).join(DocumentRow, DocumentRow.id == SegmentRow.doc_id)
             .where(*doc_conditions(outlet=outlet, since=since, until=until, doc_id=doc_id)))
    if kind:
        query = query.where(SegmentRow.kind.in_([k.strip() for k in kind.split(",")]))
    query = query.order_by(DocumentRow.seq, SegmentRow.ord)
    with Session(ledger.engine) as session:
        rows, total = paged(session, query, limit, offset)
        items = [{"id": f"{s.doc_id}:{s.ord}", "doc_id": s.doc_id, "title": title, "kind": s.kind, "order": s.ord,
                  "start": s.start, "end": s.end, "parent": s.parent, "entry": s.entry, "meta": s.meta or {},
                  "text": s.text} for s, title in rows]
    return Page(items, limit, offset, total)

# --- claims -------------------------------------------------------------------------------
def _chain(att: dict[str, Any] | None) -> list[str]:
    """The source chain of a stored attribution (``source_chain`` of its record)."""
    return source_chain(attribution_from_data(att)) if att else []


def attributions_for(session: Session, keys: set[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
    """Stored attribution data by (doc id, index)."""
    query = select(AttributionRow.doc_id, AttributionRow.idx, AttributionRow.data)
    return {k: row.data for k, row in rows_by_keys(session, query, AttributionRow, sorted(keys)).items()}


def _names_in_chain(name: str, *, via: bool) -> list[ColumnElement[bool]]:
    """Conditions on an attribution row: its source (as written or resolved), or with ``via`` any of
    its first ``MAX_VIA`` intermediaries, contains ``name``."""
    refs: list[tuple[str | int, ...]] = [("source",)] + ([("via", i) for i in range(MAX_VIA)] if via else [])
    conds = [contains(AttributionRow.source, name)]
    for ref in refs:
        conds += [contains(AttributionRow.data[(*ref, key)].as_string(), name) for key in ("text", "resolved")]
    return conds


def claim_source_is(name: str, *, via: bool = False) -> Any:
    """EXISTS: the claim's source (or, with ``via``, any link of its chain), as written or resolved,
    contains ``name`` (case-insensitive).  The attributions so named are found once (a
    materialised CTE), as in ``mention_inside``."""
    return tuple_(ClaimRow.doc_id, ClaimRow.idx).in_(sourced_claim_keys(name, via=via))


_SOURCED_CLAIM = aliased(ClaimRow)  # once: an alias per query costs more than the query's SQL here


def sourced_claim_keys(name: str, *, via: bool = False) -> Select[Any]:
    """(doc_id, idx) of the claims ``claim_source_is`` finds."""
    named = materialised(select(AttributionRow.doc_id, AttributionRow.idx).where(
        indexed_attributions(name), or_(*_names_in_chain(name, via=via))), "sourced", f"{name}|{via}")
    claim = _SOURCED_CLAIM
    found = materialised(select(claim.doc_id, claim.idx).select_from(named).join(
        claim, and_(claim.doc_id == named.c.doc_id, claim.attribution == named.c.idx)),
        "sourced_claims", f"{name}|{via}")  # once, though an OR reads the list twice
    return select(found.c.doc_id, found.c.idx)


def _claim_records(f: ClaimFilter, doc_id: str | None, linked: bool = False) -> Records:
    """The claim filters of ``f``; with ``linked`` (document order) one entity or place filter
    is read from the stored forms of the claims' names (``store.named_claims``)."""
    records = Records.of(ClaimRow, doc_id=doc_id, outlet=f.outlet, since=f.since, until=f.until)
    if linked and not f.q and not f.source and bool(f.entity) != bool(f.place):
        forms = (form_match(f.entity, also=f.entity_names, sources=True) if f.entity
                 else form_match(f.place or "", PLACE_LABELS))
        records.names = NamedClaims(forms, certainty_levels(f.certainty, f.min_certainty))
        return records
    records.named = bool(f.entity or f.place or f.source)
    levels = certainty_levels(f.certainty, f.min_certainty)
    if levels is not None:  # under a name filter the named claims lead: the level's index would read every claim of it
        records.where((by_scan(ClaimRow.certainty) if records.named else ClaimRow.certainty).in_(levels))
    for word in re.findall(r"\w+", f.q or ""):
        records.where(contains(ClaimRow.text, word))
        records.scans = True
    if f.entity:  # named inside the claim, or in its source chain ("Tsimbalyuk" alleged ..., via "the Sun")
        records.where(or_(records_naming(ClaimRow, f.entity, also=f.entity_names), claim_source_is(f.entity, via=True)))
    if f.place:
        records.where(records_naming(ClaimRow, f.place, PLACE_LABELS))
    if f.source:
        records.where(claim_source_is(f.source))
    return records


def _claim_order(ledger: LedgerHandle, sort: str) -> tuple[Any, ...] | None:
    if sort not in ("position", "checkworthiness"):
        raise QueryError(f"unknown sort {sort!r}; choose position or checkworthiness")
    if sort == "position":
        return None
    score = ClaimRow.checkworthiness.desc()  # unscored last (SQLite puts NULL last in DESC already)
    return (score.nulls_last() if ledger.dialect != "sqlite" else score, ClaimRow.doc_id, ClaimRow.idx)


def _claim_view(doc_id: str, index: int, data: dict[str, Any], doc: Any, att: dict[str, Any] | None) -> ClaimView:
    return ClaimView(doc_id, index, record_from_data("claims", data), doc.title, doc.outlet, doc.published,
                     attribution_from_data(att) if att else None)


def list_claims(ledger: LedgerHandle, f: ClaimFilter) -> Page[ClaimView]:
    """Claims matching every filter of ``f``, in its order."""
    limit, offset = check_paging(f.limit, f.offset)
    order = _claim_order(ledger, f.sort)
    records = _claim_records(f, ledger.resolve(f.doc) if f.doc else None, linked=order is None)
    with Session(ledger.engine) as session:
        rows, found = records.page(session, limit, offset, order)
        atts = attributions_for(session, {(r.doc_id, r.data["attribution"]) for r in rows
                                          if r.data.get("attribution") is not None})
    items = [_claim_view(r.doc_id, r.idx, r.data, r, atts.get((r.doc_id, r.data.get("attribution"))))
             for r in rows]
    return found_page(items, limit, offset, found)


def found_page(items: list[Any], limit: int, offset: int, found: Found) -> Page[Any]:
    """A page of records: its exact total, or "more than COUNT_CAP" where the count stopped there."""
    return Page(items, limit, offset, found.total, more_than=views.COUNT_CAP if found.total is None else None,
                more=found.more)


def get_claim(ledger: LedgerHandle, claim_id: str) -> ClaimView:
    """One claim by ``DOCID:INDEX`` (the document id may be a unique prefix)."""
    doc, index = split_claim_id(claim_id)
    doc_id = ledger.resolve(doc)
    with Session(ledger.engine) as session:
        row = session.get(ClaimRow, (doc_id, index))
        if row is None:
            raise LookupError(f"no claim {index} in document {doc_id}")
        att_index = row.data.get("attribution")
        att = session.get(AttributionRow, (doc_id, att_index)) if att_index is not None else None
        return _claim_view(doc_id, index, row.data, session.get(DocumentRow, doc_id), att.data if att else None)


# --- quantities and attributions ---------------------------------------------------------
def list_quantities(ledger: LedgerHandle, *, doc: str | None = None, category: str | None = None,
                    outlet: str | None = None, since: str | None = None, until: str | None = None,
                    entity: str | None = None, place: str | None = None, figures_only: bool = False,
                    limit: int = 50, offset: int = 0, entity_names: tuple[str, ...] = ()) -> Page[dict[str, Any]]:
    """Figures with who gives them: each quantity with the claim it sits in and that claim's source."""
    limit, offset = check_paging(limit, offset)
    doc_id = ledger.resolve(doc) if doc else None
    records = Records.of(QuantityRow, doc_id=doc_id, outlet=outlet, since=since, until=until)
    if category:
        records.where(QuantityRow.category.in_([c.strip() for c in category.split(",")]))
    elif figures_only:
        records.where(QuantityRow.category.in_(FIGURE_CATEGORIES))
    for name, labels, also in ((entity, None, entity_names), (place, PLACE_LABELS, ())):
        if name:  # the quantity's claim names it: a mention inside a claim that contains the figure
            records.where(exists().where(
                ClaimRow.doc_id == QuantityRow.doc_id, ClaimRow.start <= QuantityRow.start,
                ClaimRow.end >= QuantityRow.end,
                mention_inside(ClaimRow.doc_id, ClaimRow.start, ClaimRow.end, name, labels, also)))
    with Session(ledger.engine) as session:
        rows, found = records.page(session, limit, offset)
        holders = _holders(session, rows)
        times = _times(session, {r.doc_id for r in rows})
        atts = attributions_for(session, {(d, c[1]["attribution"]) for (d, _), c in holders.items()
                                          if c and c[1].get("attribution") is not None})
    return found_page([_figure_item(r, holders[(r.doc_id, r.idx)], times, atts) for r in rows], limit, offset, found)


def _holders(session: Session, rows: list[Any]) -> dict[tuple[str, int], tuple[int, dict[str, Any]] | None]:
    """For each quantity row, the claim (index, data) that holds it, if any."""
    around: dict[tuple[str, int], list[tuple[int, dict[str, Any]]]] = {}
    if rows:  # only the claims whose span holds a figure of the page (not every claim of its documents)
        for d, i, data, q_idx in session.execute(
                select(ClaimRow.doc_id, ClaimRow.idx, ClaimRow.data, QuantityRow.idx)
                .join(QuantityRow, and_(QuantityRow.doc_id == ClaimRow.doc_id, ClaimRow.start <= QuantityRow.start,
                                        ClaimRow.end >= QuantityRow.end))
                .where(QuantityRow.doc_id.in_({r.doc_id for r in rows}), QuantityRow.idx.in_({r.idx for r in rows}))
                .order_by(ClaimRow.idx)):
            around.setdefault((d, q_idx), []).append((i, data))
    return {(r.doc_id, r.idx): _claim_holding(around.get((r.doc_id, r.idx), []), r.idx, r.data) for r in rows}


def _times(session: Session, docs: set[str]) -> dict[tuple[str, int], str | None]:
    """Each time expression's date (its interval start, else end) in these documents."""
    if not docs:
        return {}
    query = select(TimeRow.doc_id, TimeRow.idx, TimeRow.begin, TimeRow.until).where(TimeRow.doc_id.in_(docs))
    return {(d, i): begin or until for d, i, begin, until in session.execute(query)}


def _figure_item(row: Any, holder: tuple[int, dict[str, Any]] | None, times: dict[tuple[str, int], str | None],
                 atts: dict[tuple[str, int], dict[str, Any]]) -> dict[str, Any]:
    """The API shape of a figure: the quantity, its document, the claim holding it and that claim's source."""
    claim = holder[1] if holder else {}
    chain = _chain(atts.get((row.doc_id, claim["attribution"])) if claim.get("attribution") is not None else None)
    return {"id": f"{row.doc_id}:{row.idx}", "doc_id": row.doc_id, "index": row.idx, "title": row.title,
            "outlet": row.outlet, "published": row.published,
            "claim": f"{row.doc_id}:{holder[0]}" if holder else None,
            "claim_certainty": claim.get("certainty") if holder else None,
            "time": _claim_time(times, row.doc_id, claim) if holder else None,
            "source": chain[0] if chain else None, "chain": chain, **row.data}


def _claim_holding(around: list[tuple[int, dict[str, Any]]], q_index: int,
                   q: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """Of the claims whose span holds the quantity, the one that lists it, else the narrowest."""
    listed = [c for c in around if q_index in (c[1].get("quantities") or [])]
    if listed:
        return listed[0]
    return min(around, key=lambda c: c[1]["end"] - c[1]["start"]) if around else None


def _claim_time(times: dict[tuple[str, int], str | None], doc_id: str, claim: dict[str, Any]) -> str | None:
    """The first dated time expression of the claim (its interval start)."""
    for index in claim.get("times") or []:
        if times.get((doc_id, index)):
            return times[(doc_id, index)]
    return None


def list_attributions(ledger: LedgerHandle, *, doc: str | None = None, source: str | None = None,
                      outlet: str | None = None, since: str | None = None, until: str | None = None,
                      limit: int = 50, offset: int = 0) -> Page[dict[str, Any]]:
    """Who said what: source, cue, kind and the chain of intermediaries, in document order."""
    limit, offset = check_paging(limit, offset)
    doc_id = ledger.resolve(doc) if doc else None
    records = Records.of(AttributionRow, doc_id=doc_id, outlet=outlet, since=since, until=until)
    if source:
        records.where(contains(AttributionRow.source, source))
        records.scans = True
    with Session(ledger.engine) as session:
        rows, found = records.page(session, limit, offset, None, DocumentRow.text)
    items = [{"id": f"{r.doc_id}:{r.idx}", "doc_id": r.doc_id, "index": r.idx, "title": r.title, "outlet": r.outlet,
              "published": r.published, "chain": _chain(r.data),
              "content": r.text[r.data["content_start"]:r.data["content_end"]], **r.data} for r in rows]
    return found_page(items, limit, offset, found)


# --- entities and places -----------------------------------------------------------------
READ_INDEXES = (
    # entity and place listings group mentions by (label, norm) and count documents: a covering index
    "CREATE INDEX IF NOT EXISTS ix_mentions_label_norm_doc ON mentions (label, norm, doc_id)",
)


def ensure_read_indexes(ledger: LedgerHandle) -> bool:
    """Create the indexes the listings need beyond the schema's; False on a ledger this process
    may not write to (a read-only file or role), which is then read without them."""
    try:
        with ledger.engine.begin() as conn:
            for statement in READ_INDEXES:
                conn.execute(sql(statement))
    except SQLAlchemyError as exc:  # read-only ledger: slower listings, same answers
        log.warning("read indexes not created (%s): listings of entities may be slower", type(exc).__name__)
        return False
    return True
