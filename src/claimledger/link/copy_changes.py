"""Figures a copy changed, reported once per copy whatever the order or batches of arrival.

A copy of copies repeats the same change against each of its sources ("15,000" in the
original and in its re-post, "25,000" in the copy); it is reported once, against the
earliest source by date (ties and undated sources by document id).  So that this holds
across runs, every run recomputes the changes of each copy it gave a new link over all
the copy's links, stored and new, and its stored change reports are replaced
(``change_ids``): the result is a function of the link set, not of which run saw which link.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, Iterable, Protocol

import numpy as np

from claimledger.link.conflicts import Conflict, changed_figure_id, changed_figures, number_contexts
from claimledger.link.duplicates import DocLink
from claimledger.records import Analysis, Document, Quantity, Segment

PREFETCH = 200  # links whose documents are read together


class DocReader(Protocol):
    def get(self, doc_id: str) -> tuple[Document, list[Segment]]: ...
    def quantities_of(self, doc_id: str) -> list[Quantity]: ...
    def prefetch(self, doc_ids: list[str], analyses: bool = True) -> None: ...


def links_by_copy(new: Iterable[DocLink], stored: Iterable[dict[str, Any]]) -> list[DocLink]:
    """Every link into the copies (``dst``) the new links touch, each pair once, earliest source first."""
    found = {(l.src, l.dst): l for l in (DocLink(**row) for row in stored)}
    found.update({(l.src, l.dst): l for l in new})
    return sorted(found.values(), key=lambda l: (l.dst, l.evidence.get("src_published") or "~", l.src))


def change_ids(links: Iterable[DocLink]) -> list[str]:
    """The ids any change report of these links had: replaced by this run's reports."""
    return sorted({changed_figure_id(l.src, l.dst) for l in links})


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def number_prints(doc: Document, segments: list[Segment]) -> bytes:
    """A document's numbers as ``changed_figures`` aligns them: per number, a 64-bit hash of its
    context words and one of its digits (commas left out), packed.  A link whose copy's prints
    show no changed number (``may_differ``) needs no reading of either text."""
    pairs = [(_hash64(repr(ctx)), _hash64(num.replace(",", ""))) for ctx, num, _, _ in number_contexts(doc, segments)]
    return np.asarray(pairs, dtype=np.uint64).tobytes()


def may_differ(src: bytes, dst: bytes) -> bool:
    """Whether ``changed_figures`` may find a change: a number of the copy whose context the source
    has exactly once, with other digits (what it requires; 64-bit hashes of the words compared)."""
    src_pairs = np.frombuffer(src, dtype=np.uint64).reshape(-1, 2).tolist()
    seen: dict[int, int | None] = {}
    for ctx, num in src_pairs:
        seen[ctx] = num if ctx not in seen else None  # None: ambiguous, no alignment
    return any(seen.get(ctx, num) not in (None, num) for ctx, num in np.frombuffer(dst, dtype=np.uint64)
               .reshape(-1, 2).tolist())


Prints = Callable[[str], bytes | None]


def change_conflicts(docs: DocReader, links: list[DocLink], prints: Prints | None = None) -> list[tuple[Conflict, str]]:
    """(conflict, search terms) for each link whose copy changed a figure not already
    reported against an earlier source of the same copy; ``links`` as ``links_by_copy`` gives them.
    ``prints``: a document's ``number_prints`` when at hand (else None): a link whose two prints show
    no change is not read."""
    reported: set[tuple[str, int]] = set()
    out = []
    held: dict[str, list] = {}  # a document's number contexts, for this window of links

    def contexts(doc: Document, segments: list[Segment]) -> list:
        if doc.id not in held:
            held[doc.id] = number_contexts(doc, segments)
        return held[doc.id]

    ordered = [l for l in links if l.jaccard < 1.0 and _may_differ(prints, l)]  # identical shingles: no figure can differ
    for i, link in enumerate(ordered):
        if i % PREFETCH == 0:
            held.clear()
            # texts only: the copies' quantities are what is read of their analyses
            docs.prefetch(list(dict.fromkeys(d for l in ordered[i:i + PREFETCH] for d in (l.src, l.dst))), analyses=False)
        src, src_segments = docs.get(link.src)
        dst, dst_segments = docs.get(link.dst)
        c = changed_figures(src, src_segments, dst, dst_segments, link.to_dict(),
                            Analysis(quantities=docs.quantities_of(link.dst)), contexts=contexts)
        if c is None:
            continue
        fresh = [ch for ch in c.evidence["changes"] if (dst.id, ch["dst_start"]) not in reported]
        reported.update((dst.id, ch["dst_start"]) for ch in c.evidence["changes"])
        if fresh:
            c.story_id = None
            out.append((c, " | ".join(filter(None, [src.title, dst.title, src.outlet, dst.outlet, c.label]))))
    return out


def _may_differ(prints: Prints | None, link: DocLink) -> bool:
    src, dst = (prints(link.src), prints(link.dst)) if prints is not None else (None, None)
    return src is None or dst is None or may_differ(src, dst)
