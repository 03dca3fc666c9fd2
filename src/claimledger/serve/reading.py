"""What the API routes and the pages show, composed from the ledger's typed reads: a
document laid out for reading, a claim's provenance, and the figures chart data.

Nothing here reads rows: every fact comes from a ``Ledger`` view, so a claim's source
chain on its page is the one the claims list and ``trace`` give.
"""

from __future__ import annotations

from typing import Any, Callable

from claimledger.records import ARTICLE_KINDS, CREDIT_KINDS, Segment, SourceRef
from claimledger.serve.chart import Point
from claimledger.serve.highlight import analysis_spans, render_spans
from claimledger.store import (
    FIGURE_CATEGORIES,
    MAX_LIMIT,
    ClaimView,
    ConflictView,
    DocumentBundle,
    Ledger,
    LedgerError,
    StoryView,
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


# --- the story page -----------------------------------------------------------------------
KEY_CLAIMS = 8
LEAD_KINDS = ("body", "standfirst", "quote")  # a lead sentence is reporting, not a headline


def _unit_claims(bundle: DocumentBundle, entries: set[int | None]) -> list[ClaimView]:
    """The document's claims inside the story: all of them, or those of the member live-blog entries."""
    entry_of = {s.order: s.entry for s in bundle.segments}
    return [v for v in bundle.claim_views() if None in entries or entry_of.get(v.claim.segment) in entries]


def _claim_item(view: ClaimView, bundle: DocumentBundle, member: dict[str, Any]) -> dict[str, Any]:
    figures = bundle.analysis.quantities
    kinds = {s.order: s.kind for s in bundle.segments}
    return {"id": view.id, "doc_id": view.doc_id, "index": view.index, "claim": view.claim, "chain": view.chain,
            "kind": kinds.get(view.claim.segment), "outlet": member.get("outlet"), "published": member.get("published"),
            "title": member.get("title"), "source": member.get("source"), "seq": member.get("seq") or 0,
            "figures": [figures[q] for q in view.claim.quantities if q < len(figures)]}


def story_claims(ledger: Ledger, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every claim of the story's units (whole documents or their member entries), in story order."""
    entries: dict[str, set[int | None]] = {}
    for m in members:
        entries.setdefault(m["doc_id"], set()).add(m.get("entry"))
    first = {m["doc_id"]: m for m in reversed(members)}
    items: list[dict[str, Any]] = []
    for doc_id, wanted in entries.items():
        bundle = ledger.bundle(doc_id)
        items += [_claim_item(v, bundle, first[doc_id]) for v in _unit_claims(bundle, wanted)]
    return sorted(items, key=lambda c: (c["seq"], c["claim"].start))


MAX_FIGURES = 30


def _distinct(items: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any],
              doc_of: Callable[[dict[str, Any]], dict[str, Any]] = lambda item: item) -> list[dict[str, Any]]:
    """The first of the items sharing a ``key`` (a claim a copy repeats), with the other
    documents that carry it under "also" (``{doc_id, title, outlet, source}`` each)."""
    first: dict[Any, dict[str, Any]] = {}
    for item in items:
        held = first.get(key(item))
        if held is None:
            first[key(item)] = dict(item, also=[])
            continue
        doc = doc_of(item)
        seen = {doc_of(held)["doc_id"], *(a["doc_id"] for a in held["also"])}
        if doc["doc_id"] not in seen:
            held["also"].append({k: doc.get(k) for k in ("doc_id", "title", "outlet", "source")})
    return list(first.values())


def _story_figures(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tolls and counts the story's claims give, each with who gives it and where (once per
    source and wording: a copy's repeat goes under "also")."""
    figures = [{"figure": q, "claim": c} for c in claims for q in c["figures"]
               if q.category in FIGURE_CATEGORIES or q.measure not in ("other", None)]
    return _distinct(figures, lambda f: (f["figure"].text, f["claim"]["claim"].text),
                     lambda f: f["claim"])[:MAX_FIGURES]


def story_conflicts(ledger: Ledger, story: StoryView) -> list[ConflictView]:
    """The story's conflicts and those whose figures come from its documents (a figure a copy
    changed belongs to no one story; looked for among the ``MAX_LIMIT`` widest), the most sources first."""
    docs = {m["doc_id"] for m in story.members}
    found = {c.id: c for c in story.conflicts}
    for c in ledger.conflicts(limit=MAX_LIMIT):
        if c.id not in found and docs & {f.get("doc_id") for f in c.figures}:
            found[c.id] = c
    return sorted(found.values(), key=lambda c: (-c.n_sources, -c.n_figures, c.id))


def story_reading(ledger: Ledger, story_id: int) -> dict[str, Any]:
    """A story for reading: its lead sentence, key claims (most check-worthy first), the figures
    with their sources, the members in order, copies and conflicts."""
    story = ledger.story(story_id)
    claims = story_claims(ledger, story.members)
    lead = next((c for c in claims if c["kind"] in LEAD_KINDS), claims[0] if claims else None)
    key = sorted(_distinct(claims, lambda c: " ".join(c["claim"].text.split())),
                 key=lambda c: (-(c["claim"].checkworthiness or 0.0), c["seq"], c["claim"].start))
    story.conflicts = story_conflicts(ledger, story)
    return {"story": story, "lead": lead, "key_claims": key[:KEY_CLAIMS], "n_claims": len(claims),
            "figures": _story_figures(claims)}


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
    steps.append({"role": "published by", "text": doc.outlet or doc.title or doc.id, "as_written": None,
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


# --- figures for the chart ----------------------------------------------------------------
def figure_points(items: list[dict[str, Any]]) -> list[Point]:
    """Chart points from ``Ledger.quantities`` items: one per figure, coloured by its source."""
    points = []
    for q in items:
        series = q.get("source") or (f"{q['outlet']} (outlet)" if q.get("outlet") else "(unattributed)")
        what = " ".join(x for x in (q.get("text") or "", q.get("counted") or "") if x)
        label = f"{what} [{q.get('category')}] — {q.get('title') or q['doc_id'][:10]}"
        points.append(Point(series=series, x=q.get("time") or q.get("published"), y=q.get("value"),
                            low=q.get("low"), high=q.get("high"), label=label))
    return points
