"""Signals that a body contradicts its headline (FNC-1 "disagree"), for the stance model.

A body disagrees when it calls the headline's story a hoax, fake or false, when it denies
it, when it negates the headline's own terms, or when it gives other figures.  The plain
cue counts of ``stance.PairFeaturizer`` cannot tell "not" in passing from "the report is
not true", so these features look at *where* the cues sit: in the body sentences that best
match the headline, next to the headline's key terms, and in fixed denial phrases.

    body = body_cues(sent_toks)                      # once per body
    feats = contradiction_features(h_toks, h_terms, h_nums, body, order, rel)

``order`` ranks the body's sentences by similarity to the headline, ``rel`` is each
sentence's similarity relative to the best one.  Pure Python, deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from claimledger.assess.features import NEGATION, numbers, stem

TOP_SENTENCES = 5  # how many best-matching sentences count as "about the headline"
WINDOW = 6  # tokens either side of a headline term
# Words that call a story untrue (stronger than REFUTING's "not" / "never" / "despite").
DEBUNK = frozenset(
    """hoax hoaxes fake faked fakes false falsely untrue debunk debunks debunked debunking myth
    myths rumour rumours rumor rumors satire satirical parody prank pranks fabricated fabrication
    bogus baseless unfounded photoshopped doctored misleading retract retracts retracted
    retraction deny denies denied denying denial dismiss dismissed dismisses refute refutes
    refuted reject rejects rejected nonsense lie lies lying spoof scam""".split()
)
# Fixed phrases of denial (and the "in fact" of a correction), matched on the lower-cased token string.
DENIAL_RE = re.compile(
    r"\b(?:not true|no truth|no evidence|never happened|not real|is false|are false|was false|"
    r"were false|a hoax|fake news|false report|false claim|no such|did not happen|has denied|"
    r"have denied|denied that|denied the|denied reports|there is no|there was no|no basis|"
    r"not the case|made up|turned out to be|in fact|actually)\b"
)

NAMES = [
    "debunk_top_max", "debunk_top_count", "debunk_near", "denial_top", "denial_body",
    "debunk_body", "debunk_lead", "negated_terms_top", "negated_terms_h", "negation_mismatch",
    "h_debunk", "num_top_has", "num_top_match", "num_top_conflict",
]


def body_cues(sent_toks: Sequence[Sequence[str]]) -> dict[str, Any]:
    """What the pair features need from a body, computed once per body."""
    all_toks = [t for s in sent_toks for t in s]
    return {
        "sent_toks": sent_toks,
        "debunk": [sum(t in DEBUNK for t in s) for s in sent_toks],
        "denial": [len(DENIAL_RE.findall(" ".join(s))) for s in sent_toks],
        "numbers": [numbers(" ".join(s)) for s in sent_toks],
        "debunk_rate": 100.0 * sum(t in DEBUNK for t in all_toks) / max(len(all_toks), 1),
    }


def contradiction_features(
    h_toks: Sequence[str],
    h_terms: set[str],
    h_nums: set[str],
    body: dict[str, Any],
    order: np.ndarray,
    rel: np.ndarray,
) -> list[float]:
    """The NAMES features of one (headline, body) pair."""
    sent_toks = body["sent_toks"]
    top = [int(j) for j in order[:TOP_SENTENCES]]
    debunk_top = [body["debunk"][j] for j in top]
    negated_top = sum(_negated_terms(sent_toks[j], h_terms) for j in top[:3])
    negated_h = _negated_terms(h_toks, h_terms)
    top_nums: set[str] = set().union(*(body["numbers"][j] for j in top[:3]))
    return [
        max((float(rel[j]) * (c > 0) for j, c in zip(top, debunk_top)), default=0.0),
        float(sum(debunk_top)),
        float(sum(_cues_near(sent_toks[j], h_terms, DEBUNK) for j in top)),
        float(sum(body["denial"][j] for j in top)),
        float(sum(body["denial"])),
        body["debunk_rate"],
        float(sum(body["debunk"][:3])),
        float(negated_top),
        float(negated_h),
        float((negated_top > 0) != (negated_h > 0)),
        float(sum(t in DEBUNK for t in h_toks)),
        float(bool(top_nums)),
        float(len(h_nums & top_nums)),
        float(bool(h_nums) and bool(top_nums) and not h_nums & top_nums),
    ]


def _cues_near(toks: Sequence[str], terms: set[str], lexicon: frozenset[str]) -> int:
    """Tokens of ``lexicon`` within WINDOW tokens of a headline term."""
    hits = [k for k, t in enumerate(toks) if stem(t) in terms]
    near = {k for h in hits for k in range(max(h - WINDOW, 0), min(h + WINDOW + 1, len(toks)))}
    return sum(toks[k] in lexicon for k in near)


def _negated_terms(toks: Sequence[str], terms: set[str]) -> int:
    """Headline terms with a negation among the three tokens before them ("did not die")."""
    return sum(
        1 for k, t in enumerate(toks) if stem(t) in terms and any(w in NEGATION for w in toks[max(k - 3, 0): k])
    )
