"""schema.org ClaimReview as JSON-LD: one review per claim group, or per claim where the
ledger has no groups (it was never linked).

claimledger does not rule on truth: the "rating" is what the ledger knows — how sure
the text is (asserted, reported, hedged, contested, denied) and who says it — so
``reviewRating`` carries only an ``alternateName`` saying so, never a verdict score.
Appearances are the documents that carry the claim, earliest first (publication date
where the full date is known; the undated after them by claim id, never by ingest order).
"""

from __future__ import annotations

import json
from typing import IO, Any, Iterator

from claimledger.records import Analysis, Document
from claimledger.store import DocumentBundle, Ledger

CONTEXT = "https://schema.org"
REVIEWER = {"@type": "Organization", "name": "claimledger (automatic claim extraction, not a fact-check)"}
RATINGS = {
    "asserted": "Stated by the publisher; not verified",
    "reported": "Attributed to a source; not verified",
    "hedged": "Hedged or unconfirmed in the text; not verified",
    "contested": "Contested in the text; not verified",
    "denied": "Denied in the text",
}


class _Docs:
    """Documents and analyses read once each while reviews are built."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self.cache: dict[str, tuple[Document, Analysis, int]] = {}
        self.order = {row["id"]: n for n, row in enumerate(ledger.documents())}  # ingest order

    def get(self, doc_id: str) -> tuple[Document, Analysis, int]:
        if doc_id not in self.cache:
            if len(self.cache) > 256:
                self.cache.clear()
            bundle = self.ledger.bundle(doc_id)
            self.cache[doc_id] = (bundle.document, bundle.analysis, self.order.get(doc_id, 0))
        return self.cache[doc_id]


def _full_date(value: str | None) -> str | None:
    return value if value and "X" not in value else None


def _source(doc: Document, analysis: Analysis, claim_index: int) -> tuple[dict[str, Any], list[str]]:
    """The claim's author and intermediaries, named by its source chain (the outlet when unattributed)."""
    view = DocumentBundle(doc, [], analysis).claim_views()[claim_index]
    if view.attribution is not None:
        kind = "Person" if view.attribution.source.kind == "person" else "Organization"
        return {"@type": kind, "name": view.chain[0]}, view.chain[1:]
    return {"@type": "Organization", "name": doc.outlet or doc.title or doc.id}, []


def _appearance(doc: Document) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "NewsArticle", "identifier": doc.id}
    for key, value in (("headline", doc.title), ("url", doc.url), ("datePublished", _full_date(doc.published))):
        if value:
            item[key] = value
    if doc.outlet:
        item["publisher"] = {"@type": "Organization", "name": doc.outlet}
    return item


def _review(docs: _Docs, claim_ids: list[str], *, rid: str, label: str | None = None,
            stances: dict[str, str] | None = None) -> dict[str, Any]:
    members = []
    for claim_id in claim_ids:
        doc_id, _, index = claim_id.rpartition(":")
        doc, analysis, seq = docs.get(doc_id)
        if int(index) < len(analysis.claims):
            members.append((_full_date(doc.published) or "9999", seq, claim_id, doc, analysis, int(index)))
    members.sort(key=lambda m: (m[0], m[2]))  # date, then content: undated reports have no known order
    _, _, first_id, doc, analysis, index = members[0]
    claim = analysis.claims[index]
    author, via = _source(doc, analysis, index)
    levels = sorted({m[4].claims[m[5]].certainty for m in members})
    body = f"Claimed by {author['name']}" + (f", reported via {' ← '.join(via)}" if via else "") + \
        f"; certainty: {', '.join(levels)}"
    cues = [c.text for c in claim.cues if c.text]
    if cues:
        body += f" (cues: {', '.join(cues)})"
    if stances:
        counts: dict[str, int] = {}
        for stance in stances.values():
            counts[stance] = counts.get(stance, 0) + 1
        body += "; stances across sources: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    appearances = []
    for m in members:
        if not any(a["identifier"] == m[3].id for a in appearances):
            appearances.append(_appearance(m[3]))
    item_reviewed: dict[str, Any] = {"@type": "Claim", "author": author, "appearance": appearances,
                                     "firstAppearance": appearances[0]}
    if _full_date(doc.published):
        item_reviewed["datePublished"] = _full_date(doc.published)
    level = claim.certainty if len(levels) == 1 else "contested" if "denied" in levels else claim.certainty
    return {
        "@type": "ClaimReview",
        "@id": f"urn:claimledger:{rid}",
        "claimReviewed": label or claim.text,
        "itemReviewed": item_reviewed,
        "author": REVIEWER,
        "reviewRating": {"@type": "Rating", "alternateName": RATINGS.get(level, level)},
        "reviewBody": body,
        "identifier": [m[2] for m in members],
    }


def _groups(ledger: Ledger) -> Iterator[tuple[dict[str, Any], list[tuple[str, str]]]]:
    """(group, [(claim id, stance)]) for every stored claim group, widest first."""
    from claimledger.store import links

    groups = links.claim_groups(ledger, min_docs=1, limit=None)
    for start in range(0, len(groups), 500):
        chunk = groups[start:start + 500]
        members = links.group_members_raw(ledger, [g["id"] for g in chunk])
        for group in chunk:
            rows = sorted(members.get(group["id"], []), key=lambda r: (r.doc_id, r.idx))
            yield group, [(f"{r.doc_id}:{r.idx}", r.stance) for r in rows]


def claim_reviews(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """ClaimReview objects: per claim group when the ledger is linked, else per claim."""
    docs = _Docs(ledger)
    linked = False
    for group, members in _groups(ledger):
        linked = True
        if members:
            yield _review(docs, [m for m, _ in members], rid=f"claim-group:{group['id']}", label=group.get("label"),
                          stances=dict(members))
    if linked:
        return
    for doc_id in docs.order:
        _, analysis, _ = docs.get(doc_id)
        for index in range(len(analysis.claims)):
            yield _review(docs, [f"{doc_id}:{index}"], rid=f"claim:{doc_id}:{index}")


def write_claimreview(ledger: Ledger, out: IO[str]) -> int:
    """One JSON-LD document (``@context`` + ``@graph`` of ClaimReview); returns the review count."""
    count = 0
    out.write('{"@context": "%s", "@graph": [' % CONTEXT)
    for count, review in enumerate(claim_reviews(ledger), start=1):
        out.write(("\n" if count == 1 else ",\n") + json.dumps(review, ensure_ascii=False))
    out.write("\n]}\n")
    return count


__all__ = ["claim_reviews", "write_claimreview"]
