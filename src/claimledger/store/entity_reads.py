"""Reading named entities: every name with its documents and mentions, and the mentions of one
entity (``Ledger.entities``, ``Ledger.entity_mentions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from claimledger.store import people, person_index
from claimledger.store.filters import check_paging, doc_conditions, name_match, paged
from claimledger.store.schema import DocumentRow, MentionRow
from claimledger.store.views import PLACE_LABELS, Page

if TYPE_CHECKING:
    from claimledger.store.handle import LedgerHandle

def list_entities(ledger: LedgerHandle, *, q: str | None = None, label: str | None = None, places: bool = False,
                  outlet: str | None = None, since: str | None = None, until: str | None = None,
                  limit: int = 50, offset: int = 0) -> Page[dict[str, Any]]:
    """Entities (one row per normalised name and label), most documents first; a person's other
    names within and across documents are counted under one name with the others as ``variants``
    (``store.person_index``), and a person's name is never a place."""
    limit, offset = check_paging(limit, offset)
    docs = func.count(func.distinct(MentionRow.doc_id)).label("documents")
    query = select(MentionRow.norm, MentionRow.label, docs, func.count().label("mentions"),
                   func.min(MentionRow.entity_id).label("entity_id"), func.count().over().label("groups"))
    doc_conds = doc_conditions(outlet=outlet, since=since, until=until)
    if doc_conds:
        query = query.join(DocumentRow, DocumentRow.id == MentionRow.doc_id).where(*doc_conds)
    if q:  # a place by any of its names ("Vugledar" lists Vuhledar)
        query = query.where(name_match(q, PLACE_LABELS if places else None))
    if places:
        query = query.where(MentionRow.label.in_(PLACE_LABELS))
    labels = [x.strip().upper() for x in label.split(",")] if label else None
    if labels:
        query = query.where(MentionRow.label.in_(labels))
    query = query.where(or_(MentionRow.label.not_in(PLACE_LABELS), ~people.is_person_name()))
    persons = not places and (not labels or "PERSON" in labels)
    if persons:  # persons come merged within and across documents (store.person_index)
        query = query.where(MentionRow.label != "PERSON")
    query = query.group_by(MentionRow.norm, MentionRow.label).order_by(docs.desc(), func.count().desc(),
                                                                       MentionRow.norm, MentionRow.label)
    with Session(ledger.engine) as session:
        if persons:  # merged names change the counts and the order: every group, then the page
            groups = [_entity_group(*r[:5]) for r in session.execute(query)]
            groups += [g for g in person_index.person_groups(session, doc_conds) if not q or person_index.matches(g, q)]
            groups.sort(key=lambda g: (-g["documents"], -g["mentions"], g["name"], g["label"]))
            items, total = groups[offset:offset + limit], len(groups)
        else:
            rows = session.execute(query.limit(limit).offset(offset)).all()  # the window counts the groups
            total = rows[0].groups if rows else paged(session, query, 1, 0)[1]
            items = [_entity_group(*r[:5]) for r in rows]
        for item in items:
            if places or item["label"] in PLACE_LABELS:
                item.update(_place_attrs(session, item["name"], item["label"]))
    return Page(items, limit, offset, total)


def _entity_group(norm: str, label: str, n_docs: int, n_mentions: int, entity_id: str | None) -> dict[str, Any]:
    return {"name": norm, "label": label, "entity_id": entity_id, "documents": n_docs, "mentions": n_mentions}


def _place_attrs(session: Session, norm: str, label: str) -> dict[str, Any]:
    """A place's GeoNames id, coordinates and country, from its first mention."""
    sample = session.execute(select(MentionRow.data).where(MentionRow.norm == norm, MentionRow.label == label)
                             .order_by(MentionRow.doc_id, MentionRow.idx).limit(1)).scalar()
    attrs = (sample or {}).get("attrs", {})
    return {k: attrs.get(k) for k in ("geonames_id", "lat", "lon", "country")}


def entity_mentions(ledger: LedgerHandle, name: str, *, label: str | None = None, limit: int = 50,
                    offset: int = 0, also: tuple[str, ...] = ()) -> Page[dict[str, Any]]:
    """Where one entity (exact normalised name, any case, or entity id; or a person's other
    names ``also``) is mentioned, with context."""
    limit, offset = check_paging(limit, offset)
    cond = or_(func.lower(MentionRow.norm) == name.lower(), MentionRow.entity_id == name,
               and_(MentionRow.label == "PERSON", MentionRow.norm.in_(also)))
    query = (select(MentionRow.doc_id, MentionRow.idx, MentionRow.data, DocumentRow.title, DocumentRow.published,
                    DocumentRow.outlet)
             .join(DocumentRow, DocumentRow.id == MentionRow.doc_id).where(cond))
    if label:
        query = query.where(MentionRow.label == label.upper())
    query = query.order_by(DocumentRow.seq, MentionRow.idx)
    with Session(ledger.engine) as session:
        rows, total = paged(session, query, limit, offset)
        texts = {d: t for d, t in session.execute(select(DocumentRow.id, DocumentRow.text)
                                                  .where(DocumentRow.id.in_({r.doc_id for r in rows})))}
    items = []
    for r in rows:
        text, start, end = texts[r.doc_id], r.data["start"], r.data["end"]
        items.append({"id": f"{r.doc_id}:{r.idx}", "doc_id": r.doc_id, "index": r.idx, "title": r.title,
                      "published": r.published, "outlet": r.outlet, **r.data,
                      "before": text[max(0, start - 80):start], "after": text[end:end + 80]})
    return Page(items, limit, offset, total, extra={"name": name})


# --- upkeep -------------------------------------------------------------------------------
