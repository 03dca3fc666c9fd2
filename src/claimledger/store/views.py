"""Typed views of what the ledger holds: what every reader (CLI, API, pages, export) gets back.

A view is a plain dataclass built from stored rows by ``claimledger.store`` alone; its
``to_dict`` is the JSON the API and the exports give.  Row → record conversion lives here
and nowhere else, and so does a claim's source chain (``source_chain``): the claims list,
the claim page and ``trace`` all name a claim's source through it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Callable, Generic, Iterator, TypeVar

from claimledger.records import (
    CERTAINTY_ORDER,
    Analysis,
    Attribution,
    Claim,
    Document,
    Mention,
    Quantity,
    Segment,
    SourceRef,
    TimeExpr,
)

T = TypeVar("T")
MAX_LIMIT = 500
COUNT_CAP = 1000  # listings count their matches up to this many, then say "more than 1,000"
PLACE_LABELS = ("GPE", "LOC", "FAC")
# least to most sure: ``min_certainty="reported"`` keeps reported and asserted claims
CERTAINTY_ASCENDING: tuple[str, ...] = tuple(reversed(CERTAINTY_ORDER))


class QueryError(ValueError):
    """A filter value the ledger cannot use (unknown certainty, malformed date or id)."""


def _json(item: Any) -> Any:
    return item.to_dict() if hasattr(item, "to_dict") else item


@dataclass
class Page(Generic[T]):
    """One page of a listing in a stable order; ``total`` is None where counting would cost a second
    pass, or where more than ``more_than`` rows match (a count stopped at ``COUNT_CAP``); ``more``
    says whether rows follow this page when the listing looked one row past it."""

    items: list[T]
    limit: int
    offset: int
    total: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    more_than: int | None = None
    more: bool | None = None

    @property
    def next_offset(self) -> int | None:
        if self.more is not None:
            return self.offset + self.limit if self.more else None
        if self.total is not None:
            return self.offset + self.limit if self.offset + self.limit < self.total else None
        return self.offset + self.limit if len(self.items) >= self.limit else None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def to_dict(self) -> dict[str, Any]:
        return {"items": [_json(i) for i in self.items], "total": self.total, "total_more_than": self.more_than,
                "limit": self.limit, "offset": self.offset, "next_offset": self.next_offset, **self.extra}


# --- rows → records (the one place) ---------------------------------------------------------
DOCUMENT_COLUMNS = ("id", "text", "kind", "title", "byline", "published", "url", "outlet", "language", "source",
                    "content_type", "meta")


def document_from_row(row: Any) -> Document:
    """A ``Document`` from a documents row (ORM object or Core row with those columns)."""
    doc = Document(**{c: getattr(row, c) for c in DOCUMENT_COLUMNS})
    doc.meta = doc.meta or {}
    return doc


def segment_from_row(row: Any) -> Segment:
    return Segment(kind=row.kind, order=row.ord, start=row.start, end=row.end, parent=row.parent,
                   entry=row.entry, meta=row.meta or {})


def attribution_from_data(data: dict[str, Any]) -> Attribution:
    data = dict(data)
    data["source"] = SourceRef(**data["source"])
    data["via"] = [SourceRef(**v) for v in data.get("via", [])]
    return Attribution(**data)


RECORD_LOADERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "mentions": lambda d: Mention(**d), "quantities": lambda d: Quantity(**d),
    "attributions": attribution_from_data, "times": lambda d: TimeExpr(**d), "claims": Claim.from_dict}


def record_from_data(table: str, data: dict[str, Any]) -> Any:
    """The record (Mention, Quantity, ...) stored as ``data`` in the table ``table``."""
    return RECORD_LOADERS[table](data)


def source_chain(attribution: Attribution | None) -> list[str]:
    """A claim's source, then its intermediaries nearest first, each by its fullest known name
    (a pronoun or short form, "He", names its resolved source).  Empty when unattributed."""
    if attribution is None:
        return []
    return [ref.name for ref in (attribution.source, *attribution.via)]


# --- documents ------------------------------------------------------------------------------
NAME_CHARS = 90  # an untitled document is named by its opening words, up to about this many characters


def source_name(outlet: str | None, url: str | None = None, source: str | None = None) -> str:
    """Where a document comes from, for a "source" column: its outlet, else its URL's host,
    else its file's name ("" when none is known)."""
    if outlet:
        return outlet
    where = url or source or ""
    if "://" in where:
        return where.split("://", 1)[1].split("/", 1)[0]
    return where.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def document_name(title: str | None, opening: str | None = None, source: str | None = None) -> str:
    """What to call a document where a title is shown: its title, else its opening words
    ("Russian forces shelled the town of…"), else its source's file name — never its id."""
    if title and title.strip():
        return " ".join(title.split())
    words = " ".join((opening or "").split())
    if words:
        if len(words) <= NAME_CHARS:
            return words
        cut = words[:NAME_CHARS + 1].rsplit(" ", 1)[0] if " " in words[:NAME_CHARS + 1] else words[:NAME_CHARS]
        return cut.rstrip(",;:") + "…"
    if source:
        return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source
    return "(empty document)"


@dataclass
class DocumentFilter:
    outlet: str | None = None
    since: str | None = None  # ISO date (2023, 2023-03, 2023-03-07), inclusive
    until: str | None = None
    entity: str | None = None  # a mention's normalised name (substring) or entity id
    place: str | None = None
    kind: str | None = None  # article | liveblog
    entity_names: tuple[str, ...] = ()  # the other names of the persons ``entity`` names (set by the ledger)
    limit: int = 50
    offset: int = 0


@dataclass
class DocumentSummary:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    kind: str
    byline: str | None
    url: str | None
    source: str | None
    status: str
    chars: int
    segments: int
    comments: int
    furniture: int
    claims: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DocumentBundle:
    """One stored document: its fields, segments in order and analysis records."""

    document: Document
    segments: list[Segment]
    analysis: Analysis

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """The export record: fields, segments (with their text), analysis records."""
        record = self.document.to_dict()
        if not with_text:
            record.pop("text")
        text = self.document.text
        record["segments"] = [dict(s.to_dict(), text=text[s.start:s.end]) for s in self.segments]
        record.update(self.analysis.to_dict())
        return record

    def claim_views(self) -> list["ClaimView"]:
        """The document's claims as views, in text order."""
        doc, atts = self.document, self.analysis.attributions
        return [ClaimView(doc.id, i, c, doc.title, doc.outlet, doc.published,
                          atts[c.attribution] if c.attribution is not None and c.attribution < len(atts) else None)
                for i, c in enumerate(self.analysis.claims)]


@dataclass
class SearchHit:
    doc_id: str
    order: int  # the segment's position in its document
    kind: str
    title: str | None
    snippet: str  # matched words in [brackets]
    start: int
    end: int
    outlet: str | None = None
    published: str | None = None
    text: str | None = None  # the whole segment, when asked for

    def to_dict(self) -> dict[str, Any]:
        item = {"doc_id": self.doc_id, "segment": self.order, "snippet": self.snippet, "kind": self.kind,
                "start": self.start, "end": self.end, "title": self.title, "outlet": self.outlet,
                "published": self.published}
        if self.text is not None:
            item["text"] = self.text
        return item


# --- claims ---------------------------------------------------------------------------------
@dataclass
class ClaimFilter:
    """Which claims: every given filter must hold.

    ``entity`` matches a mention inside the claim or any link of its source chain;
    ``place`` a place mention inside the claim; ``source`` the claim's source (first link) only;
    ``q`` words the claim contains; ``certainty`` exact levels (comma-separated),
    ``min_certainty`` that level and surer.  ``sort``: position (document order) or
    checkworthiness (unscored last)."""

    doc: str | None = None
    entity: str | None = None
    place: str | None = None
    q: str | None = None
    certainty: str | None = None
    min_certainty: str | None = None
    source: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "position"
    limit: int = 50
    offset: int = 0
    entity_names: tuple[str, ...] = ()  # the other names of the persons ``entity`` names (set by the ledger)


@dataclass
class ClaimView:
    doc_id: str
    index: int
    claim: Claim
    title: str | None
    outlet: str | None
    published: str | None
    attribution: Attribution | None

    @property
    def id(self) -> str:
        """Stable claim id: document id and the claim's index in it."""
        return f"{self.doc_id}:{self.index}"

    @property
    def chain(self) -> list[str]:
        return source_chain(self.attribution)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "doc_id": self.doc_id, "index": self.index, "title": self.title,
                "outlet": self.outlet, "published": self.published, "chain": self.chain,
                "attribution_record": self.attribution.to_dict() if self.attribution else None,
                **self.claim.to_dict()}


def split_claim_id(claim_id: str) -> tuple[str, int]:
    """``DOCID:INDEX`` → (doc id or prefix, index)."""
    doc, _, index = claim_id.rpartition(":")
    if not doc or not index.isdigit():
        raise QueryError(f"a claim id looks like DOCID:INDEX, not {claim_id!r}")
    return doc, int(index)


# --- links ----------------------------------------------------------------------------------
@dataclass
class StorySummary:
    id: int
    title: str | None
    label: str
    size: int
    documents: int
    outlets: list[str]
    first_published: str | None
    last_published: str | None
    entities: list[str]  # the most named, up to 6

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CopyLink:
    """``dst`` repeats ``src`` (earlier → later); basis ``order_unknown``: a date is missing,
    so which came first is unknown (``src`` is then the fuller text)."""

    src: str
    dst: str
    kind: str
    score: float
    jaccard: float
    containment: float
    basis: str
    evidence: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DocumentCopy(CopyLink):
    """A copy link seen from one document: the other document and the direction."""

    doc_id: str
    title: str | None
    direction: str  # "repeated by" | "copied from" | "same text as (order unknown)"


@dataclass
class DocumentStory:
    id: int
    entry: int | None
    title: str | None
    size: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ConflictView:
    id: str
    kind: str  # figures | changed_figure | stance
    label: str
    story_id: int | None
    group_id: int | None
    n_sources: int
    n_figures: int
    measure: dict[str, Any] | None
    figures: list[dict[str, Any]]
    evidence: dict[str, Any]
    incident: str | None = None  # figure conflicts: the incident they are about

    def to_dict(self) -> dict[str, Any]:
        # asdict's deep copy, for the JSON-shaped fields only (a conflicts page reads ten, each with its figures)
        return {f.name: _json_copy(getattr(self, f.name)) for f in fields(self)}


def _json_copy(value: Any) -> Any:
    """A copy of JSON-shaped ``value`` (dicts, lists and tuples of scalars), as ``asdict`` copies it."""
    if isinstance(value, dict):
        return {k: _json_copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_json_copy(v) for v in value)
    return value


@dataclass
class StoryView:
    id: int
    title: str | None
    label: str
    size: int
    first_published: str | None
    last_published: str | None
    entities: dict[str, int]
    places: dict[str, Any]
    members: list[dict[str, Any]]  # unit_id, doc_id, entry, score, evidence and the document's fields
    links: list[CopyLink]
    conflicts: list[ConflictView]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ClaimGroupSummary:
    id: int
    label: str
    first_claim: str | None
    size: int
    n_docs: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ClaimGroupView(ClaimGroupSummary):
    evidence: dict[str, Any]
    members: list[dict[str, Any]]  # claim_id, stance, certainty, chain, text, doc_* fields


__all__ = [
    "CERTAINTY_ASCENDING", "MAX_LIMIT", "PLACE_LABELS", "ClaimFilter", "ClaimGroupSummary", "ClaimGroupView",
    "ClaimView", "ConflictView", "CopyLink", "DocumentBundle", "DocumentCopy", "DocumentFilter", "DocumentStory",
    "DocumentSummary", "Page", "QueryError", "SearchHit", "StorySummary", "StoryView", "attribution_from_data",
    "document_from_row", "record_from_data", "segment_from_row", "source_chain", "split_claim_id",
]
