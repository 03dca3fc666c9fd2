"""Fixed term weights and the union-find behind order-free linking.

Stories and claim groups are connected components of a similarity graph whose edges are
a pure function of the two items, so the weights cannot depend on what the ledger holds
(an idf that grows with the corpus makes the links depend on arrival order).  They come
from ``models/term_df.json``: document frequencies of terms and names in a fixed corpus,
built by ``training/build_term_weights.py``.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Hashable

from claimledger.paths import MODELS_DIR


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads((MODELS_DIR / "term_df.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def corpus_size() -> int:
    return int(_table()["n"])


@lru_cache(maxsize=500_000)
def term_idf(term: str) -> float:
    """Smoothed idf of a stemmed term; a term absent from the table is as rare as can be."""
    return math.log((corpus_size() + 1) / (_table()["terms"].get(term, 0) + 1)) + 1.0


@lru_cache(maxsize=200_000)
def name_idf(name: str) -> float:
    """Idf of a casefolded name: its own frequency when the table has it, else its rarest word's."""
    df = _table()["names"].get(name)
    if df is not None:
        return math.log((corpus_size() + 1) / (df + 1)) + 1.0
    words = name.split()
    return max((term_idf(w) for w in words), default=term_idf(name))


def common_share(term: str) -> float:
    """The share of the fixed corpus's documents that hold ``term`` (0 when absent)."""
    return _table()["terms"].get(term, 0) / corpus_size()


class UnionFind:
    """Disjoint sets with path halving; the root of a set is its smallest member, so the
    representative does not depend on the order the unions came in."""

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def add(self, item: Hashable) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: Hashable) -> Hashable:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: Hashable, b: Hashable) -> Hashable:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        low, high = (ra, rb) if ra < rb else (rb, ra)  # type: ignore[operator]
        self.parent[high] = low
        return low
