"""Check-worthiness: how much a sentence deserves fact-checking (0..1).

Trained by ``training/train_checkworthy.py`` on CheckThat! 2024 Task 1 English (political
debate sentences labelled Yes/No, ClaimBuster-derived): a logistic regression over word
uni/bigram and character 2-5-gram TF-IDF, digits folded to ``0`` so "130 tanks" and
"7,000 troops" share features.  Check-worthy sentences are factual, specific and
consequential (figures, named actors, "killed", "percent", "billion"); filler and opinion
score low.

``tfidf_logreg`` builds the word+char pipeline; the toxicity model reuses it.
"""

from __future__ import annotations

import re
from typing import Callable

from claimledger.assess import _artifacts

ARTIFACT = "checkworthy"
TRAINING_SCRIPT = "training/train_checkworthy.py"
# Recommended cut for "worth checking": the lowest threshold within 0.01 of the best CT24 dev F1
# (dev is flat from 0.5 to 0.65; the lower end also holds on dev-test, see the card).
THRESHOLD = 0.5
_DIGIT_RE = re.compile(r"\d")


def normalise(text: str) -> str:
    """Lower-case with every digit as 0 (the number's shape matters, not its value)."""
    return _DIGIT_RE.sub("0", text.lower())


def tfidf_logreg(
    preprocessor: Callable[[str], str],
    C: float,
    char_max_features: int,
    class_weight: str | None = "balanced",
    word_token_pattern: str = r"(?u)\b\w[\w'-]*\b|[$%£€]",
):
    """Word (1-2) + char_wb (2-5) sublinear TF-IDF into a logistic regression (seeded)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    common = {"preprocessor": preprocessor, "sublinear_tf": True, "dtype": np.float32}
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, token_pattern=word_token_pattern, **common)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, max_features=char_max_features, **common)
    return Pipeline(
        [
            ("features", FeatureUnion([("words", words), ("chars", chars)])),
            ("lr", LogisticRegression(C=C, max_iter=5000, class_weight=class_weight, random_state=0)),
        ]
    )


def drop_stop_words(pipeline) -> None:
    """Forget the vectorisers' pruned-term sets before saving (large, unused at run time)."""
    for _, vec in pipeline.named_steps["features"].transformer_list:
        vec.stop_words_ = None


def checkworthiness(sentences: list[str]) -> list[float]:
    """Probability that each sentence is worth checking (higher = more worth checking)."""
    if not sentences:
        return []
    model = _artifacts.load(ARTIFACT, TRAINING_SCRIPT)
    return [round(float(p), 6) for p in model.predict_proba(list(sentences))[:, 1]]
