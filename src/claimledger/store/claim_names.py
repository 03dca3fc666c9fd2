"""The stored mention→claim link (``claim_mentions``, migration 0009): each mention whose span lies
inside a claim's, written with the analysis.  Claims by a name are read from the forms built on it
(``store.name_forms``, ``store.named_claims``)."""

from __future__ import annotations

from bisect import bisect_left

from claimledger.records import Analysis


def claim_mentions(analysis: Analysis) -> list[tuple[int, int]]:
    """(claim index, mention index) for every mention whose span lies inside the claim's —
    the condition ``filters.records_naming`` used on the spans — in claim then mention order."""
    mentions = analysis.mentions
    by_start = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    starts = [mentions[i].start for i in by_start]
    out: list[tuple[int, int]] = []
    for ci, c in enumerate(analysis.claims):
        inside = []
        for k in range(bisect_left(starts, c.start), len(starts)):  # mentions starting in the claim
            if starts[k] > c.end:
                break
            if mentions[by_start[k]].end <= c.end:
                inside.append(by_start[k])
        out += [(ci, mi) for mi in sorted(inside)]
    return out
