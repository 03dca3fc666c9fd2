"""The ledger's tables (SQLAlchemy 2), the same on SQLite and PostgreSQL.

Each extracted record is one row: the columns people filter on (offsets, label, value,
certainty, ...) plus ``data``, the whole record as JSON, so records can grow fields
without a migration.  Tables and columns are created and changed by the migrations in
``store/migrations`` (see its docstring to add one), never by ``create_all``;
``SCHEMA_VERSION`` is written to the ``meta`` table.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = 11


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
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    assessments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# a listing walks ingest order checking its filters without reading the text rows (migration 0007)
Index("ix_documents_seq_filters", DocumentRow.seq, DocumentRow.kind, DocumentRow.published, DocumentRow.outlet)


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
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class MentionRow(Base):
    __tablename__ = "mentions"
    doc_id: Mapped[str] = _doc_fk()
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(16), index=True)
    norm: Mapped[str] = mapped_column(Text)  # indexed by ix_mentions_norm_span (below)
    entity_id: Mapped[str | None] = mapped_column(String(40), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


# a name's mentions and their spans, found from the index alone (migration 0007)
Index("ix_mentions_norm_span", MentionRow.norm, MentionRow.doc_id, MentionRow.start, MentionRow.end)


class QuantityRow(Base):
    __tablename__ = "quantities"
    doc_id: Mapped[str] = _doc_fk()
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    category: Mapped[str] = mapped_column(String(16), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class AttributionRow(Base):
    __tablename__ = "attributions"
    doc_id: Mapped[str] = _doc_fk()
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text, index=True)
    cue: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class TimeRow(Base):
    __tablename__ = "times"
    doc_id: Mapped[str] = _doc_fk()
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    begin: Mapped[str | None] = mapped_column(String(16))
    until: Mapped[str | None] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ClaimRow(Base):
    __tablename__ = "claims"
    doc_id: Mapped[str] = _doc_fk()
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    certainty: Mapped[str] = mapped_column(String(16), index=True)
    checkworthiness: Mapped[float | None] = mapped_column(Float, index=True)
    attribution: Mapped[int | None] = mapped_column(Integer)  # index of its attribution (also in data)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


# the claims of an attribution, without reading their JSON (migration 0008)
Index("ix_claims_doc_attribution", ClaimRow.doc_id, ClaimRow.attribution, ClaimRow.idx)
# the claims holding a span, found from the index alone (migration 0007)
Index("ix_claims_doc_span", ClaimRow.doc_id, ClaimRow.start, ClaimRow.end, ClaimRow.idx)
# claims in document order with their certainty, from the index alone (migration 0009)
Index("ix_claims_key_certainty", ClaimRow.doc_id, ClaimRow.idx, ClaimRow.certainty)


class ClaimMentionRow(Base):
    """A mention inside a claim's span (migration 0009), written with the analysis: a page of claims
    naming an entity or place walks claims in document order and probes this key, instead of
    finding every mention of the name and every claim holding one."""

    __tablename__ = "claim_mentions"
    doc_id: Mapped[str] = _doc_fk()
    claim_idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    mention_idx: Mapped[int] = mapped_column(Integer, primary_key=True)


# from a named mention to the claims holding it (the capped count)
Index("ix_claim_mentions_mention", ClaimMentionRow.doc_id, ClaimMentionRow.mention_idx, ClaimMentionRow.claim_idx)


class NameFormRow(Base):
    """One form a claim can be named by (migration 0010): a mention's (label, norm, text as written,
    entity id), or a name of a claim's source chain (``kind`` 'source', the name in ``text``).
    A name filter matches these few forms, not every mention; '' stands for a missing value."""

    __tablename__ = "name_forms"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)  # sha1 of the fields: found again when written
    kind: Mapped[str] = mapped_column(String(8))  # mention | source
    label: Mapped[str] = mapped_column(String(16))
    norm: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[str] = mapped_column(String(40), index=True)


class ClaimFormRow(Base):
    """A claim named by a form (migration 0010), in document order within each form: the claims
    of a name are read from this key alone, a page in document order merged from each form's first
    rows, the certainty filter checked on the same rows."""

    __tablename__ = "claim_forms"
    form_id: Mapped[int] = mapped_column(Integer, ForeignKey("name_forms.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)  # the document's ingest order
    claim_idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    certainty: Mapped[str] = mapped_column(String(16))
    doc_id: Mapped[str] = mapped_column(String(40), ForeignKey("documents.id", ondelete="CASCADE"))

    __table_args__ = {"sqlite_with_rowid": False}  # the key holds the rows: a listing reads no other page


# a document's rows (replaced with its analysis)
Index("ix_claim_forms_doc", ClaimFormRow.doc_id, ClaimFormRow.claim_idx)
# a certainty level's claims of each form, in document order: a rare level is not looked for among all
Index("ix_claim_forms_certainty", ClaimFormRow.certainty, ClaimFormRow.form_id, ClaimFormRow.seq,
      ClaimFormRow.claim_idx, ClaimFormRow.doc_id)


class InputRow(Base):
    """An input already stored (hash of its raw content → document), so a resumed batch skips it unread."""

    __tablename__ = "ingested_inputs"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(40), ForeignKey("documents.id", ondelete="CASCADE"), index=True)


class IngestRunRow(Base):
    """One ``ingest`` batch: a run left at ``running`` was interrupted (killed) and can be re-run."""

    __tablename__ = "ingest_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started: Mapped[str] = mapped_column(String(32))
    finished: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | done
    engine: Mapped[str] = mapped_column(String(16))
    host: Mapped[str | None] = mapped_column(String(200))
    pid: Mapped[int | None] = mapped_column(Integer)
    targets: Mapped[list[Any]] = mapped_column(JSON, default=list)
    added: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[list[Any] | None] = mapped_column(JSON, default=list)  # the first failed inputs: source, reason

RecordTable = type[MentionRow] | type[QuantityRow] | type[AttributionRow] | type[TimeRow] | type[ClaimRow]

RECORD_TABLES: dict[str, RecordTable] = {
    "mentions": MentionRow,
    "quantities": QuantityRow,
    "attributions": AttributionRow,
    "times": TimeRow,
    "claims": ClaimRow,
}


# --- cross-source links (link stage): each row keeps the evidence that made the link ----------

from sqlalchemy import LargeBinary  # noqa: E402  (kept beside the link tables it serves)


class LinkSketchRow(Base):
    """A linked document's copy-detection sketch: MinHash signature and paragraph anchors."""

    __tablename__ = "link_sketches"
    doc_id: Mapped[str] = mapped_column(String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, index=True)
    published: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)  # distinct shingles
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    anchors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # sorted uint32 shingle hashes: a later document's exact copy check reads them, not the text
    shingles: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class LinkStateRow(Base):
    """Running counts the incremental linkers need (document frequencies), zlib-compressed JSON."""

    __tablename__ = "link_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)


class DocLinkRow(Base):
    """A copy relation: ``src`` (earlier) is repeated by ``dst`` (later) — duplicate, copy or excerpt."""

    __tablename__ = "doc_links"
    src: Mapped[str] = mapped_column(String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    dst: Mapped[str] = mapped_column(String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True,
                                     index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    score: Mapped[float] = mapped_column(Float)
    jaccard: Mapped[float] = mapped_column(Float)
    containment: Mapped[float] = mapped_column(Float)
    basis: Mapped[str] = mapped_column(String(16))  # published | order_unknown (ingest_order in links stored before)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class StoryRow(Base):
    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(Text)  # top terms
    title: Mapped[str | None] = mapped_column(Text)  # headline of the first unit
    size: Mapped[int] = mapped_column(Integer, index=True)
    first_published: Mapped[str | None] = mapped_column(String(16))
    last_published: Mapped[str | None] = mapped_column(String(16))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer, index=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # centroid, entities, places, years
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class StoryMemberRow(Base):
    """A unit (an article, or one live-blog entry) in its story, with the score that put it there."""

    __tablename__ = "story_members"
    unit_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    story_id: Mapped[int] = mapped_column(Integer, ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(String(40), ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    entry: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LinkUnitRow(Base):
    """A linked unit's vector, names, years and date: what story linking compares (order-free)."""

    __tablename__ = "link_units"
    unit_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(40), ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    entry: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LinkClaimRow(Base):
    """A grouped claim's features, polarity and stance inputs: what claim grouping compares."""

    __tablename__ = "link_claims"
    doc_id: Mapped[str] = mapped_column(String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ClaimGroupRow(Base):
    __tablename__ = "claim_groups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(Text)  # text of the first claim
    first_claim: Mapped[str] = mapped_column(String(64))  # "<doc id>:<index>"
    size: Mapped[int] = mapped_column(Integer, index=True)
    n_docs: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # features of the first members
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ClaimGroupMemberRow(Base):
    __tablename__ = "claim_group_members"
    doc_id: Mapped[str] = mapped_column(String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)  # the claim's index in its document
    group_id: Mapped[int] = mapped_column(Integer, ForeignKey("claim_groups.id", ondelete="CASCADE"), index=True)
    stance: Mapped[str] = mapped_column(String(16))  # supports | denies | reports
    certainty: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ConflictRow(Base):
    """Figures for one measure that disagree, a figure changed in a copy, or opposite stances."""

    __tablename__ = "conflicts"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # figures | changed_figure | stance
    story_id: Mapped[int | None] = mapped_column(Integer, index=True)
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)
    incident_id: Mapped[str | None] = mapped_column(String(40), index=True)  # figure conflicts: their incident
    label: Mapped[str] = mapped_column(Text)
    n_sources: Mapped[int] = mapped_column(Integer)
    n_figures: Mapped[int] = mapped_column(Integer)
    measure: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    figures: Mapped[list[Any]] = mapped_column(JSON, default=list)  # by source, with documents and dates
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    terms: Mapped[str] = mapped_column(Text, default="")  # entities and places, for --entity/--place filters


class IncidentRow(Base):
    """One real-world incident (event, campaign or cumulative toll) and its estimates."""

    __tablename__ = "incidents"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # single_event | campaign | cumulative
    event_type: Mapped[str] = mapped_column(String(24), index=True)
    label: Mapped[str] = mapped_column(Text)
    begin: Mapped[str | None] = mapped_column(String(16), index=True)
    until: Mapped[str | None] = mapped_column(String(16))
    n_docs: Mapped[int] = mapped_column(Integer, index=True)
    n_figures: Mapped[int] = mapped_column(Integer)
    first_seq: Mapped[int] = mapped_column(Integer, index=True)
    places: Mapped[list[Any]] = mapped_column(JSON, default=list)
    estimates: Mapped[list[Any]] = mapped_column(JSON, default=list)
    documents: Mapped[list[Any]] = mapped_column(JSON, default=list)
    terms: Mapped[str] = mapped_column(Text, default="")  # place names and top words, for --place filters


class IncidentKeyRow(Base):
    """A key a document's figure groups are found by (a country with a word, town, population,
    number or toll of the group): linking compares a new document's figures only with those of
    stored documents that share a key (link/incidents.py ``index_keys``)."""

    __tablename__ = "incident_keys"
    doc_id: Mapped[str] = _doc_fk()
    key: Mapped[str] = mapped_column(String(160), primary_key=True, index=True)


class IncidentFigureRow(Base):
    """A figure (a stored quantity) assigned to its incident, with the context that placed it."""

    __tablename__ = "incident_figures"
    doc_id: Mapped[str] = _doc_fk()
    start: Mapped[int] = mapped_column(Integer, primary_key=True)
    end: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    incident_id: Mapped[str] = mapped_column(String(40), index=True)
    unit_id: Mapped[str | None] = mapped_column(String(40), index=True)  # its clustering unit (link/incidents.py)
    measure: Mapped[str] = mapped_column(String(24), index=True)
    population: Mapped[str] = mapped_column(String(48))
    source: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
