"""The in-memory linker: one document in, its copies, story units and claim groups out.

``Linker`` holds the three incremental indexes (duplicates, stories, claim groups) and
knows nothing of the database.  ``add`` links documents one by one; ``finalize`` then
names the stories and claim groups (connected components, so the same whatever order
the documents came in); ``claimledger.link.link_documents`` loads it from a
ledger, feeds it the new documents and stores what it returns.  Benchmarks and other
callers can use it directly on cleaned documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimledger.link.claim_groups import ClaimGrouper, GroupRow, Membership, Restanced
from claimledger.link.duplicates import DocLink, DuplicateIndex, Sketch
from claimledger.link.prepare import Prepared, claim_items, prepare
from claimledger.link.stories import Assignment, StoryIndex, StoryRow, UnitVector
from claimledger.link.units import unit_id
from claimledger.records import Analysis, Document, Segment


@dataclass
class LinkStep:
    doc_id: str
    sketch: Sketch
    links: list[DocLink] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    stored_json: dict[str, str] = field(default_factory=dict)  # ``Prepared.stored_json``


@dataclass
class Settled:
    """What a run changed: stories and groups to store, stored members that moved, ids merged away."""

    stories: list[StoryRow] = field(default_factory=list)
    moved_units: dict[str, int] = field(default_factory=dict)  # unit id -> story id
    dropped_stories: list[int] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)
    changed_claims: list[Restanced] = field(default_factory=list)  # stored (claim, group, stance, evidence patch)
    dropped_groups: list[int] = field(default_factory=list)


class Linker:
    def __init__(self, duplicates: DuplicateIndex | None = None, stories: StoryIndex | None = None,
                 claims: ClaimGrouper | None = None):
        # "is None", not "or": an empty index is falsy (``__len__``) yet carries its shingle loader
        self.duplicates = duplicates if duplicates is not None else DuplicateIndex()
        self.stories = stories if stories is not None else StoryIndex()
        self.claims = claims if claims is not None else ClaimGrouper()

    @staticmethod
    def _copies(unit: UnitVector, links: list[DocLink]) -> tuple[list[str], dict]:
        """The same unit (same entry) of the documents this one copies or is copied by."""
        others = sorted({link.src if link.dst == unit.doc_id else link.dst for link in links})
        best = max(links, key=lambda l: (l.score, l.src, l.dst), default=None)
        reason = {"copy_kind": best.kind, "copy_score": best.score} if best else {}
        return [unit_id(o, unit.entry) for o in others], reason

    def add(self, doc: Document, segments: list[Segment], seq: int, analysis: Analysis | None = None) -> LinkStep:
        """Link one document; its story and claim-group ids are set by ``finalize``."""
        return self.add_prepared(prepare(doc, segments, seq, analysis))

    def add_prepared(self, doc: Prepared) -> LinkStep:
        """``add`` for a document already prepared (``claimledger.link.prepare``): index look-ups only."""
        step = LinkStep(doc_id=doc.doc_id, sketch=doc.sketch, stored_json=doc.stored_json)
        step.links = self.duplicates.add(doc.sketch)
        for unit in doc.units:
            copies, reason = self._copies(unit, step.links)
            step.assignments.append(self.stories.add_vector(unit, copies, reason))
        step.memberships = self.claims.add_vectors(doc.claims)
        return step

    def finalize(self) -> Settled:
        """Stories and claim groups of everything added since the last call (see ``Settled``)."""
        stories, moved, dropped_stories = self.stories.finalize()
        groups, changed, dropped_groups = self.claims.finalize()
        return Settled(stories, moved, dropped_stories, groups, changed, dropped_groups)

    def add_claims(self, doc: Document, seq: int, analysis: Analysis | None) -> list[Membership]:
        """Put a document's claims in claim groups."""
        return [self.claims.add(item) for item in claim_items(doc, seq, analysis)]
