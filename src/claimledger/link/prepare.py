"""What linking computes of one document alone, before any index is consulted.

A document's copy sketch (shingles, MinHash, anchors), its story units' vectors, its claims'
feature vectors and index keys, and its figures are each a function of the document and its
analysis: ``prepare`` computes them, and ``Linker.add_prepared`` only looks them up in the
indexes.  Because nothing here reads an index, a linking run can prepare the next documents in
another process while it links the ones before (``claimledger.link.prepare_pool``); the links
are the same either way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from claimledger.link.claim_groups import ClaimItem, ClaimVector, claim_keys
from claimledger.link.copy_changes import number_prints
from claimledger.link.duplicates import Sketch, make_sketch
from claimledger.link.figure_record import Figure
from claimledger.link.figures import figures_in
from claimledger.link.negation import claim_lead
from claimledger.link.stories import UnitVector
from claimledger.link.units import build_units, paragraphs
from claimledger.records import Analysis, Document, Segment

QuantitySpan = tuple[int, int, str | None]


@dataclass
class Prepared:
    """One document as the indexes take it; ``figures`` and ``quantities`` are what the incident
    and copy-change steps later need of it (kept so they never read its analysis again)."""

    doc_id: str
    seq: int
    sketch: Sketch
    units: list[UnitVector] = field(default_factory=list)
    claims: list[tuple[ClaimVector, tuple[int, ...]]] = field(default_factory=list)  # vector, index keys
    figures: list[Figure] = field(default_factory=list)
    quantities: tuple[QuantitySpan, ...] = ()  # (start, end, counted) of each: what copy changes read
    # unit and claim id -> its stored vector data as JSON text (``to_data``, encoded as the store
    # encodes it): encoded where it is prepared, a worker's CPU rather than the linker's
    stored_json: dict[str, str] = field(default_factory=dict)
    numbers: bytes = b""  # ``copy_changes.number_prints``: what the copy-change step reads of it

    def intern(self) -> Prepared:
        """Share the strings of its unit vectors with the ledger's (a copy from another process has
        its own); its claims' strings are shared by the claim grouper's vocabulary when added."""
        for u in self.units:
            u.intern()
        return self


def claim_items(doc: Document, seq: int, analysis: Analysis | None) -> list[ClaimItem]:
    """A document's claims with what grouping needs of its analysis."""
    out: list[ClaimItem] = []
    if analysis is None:
        return out
    for i, claim in enumerate(analysis.claims):
        att = None
        if claim.attribution is not None and 0 <= claim.attribution < len(analysis.attributions):
            att = analysis.attributions[claim.attribution]
        out.append(ClaimItem(
            claim_id=f"{doc.id}:{i}", doc_id=doc.id, index=i, claim=claim, published=doc.published, seq=seq,
            attribution=att,
            quantities=[analysis.quantities[q] for q in claim.quantities if 0 <= q < len(analysis.quantities)],
            mentions=[analysis.mentions[m] for m in claim.mentions if 0 <= m < len(analysis.mentions)],
            lead=claim_lead(doc.text[max(0, claim.start - 40):claim.start], att.source.text if att else None),
        ))
    return out


def prepare(doc: Document, segments: list[Segment], seq: int, analysis: Analysis | None = None) -> Prepared:
    """Everything linking computes of the document alone (see the module docstring)."""
    claims = [ClaimVector.of(item) for item in claim_items(doc, seq, analysis)]
    quantities = analysis.quantities if analysis is not None else []
    units = [UnitVector.of(u) for u in build_units(doc, segments, seq, analysis)]
    return Prepared(
        doc_id=doc.id, seq=seq, sketch=make_sketch(doc.id, seq, doc.published, paragraphs(doc, segments)),
        units=units, claims=[(c, claim_keys(c)) for c in claims],
        figures=figures_in(doc, segments, analysis, seq) if analysis is not None and quantities else [],
        quantities=tuple((q.start, q.end, q.counted) for q in quantities), numbers=number_prints(doc, segments),
        stored_json={v.id: json.dumps(v.to_data()) for v in [*units, *claims]})
