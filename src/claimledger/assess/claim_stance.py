"""Claim/article stance (Emergent labels: for, against, observing).

Given a claim ("A soldier drove a tank over his commanding officer") and an article
headline, says whether the article asserts the claim (for), disputes it (against) or
only reports it without taking a side (observing).  A linear model over the headline's
words and word pairs, the words the headline adds to the claim, character n-grams, and
cue features (refuting, hedging, reporting, negation words, question marks, negation
mismatch, similarity to the claim), trained by ``training/train_emergent_stance.py`` on
Emergent.  Artifact: ``models/emergent_stance.pkl.gz``, loaded once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from claimledger.assess import _artifacts
from claimledger.assess.features import (
    CONFIRMING,
    DISTANCING,
    HEDGING,
    NEGATION,
    REFUTING,
    REPORTING,
    STOPWORDS,
    numbers,
    stem,
    tokenize,
)

LABELS = ("for", "against", "observing")
ARTIFACT = "emergent_stance"
TRAINING_SCRIPT = "training/train_emergent_stance.py"


def _words(text: str) -> list[str]:
    """Lower-cased tokens, stop words kept (negations and modals carry stance)."""
    return tokenize(text)


def _added(claim: str, headline: str) -> list[str]:
    """Stems of the headline's words that the claim does not contain: what the headline adds."""
    cs = {stem(t) for t in tokenize(claim)}
    return ["+" + stem(t) for t in tokenize(headline) if stem(t) not in cs]


# Headlines that only observe a claim: a deal still in talks, a plan, a rumour, a source's word.
_UNSETTLED_RE = re.compile(
    r"\b(?:to (?:buy|acquire|split|sell|launch|release|cut|close|be)|in talks|talks|discussions?|plans?|planning"
    r"|considering|could|may|might|would|will|set to|poised|expected|eyes?|mull\w*|rumou?r\w*|report\w*"
    r"|reportedly|said to|allegedly|apparently|appears?|seemingly|unconfirmed|sources?|according|claims?)\b",
    re.I,
)
_SOURCE_PREFIX_RE = re.compile(r"^[\w .'-]{1,30}:")  # "Official: ...", "Report: ..."
_ATTRIBUTION_RE = re.compile(
    r"^[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*\s*:|\b(?:says?|said|tells?|told|claims?|reports?|reveals?)\b", re.I
)
_FUTURE_RE = re.compile(r"\b(?:will|going to|plans?)\b", re.I)


def unsettled_features(claim: str, headline: str) -> list[float]:
    """Cues that a headline reports a claim rather than asserts it, and that the claim itself is
    a forecast or a question (such claims mostly draw observing articles)."""
    return [
        float(len(_UNSETTLED_RE.findall(headline))),
        float(bool(_SOURCE_PREFIX_RE.match(headline))),
        float(len(_ATTRIBUTION_RE.findall(headline))),
        float(len(_UNSETTLED_RE.findall(claim))),
        float("?" in claim),
        float(bool(_FUTURE_RE.search(claim))),
    ]


def cue_features(claim: str, headline: str) -> list[float]:
    """Dense cue and similarity features of a (claim, headline) pair."""
    h = tokenize(headline)
    c = tokenize(claim)
    hs = {stem(t) for t in h if t not in STOPWORDS}
    cs = {stem(t) for t in c if t not in STOPWORDS}
    neg_h = sum(t in NEGATION for t in h)
    neg_c = sum(t in NEGATION for t in c)
    inter = len(hs & cs)
    first = h[0] if h else ""
    return [
        sum(t in REFUTING for t in h),
        sum(t in HEDGING for t in h),
        sum(t in REPORTING for t in h),
        sum(t in DISTANCING for t in h),
        sum(t in CONFIRMING for t in h),
        neg_h,
        float(neg_h % 2 != neg_c % 2),
        float("?" in headline),
        float(headline.rstrip().endswith("?")),
        float(first in {"is", "was", "are", "were", "did", "does", "do", "can", "could", "will", "has", "have"}),
        float(any(q in headline for q in "\"\u201c\u201d'\u2018")),
        float(":" in headline),
        inter / max(len(hs), 1),
        inter / max(len(cs), 1),
        float(len(numbers(headline) & numbers(claim))),
        float(len(numbers(headline) - numbers(claim))),
        np.log1p(len(h)),
        *unsettled_features(claim, headline),
    ]


N_CUE = len(cue_features("a", "a"))


# Weight of the char n-gram block beside the word blocks: 0.25 beat 0.5 and 1.0 on a 4-fold
# claim-grouped CV inside the training folds (higher on 3 of 4 folds, never lower).
CHAR_WEIGHT = 0.25


class ClaimStanceFeaturizer:
    """Sparse features: headline word n-grams, added-word stems, char n-grams, scaled cues."""

    def __init__(self, char_weight: float = CHAR_WEIGHT):
        self.char_weight = char_weight

    def fit(self, claims: Sequence[str], headlines: Sequence[str]) -> "ClaimStanceFeaturizer":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import StandardScaler

        self.words = TfidfVectorizer(
            tokenizer=_words, token_pattern=None, lowercase=False, ngram_range=(1, 2), min_df=2,
            sublinear_tf=True, dtype=np.float32,
        ).fit(headlines)
        self.added = TfidfVectorizer(
            analyzer=_identity, min_df=2, sublinear_tf=True, dtype=np.float32
        ).fit([_added(c, h) for c, h in zip(claims, headlines)])
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True, max_features=30_000,
            dtype=np.float32,
        ).fit(headlines)
        self.scaler = StandardScaler().fit(np.array([cue_features(c, h) for c, h in zip(claims, headlines)]))
        return self

    def transform(self, claims: Sequence[str], headlines: Sequence[str]):
        import scipy.sparse as sp

        cues = self.scaler.transform(np.array([cue_features(c, h) for c, h in zip(claims, headlines)]))
        return sp.hstack(
            [
                self.words.transform(headlines),
                self.added.transform([_added(c, h) for c, h in zip(claims, headlines)]),
                self.chars.transform(headlines) * self.char_weight,
                sp.csr_matrix(cues.astype(np.float32)),
            ],
            format="csr",
        )


def _identity(x: list[str]) -> list[str]:
    """Analyser for pre-tokenised input (module level so the artifact pickles)."""
    return x


class ClaimStanceModel:
    def __init__(self, featurizer: ClaimStanceFeaturizer, clf, meta: dict | None = None):
        self.featurizer = featurizer
        self.clf = clf
        self.meta = meta or {}

    def predict_proba(self, claims: Sequence[str], headlines: Sequence[str]) -> np.ndarray:
        probs = self.clf.predict_proba(self.featurizer.transform(claims, headlines))
        # classifier classes are label indexes; return columns in LABELS order
        out = np.zeros((len(claims), len(LABELS)))
        for j, k in enumerate(self.clf.classes_):
            out[:, int(k)] = probs[:, j]
        return out

    def predict(self, claims: Sequence[str], headlines: Sequence[str]) -> list[str]:
        return [LABELS[i] for i in self.predict_proba(claims, headlines).argmax(axis=1)]


def load_model() -> ClaimStanceModel:
    """The bundled Emergent claim-stance model (loaded once per process)."""
    return _artifacts.load(ARTIFACT, TRAINING_SCRIPT)


def claim_stance_pairs(pairs: Iterable[tuple[str, str]]) -> list[dict]:
    """Stance of many (claim, headline) pairs: [{"label", "probs": {label: p}}] in input order."""
    from claimledger.assess.stance import label_dicts

    pairs = list(pairs)
    if not pairs:
        return []
    probs = load_model().predict_proba([c for c, _ in pairs], [h for _, h in pairs])
    return label_dicts(LABELS, probs, probs.argmax(axis=1))


def claim_stance(claim: str, headline: str) -> dict:
    """Stance of an article headline (or sentence) towards a claim: {"label", "probs"}."""
    return claim_stance_pairs([(claim, headline)])[0]
