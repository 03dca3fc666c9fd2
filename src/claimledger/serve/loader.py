"""One document with its segments and analysis in three SQL statements on one connection.

The API and the pages read a whole document on most requests; ``Ledger.document`` +
``segments`` + ``analysis`` take a dozen ORM round trips, this takes three Core
statements (the document, its segments, its records as one UNION ALL).  The JSON shape
is ``claimledger.export.document_record``'s (a test holds them equal).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import literal, select, union_all

from claimledger.records import Analysis, Claim, Document, Mention, Quantity, Segment, TimeExpr
from claimledger.store import Ledger
from claimledger.store.ledger import _attribution
from claimledger.store.schema import RECORD_TABLES, DocumentRow, SegmentRow

LOADERS = {"mentions": lambda d: Mention(**d), "quantities": lambda d: Quantity(**d), "attributions": _attribution,
           "times": lambda d: TimeExpr(**d), "claims": lambda d: Claim(**d)}
_DOC_COLUMNS = ("id", "text", "kind", "title", "byline", "published", "url", "outlet", "language", "source",
                "content_type", "meta")


def load_document(ledger: Ledger, doc_id: str) -> tuple[Document, list[Segment], Analysis]:
    """The document (id or unique prefix), its segments in order and its analysis records."""
    docs = DocumentRow.__table__
    with ledger.engine.connect() as conn:
        row = conn.execute(select(*[docs.c[c] for c in _DOC_COLUMNS], docs.c.assessments)
                           .where(docs.c.id == doc_id)).first()
        if row is None:
            doc_id = ledger.resolve(doc_id)  # a prefix, or LedgerError with the reason
            row = conn.execute(select(*[docs.c[c] for c in _DOC_COLUMNS], docs.c.assessments)
                               .where(docs.c.id == doc_id)).first()
        segs = SegmentRow.__table__
        segments = [Segment(kind=r.kind, order=r.ord, start=r.start, end=r.end, parent=r.parent, entry=r.entry,
                            meta=r.meta or {})
                    for r in conn.execute(select(segs).where(segs.c.doc_id == doc_id).order_by(segs.c.ord))]
        parts = [select(literal(name).label("kind"), t.__table__.c.idx, t.__table__.c.data)
                 .where(t.__table__.c.doc_id == doc_id) for name, t in RECORD_TABLES.items()]
        records = conn.execute(union_all(*parts)).all()
    doc = Document(**{c: getattr(row, c) for c in _DOC_COLUMNS})
    doc.meta = doc.meta or {}
    analysis = Analysis(assessments=row.assessments or {})
    for name in RECORD_TABLES:
        rows = sorted((r for r in records if r.kind == name), key=lambda r: r.idx)
        setattr(analysis, name, [LOADERS[name](r.data) for r in rows])
    return doc, segments, analysis


def document_json(doc: Document, segments: list[Segment], analysis: Analysis, *,
                  with_text: bool = True) -> dict[str, Any]:
    """The JSON of one document: its fields, segments (with their text) and analysis records."""
    record = doc.to_dict()
    if not with_text:
        record.pop("text")
    record["segments"] = [dict(s.to_dict(), text=doc.text[s.start:s.end]) for s in segments]
    record.update(analysis.to_dict())
    return record
