"""The in-memory linker: one document in, its copies, story units and claim groups out.

``Linker`` holds the three incremental indexes (duplicates, stories, claim groups) and
knows nothing of the database; ``claimledger.link.link_documents`` loads it from a
ledger, feeds it the new documents and stores what it returns.  Benchmarks and other
callers can use it directly on cleaned documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimledger.link.claim_groups import ClaimGrouper, ClaimItem, Membership
from claimledger.link.duplicates import DocLink, DuplicateIndex, Sketch, make_sketch
from claimledger.link.stories import Assignment, StoryIndex
from claimledger.link.units import Unit, build_units, paragraphs, unit_id
from claimledger.records import Analysis, Document, Segment


@dataclass
class LinkStep:
    doc_id: str
    sketch: Sketch
    links: list[DocLink] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)


class Linker:
    def __init__(self, duplicates: DuplicateIndex | None = None, stories: StoryIndex | None = None,
                 claims: ClaimGrouper | None = None):
        self.duplicates = duplicates or DuplicateIndex()
        self.stories = stories or StoryIndex()
        self.claims = claims or ClaimGrouper()

    def _hint(self, unit: Unit, links: list[DocLink]) -> tuple[int | None, dict]:
        """The story of the document this unit copies (same entry), if any."""
        for link in sorted(links, key=lambda l: -l.score):
            other = link.src if link.dst == unit.doc_id else link.dst
            sid = self.stories.unit_story.get(unit_id(other, unit.entry))
            if sid is None and unit.entry is None:
                sid = self.stories.unit_story.get(other)
            if sid is not None:
                return sid, {"copy_of": other, "copy_kind": link.kind, "copy_score": link.score}
        return None, {}

    def add(self, doc: Document, segments: list[Segment], seq: int, analysis: Analysis | None = None) -> LinkStep:
        sketch = make_sketch(doc.id, seq, doc.published, paragraphs(doc, segments))
        step = LinkStep(doc_id=doc.id, sketch=sketch)
        step.links = self.duplicates.add(sketch)
        step.units = build_units(doc, segments, seq, analysis)
        for unit in step.units:
            hint, reason = self._hint(unit, step.links)
            step.assignments.append(self.stories.add(unit, hint=hint, hint_reason=reason))
        step.memberships = self.add_claims(doc, seq, analysis)
        return step

    def add_claims(self, doc: Document, seq: int, analysis: Analysis | None) -> list[Membership]:
        """Put a document's claims in claim groups."""
        out: list[Membership] = []
        if analysis is not None:
            for i, claim in enumerate(analysis.claims):
                att = None
                if claim.attribution is not None and 0 <= claim.attribution < len(analysis.attributions):
                    att = analysis.attributions[claim.attribution]
                item = ClaimItem(
                    claim_id=f"{doc.id}:{i}", doc_id=doc.id, index=i, claim=claim, published=doc.published, seq=seq,
                    attribution=att,
                    quantities=[analysis.quantities[q] for q in claim.quantities if 0 <= q < len(analysis.quantities)],
                    mentions=[analysis.mentions[m] for m in claim.mentions if 0 <= m < len(analysis.mentions)],
                )
                out.append(self.claims.add(item))
        return out
