"""Server-rendered pages (Jinja2, autoescaped): documents, claims, search, stories, conflicts.

Document text only ever reaches a page through Jinja's autoescape or ``serve.highlight``
(which escapes every run), so markup in an article or a reader comment shows as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from claimledger.serve import reading
from claimledger.serve.cells import label_cells
from claimledger.serve.chainsvg import chain_picture
from claimledger.serve.chart import Point, date_label, figures_chart
from claimledger.serve.highlight import mark_words
from claimledger.serve.kept import kept
from claimledger.store import (
    CERTAINTY_ASCENDING,
    FIGURE_CATEGORIES,
    MAX_LIMIT,
    ClaimFilter,
    DocumentFilter,
    Page,
    QueryError,
    source_name,
)
from claimledger.store.person_index import person_names

HERE = Path(__file__).resolve().parent  # the serve package: its templates and static files

router = APIRouter(include_in_schema=False)
env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)
PAGE = 25
CONFLICTS_PAGE = 10  # each with its own chart
CHARTED_FIGURES = 100  # the figures the conflicts page draws and lists (the first, in document order)
env.filters["source_name"] = lambda doc: source_name(doc.outlet, doc.url, doc.source)  # a DocumentSummary
env.filters["when"] = date_label
env.filters["label_cells"] = label_cells
env.globals["incident_charts"] = reading.incident_charts
env.globals["incident_map"] = reading.incident_map
env.globals["chain_picture"] = chain_picture
env.filters["web_url"] = lambda url: isinstance(url, str) and url.lower().startswith(("http://", "https://"))


def _int(value: str | None, default: int, name: str) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {value!r}") from None
    if number < 0:
        raise QueryError(f"{name} must be 0 or more")
    return number


def _params(request: Request, *names: str) -> dict[str, str | None]:
    return {n: (request.query_params.get(n) or "").strip() or None for n in names}


def _page_url(request: Request, offset: int | None) -> str | None:
    if offset is None:
        return None
    params = {k: v for k, v in request.query_params.items() if v != ""}
    params["offset"] = str(offset)
    return f"{request.url.path}?{urlencode(params)}"


EXPORTS = {"/": "documents", "/claims": "claims", "/incidents": "incidents", "/conflicts": "conflicts",
           "/map": "places"}


def _export_url(request: Request, fmt: str) -> str | None:
    """The download of what this listing page shows (its filters, every page) as ``fmt``."""
    what = EXPORTS.get(request.url.path)
    if what is None:
        return None
    params = {k: v for k, v in request.query_params.items() if v != "" and k != "offset"}
    return f"/api/export/{what}?{urlencode({**params, 'format': fmt})}"


def _namer(request: Request, known: Iterable[str] = ()) -> Callable[..., str]:
    """``doc_name(doc_id, title=None)`` for the templates: the title, else ``Ledger.document_names``
    (opening words or file name), looked up once per document and page; the documents ``known``
    to be shown are looked up together first (one query, not one per document)."""
    ledger = request.app.state.ledger
    names = ledger.document_names(known) if known else {}

    def doc_name(doc_id: str | None, title: str | None = None) -> str:
        if title and title.strip():
            return title
        if not doc_id:
            return ""
        if doc_id not in names:
            names.update(ledger.document_names([doc_id]))
        return names.get(doc_id) or doc_id[:10]

    return doc_name


def _html(request: Request, template: str, /, shown_docs: Iterable[str] = (), **context: Any) -> str:
    context.setdefault("ledger_count", request.app.state.ledger.count())
    return env.get_template(template).render(request=request, path=request.url.path,
                                             doc_name=_namer(request, shown_docs),
                                             export_url=lambda fmt: _export_url(request, fmt),
                                             page_url=lambda offset: _page_url(request, offset), **context)


def _render(request: Request, template: str, /, shown_docs: Iterable[str] = (), **context: Any) -> HTMLResponse:
    return HTMLResponse(_html(request, template, shown_docs, **context))


def _outlets(request: Request, count: int) -> list[dict[str, Any]]:
    """The outlet list for the filter forms, recounted only when the ledger has grown."""
    state = request.app.state
    cached = getattr(state, "outlets", None)
    if cached is None or cached[0] != count:
        state.outlets = cached = (count, state.ledger.outlets())
    return cached[1]


def render_error(request: Request, status: int, message: str) -> str:
    return env.get_template("error.html").render(request=request, status=status, message=message,
                                                 path=request.url.path, ledger_count=None)


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    ledger = request.app.state.ledger
    f = _params(request, "outlet", "since", "until", "entity", "place", "kind")
    page = ledger.document_summaries(DocumentFilter(**f, limit=PAGE,
                                                    offset=_int(request.query_params.get("offset"), 0, "offset")))
    count = ledger.count()
    return _render(request, "index.html", page=page, f=f, outlets=_outlets(request, count), ledger_count=count)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str):
    view = reading.document_view(request.app.state.ledger, doc_id)
    doc = view["doc"]
    return _render(request, "document.html", title=request.app.state.ledger.document_names([doc.id])[doc.id], **view)


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request):
    ledger = request.app.state.ledger
    f = _params(request, "q", "outlet", "since", "until", "entity", "place", "certainty", "min_certainty", "source",
                "doc")
    sort = request.query_params.get("sort") or "checkworthiness"
    page = ledger.claims(ClaimFilter(**f, sort=sort, limit=PAGE,
                                     offset=_int(request.query_params.get("offset"), 0, "offset")))
    page.items = [c.to_dict() for c in page.items]
    count = ledger.count()
    return _render(request, "claims.html", page=page, f=f, sort=sort, levels=CERTAINTY_ASCENDING,
                   outlets=_outlets(request, count), ledger_count=count, title="Claims")


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def provenance_page(request: Request, claim_id: str):
    view = reading.provenance(request.app.state.ledger, claim_id)
    return _render(request, "provenance.html", title=f"Claim {claim_id}", **view)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request):
    ledger = request.app.state.ledger
    q = (request.query_params.get("q") or "").strip()
    kind = request.query_params.get("kind") or None
    page = None
    hits: list[dict[str, Any]] = []
    if q:
        page = ledger.search(q, kind=kind, limit=PAGE, with_text=True,
                             offset=_int(request.query_params.get("offset"), 0, "offset"))
        hits = [dict(hit.to_dict(), html=mark_words(hit.text or "", q)) for hit in page.items]
    return _render(request, "search.html", shown_docs=[h["doc_id"] for h in hits if not h.get("title")], q=q, kind=kind,
                   page=page, hits=hits, title=f"Search {q}" if q else "Search")


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request):
    f = _params(request, "q", "label", "outlet", "since", "until")
    places = request.query_params.get("places") == "1"
    page = request.app.state.ledger.entities(**f, places=places, limit=50,
                                             offset=_int(request.query_params.get("offset"), 0, "offset"))
    return _render(request, "entities.html", page=page, f=f, places=places, title="Places" if places else "Entities")


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request):
    return _render(request, "map.html", title="Map of places", **reading.ledger_map(request.app.state.ledger))


@router.get("/entities/{name}", response_class=HTMLResponse)
def entity_page(request: Request, name: str):
    ledger = request.app.state.ledger
    page = ledger.entity_mentions(name, label=request.query_params.get("label"), limit=50,
                                  offset=_int(request.query_params.get("offset"), 0, "offset"))
    claims = ledger.claims(entity=name, sort="checkworthiness", limit=20)
    claims.items = [c.to_dict() for c in claims.items]
    person = next((e for e in ledger.entities(q=name, label="PERSON", limit=MAX_LIMIT).items
                   if name.casefold() in (n.casefold() for n in person_names(e))), None)
    return _render(request, "entity.html", page=page, name=name, claims=claims, title=name, person=person)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request):
    offset = _int(request.query_params.get("offset"), 0, "offset")

    def build() -> str:
        page = Page(request.app.state.ledger.stories(limit=PAGE, offset=offset), PAGE, offset)
        return _html(request, "stories.html", page=page, title="Stories")
    return HTMLResponse(kept(request, build))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str):
    if not story_id.isdigit():
        raise QueryError(f"a story id is a whole number, not {story_id!r}")
    view = request.app.state.ledger.story_reading(int(story_id))
    story = view.pop("story").to_dict()
    conflicts = [_charted(c) for c in story["conflicts"]]
    return _render(request, "story.html", story=story, conflicts=conflicts,
                   title=story.get("title") or f"Story {story_id}", **view)


@router.get("/claim-groups", response_class=HTMLResponse)
def claim_groups_page(request: Request):
    offset = _int(request.query_params.get("offset"), 0, "offset")
    min_docs = max(1, _int(request.query_params.get("min_docs"), 2, "min_docs"))

    def build() -> str:
        page = Page(request.app.state.ledger.claim_groups(min_docs=min_docs, limit=PAGE, offset=offset), PAGE, offset)
        return _html(request, "claim_groups.html", page=page, min_docs=min_docs, title="Claim groups")
    return HTMLResponse(kept(request, build))


@router.get("/claim-groups/{group_id}", response_class=HTMLResponse)
def claim_group_page(request: Request, group_id: str):
    if not group_id.isdigit():
        raise QueryError(f"a claim group id is a whole number, not {group_id!r}")
    group = request.app.state.ledger.claim_group(int(group_id))
    members = sorted(group.members, key=lambda m: (m.get("doc_published") or "~", m.get("doc_seq") or 0, m["index"]))
    return _render(request, "claim_group.html", group=group, members=members, title=group.label)


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request):
    f = _params(request, "place", "since", "kind")
    offset = _int(request.query_params.get("offset"), 0, "offset")

    def build() -> str:
        found = request.app.state.ledger.incidents(**f, limit=offset + PAGE + 1)[offset:]
        total = offset + len(found) if len(found) <= PAGE else None
        return _html(request, "incidents.html", f=f, page=Page(found[:PAGE], PAGE, offset, total), title="Incidents")
    return HTMLResponse(kept(request, build))


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str):
    from claimledger.link.incident_reports import read_incident  # linking's modules load only when asked

    found = read_incident(request.app.state.ledger, incident_id)
    return _render(request, "incident.html", inc=found, title=found["label"])


@router.get("/conflicts", response_class=HTMLResponse)
def conflicts_page(request: Request):
    return HTMLResponse(kept(request, lambda: _conflicts_html(request)))


def _conflicts_html(request: Request) -> str:
    ledger = request.app.state.ledger
    f = _params(request, "category", "outlet", "since", "until", "entity", "place")
    figures = ledger.quantities(**f, figures_only=True, limit=CHARTED_FIGURES)
    offset = _int(request.query_params.get("offset"), 0, "offset")
    found = ledger.conflicts(entity=f["entity"], place=f["place"], category=f["category"], limit=CONFLICTS_PAGE,
                             offset=offset)
    conflicts = [_charted(c.to_dict()) for c in found]
    charts = reading.figure_charts(ledger, figures.items)
    shown = [q["doc_id"] for q in figures.items] + [g.get("doc_id") for c in conflicts for g in c["figures"]]
    return _html(request, "conflicts.html", shown_docs=[d for d in shown if d], f=f, figures=figures,
                 charts=charts, conflicts=conflicts,
                 conflicts_page=Page(found, CONFLICTS_PAGE, offset), title="Conflicts",
                 categories=FIGURE_CATEGORIES + ("other",))


def _charted(conflict: dict[str, Any]) -> dict[str, Any]:
    """A conflict with its figures chart."""
    title = conflict.get("label") or "figures by source"
    return dict(conflict, chart=figures_chart(conflict_points(conflict), title=title, lines=True))


def _number(text: str) -> float | None:
    digits = text.replace(",", "").strip()
    try:
        return float(digits)
    except ValueError:
        return None


def conflict_points(conflict: dict[str, Any]) -> list[Point]:
    """Chart points of one stored conflict: its figures by source, at their report (publication) date."""
    points = []
    for fig in conflict.get("figures") or []:
        value, low, high = fig.get("value"), fig.get("low"), fig.get("high")
        if value is None and low is None and high is None:
            value = _number(str(fig.get("text") or ""))  # a changed figure keeps only its digits
        points.append(Point(series=str(fig.get("source") or fig.get("outlet") or "(unattributed)"),
                            x=fig.get("published"), y=value, low=low, high=high,
                            label=f"{fig.get('text') or ''} — {fig.get('title') or fig.get('doc_id', '')[:10]}"))
    return points


@router.get("/docs", response_class=HTMLResponse)
def api_reference(request: Request):
    """The OpenAPI document as a plain page (works offline; the JSON is at /openapi.json)."""
    spec = request.app.openapi()
    schemas = spec.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = None
            ref = (op.get("requestBody", {}).get("content", {}).get("application/json", {})
                   .get("schema", {}).get("$ref"))
            if ref:
                body = schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
            operations.append({"method": method.upper(), "path": path, "op": op, "body": body,
                               "tag": (op.get("tags") or ["other"])[0]})
    return _render(request, "api.html", spec=spec, operations=operations, title="API")
