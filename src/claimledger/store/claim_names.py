"""The stored mention→claim link (``claim_mentions``, migration 0009): each mention whose span lies
inside a claim's, written with the analysis.  Claims by a name are read from the forms built on it
(``store.name_forms``, ``store.named_claims``)."""

from __future__ import annotations

from claimledger.records import Analysis


def claim_mentions(analysis: Analysis) -> list[tuple[int, int]]:
    """(claim index, mention index) for every mention whose span lies inside the claim's —
    the condition ``filters.records_naming`` used on the spans."""
    return [(ci, mi) for ci, c in enumerate(analysis.claims) for mi, m in enumerate(analysis.mentions)
            if c.start <= m.start and m.end <= c.end]
