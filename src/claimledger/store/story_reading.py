"""A story for reading: its lead sentence, key claims, figures with their sources, members and
conflicts, composed from the ledger's typed reads (the CLI ``story`` command and the story page
both show this).
"""

from __future__ import annotations

from typing import Any, Callable, Protocol

from claimledger.store.queries import FIGURE_CATEGORIES
from claimledger.store.views import MAX_LIMIT, ClaimView, ConflictView, DocumentBundle, StoryView


class StoryLedger(Protocol):
    """The reads a story needs (``Ledger`` has them); typed here so ledger.py, which offers
    ``Ledger.story_reading``, is not imported back."""

    def bundle(self, doc_id: str) -> DocumentBundle: ...

    def story(self, story_id: int) -> StoryView: ...

    def conflicts(self, *, limit: int = 50) -> list[ConflictView]: ...

KEY_CLAIMS = 8
LEAD_KINDS = ("body", "standfirst", "quote")  # a lead sentence is reporting, not a headline


def _unit_claims(bundle: DocumentBundle, entries: set[int | None]) -> list[ClaimView]:
    """The document's claims inside the story: all of them, or those of the member live-blog entries."""
    entry_of: dict[int | None, int | None] = {s.order: s.entry for s in bundle.segments}
    return [v for v in bundle.claim_views() if None in entries or entry_of.get(v.claim.segment) in entries]


def _claim_item(view: ClaimView, bundle: DocumentBundle, member: dict[str, Any]) -> dict[str, Any]:
    figures = bundle.analysis.quantities
    kinds: dict[int | None, str] = {s.order: s.kind for s in bundle.segments}
    return {"id": view.id, "doc_id": view.doc_id, "index": view.index, "claim": view.claim, "chain": view.chain,
            "kind": kinds.get(view.claim.segment), "outlet": member.get("outlet"), "published": member.get("published"),
            "title": member.get("title"), "source": member.get("source"), "seq": member.get("seq") or 0,
            "figures": [figures[q] for q in view.claim.quantities if q < len(figures)]}


def story_claims(ledger: StoryLedger, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


def story_conflicts(ledger: StoryLedger, story: StoryView) -> list[ConflictView]:
    """The story's conflicts and those whose figures come from its documents (a figure a copy
    changed belongs to no one story; looked for among the ``MAX_LIMIT`` widest), the most sources first."""
    docs = {m["doc_id"] for m in story.members}
    found = {c.id: c for c in story.conflicts}
    for c in ledger.conflicts(limit=MAX_LIMIT):
        if c.id not in found and docs & {f.get("doc_id") for f in c.figures}:
            found[c.id] = c
    return sorted(found.values(), key=lambda c: (-c.n_sources, -c.n_figures, c.id))


def story_reading(ledger: StoryLedger, story_id: int) -> dict[str, Any]:
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
