"""Deterministic dev splits that keep whole groups (debate, topic, body) on one side.

A row-level hash split lets the same debate, abstract or story sit on both sides, so dev
figures run far above an unseen test.  Every training script here splits by a group key
with ``in_dev_group`` and reports the random-split figure next to the grouped one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def group_fold(namespace: str, group: Hashable, folds: int = 5) -> int:
    """The fold of ``group``: sha256(namespace:group)[:8] mod folds."""
    digest = hashlib.sha256(f"{namespace}:{group}".encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % folds


def in_dev_group(namespace: str, group: Hashable, folds: int = 5, fold: int = 0) -> bool:
    """True when ``group`` falls in the dev fold: sha256(namespace:group)[:8] mod folds == fold."""
    return group_fold(namespace, group, folds) == fold


def split_by_group(
    rows: Iterable[T], group_of: Callable[[T], Hashable], namespace: str, folds: int = 5
) -> tuple[list[T], list[T]]:
    """(train, dev) with every group wholly on one side."""
    train: list[T] = []
    dev: list[T] = []
    for row in rows:
        (dev if in_dev_group(namespace, group_of(row), folds) else train).append(row)
    return train, dev


def mean_average_precision(groups: Sequence[Hashable], y: Sequence[int], scores: Sequence[float]) -> float:
    """Mean over groups (with at least one positive) of the average precision of the ranking."""
    by_group: dict[Hashable, list[tuple[float, int]]] = {}
    for g, label, s in zip(groups, y, scores):
        by_group.setdefault(g, []).append((float(s), int(label)))
    aps = []
    for items in by_group.values():
        items.sort(key=lambda t: -t[0])
        hits, precision_sum = 0, 0.0
        for rank, (_, label) in enumerate(items, start=1):
            if label:
                hits += 1
                precision_sum += hits / rank
        if hits:
            aps.append(precision_sum / hits)
    return sum(aps) / len(aps) if aps else 0.0
