"""Learned stance words: a linear model over the body sentences that best match the headline.

The pair features of ``stance.PairFeaturizer`` count words of fixed cue lexicons; this model
learns from the FNC-1 training pairs which words and word pairs of the body's best-matching
sentences go with agree, disagree or discuss ("hoax", "not true", "no evidence", "denied the
report", "confirmed").  Its three probabilities are extra features of the LightGBM stance
model, stacked: on training pairs they come from models fitted without the pair's topic
(``training/train_fnc1_stance.py``), so the booster learns how far to trust them on unseen
stories.  Hashed word uni+bigrams (no vocabulary to store), sublinear TF-IDF, L2-normalised; CPU, one sparse
product per batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RELATED = ("agree", "disagree", "discuss")
TOP_K = 3  # best-matching body sentences per pair
N_HASH = 2**18
TOKEN_PATTERN = r"(?u)\b\w[\w']*\b"


def top_sentence_text(sentence_tokens: Sequence[Sequence[str]], sims: np.ndarray, k: int = TOP_K) -> str:
    """The ``k`` sentences most similar to the headline, in body order, as one token string."""
    best = sorted(np.argsort(-sims, kind="stable")[:k].tolist())
    return " ".join(t for j in best for t in sentence_tokens[j])


class SentenceStanceModel:
    """Multinomial logistic regression (agree / disagree / discuss) over hashed n-grams."""

    def __init__(self, c: float = 1.0, n_hash: int = N_HASH):
        self.c = c
        self.n_hash = n_hash
        self.coef: np.ndarray | None = None
        self.intercept: np.ndarray | None = None
        self.idf: np.ndarray | None = None

    def _counts(self, texts: Sequence[str]):
        from sklearn.feature_extraction.text import HashingVectorizer

        vec = HashingVectorizer(ngram_range=(1, 2), n_features=self.n_hash, alternate_sign=False,
                                token_pattern=TOKEN_PATTERN, norm=None, dtype=np.float32)
        return vec.transform(list(texts)).tocsr()

    def _vectorize(self, texts: Sequence[str]):
        """Sublinear TF-IDF rows, L2-normalised."""
        x = self._counts(texts)
        x.data = (1.0 + np.log(x.data)) * self.idf[x.indices]
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        x.data /= np.repeat(np.maximum(norms, 1e-12), np.diff(x.indptr)).astype(np.float32)
        return x

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> "SentenceStanceModel":
        """Fit on related pairs' texts and labels (balanced classes, seeded, deterministic)."""
        from sklearn.linear_model import LogisticRegression

        y = np.array([RELATED.index(lab) for lab in labels])
        counts = self._counts(texts)
        df = np.bincount(counts.indices, minlength=self.n_hash)
        self.idf = (np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)
        lr = LogisticRegression(C=self.c, max_iter=300, tol=1e-3, class_weight="balanced", random_state=0)
        lr.fit(self._vectorize(texts), y)
        self.coef = lr.coef_.astype(np.float32)
        self.intercept = lr.intercept_.astype(np.float32)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n, 3) probabilities of agree, disagree, discuss."""
        if self.coef is None or self.intercept is None:
            raise RuntimeError("SentenceStanceModel is not fitted")
        if not texts:
            return np.zeros((0, len(RELATED)), dtype=np.float32)
        z = np.asarray(self._vectorize(texts) @ self.coef.T) + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
