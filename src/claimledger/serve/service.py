"""What the API routes and the pages share: a document laid out for reading, a claim's
provenance, the figures chart data, and ingest of one posted document."""

from __future__ import annotations

from claimledger.errors import ClaimledgerError

import importlib.util
from typing import Any

from claimledger.ingest import DEFAULT_MAX_BYTES, IngestOptions, IngestReport, ingest, ingest_document
from claimledger.ingest.pipeline import API_SOURCE
from claimledger.records import Analysis, Segment
from claimledger.serve import linkdata
from claimledger.serve.chart import Point
from claimledger.serve.highlight import analysis_spans, render_spans
from claimledger.serve.loader import load_document
from claimledger.serve.queries import get_claim
from claimledger.store import Ledger

ARTICLE_KINDS = ("headline", "entry_headline", "body", "quote", "standfirst", "subheading")


class IngestRejected(ClaimledgerError, ValueError):
    """The posted document could not be ingested (the message says why)."""


def analysis_available() -> bool:
    """Whether the analyze stage is installed in this build."""
    try:
        return importlib.util.find_spec("claimledger.analyze.pipeline") is not None
    except ImportError:
        return False


# --- the document page --------------------------------------------------------------------
def document_view(ledger: Ledger, doc_id: str) -> dict[str, Any]:
    """A document laid out for the page: article parts highlighted, furniture and comments apart."""
    doc, segments, analysis = load_document(ledger, doc_id)
    spans = analysis_spans(analysis)
    article, furniture, comments = [], [], []
    depth: dict[int, int] = {}
    toxicity = (analysis.assessments or {}).get("comments", {}) or {}
    for seg in segments:
        html = render_spans(doc.text, seg.start, seg.end, spans if seg.kind in ARTICLE_KINDS else [])
        item = {"segment": seg, "html": html}
        if seg.kind == "furniture":
            furniture.append(item)
        elif seg.kind == "comment":
            depth[seg.order] = depth.get(seg.parent, -1) + 1 if seg.parent is not None else 0
            score = toxicity.get(str(seg.order)) or toxicity.get(seg.order)
            comments.append(dict(item, depth=min(depth[seg.order], 6), toxicity=score))
        elif seg.kind not in ("byline", "dateline"):
            article.append(item)
    return {
        "doc": doc, "segments": segments, "analysis": analysis, "article": article, "furniture": furniture,
        "comments": comments, "claims": claim_rows(doc.id, analysis), "overstatement": _overstatement(analysis),
        "stories": linkdata.stories_of_document(ledger, doc.id), "copies": linkdata.copies_of_document(ledger, doc.id),
    }


def claim_rows(doc_id: str, analysis: Analysis) -> list[dict[str, Any]]:
    """The document's claims, most check-worthy first, each with its source chain."""
    rows = []
    for i, claim in enumerate(analysis.claims):
        chain: list[str] = []
        if claim.attribution is not None and claim.attribution < len(analysis.attributions):
            att = analysis.attributions[claim.attribution]
            chain = [ref.resolved or ref.text for ref in [att.source, *att.via]]
        rows.append({"id": f"{doc_id}:{i}", "index": i, "claim": claim, "chain": chain,
                     "figures": [analysis.quantities[q] for q in claim.quantities if q < len(analysis.quantities)]})
    return sorted(rows, key=lambda r: (-(r["claim"].checkworthiness or 0.0), r["claim"].start))


def _overstatement(analysis: Analysis) -> dict[str, Any] | None:
    over = (analysis.assessments or {}).get("overstatement")
    return over if isinstance(over, dict) and over.get("flag") else None


# --- provenance ---------------------------------------------------------------------------
def _segment_of(segments: list[Segment], start: int, end: int) -> Segment | None:
    holding = [s for s in segments if s.start <= start and s.end >= end]
    return min(holding, key=lambda s: s.end - s.start) if holding else None


def provenance(ledger: Ledger, claim_id: str) -> dict[str, Any]:
    """Where a claim comes from: its words in context, who said it through whom, which
    document (and input) carried it, and — once linked — the group and earlier copies."""
    claim = get_claim(ledger, claim_id)
    doc, segments, analysis = load_document(ledger, claim["doc_id"])
    start, end = claim["start"], claim["end"]
    seg = _segment_of(segments, start, end)
    lo, hi = (seg.start, seg.end) if seg else (max(0, start - 300), min(len(doc.text), end + 300))
    chain: list[dict[str, Any]] = []
    att = claim.get("attribution_record")
    if att:
        chain.append({"role": "said by", **att["source"]})
        chain.extend({"role": "reported by", **v} for v in att.get("via", []))
    chain.append({"role": "published by", "text": doc.outlet or doc.title or doc.id, "kind": "outlet",
                  "start": None, "end": None})
    mentions = [analysis.mentions[i].to_dict() for i in claim.get("mentions", []) if i < len(analysis.mentions)]
    return {
        "claim": claim,
        "document": {k: v for k, v in doc.to_dict().items() if k != "text"},
        "chain": chain,
        "attribution": None if not att else {
            "cue": att["cue"], "kind": att["kind"],
            "content": doc.text[att["content_start"]:att["content_end"]],
            "content_start": att["content_start"], "content_end": att["content_end"]},
        "context": {"before": doc.text[lo:start], "text": doc.text[start:end], "after": doc.text[end:hi],
                    "segment": seg.to_dict() if seg else None},
        "certainty": {"level": claim.get("certainty"), "cues": claim.get("cues", [])},
        "figures": [analysis.quantities[i].to_dict() for i in claim.get("quantities", [])
                    if i < len(analysis.quantities)],
        "times": [analysis.times[i].to_dict() for i in claim.get("times", []) if i < len(analysis.times)],
        "mentions": mentions,
        "trace": linkdata.trace_of_claim(ledger, claim["id"]),
        "copies": linkdata.copies_of_document(ledger, doc.id),
    }


# --- figures for the chart ----------------------------------------------------------------
def figure_points(items: list[dict[str, Any]]) -> list[Point]:
    """Chart points from ``list_quantities`` items: one per figure, coloured by its source."""
    points = []
    for q in items:
        series = q.get("source") or (f"{q['outlet']} (outlet)" if q.get("outlet") else "(unattributed)")
        what = " ".join(x for x in (q.get("text") or "", q.get("counted") or "") if x)
        label = f"{what} [{q.get('category')}] — {q.get('title') or q['doc_id'][:10]}"
        points.append(Point(series=series, x=q.get("time") or q.get("published"), y=q.get("value"),
                            low=q.get("low"), high=q.get("high"), label=label))
    return points


# --- ingest of one posted document ----------------------------------------------------------
def ingest_posted(ledger: Ledger, *, text: str | None = None, html: str | None = None, url: str | None = None,
                  title: str | None = None, published: str | None = None, outlet: str | None = None,
                  year: int | None = None, analyze: bool | None = None, link: bool = True,
                  allow_private: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Ingest posted text or HTML (``url`` then only names it), or fetch ``url``; then link.

    The library's one pipeline (``ingest`` / ``ingest_document``: clean, analyse, assess,
    store with the input's key, link).  Returns ``{"status": "added" | "duplicate", "id": ...,
    "source": ...}``; raises ``IngestRejected`` with the reason.
    """
    if analyze is None:
        analyze = analysis_available()
    elif analyze and not analysis_available():
        raise IngestRejected("analysis was asked for but the analyze stage is not installed")
    options = IngestOptions(analyze=analyze, link=link, year=year, allow_private=allow_private, max_bytes=max_bytes)
    bodies = [b for b in (text, html) if b is not None]
    if len(bodies) > 1:
        raise IngestRejected("send either text or html, not both")
    if bodies:
        _check_body(bodies[0], max_bytes)
        fields = {"url": url, "title": title, "published": published, "outlet": outlet}
        report = ingest_document(ledger, bodies[0], kind="html" if html is not None else "text",
                                 fields={k: v for k, v in fields.items() if v}, options=options)
    elif url:
        report = ingest([url], ledger, options)
    else:
        raise IngestRejected("send text, html, or a url to fetch")
    return _posted_result(report, url or API_SOURCE, fetched=not bodies)


def _check_body(body: str, max_bytes: int) -> None:
    if not body.strip():
        raise IngestRejected("the document is empty")
    if len(body.encode("utf-8", "surrogatepass")) > max_bytes:
        raise IngestRejected(f"too large: over the {max_bytes / 2**20:.0f} MiB limit")


def _posted_result(report: IngestReport, source: str, *, fetched: bool) -> dict[str, Any]:
    """The API's answer for a one-document ingest report."""
    if report.added:
        return {"status": "added", "id": report.added[0], "source": source}
    if report.duplicates:
        return {"status": "duplicate", "id": report.duplicate_ids[0] if report.duplicate_ids else None,
                "source": source}
    reason = report.failures[0].reason if report.failures else "nothing could be read from it"
    raise IngestRejected(f"{source}: {reason}" if fetched else reason)
