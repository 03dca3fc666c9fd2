"""What the API routes and the pages show, composed from the ledger's typed reads: a
document laid out for reading, a claim's provenance, and the figures chart data.

Nothing here reads rows: every fact comes from a ``Ledger`` view, so a claim's source
chain on its page is the one the claims list and ``trace`` give.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from claimledger.records import ARTICLE_KINDS, CREDIT_KINDS, Segment, SourceRef
from claimledger.serve.chart import Point, figures_chart, readable_dates
from claimledger.serve.highlight import analysis_spans, render_spans
from claimledger.serve.worldmap import Place, claims_href, places_map
from claimledger.store import (
    ClaimView,
    DocumentBundle,
    Ledger,
    LedgerError,
    source_name,
)


# --- the document page --------------------------------------------------------------------
def _laid_out(bundle: DocumentBundle) -> tuple[list[dict], list[dict], list[dict]]:
    """(article, furniture, comments) items, each with its segment and highlighted HTML."""
    doc, analysis = bundle.document, bundle.analysis
    spans = analysis_spans(analysis)
    article: list[dict] = []
    furniture: list[dict] = []
    comments: list[dict] = []
    depth: dict[int, int] = {}
    toxicity = (analysis.assessments or {}).get("comments", {}) or {}
    for seg in bundle.segments:
        item = {"segment": seg, "html": render_spans(doc.text, seg.start, seg.end,
                                                     spans if seg.kind in ARTICLE_KINDS else [])}
        if seg.kind == "furniture":
            furniture.append(item)
        elif seg.kind == "comment":
            depth[seg.order] = depth.get(seg.parent, -1) + 1 if seg.parent is not None else 0
            score = toxicity.get(str(seg.order)) or toxicity.get(seg.order)
            comments.append(dict(item, depth=min(depth[seg.order], 6), toxicity=score))
        elif seg.kind not in CREDIT_KINDS:
            article.append(item)
    return article, furniture, comments


def document_view(ledger: Ledger, doc_id: str) -> dict[str, Any]:
    """A document laid out for the page: article parts highlighted, furniture and comments apart."""
    bundle = ledger.bundle(doc_id)
    article, furniture, comments = _laid_out(bundle)
    doc_id = bundle.document.id
    return {
        "doc": bundle.document, "segments": bundle.segments, "analysis": bundle.analysis, "article": article,
        "furniture": furniture, "comments": comments, "claims": claim_rows(bundle),
        "overstatement": _overstatement(bundle), "stories": ledger.document_stories(doc_id),
        "copies": ledger.document_copies(doc_id),
    }


def claim_rows(bundle: DocumentBundle) -> list[dict[str, Any]]:
    """The document's claims, most check-worthy first, each with its source chain and figures."""
    figures = bundle.analysis.quantities
    rows = [{"id": v.id, "index": v.index, "claim": v.claim, "chain": v.chain,
             "figures": [figures[q] for q in v.claim.quantities if q < len(figures)]}
            for v in bundle.claim_views()]
    return sorted(rows, key=lambda r: (-(r["claim"].checkworthiness or 0.0), r["claim"].start))


def _overstatement(bundle: DocumentBundle) -> dict[str, Any] | None:
    over = (bundle.analysis.assessments or {}).get("overstatement")
    return over if isinstance(over, dict) and over.get("flag") else None


# --- provenance ---------------------------------------------------------------------------
def _segment_of(segments: list[Segment], start: int, end: int) -> Segment | None:
    holding = [s for s in segments if s.start <= start and s.end >= end]
    return min(holding, key=lambda s: s.end - s.start) if holding else None


def _step(role: str, ref: SourceRef) -> dict[str, Any]:
    """One link of the chain, named as the claims list names it (``SourceRef.name``)."""
    return {"role": role, "text": ref.name, "as_written": ref.text, "kind": ref.kind, "start": ref.start,
            "end": ref.end}


def provenance_chain(view: ClaimView, bundle: DocumentBundle) -> list[dict[str, Any]]:
    """Who says it, through whom, and who published it: the claim's ``chain`` plus the outlet."""
    steps = []
    if view.attribution is not None:
        steps.append(_step("said by", view.attribution.source))
        steps += [_step("reported by", ref) for ref in view.attribution.via]
    doc = bundle.document
    steps.append({"role": "published by", "text": source_name(doc.outlet, doc.url, doc.source) or doc.title or doc.id,
                  "as_written": None,
                  "kind": "outlet", "start": None, "end": None})
    return steps


def _context(view: ClaimView, bundle: DocumentBundle) -> dict[str, Any]:
    text, start, end = bundle.document.text, view.claim.start, view.claim.end
    seg = _segment_of(bundle.segments, start, end)
    lo, hi = (seg.start, seg.end) if seg else (max(0, start - 300), min(len(text), end + 300))
    return {"before": text[lo:start], "text": text[start:end], "after": text[end:hi],
            "segment": seg.to_dict() if seg else None}


def _records(records: list[Any], indexes: list[int]) -> list[dict[str, Any]]:
    return [records[i].to_dict() for i in indexes if i < len(records)]


def _trace(ledger: Ledger, claim_id: str) -> dict[str, Any] | None:
    """The claim's provenance over its claim group, or None when the claim is not linked."""
    from claimledger.link.provenance import trace

    try:
        return trace(ledger, claim_id).to_dict()
    except LedgerError:
        return None


def provenance(ledger: Ledger, claim_id: str) -> dict[str, Any]:
    """Where a claim comes from: its words in context, who said it through whom, which
    document (and input) carried it, and — once linked — the group and earlier copies."""
    view = ledger.claim(claim_id)
    bundle = ledger.bundle(view.doc_id)
    att, analysis = view.attribution, bundle.analysis
    return {
        "claim": view.to_dict(),
        "document": {k: v for k, v in bundle.document.to_dict().items() if k != "text"},
        "chain": provenance_chain(view, bundle),
        "attribution": None if att is None else {
            "cue": att.cue, "kind": att.kind, "content": bundle.document.text[att.content_start:att.content_end],
            "content_start": att.content_start, "content_end": att.content_end},
        "context": _context(view, bundle),
        "certainty": {"level": view.claim.certainty, "cues": [cue.to_dict() for cue in view.claim.cues]},
        "figures": _records(analysis.quantities, view.claim.quantities),
        "times": _records(analysis.times, view.claim.times),
        "mentions": _records(analysis.mentions, view.claim.mentions),
        "trace": _trace(ledger, view.id),
        "copies": [c.to_dict() for c in ledger.document_copies(view.doc_id)],
    }


# --- figures for the charts ---------------------------------------------------------------
def _series(q: dict[str, Any]) -> str:
    return q.get("source") or (f"{q['outlet']} (outlet)" if q.get("outlet") else "(unattributed)")


def figure_points(items: list[dict[str, Any]]) -> list[Point]:
    """Chart points from ``Ledger.quantities`` items: one per figure, coloured by its source and
    placed at its report date (the publication date; never the "since" date in its sentence)."""
    points = []
    for q in items:
        what = " ".join(x for x in (q.get("text") or "", q.get("counted") or "") if x)
        label = f"{what} [{q.get('category') or q.get('measure')}] — {q.get('title') or q['doc_id'][:10]}"
        points.append(Point(series=_series(q), x=q.get("published"), y=q.get("value"),
                            low=q.get("low"), high=q.get("high"), label=label))
    return points


OUTSIDE = "figures in no incident"


def figure_charts(ledger: Ledger, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures of the conflicts page drawn per incident (the most figures first), each as
    ``{incident, label, n, chart}``; the figures no incident holds come last, drawn together."""
    held = ledger.figure_incidents({q["doc_id"] for q in items}) if items else {}
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for q in items:
        groups.setdefault(held.get((q["doc_id"], q.get("start", -1))), []).append(q)
    labels = {k: readable_dates(v) for k, v in ledger.incident_labels(k for k in groups if k).items()}
    order = sorted(groups, key=lambda k: (k is None, -len(groups[k]), k or ""))
    return [{"incident": k, "label": labels.get(k, k) if k else OUTSIDE, "n": len(groups[k]),
             "chart": figures_chart(figure_points(groups[k]), title=labels.get(k, k) if k else OUTSIDE)}
            for k in order]


def incident_points(figures: list[dict[str, Any]]) -> list[Point]:
    """Chart points of an incident's figures (``Ledger.incident``): by source, at the report date."""
    return [Point(series=f.get("source") or "(unattributed)", x=f.get("published"), y=f.get("value"),
                  low=f.get("low"), high=f.get("high"),
                  label=f"{f.get('text') or ''} {f.get('counted') or ''} — {f.get('title') or f.get('doc_id', '')[:10]}")
            for f in figures if f.get("polarity") != "negated"]


def incident_charts(incident: dict[str, Any]) -> list[dict[str, Any]]:
    """One chart per measure of an incident (``{measure, n, chart}``), the most figures first:
    each source's figures over time, joined by a line where a source gives one a date."""
    by_measure: dict[str, list[dict[str, Any]]] = {}
    for f in incident.get("figures") or []:
        by_measure.setdefault(str(f.get("measure") or "other"), []).append(f)
    if len(by_measure) > 1:
        by_measure.pop("other", None)  # counts of anything else would crowd the tolls
    charts = []
    for measure, figures in sorted(by_measure.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        title = f"{measure.replace('_', ' ')} — {readable_dates(incident.get('label') or '')}"
        chart = figures_chart(incident_points(figures), title=title, lines=True)
        if chart:
            charts.append({"measure": measure.replace("_", " "), "n": len(figures), "chart": chart})
    return charts



# --- maps ---------------------------------------------------------------------------------
def ledger_map(ledger: Ledger) -> dict[str, Any]:
    """The places map: every geocoded place named in a claim, sized by how many claims name it."""
    points = ledger.place_points()
    svg = places_map([Place(p["name"], p["lat"], p["lon"], p["claims"], claims_href(p["name"])) for p in points])
    return {"points": points, "map": svg}


def incident_map(incident: dict[str, Any]) -> Markup:
    """The incident's places on the small map, sized by how many of its claims with a figure name them."""
    places = []
    for p in incident.get("places") or []:
        if p.get("lat") is None or p.get("lon") is None:
            continue
        claims = {f.get("claim_id") for f in incident.get("figures") or [] if p.get("name") in (f.get("places") or [])}
        places.append(Place(p["name"], float(p["lat"]), float(p["lon"]), len(claims - {None}) or 1,
                            claims_href(p["name"])))
    return places_map(places, title=f"where: {incident.get('label') or ''}", width=480)
