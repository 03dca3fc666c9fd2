"""A learned cue lexicon: for each lemma, how often PolNeAR train's annotators put its tokens inside
a cue ("said" nearly always, "statement" or "according" often, "have" seldom), built by
``training/train_attribution_crf.py --stage shares`` (artifact ``models/attribution_cue_share.json``).

The tagger reads the share as a feature (a bucket), so a rare cue word borrows what the common
ones teach; the pipeline runs the CRFs only on sentences that hold a cue-like lemma, a double
quotation mark or a colon (``may_attribute``): the other sentences hold no attribution for the tagger to
find.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache

from claimledger.paths import MODELS_DIR

CUE_SHARE_PATH = MODELS_DIR / "attribution_cue_share.json"
# a lemma counts as cue-like for the sentence filter from this share of its tokens heading a cue
GATE_SHARE = 0.02
_QUOTE_MARKS = frozenset("\"“”«»„:")  # single marks double as apostrophes ("’s")

_override: tuple[dict[str, float], dict[str, float]] | None = None


def shares_from_counts(in_cue: Counter, total: Counter, min_cue: int = 2) -> dict[str, float]:
    """lemma -> share of its tokens inside a gold cue, for lemmas seen in a cue ``min_cue`` times
    (one sighting says little); smoothed toward 0 so that a lemma seen twice is not a sure cue."""
    return {lemma: round(n / (total[lemma] + 2), 4) for lemma, n in sorted(in_cue.items()) if n >= min_cue}


def use_cue_shares(shares: dict[str, float] | None, head_shares: dict[str, float] | None = None) -> None:
    """Use these tables instead of the artifact (training: the shares of the other folds)."""
    global _override
    _override = None if shares is None else (shares, head_shares if head_shares is not None else {})


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict[str, float], dict[str, float]]:
    if not CUE_SHARE_PATH.exists():
        return {}, {}
    table = json.loads(CUE_SHARE_PATH.read_text(encoding="utf-8"))
    return table["shares"], table["head_shares"]


def cue_shares() -> dict[str, float]:
    """lemma -> share of its tokens that annotators put inside a cue (auxiliaries included)."""
    return (_override or _shipped())[0]


def head_cue_shares() -> dict[str, float]:
    """lemma -> share of its tokens that head a cue ("said" of "has not said")."""
    return (_override or _shipped())[1]


def share_bucket(share: float | None) -> str:
    """A coarse level of the share: the CRF learns one weight per level."""
    if share is None:
        return "none"
    for level, floor in (("0.6", 0.6), ("0.35", 0.35), ("0.15", 0.15), ("0.05", 0.05), ("0.01", 0.01)):
        if share >= floor:
            return level
    return "0"


def may_attribute(lemmas: list[str], words: list[str], head_shares: dict[str, float]) -> bool:
    """A sentence that can hold an attribution: a lemma that heads cues, a double quotation mark
    or a colon."""
    return any(head_shares.get(lemma, 0.0) >= GATE_SHARE for lemma in lemmas) or any(
        ch in _QUOTE_MARKS for w in words for ch in w)
