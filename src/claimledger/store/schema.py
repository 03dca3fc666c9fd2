"""The ledger's tables (SQLAlchemy 2), the same on SQLite and PostgreSQL.

Each extracted record is one row: the columns people filter on (offsets, label, value,
certainty, ...) plus ``data``, the whole record as JSON, so records can grow fields
without a migration.  ``SCHEMA_VERSION`` is written to the ``meta`` table.
"""

from __future__ import annotations

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = 1


class Base(DeclarativeBase):
    pass


class Meta(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, index=True)  # ingest order (stable listing)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(16), index=True)  # ISO, "XXXX" for an unknown year
    language: Mapped[str] = mapped_column(String(8), default="en")
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="stored")  # stored | analyzed
    text: Mapped[str] = mapped_column(Text)
    raw: Mapped[str | None] = mapped_column(Text)  # the original HTML, when the input was HTML
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    assessments: Mapped[dict] = mapped_column(JSON, default=dict)


def _doc_fk() -> Mapped[str]:
    return mapped_column(String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)


class SegmentRow(Base):
    __tablename__ = "segments"
    doc_id: Mapped[str] = _doc_fk()
    ord: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    parent: Mapped[int | None] = mapped_column(Integer)
    entry: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # copy of the span for full-text search
    meta: Mapped[dict] = mapped_column(JSON, default=dict)


class MentionRow(Base):
    __tablename__ = "mentions"
    doc_id: Mapped[str] = _doc_fk()
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(16), index=True)
    norm: Mapped[str] = mapped_column(Text, index=True)
    entity_id: Mapped[str | None] = mapped_column(String(40), index=True)
    data: Mapped[dict] = mapped_column(JSON)


class QuantityRow(Base):
    __tablename__ = "quantities"
    doc_id: Mapped[str] = _doc_fk()
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    category: Mapped[str] = mapped_column(String(16), index=True)
    data: Mapped[dict] = mapped_column(JSON)


class AttributionRow(Base):
    __tablename__ = "attributions"
    doc_id: Mapped[str] = _doc_fk()
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text, index=True)
    cue: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(JSON)


class TimeRow(Base):
    __tablename__ = "times"
    doc_id: Mapped[str] = _doc_fk()
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    begin: Mapped[str | None] = mapped_column(String(16))
    until: Mapped[str | None] = mapped_column(String(16))
    data: Mapped[dict] = mapped_column(JSON)


class ClaimRow(Base):
    __tablename__ = "claims"
    doc_id: Mapped[str] = _doc_fk()
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    certainty: Mapped[str] = mapped_column(String(16), index=True)
    checkworthiness: Mapped[float | None] = mapped_column(Float, index=True)
    data: Mapped[dict] = mapped_column(JSON)


Index("ix_claims_doc_start", ClaimRow.doc_id, ClaimRow.start)

RECORD_TABLES = {
    "mentions": MentionRow,
    "quantities": QuantityRow,
    "attributions": AttributionRow,
    "times": TimeRow,
    "claims": ClaimRow,
}
