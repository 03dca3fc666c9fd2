"""Check-worthiness: how much a sentence deserves fact-checking (0..1).

Trained by ``training/train_checkworthy.py`` on CheckThat! 2024 Task 1 English (political
debate sentences labelled Yes/No, ClaimBuster-derived): a logistic regression over word
uni/bigram and character 2-5-gram TF-IDF, digits folded to ``0`` so "130 tanks" and
"7,000 troops" share features.  Check-worthy sentences are factual, specific and
consequential (figures, named actors, "killed", "percent", "billion"); filler and opinion
score low.

Beyond n-grams, ``claim_cue_features`` counts cues that carry across debates and topics
(figures, comparisons, causation, change, concrete events, officials and institutions,
quotes and reporting verbs, figures in words, dates, titled names, voting records, against
opinion, promises, thanks and questions), so a sentence without numbers that states an event
or a cause is still recognised.  Probabilities are Platt-calibrated on out-of-fold values of
the training debates (see the card).

The regression's decision value is blended with a multinomial naive Bayes over the same word
n-grams (weight chosen on out-of-fold values of the training debates).

``tfidf_logreg`` builds the word+char pipeline; the toxicity model reuses it.
"""

from __future__ import annotations

import re
from typing import Callable

import numpy as np

from claimledger.assess import _artifacts
from claimledger.assess.fast_text import union_features

ARTIFACT = "checkworthy"
TRAINING_SCRIPT = "training/train_checkworthy.py"
# Recommended cut on the calibrated probability for "worth checking": the F1-best threshold on
# out-of-fold values of the debate-grouped train (see models/checkworthy.card.md).
THRESHOLD = 0.3
_DIGIT_RE = re.compile(r"\d")

# Cue families that mark a checkable claim whatever the topic (case-insensitive regexes).
CLAIM_CUES: dict[str, str] = {
    "number": r"\d",
    # figures in words, as speakers say them ("two civil rights bills", "fifty-eight")
    "number_word": r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety|hundreds?|thousands?|dozens?|millions|billions|quarter)\b",
    "date": r"\b(?:january|february|march|april|june|july|august|september|october|november|december"
    r"|yesterday|last (?:year|month|week|night|time)|ago|decade|since|in the (?:last|past))\b",
    # a titled person or a record of action, checkable whoever the speaker is
    "title": r"\b(?:mr|mrs|ms|dr|governor|senator|president|secretary|general|speaker|congressman)\.? (?-i:[A-Z])",
    "record": r"\b(?:voted|vote[sd]? (?:for|against)|supported|opposed|proposed|sponsored|endorsed|promised"
    r"|pledged|introduced|appointed|raised taxes|cut taxes)\b",
    "percent": r"\b(?:percent|per cent)\b|%",
    "money": r"[$£€]|\b(?:billion|million|trillion|dollars?)\b",
    "year": r"\b(?:19|20)\d\d\b",
    "comparison": r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|most|least|highest|lowest"
    r"|largest|worst|best|record|doubled?|tripled?|twice|half)\b|\b\w+er than\b",
    "causation": r"\b(?:because|caused?|causing|led to|leads? to|result(?:ed|s)? in|due to|therefore|since)\b",
    "change": r"\b(?:increas|decreas|rais|cut|grow|grew|declin|drop|fell|fall|rose|rise|lost|gain|creat|add)\w*",
    # concrete events, political and military alike (the family shares one learnt weight)
    "event": r"\b(?:killed|died|attack\w*|voted?|passed|signed|vetoed|invaded|bombed|launched|arrested"
    r"|elected|won|spent|paid|sent|fired|closed|opened|built|shell(?:ed|ing)|struck|destroyed|captured"
    r"|seized|wounded|injured|evacuated|fled|occupied|retreated|shot down|deployed|withdrew|detained"
    r"|executed|abducted|displaced|sank|downed|liberated|surrendered)\b",
    "official": r"\b(?:president|governor|senator|congress\w*|administration|government|minister|secretary"
    r"|officials?|department|agency|court|army|military|police|treasury|pentagon|nato)\b",
    "reporting": r"\b(?:said|says|say|told|announced|reported|according to|stated|claimed|admitted)\b",
    "quote": r"[\"\u201c\u201d]",
    "opinion": r"\b(?:i think|i believe|i feel|in my (?:view|opinion)|i hope|i want|we need|we must|we should"
    r"|we will|i will|let me|thank|i'm going to|we're going to)\b",
    "modal": r"\b(?:should|would|could|might|may|must|ought|will|going to)\b",
    "question": r"\?",
    "first_person": r"\b(?:i|me|my|we|our|us)\b",
    "second_person": r"\b(?:you|your)\b",
    "past_tense": r"\b\w{3,}ed\b",
    "perfect": r"\b(?:has|have|had) (?:been|\w+ed)\b",
    "universal": r"\b(?:every|all|always|never|nobody|no one|none|only|each)\b",
    "negation": r"\b(?:not|no|never)\b|n't\b",
    # attacks on a rival's record ("he voted", "their plan") are checkable; "I", "we" mostly are not
    "third_person": r"\b(?:he|his|him|she|her|they|their|them)\b",
    # a named actor doing something in the past: "Putin ordered", "McCain's plan cut"
    "actor_event": r"(?-i:\b[A-Z][a-z]+)(?:'s)? (?:\w+ ){0,2}(?:has |have |had |was |were )?(?:\w{3,}ed|killed|won|lost"
    r"|sent|spent|built|cut|paid|said|told|made|gave|took|left|went|came|began|grew|fell|rose|ran|sold|bought|brought"
    r"|became)\b",
    "official_report": r"\b(?:officials?|minister|spokes\w+|president|governor|senator|secretary|general|commander"
    r"|ministry|pentagon|kremlin|police)\b[^.]{0,40}\b(?:said|says|told|announced|confirmed|stated|reported)\b",
    "policy_object": r"\b(?:the|this|that) (?:law|bill|plan|program|act|budget|treaty|policy|deal|agreement|tax|amendment)\b",
    "superlative_claim": r"\b(?:is|are|was|were) (?:the )?(?:first|only|largest|biggest|highest|lowest|most|least)\b",
}
_CUE_RES = [re.compile(rx, re.I) for rx in CLAIM_CUES.values()]
# On text whose characters outside ASCII have no case (curly quotes, dashes, Arabic) a
# case-insensitive match is a match on the lower-cased text (nothing there folds onto a letter,
# and lower-casing moves no offset), and about twice as fast; the families that read case keep re.I.
_CUE_RES_LOWER = [None if "(?-i" in rx else re.compile(rx) for rx in CLAIM_CUES.values()]
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def _uncased_lower(text: str) -> str | None:
    """``text`` lower-cased where that is safe for the lower-case cue patterns (see above), else None."""
    if not text.isascii() and any(c.lower() != c or c.upper() != c for c in set(_NON_ASCII_RE.findall(text))):
        return None
    return text.lower()
_NAME_RE = re.compile(r"(?<=\w )[A-Z][a-z]+")  # capitalised word inside the sentence: a name


# Sentence shape: function words kept, other words reduced to their form (name, figure, past
# participle, -ing, adverb, plural), so "Senator X voted against the bill" and "The army shelled
# the town" share n-grams that no topic word carries.
_SHAPE_TOKEN_RE = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[^\w\s]")
_FUNCTION_WORDS = frozenset(
    """a an the and or but if of to in on at by for with from as into about over under is are was were be been
    being am do does did have has had this that these those it its he she they we you i his her their our your
    my me him them us who which what when where why how than then there here so not no never n't will would
    should could may might must can shall going to all every some any more most less only very""".split()
)


def sentence_shape(text: str) -> str:
    """The sentence as function words and word forms: 'He voted for the war in 2003.' ->
    'he VED for the W in NUM P'."""
    out = []
    for i, word in enumerate(_SHAPE_TOKEN_RE.findall(text)):
        lower = word.lower()
        if lower in _FUNCTION_WORDS:
            out.append(lower)
        elif word[0].isdigit():
            out.append("NUM")
        elif word[0].isupper() and i > 0:
            out.append("CAP")
        elif not word[0].isalpha():
            out.append(word if word in "?!\"'" else "P")
        elif lower.endswith("ed"):
            out.append("VED")
        elif lower.endswith("ing"):
            out.append("VING")
        elif lower.endswith("ly"):
            out.append("ADV")
        elif lower.endswith("s") and not lower.endswith("ss"):
            out.append("NS")
        else:
            out.append("W")
    return " ".join(out)


def normalise(text: str) -> str:
    """Lower-case with every digit as 0 (the number's shape matters, not its value)."""
    return _DIGIT_RE.sub("0", text.lower())


def claim_cue_features(texts) -> np.ndarray:
    """Per sentence: each cue family's count (capped at 3, scaled to 0..1), names, length, shortness."""
    out = np.zeros((len(texts), len(_CUE_RES) + 3), dtype=np.float32)
    for i, text in enumerate(texts):
        lower = _uncased_lower(text)
        for j, (rx, lower_rx) in enumerate(zip(_CUE_RES, _CUE_RES_LOWER)):
            found = lower_rx.findall(lower) if lower is not None and lower_rx is not None else rx.findall(text)
            out[i, j] = min(len(found), 3) / 3
        n_words = len(text.split())
        out[i, -3] = min(len(_NAME_RE.findall(text)), 3) / 3
        out[i, -2] = min(n_words, 40) / 40
        out[i, -1] = float(n_words < 6)
    return out


def tfidf_logreg(
    preprocessor: Callable[[str], str],
    C: float,
    char_max_features: int,
    class_weight: str | None = "balanced",
    word_token_pattern: str = r"(?u)\b\w[\w'-]*\b|[$%£€]",
    claim_cues: bool = False,
):
    """Word (1-2) + char_wb (2-5) sublinear TF-IDF (+ claim cues and sentence-shape 2-4-grams) into a
    logistic regression (seeded)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    common = {"preprocessor": preprocessor, "sublinear_tf": True, "dtype": np.float32}
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, token_pattern=word_token_pattern, **common)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, max_features=char_max_features, **common)
    parts = [("words", words), ("chars", chars)]
    if claim_cues:
        parts.append(("cues", FunctionTransformer(claim_cue_features)))
        shapes = TfidfVectorizer(preprocessor=sentence_shape, token_pattern=r"\S+", lowercase=False, ngram_range=(2, 4),
                                 min_df=5, sublinear_tf=True, dtype=np.float32)
        parts.append(("shapes", shapes))
    return Pipeline(
        [
            ("features", FeatureUnion(parts)),
            ("lr", LogisticRegression(C=C, max_iter=5000, class_weight=class_weight, random_state=0)),
        ]
    )


def drop_stop_words(pipeline) -> None:
    """Forget the vectorisers' pruned-term sets before saving (large, unused at run time)."""
    for _, vec in pipeline.named_steps["features"].transformer_list:
        if hasattr(vec, "stop_words_"):
            vec.stop_words_ = None


def word_presence(pipeline, features):
    """The word n-gram block of a fitted ``tfidf_logreg`` feature matrix, as 0/1 presence: the
    words vectoriser comes first in the union, so its columns lead."""
    n_words = len(pipeline.named_steps["features"].transformer_list[0][1].vocabulary_)
    block = features[:, :n_words].tocsr(copy=True)
    block.data[:] = 1.0
    return block


def fit_word_naive_bayes(pipeline, texts, y, alpha: float = 0.5):
    """Multinomial naive Bayes over the pipeline's own word n-grams (present or not): a second
    model family whose evidence from rare n-grams differs from the regression's."""
    from sklearn.naive_bayes import MultinomialNB

    return MultinomialNB(alpha=alpha).fit(word_presence(pipeline, pipeline.named_steps["features"].transform(texts)), y)


def blended_decision(pipeline, naive_bayes, blend: dict | None, texts) -> np.ndarray:
    """The regression's decision value, or its blend with naive Bayes' log-odds, each divided by its
    spread on out-of-fold values so the blend weight reads as a share."""
    step = pipeline.named_steps["features"]
    # the union's columns with each distinct word's n-grams counted once (= its transform, faster)
    features = union_features(step, list(texts)) if type(step).__name__ == "FeatureUnion" else step.transform(list(texts))
    z = pipeline.named_steps["lr"].decision_function(features)
    if naive_bayes is None or not blend or not blend["weight"]:
        return z
    log_p = naive_bayes.predict_log_proba(word_presence(pipeline, features))
    z_nb = log_p[:, 1] - log_p[:, 0]
    w = blend["weight"]
    return (1 - w) * z / blend["scale_lr"] + w * z_nb / blend["scale_nb"]


def checkworthiness(sentences: list[str]) -> list[float]:
    """Probability that each sentence is worth checking (higher = more worth checking)."""
    if not sentences:
        return []
    model = _artifacts.load(ARTIFACT, TRAINING_SCRIPT)
    if isinstance(model, dict):  # pipeline (+ naive Bayes blend) + Platt calibration of the decision value
        a, b = model["calibration"]
        z = blended_decision(model["pipeline"], model.get("naive_bayes"), model.get("blend"), sentences)
        probs = 1.0 / (1.0 + np.exp(-(a * z + b)))
    else:
        probs = model.predict_proba(list(sentences))[:, 1]
    return [round(float(p), 6) for p in probs]
