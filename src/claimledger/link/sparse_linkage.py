"""Average linkage over the pairs of groups that share an index key (for large incident units).

Every pair of a unit's groups costs one similarity in the dense form, so a unit that chaining
made large (hundreds of reports of one campaign) would cost time quadratic in its size, again
on every run that touches it.  Here only the pairs sharing a key (``incident_units.linkage_keys``:
one of their heaviest words, or an index key — a country with a word, town, population, number
or toll) are compared; the others count as similarity 0, near what it is for groups that share
none of those.  On the groups of incidents_dev taken as one unit, nearly every incident comes
out as with every pair compared (``tests/link/test_sparse_linkage.py``).  Clusters are then merged as
average linkage (UPGMA) does: the pair of clusters with the highest mean similarity over
their members first, while that mean reaches the threshold, ties by cluster number (the
groups in their order, then clusters in the order they formed), so the result is a function
of the groups and their order alone.
"""

from __future__ import annotations

import heapq
from itertools import combinations
from typing import Callable, Iterable

from claimledger.link.incident_groups import Group


def sparse_average_linkage(groups: list[Group], threshold: float, keys: Callable[[Group], Iterable[str]],
                           similarity: Callable[[Group, Group], float]) -> list[list[Group]]:
    """Clusters of ``groups`` (each in group order, clusters by their first group)."""
    n = len(groups)
    buckets: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        for key in sorted(keys(g)):
            buckets.setdefault(key, []).append(i)
    sums: dict[int, dict[int, float]] = {i: {} for i in range(n)}  # cluster -> neighbour -> summed similarity
    for members in buckets.values():
        for a, b in combinations(members, 2):
            if b not in sums[a]:
                s = similarity(groups[a], groups[b])
                sums[a][b] = sums[b][a] = s
    size = {i: 1 for i in range(n)}
    first = {i: i for i in range(n)}  # a cluster's first group: the tie-break
    members_of: dict[int, list[int]] = {i: [i] for i in range(n)}
    heap = [(-s, a, b) for a in range(n) for b, s in sums[a].items() if a < b and s >= threshold]
    heapq.heapify(heap)
    next_id = n
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in size or b not in size:
            continue  # merged away since it was pushed
        c, next_id = next_id, next_id + 1
        size[c] = size.pop(a) + size.pop(b)
        first[c] = min(first.pop(a), first.pop(b))
        members_of[c] = members_of.pop(a) + members_of.pop(b)
        near: dict[int, float] = {}
        for old in (a, b):
            for x, s in sums.pop(old).items():
                if x in size and x != c:
                    near[x] = near.get(x, 0.0) + s
                    sums[x].pop(old, None)
        sums[c] = near
        for x, s in near.items():
            sums[x][c] = s
            mean = s / (size[c] * size[x])
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(c, x), max(c, x)))
    return [[groups[i] for i in sorted(m)] for _, m in sorted(members_of.items(), key=lambda kv: first[kv[0]])]
