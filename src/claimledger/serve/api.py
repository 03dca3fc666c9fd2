"""JSON routes under ``/api``: thin shells over the ledger's typed reads (and ``serve.service`` for writes)."""

from __future__ import annotations

import hmac
import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from claimledger.serve import reading, service
from claimledger.serve.kept import kept
from claimledger.store import MAX_LIMIT, ClaimFilter, DocumentFilter, Page, QueryError

router = APIRouter(prefix="/api")
bearer = HTTPBearer(auto_error=False, description="The token the operator set with --token or CLAIMLEDGER_TOKEN.")


# --- shapes (for the OpenAPI document) ---------------------------------------------------
class PageOut(BaseModel):
    items: list[dict[str, Any]]
    total: int | None = Field(None, description="rows matching the filters (null for search, and where more "
                                                "than total_more_than match)")
    total_more_than: int | None = Field(None, description="set where the count stopped: more rows than this match")
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="offset of the next page, null on the last")


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorOut(BaseModel):
    error: ErrorBody


class IngestIn(BaseModel):
    text: str | None = Field(None, description="the document as plain text")
    html: str | None = Field(None, description="the document as an HTML page")
    url: str | None = Field(None, description="alone: a page to fetch; with text/html: where it came from")
    title: str | None = None
    published: str | None = Field(None, description="ISO date, partial allowed (2023-03 or XXXX-03-07)")
    outlet: str | None = None
    year: int | None = Field(None, description="year for datelines that have none ('Mar 7')")
    analyze: bool | None = Field(None, description="run the analysis stage (default: when installed)")
    link: bool = Field(True, description="link it to the ledger (copies, stories, claim groups, conflicts)")


class IngestOut(BaseModel):
    status: str = Field(description="added | duplicate")
    id: str | None
    source: str


ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorOut}, 404: {"model": ErrorOut}, 422: {"model": ErrorOut}}


# --- parameters shared by the listings ---------------------------------------------------
def ledger_of(request: Request):
    return request.app.state.ledger


def paging(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
           offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, int]:
    return {"limit": limit, "offset": offset}


def doc_filters(
    outlet: Annotated[str | None, Query(description="exact outlet name")] = None,
    since: Annotated[str | None, Query(description="published on or after (ISO date: 2023, 2023-03, 2023-03-07)")] = None,
    until: Annotated[str | None, Query(description="published on or before (ISO date)")] = None,
) -> dict[str, str | None]:
    return {"outlet": outlet, "since": since, "until": until}


def name_filters(
    entity: Annotated[str | None, Query(description="a named entity inside the record (substring or entity id)")] = None,
    place: Annotated[str | None, Query(description="a place inside the record, by any of its names "
                                                 "(as written, GeoNames name or alternate name) or entity id")] = None,
) -> dict[str, str | None]:
    return {"entity": entity, "place": place}


Ledger_ = Annotated[Any, Depends(ledger_of)]
Paging = Annotated[dict, Depends(paging)]
DocFilters = Annotated[dict, Depends(doc_filters)]
NameFilters = Annotated[dict, Depends(name_filters)]


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, "writes are switched off: the operator starts the server with --token "
                                 "or CLAIMLEDGER_TOKEN to allow them")
    given = credentials.credentials if credentials else ""
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "this write needs 'Authorization: Bearer <token>' with the operator's token",
                            headers={"WWW-Authenticate": "Bearer"})


# --- routes -------------------------------------------------------------------------------
@router.get("", tags=["documents"], summary="What this ledger holds")
def index(ledger: Ledger_) -> dict[str, Any]:
    # analyze is a hard dependency: "analysis" is always true, kept for the clients that read it
    return {"name": "claimledger", "documents": ledger.count(), "database": ledger.dialect,
            "analysis": True, "outlets": ledger.outlets()[:50], "docs": "/docs"}


@router.get("/documents", tags=["documents"], response_model=PageOut, responses=ERRORS,
            summary="Documents in ingest order (no text)")
def documents(ledger: Ledger_, page: Paging, docf: DocFilters, names: NameFilters,
              kind: Annotated[str | None, Query(description="article | liveblog")] = None):
    return ledger.document_summaries(DocumentFilter(kind=kind, **docf, **names, **page)).to_dict()


@router.get("/documents/{doc_id}", tags=["documents"], responses=ERRORS,
            summary="One document: fields, text, segments and analysis records")
def document(ledger: Ledger_, doc_id: str,
             text: Annotated[bool, Query(description="include the full text")] = True):
    record = ledger.bundle(doc_id).to_dict(with_text=text)
    record["stories"] = [s.to_dict() for s in ledger.document_stories(record["id"])]
    record["copies"] = [c.to_dict() for c in ledger.document_copies(record["id"])]
    return JSONResponse(record)  # already JSON-ready: skip the framework's recursive encoder


@router.post("/documents", tags=["ingest"], status_code=201, response_model=IngestOut,
             responses={**ERRORS, 401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
             dependencies=[Depends(require_token)], summary="Ingest one document (text, HTML or a URL)")
def post_document(request: Request, body: IngestIn):
    app = request.app
    with app.state.write_lock:
        result = service.ingest_posted(app.state.ledger, allow_private=app.state.allow_private_urls,
                                       **body.model_dump())
    if result["status"] == "duplicate":
        return JSONResponse(result, status_code=200)
    return result


@router.get("/documents/{doc_id}/segments", tags=["documents"], response_model=PageOut, responses=ERRORS,
            summary="A document's segments with their text")
def document_segments(ledger: Ledger_, doc_id: str, page: Paging,
                      kind: Annotated[str | None, Query(description="segment kinds, comma-separated")] = None):
    return ledger.segment_list(doc=doc_id, kind=kind, **page).to_dict()


@router.get("/segments", tags=["documents"], response_model=PageOut, responses=ERRORS,
            summary="Segments across documents (e.g. kind=comment)")
def segments(ledger: Ledger_, page: Paging, docf: DocFilters,
             kind: Annotated[str | None, Query(description="segment kinds, comma-separated")] = None,
             doc: Annotated[str | None, Query(description="document id or prefix")] = None):
    return ledger.segment_list(doc=doc, kind=kind, **docf, **page).to_dict()


@router.get("/claims", tags=["claims"], response_model=PageOut, responses=ERRORS,
            summary="Claims with their source chain and certainty")
def claims(ledger: Ledger_, page: Paging, docf: DocFilters, names: NameFilters,
           q: Annotated[str | None, Query(description="words the claim contains (all of them)")] = None,
           doc: Annotated[str | None, Query(description="document id or prefix")] = None,
           certainty: Annotated[str | None, Query(description="levels, comma-separated: asserted, reported, "
                                                              "hedged, contested, denied")] = None,
           min_certainty: Annotated[str | None, Query(description="this level and surer")] = None,
           source: Annotated[str | None, Query(description="the claim's source (substring)")] = None,
           sort: Annotated[str, Query(pattern="^(position|checkworthiness)$")] = "position"):
    return ledger.claims(ClaimFilter(q=q, doc=doc, certainty=certainty, min_certainty=min_certainty,
                                     source=source, sort=sort, **docf, **names, **page)).to_dict()


@router.get("/claims/{claim_id}", tags=["claims"], responses=ERRORS, summary="One claim (DOCID:INDEX)")
def claim(ledger: Ledger_, claim_id: str) -> dict[str, Any]:
    return ledger.claim(claim_id).to_dict()


@router.get("/claims/{claim_id}/provenance", tags=["claims"], responses=ERRORS,
            summary="Where a claim comes from: context, chain, document, groups and copies")
def claim_provenance(ledger: Ledger_, claim_id: str) -> dict[str, Any]:
    return reading.provenance(ledger, claim_id)


@router.get("/attributions", tags=["records"], response_model=PageOut, responses=ERRORS,
            summary="Who said what: source, cue, chain")
def attributions(ledger: Ledger_, page: Paging, docf: DocFilters,
                 source: Annotated[str | None, Query(description="source name (substring)")] = None,
                 doc: Annotated[str | None, Query(description="document id or prefix")] = None):
    return ledger.attributions(source=source, doc=doc, **docf, **page).to_dict()


@router.get("/quantities", tags=["records"], response_model=PageOut, responses=ERRORS,
            summary="Figures with the claim and source that give them")
def quantities(ledger: Ledger_, page: Paging, docf: DocFilters, names: NameFilters,
               category: Annotated[str | None, Query(description="killed, wounded, casualties, captured, missing, "
                                                             "equipment, other (comma-separated)")] = None,
               doc: Annotated[str | None, Query(description="document id or prefix")] = None):
    return ledger.quantities(category=category, doc=doc, **docf, **names, **page).to_dict()


@router.get("/entities", tags=["records"], response_model=PageOut, responses=ERRORS,
            summary="Named entities, most documents first")
def entities(ledger: Ledger_, page: Paging, docf: DocFilters,
             q: Annotated[str | None, Query(description="name (substring)")] = None,
             label: Annotated[str | None, Query(description="PERSON, ORG, UNIT, WEAPON, GPE, ... (comma-separated)")] = None):
    return ledger.entities(q=q, label=label, **docf, **page).to_dict()


@router.get("/entities/{name}", tags=["records"], response_model=PageOut, responses=ERRORS,
            summary="Where one entity is mentioned, with context")
def entity(ledger: Ledger_, name: str, page: Paging, label: str | None = None):
    return ledger.entity_mentions(name, label=label, **page).to_dict()


@router.get("/places", tags=["records"], response_model=PageOut, responses=ERRORS,
            summary="Places with GeoNames id and coordinates")
def places(ledger: Ledger_, page: Paging, docf: DocFilters,
           q: Annotated[str | None, Query(description="name (substring)")] = None):
    return ledger.entities(q=q, places=True, **docf, **page).to_dict()


@router.get("/places/claims", tags=["records"], summary="Geocoded places with how many claims name them (the map)")
def place_claims(ledger: Ledger_) -> list[dict[str, Any]]:
    return ledger.place_points()


@router.get("/outlets", tags=["documents"], summary="Outlets and their document counts")
def outlets(ledger: Ledger_) -> list[dict[str, Any]]:
    return ledger.outlets()


def _linked(items: list[Any], page: dict[str, int]) -> dict[str, Any]:
    return Page(items, page["limit"], page["offset"], None).to_dict()


def _int_id(value: str, what: str) -> int:
    if not value.isdigit():
        raise QueryError(f"a {what} id is a whole number, not {value!r}")
    return int(value)


@router.get("/stories", tags=["links"], response_model=PageOut, summary="Stories (documents about one event)")
def stories(request: Request, ledger: Ledger_, page: Paging):
    return kept(request, lambda: _linked(ledger.stories(**page), page))


@router.get("/stories/{story_id}", tags=["links"], responses=ERRORS,
            summary="One story: its documents and live-blog entries, copies and conflicts")
def story(ledger: Ledger_, story_id: str) -> dict[str, Any]:
    return ledger.story(_int_id(story_id, "story")).to_dict()


@router.get("/claim-groups", tags=["links"], response_model=PageOut,
            summary="Claims stating the same proposition across documents")
def claim_groups(request: Request, ledger: Ledger_, page: Paging,
                 min_docs: Annotated[int, Query(ge=1, description="groups spanning at least this many documents")] = 2):
    return kept(request, lambda: _linked(ledger.claim_groups(min_docs=min_docs, **page), page))


@router.get("/claim-groups/{group_id}", tags=["links"], responses=ERRORS,
            summary="One claim group with each member's stance and certainty")
def claim_group(ledger: Ledger_, group_id: str) -> dict[str, Any]:
    return ledger.claim_group(_int_id(group_id, "claim group")).to_dict()


ConflictCategory = Annotated[str | None, Query(description="what the conflict's figures count: killed, wounded, "
                                                             "casualties, captured, missing, equipment or other "
                                                             "(comma-separated)")]


@router.get("/conflicts", tags=["links"], response_model=PageOut,
            summary="Figures that disagree, figures changed in a copy, opposite stances")
def conflicts(request: Request, ledger: Ledger_, page: Paging, names: NameFilters,
              kind: Annotated[str | None, Query(pattern="^(figures|changed_figure|stance)$")] = None,
              category: ConflictCategory = None):
    return kept(request, lambda: _linked(ledger.conflicts(kind=kind, category=category, **names, **page), page))


@router.get("/conflicts/{conflict_id}", tags=["links"], responses=ERRORS, summary="One conflict with its figures")
def conflict(ledger: Ledger_, conflict_id: str) -> dict[str, Any]:
    return ledger.conflict(conflict_id).to_dict()


@router.get("/incidents", tags=["links"], response_model=PageOut,
            summary="Incidents (events, campaigns, cumulative tolls) with low / best / high estimates")
def incidents(request: Request, ledger: Ledger_, page: Paging,
              place: Annotated[str | None, Query(description="a place name the incident is at")] = None,
              since: Annotated[str | None, Query(description="ISO date: incidents dated on or after it")] = None,
              kind: Annotated[str | None, Query(pattern="^(single_event|campaign|cumulative)$")] = None,
              every: Annotated[bool, Query(alias="all", description="also incidents with no estimate")] = False):
    def build() -> dict[str, Any]:
        found = ledger.incidents(place=place, since=since, kind=kind, limit=page["offset"] + page["limit"], every=every)
        return _linked(found[page["offset"]:], page)
    return kept(request, build)


@router.get("/incidents/{incident_id}", tags=["links"], responses=ERRORS,
            summary="One incident: estimates by source, reports in time order, conflicts")
def incident(ledger: Ledger_, incident_id: str) -> dict[str, Any]:
    from claimledger.link.incident_reports import read_incident  # linking's modules load only when asked

    return read_incident(ledger, incident_id)


@router.get("/search", tags=["search"], response_model=PageOut, responses=ERRORS,
            summary="Full-text search over every segment, best first",
            description="Ranked by bm25 on SQLite (ts_rank on PostgreSQL). On SQLite words matching more than "
                        "2,000 segments are ranked by blocks of their newest 2,000 matches: the newest block's "
                        "best first, later pages read on into older blocks.")
def search(ledger: Ledger_, q: Annotated[str, Query(min_length=1, description="words to find (all of them)")],
           page: Annotated[dict, Depends(paging)],
           kind: Annotated[str | None, Query(description="segment kinds, comma-separated")] = None):
    return ledger.search(q, kind=kind, limit=min(page["limit"], 100), offset=page["offset"]).to_dict()


# --- downloads: what a page lists, as a file --------------------------------------------------
EXPORT_ROWS = 10_000  # the most rows one download holds


def _all_pages(fetch: Any) -> list[dict[str, Any]]:
    """Every item of a paged listing (``fetch(limit, offset)`` gives a ``Page``), up to ``EXPORT_ROWS``."""
    items: list[dict[str, Any]] = []
    while len(items) < EXPORT_ROWS:
        page = fetch(MAX_LIMIT, len(items))
        items += [i if isinstance(i, dict) else i.to_dict() for i in page.items]
        if page.next_offset is None:
            break
    return items[:EXPORT_ROWS]


def _download(items: list[dict[str, Any]], what: str, fmt: str) -> Response:
    from claimledger.export import write_listing
    from claimledger.export.listing_parquet import MEDIA_TYPE, listing_parquet

    headers = {"Content-Disposition": f'attachment; filename="claimledger-{what}.{fmt}"'}
    if fmt == "parquet":
        return Response(listing_parquet(items), media_type=MEDIA_TYPE, headers=headers)
    out = io.StringIO()
    write_listing(items, out, fmt)
    media = "application/json" if fmt == "json" else "text/csv; charset=utf-8"
    return Response(out.getvalue(), media_type=media, headers=headers)


Format = Annotated[str, Query(pattern="^(json|csv|parquet)$",
                              description="json (a list), csv (nested values as JSON) or parquet (one typed table)")]


@router.get("/export/documents", tags=["export"], responses=ERRORS, summary="The documents a listing shows, as a file")
def export_documents(ledger: Ledger_, docf: DocFilters, names: NameFilters, format: Format = "csv",
                     kind: Annotated[str | None, Query(description="article | liveblog")] = None) -> Response:
    items = _all_pages(lambda limit, offset: ledger.document_summaries(
        DocumentFilter(kind=kind, **docf, **names, limit=limit, offset=offset)))
    return _download(items, "documents", format)


@router.get("/export/claims", tags=["export"], responses=ERRORS, summary="The claims a listing shows, as a file")
def export_claims(ledger: Ledger_, docf: DocFilters, names: NameFilters, format: Format = "csv",
                  q: str | None = None, doc: str | None = None, certainty: str | None = None,
                  min_certainty: str | None = None, source: str | None = None,
                  sort: Annotated[str, Query(pattern="^(position|checkworthiness)$")] = "checkworthiness") -> Response:
    wanted = dict(q=q, doc=doc, certainty=certainty, min_certainty=min_certainty, source=source, sort=sort,
                  **docf, **names)
    items = _all_pages(lambda limit, offset: ledger.claims(ClaimFilter(**wanted, limit=limit, offset=offset)))
    return _download(items, "claims", format)


@router.get("/export/incidents", tags=["export"], responses=ERRORS, summary="The incidents a listing shows, as a file")
def export_incidents(ledger: Ledger_, format: Format = "csv", place: str | None = None, since: str | None = None,
                     kind: Annotated[str | None, Query(pattern="^(single_event|campaign|cumulative)$")] = None,
                     ) -> Response:
    return _download(ledger.incidents(place=place, since=since, kind=kind, limit=EXPORT_ROWS), "incidents", format)


@router.get("/export/places", tags=["export"], responses=ERRORS, summary="The places the map shows, as a file")
def export_places(ledger: Ledger_, format: Format = "csv") -> Response:
    return _download(ledger.place_points(), "places", format)


@router.get("/export/conflicts", tags=["export"], responses=ERRORS, summary="The conflicts a listing shows, as a file")
def export_conflicts(ledger: Ledger_, names: NameFilters, format: Format = "csv",
                     kind: Annotated[str | None, Query(pattern="^(figures|changed_figure|stance)$")] = None,
                     category: ConflictCategory = None) -> Response:
    found = ledger.conflicts(kind=kind, category=category, **names, limit=EXPORT_ROWS)
    return _download([c.to_dict() for c in found], "conflicts", format)
