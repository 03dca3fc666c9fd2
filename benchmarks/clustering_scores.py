"""Clustering scores shared by the benchmarks: B-cubed over items labelled by gold and predicted clusters."""

from __future__ import annotations

from collections import defaultdict
from typing import Hashable, Mapping


def b_cubed(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998), averaged over the gold items;
    ``pred`` must label every item of ``gold``."""
    if not gold:
        return 0.0, 0.0, 0.0
    by_gold: dict[Hashable, set] = defaultdict(set)
    by_pred: dict[Hashable, set] = defaultdict(set)
    for item, label in gold.items():
        by_gold[label].add(item)
        by_pred[pred[item]].add(item)
    precision = recall = 0.0
    for item, label in gold.items():
        both = len(by_gold[label] & by_pred[pred[item]])
        precision += both / len(by_pred[pred[item]])
        recall += both / len(by_gold[label])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)
