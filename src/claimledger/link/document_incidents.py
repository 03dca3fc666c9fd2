"""Documents grouped by the incident they report, figures or not (document-level incident clustering).

Stories (link/stories.py) gather documents about one subject; one subject often holds two
similar events (two earthquakes in one region, two hosts of the same award show).  Here each
document's reporting text is read whole and compared with the others by

- its words: TF-IDF over the documents compared, capitalised words (names) counting double,
  as in figure contexts;
- the people, organisations, units and places it names (what tells one event from a similar
  one: another host, another town): their overlap, ``NAME_WEIGHT`` of the likeness;

and documents are grouped by average linkage (deterministic: documents in ingest order).

Tuned on ECB+ train (``benchmarks/document_incidents.py --split train``), reported on dev.
Two more signals were tried there and left out because they did not help: the most frequent
year of a document's dated expressions (news recall other years too often) and its main
figure incident (few documents outside conflict news have figures).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from claimledger.link.figures import context_terms
from claimledger.link.incident_groups import dot
from claimledger.records import REPORTING_KINDS, Analysis, Document, Segment

THRESHOLD = 0.18  # minimum average likeness of two documents' groups (tuned on ECB+ train)
NAME_WEIGHT = 0.2  # share of the likeness given by the names two documents share (tuned on ECB+ train)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "UNIT"})
MAX_DOCUMENTS = 4000  # pairwise: larger sets are grouped by the caller's neighbourhoods


@dataclass
class DocumentView:
    """What the comparison reads of one document."""

    doc_id: str
    terms: Counter = field(default_factory=Counter)
    names: set[str] = field(default_factory=set)


def view_of(doc: Document, segments: list[Segment], analysis: Analysis | None) -> DocumentView:
    """The words and names of a document's reporting text."""
    spans = [(s.start, s.end) for s in segments if s.kind in REPORTING_KINDS] or [(0, len(doc.text))]
    terms: Counter = Counter()
    for start, end in spans:
        context_terms(doc.text[start:end], 1.0, terms)
    if doc.title:
        context_terms(doc.title, 1.0, terms)
    names: set[str] = set()
    if analysis is not None:
        names = {(m.norm or m.text).casefold() for m in analysis.mentions
                 if m.label in NAME_LABELS and any(s <= m.start < e for s, e in spans)}
    return DocumentView(doc_id=doc.id, terms=terms, names=names)


def _tfidf(views: list[DocumentView]) -> list[dict[str, float]]:
    df: Counter = Counter()
    for v in views:
        df.update(set(v.terms))
    n = len(views)
    out = []
    for v in views:
        vec = {t: (1 + math.log(w)) * (math.log((n + 1) / (df[t] + 1)) + 1.0) for t, w in v.terms.items() if w >= 1}
        norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
        out.append({t: x / norm for t, x in vec.items()})
    return out


def likeness(a: DocumentView, b: DocumentView, va: dict[str, float], vb: dict[str, float]) -> float:
    """How likely two documents report one incident (0..1)."""
    shared = len(a.names & b.names) / math.sqrt(len(a.names) * len(b.names)) if a.names and b.names else 0.0
    return min((1 - NAME_WEIGHT) * dot(va, vb) + NAME_WEIGHT * shared, 1.0)


def group_documents(views: list[DocumentView], threshold: float = THRESHOLD) -> dict[str, str]:
    """Document id → the id of the first document of its incident group (in the order given)."""
    if len(views) <= 1:
        return {v.doc_id: v.doc_id for v in views}
    if len(views) > MAX_DOCUMENTS:
        raise ValueError(f"{len(views)} documents: group at most {MAX_DOCUMENTS} at a time")
    vecs = _tfidf(views)
    n = len(views)
    dist = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            dist[i, j] = dist[j, i] = 1.0 - likeness(views[i], views[j], vecs[i], vecs[j])
    labels = fcluster(linkage(squareform(dist, checks=False), method="average"), t=1.0 - threshold,
                      criterion="distance")
    first: dict[int, str] = {}
    for v, label in zip(views, labels):
        first.setdefault(int(label), v.doc_id)
    return {v.doc_id: first[int(label)] for v, label in zip(views, labels)}


def document_incidents(ledger: Any, doc_ids: list[str] | None = None,
                       load: Callable[[str], tuple[Document, list[Segment], Analysis | None, int]] | None = None,
                       threshold: float = THRESHOLD) -> dict[str, str]:
    """Document id → incident group (the first document of the group), for a ledger's documents."""
    from claimledger.store.link_rows import document_seqs

    rows = document_seqs(ledger)
    order = [d for d, _, _ in sorted(rows, key=lambda r: (r[1], r[0]))]
    if doc_ids is not None:
        wanted = set(doc_ids)
        order = [d for d in order if d in wanted]
    if load is None:
        from claimledger.link.doc_reader import LedgerDocs

        load = LedgerDocs(ledger).load
    views = []
    for doc_id in order:
        doc, segments, analysis, _ = load(doc_id)
        views.append(view_of(doc, segments, analysis))
    return group_documents(views, threshold)
