"""A learned cue lexicon: for each lemma, the share of its tokens that PolNeAR train's annotators
made the head of a cue ("say" most of the time, "statement" now and then, "be" seldom), built by
``training/train_attribution_crf.py --stage shares`` (artifact ``models/attribution_cue_share.json``).

The attribution CRFs run only on the sentences that can hold an attribution (``may_attribute``):
one with a lemma that heads cues often enough, a double quotation mark or a colon.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span

from claimledger.paths import MODELS_DIR

CUE_SHARE_PATH = MODELS_DIR / "attribution_cue_share.json"
# a lemma makes its sentence worth tagging from this share of its tokens heading a cue (on the
# tune part of PolNeAR train, fit-part models: 0.02 to 0.1 cost no all-spans F1; 0.05 keeps 81 %
# of the sentences and 97 % of the gold cues)
GATE_SHARE = 0.05
_MARKS = ("\"", "“", "”", "«", "»", "„", ":")  # single marks double as apostrophes ("’s")

_override: dict[str, float] | None = None


def shares_from_counts(heads: Counter, total: Counter, min_cue: int = 2) -> dict[str, float]:
    """lemma -> share of its tokens heading a gold cue, for lemmas seen so ``min_cue`` times (one
    sighting says little); smoothed toward 0 so that a lemma seen twice is not a sure cue."""
    return {lemma: round(n / (total[lemma] + 2), 4) for lemma, n in sorted(heads.items()) if n >= min_cue}


def use_cue_shares(shares: dict[str, float] | None) -> None:
    """Use ``shares`` instead of the artifact (tuning with fit-part shares); None: the artifact."""
    global _override
    _override = shares


@lru_cache(maxsize=1)
def _shipped() -> dict[str, float]:
    if not CUE_SHARE_PATH.exists():
        return {}
    return json.loads(CUE_SHARE_PATH.read_text(encoding="utf-8"))["head_shares"]


def cue_shares() -> dict[str, float]:
    """lemma -> share of its tokens heading a cue; empty when the artifact is not installed."""
    return _override if _override is not None else _shipped()


def may_attribute(doc: Doc, sentences: list[Span], shares: dict[str, float]) -> list[bool]:
    """Per sentence: can it hold an attribution — a lemma that heads cues, a double quotation
    mark or a colon?  (Lemmas are read as one array: a spaCy ``Token`` per word costs more than
    the test.)"""
    lemmas = doc.to_array(LEMMA)
    strings = doc.vocab.strings
    cue_like: dict[int, bool] = {}
    out = []
    for sent in sentences:
        text = sent.text
        found = any(m in text for m in _MARKS)
        for h in lemmas[sent.start:sent.end].tolist() if not found else ():
            if h not in cue_like:
                cue_like[h] = shares.get(strings[h].lower(), 0.0) >= GATE_SHARE
            if cue_like[h]:
                found = True
                break
        out.append(found)
    return out
