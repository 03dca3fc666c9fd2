"""Incident units: figure groups joined into order-free clustering units, then merged by
average linkage inside each unit (what ``incidents.resolve_incidents`` calls).

A unit is a connected component of the graph whose edges are pairs of groups sharing an
index key with a similarity (``incident_similarity``) of at least ``UNIT_THRESHOLD`` under
the fixed term weights, so units are a function of the documents, whatever order or batches
they came in.  Inside a unit, words are weighed by an idf over the unit's own documents.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from typing import Callable

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from claimledger.link.figure_record import Figure
from claimledger.link.incident_groups import Group, group_documents
from claimledger.link.incident_similarity import (
    GENERIC_POPULATIONS,
    compatible,
    figure_vectors,
    group_similarity,
    place_keys,
    theatre,
)
from claimledger.link.sparse_linkage import sparse_average_linkage
from claimledger.link.weights import UnionFind

THRESHOLD = 0.2  # average similarity for groups of one unit to share an incident (tuned on dev, see benchmark)
UNIT_THRESHOLD = 0.4  # similarity at which two groups share a clustering unit (single link; tuned on dev)
SAME_DOC_UNIT_THRESHOLD = 0.2  # two groups of one document: their reading set them apart, but they may be one
SIGNATURE_TERMS = 8  # a group's heaviest words, one of which another group must share to be compared
KEY_CHARS = 160  # index keys are cut to this length (the column's)
DENSE_GROUPS = 200  # a unit of more groups compares only the pairs that share a ``linkage_keys`` key
LINKAGE_TERMS = 20  # ... one of their heaviest words under the unit's idf, or an index key


def theatre_keys(group: Group) -> frozenset[str]:
    """The countries a group happens in, or "" when it names none."""
    return theatre(group) or frozenset({""})


def signature(group: Group) -> set[str]:
    """What two groups must share to be compared at all: one of their heaviest words, a town,
    or (two tolls) what they count."""
    heaviest = sorted(group.vec.items(), key=lambda kv: (-kv[1], kv[0]))[:SIGNATURE_TERMS]
    keys = {f"t:{t}" for t, _ in heaviest}
    keys |= {f"p:{k}" for f in group.figures for k in place_keys(f)}
    keys |= {f"who:{f.population}" for f in group.figures if f.population not in GENERIC_POPULATIONS}
    keys |= {f"n:{f.measure}:{f.value:g}" for f in group.figures if f.value}
    if group.cumulative:
        keys |= {f"toll:{f.measure}" for f in group.figures}
    return keys


def index_keys(group: Group) -> frozenset[str]:
    """The keys a group is found by: a country it happens in with a word of its signature.

    Groups of different countries are never one incident (the country penalty keeps their
    similarity under the unit threshold), and a group that names no country is compared only
    with others that name none; an edge also needs a shared signature key.  So the pairs to
    test, and the stored documents a new one is tested against, come from an index of keys."""
    return frozenset(f"{c}|{k}"[:KEY_CHARS] for c in sorted(theatre_keys(group)) for k in signature(group))


def linkage_keys(group: Group) -> set[str]:
    """What two groups of a large unit share to be compared when merging (the others count as 0)."""
    heaviest = sorted(group.vec.items(), key=lambda kv: (-kv[1], kv[0]))[:LINKAGE_TERMS]
    return set(index_keys(group)) | {f"w:{t}" for t, _ in heaviest}


def document_groups(figures: list[Figure], vecs: dict[str, dict[str, float]]) -> list[Group]:
    """Each document's figure groups (link/incident_groups.py), documents by id: what
    ``cluster_figures`` starts from, so a caller that has them passes them on."""
    return group_documents(sorted(figures, key=lambda f: (f.doc_id, f.start)), vecs, compatible)


def document_keys(figures: list[Figure], idf: Callable[[str], float],
                  groups: list[Group] | None = None) -> dict[str, set[str]]:
    """Document id → the index keys of its figure groups (``groups``: those of ``figures``, when at hand)."""
    if groups is None:
        groups = document_groups(figures, figure_vectors(figures, idf))
    out: dict[str, set[str]] = {}
    for group in groups:
        out.setdefault(group.figures[0].doc_id, set()).update(index_keys(group))
    return out


def linked_units(groups: list[Group], threshold: float, joined: dict[str, str] | None = None,
                 fresh: set[str] | None = None) -> list[list[int]]:
    """Indexes of ``groups`` in clustering units: the connected components of the graph whose edges
    are pairs sharing an index key with ``group_similarity`` ≥ ``threshold`` (single link).

    An edge is a function of its two groups alone and the weights are fixed, so the units are a
    function of the documents, whatever order or batches they came in.  ``joined`` (figure key →
    stored unit) marks groups already known to be connected; then only pairs with a group of a
    ``fresh`` document are tested (the others were tested when they were stored)."""
    components = UnionFind()
    for i in range(len(groups)):
        components.add(i)
    first_of: dict[str, int] = {}
    for i, group in enumerate(groups):
        for f in group.figures:
            unit = (joined or {}).get(f.key)
            if unit is not None:
                components.union(first_of.setdefault(unit, i), i)
    keys = [index_keys(g) for g in groups]
    buckets: dict[str, list[int]] = {}
    for i, group_keys in enumerate(keys):
        for key in group_keys:
            buckets.setdefault(key, []).append(i)
    new = [i for i, g in enumerate(groups) if fresh is None or g.figures[0].doc_id in fresh]
    is_new = set(new)
    for i in new:
        others = sorted({j for key in keys[i] for j in buckets[key]
                         if j != i and not (j in is_new and j < i)})  # a pair of new groups once
        for j in others:
            bar = SAME_DOC_UNIT_THRESHOLD if groups[i].figures[0].doc_id == groups[j].figures[0].doc_id else threshold
            if components.find(i) != components.find(j) and group_similarity(groups[i], groups[j], bar) >= bar:
                components.union(i, j)
    out: dict[int, list[int]] = {}
    for i in range(len(groups)):
        out.setdefault(components.find(i), []).append(i)  # type: ignore[arg-type]
    return list(out.values())


def unit_idf(groups: list[Group]) -> Callable[[str], float]:
    """Smoothed idf over the documents of one unit: the words all its reports share ("Boko Haram",
    "schoolgirls") weigh least, what tells its incidents apart most."""
    terms: dict[str, set[str]] = {}
    for g in groups:
        for f in g.figures:
            terms.setdefault(f.doc_id, set()).update(f.terms)
    df = Counter(t for ts in terms.values() for t in ts)
    n = len(terms)
    return lambda t: math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0


def _average_linkage(groups: list[Group], threshold: float) -> list[list[Group]]:
    """Groups of one unit merged by average linkage, in a deterministic order."""
    n = len(groups)
    if n <= 1:
        return [groups]
    if n > DENSE_GROUPS:
        return sparse_average_linkage(groups, threshold, linkage_keys, group_similarity)
    sim = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            sim[i, j] = sim[j, i] = group_similarity(groups[i], groups[j])
    dist = 1.0 - sim
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), method="average"), t=1.0 - threshold,
                      criterion="distance")
    merged: dict[int, list[Group]] = {}
    for group, label in zip(groups, labels):
        merged.setdefault(int(label), []).append(group)
    return list(merged.values())


def cluster_figures(figures: list[Figure], idf: Callable[[str], float], threshold: float = THRESHOLD,
                    vecs: dict[str, dict[str, float]] | None = None, joined: dict[str, str] | None = None,
                    fresh: set[str] | None = None, grouped: list[Group] | None = None) -> list[tuple[str, list[Figure]]]:
    """Figures grouped by incident, each with its unit's id: each document's figures by reading
    order (link/incident_groups.py; ``grouped``: the groups of some of the documents, already
    made from the same figures and vectors), the groups in units (``linked_units``, fixed weights), then
    the groups of each unit by average linkage, their words weighed by an idf over the unit.
    Each step is a function of a unit's documents, so the incidents are too."""
    vecs = figure_vectors(figures, idf) if vecs is None else vecs
    done = {g.figures[0].doc_id for g in grouped or []}
    groups = document_groups([f for f in figures if f.doc_id not in done], vecs)
    if grouped:  # groups of some documents made already (``grouped``): merged in document order
        groups = sorted([*grouped, *groups], key=lambda g: g.figures[0].doc_id)  # stable: a document's order kept
    out: list[tuple[str, list[Figure]]] = []
    for members in linked_units(groups, UNIT_THRESHOLD, joined, fresh):
        unit = [groups[i] for i in members]
        unit_id = unit_key(unit)
        unit = regrouped(unit, unit_idf(unit))
        for cluster in _average_linkage(unit, threshold):
            out.append((unit_id, sorted((f for g in cluster for f in g.figures), key=lambda f: (f.doc_id, f.start))))
    return sorted(out, key=lambda c: (c[1][0].doc_id, c[1][0].start))


def unit_key(groups: list[Group]) -> str:
    """A unit's id: from its first figure by document id and offset (a function of its documents)."""
    first = min((f for g in groups for f in g.figures), key=lambda f: (f.doc_id, f.start))
    return "unit-" + hashlib.sha1(first.key.encode("utf-8")).hexdigest()[:12]


def regrouped(groups: list[Group], idf: Callable[[str], float]) -> list[Group]:
    """The same groups with their words weighed by ``idf``."""
    out = []
    for g in groups:
        vecs = figure_vectors(g.figures, idf)
        new = Group(aside=g.aside)
        for f in g.figures:
            new.add(f, vecs[f.key])
        out.append(new)
    return out


