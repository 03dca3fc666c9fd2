"""Claim nouns: which nouns name a thing said, framed, counted or shown (``lexicons/claim_nouns.tsv``).

One list read by certainty cues (hearsay frames, contests and denials aimed at a claim),
attribution (a claim turned away is still reported) and the linker's negation reading (rejecting
or faking a thing said denies it; a thing not said is only turned away or forged).
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimledger.analyze.lexicons import table


@lru_cache(maxsize=None)
def _rows() -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
    rows = []
    for noun, forms, roles in table("claim_nouns.tsv"):
        others = () if forms == "-" else tuple(f.strip() for f in forms.split(","))
        rows.append((noun, others, frozenset(roles.split())))
    return tuple(rows)


def with_role(role: str, forms: bool = False) -> frozenset[str]:
    """The nouns that have ``role`` (their lemmas; with ``forms=True`` their other forms too)."""
    out: set[str] = set()
    for noun, others, roles in _rows():
        if role in roles:
            out.add(noun)
            if forms:
                out.update(others)
    return frozenset(out)


def frame_kinds() -> dict[str, str]:
    """Noun -> the certainty kind it frames its "that"-content with ("claims that": allegation)."""
    return {noun: role.split(":", 1)[1] for noun, _, roles in _rows() for role in roles if role.startswith("frame:")}


@lru_cache(maxsize=None)
def pattern(*roles: str) -> str:
    """A regex alternation of every form of the nouns with any of ``roles``, longest first (for a
    ``\\b``-closed match in text)."""
    forms = {f for role in roles for f in with_role(role, forms=True)}
    return "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
