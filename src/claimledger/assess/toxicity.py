"""Toxicity of reader comments: hate speech / offensive / neither.

Trained by ``training/train_toxicity.py``: a multinomial logistic regression over word and
character n-gram TF-IDF on Davidson et al.'s tweets, plus two kinds of help for news pages
(see the card): sentences of news reports and of political debates as "neither" (so the
register of reporting and civil argument is not mistaken for abuse) and the name-calling spans of the propaganda corpus as "offensive" (the
tweets know slurs and swearing but few insults such as "lowlife" or "pigs").

Long texts are scored sentence by sentence (the tweets it learnt from are short, and one
abusive sentence makes a comment abusive): a text longer than a tweet gets the scores of its
most toxic sentence.
"""

from __future__ import annotations

import html
import re

import numpy as np

from claimledger.assess import _artifacts

ARTIFACT = "toxicity"
TRAINING_SCRIPT = "training/train_toxicity.py"
LABELS = ("hate", "offensive", "neither")
# A text is toxic when p_toxic >= this (then hate or offensive, whichever is likelier): the
# lowest of the macro-F1-best cuts on the Davidson dev tweets (0.45 and 0.5 tie; see the card).
TOXIC_THRESHOLD = 0.45
MIN_SENTENCE_WORDS = 4  # shorter fragments ("Ben Hodges.") say too little to score alone
WHOLE_MAX_WORDS = 30  # texts up to this long (tweet-sized) are scored whole
_URL_RE = re.compile(r"https?://\S+|www\.\S+")
_USER_RE = re.compile(r"@\w+")
_RT_RE = re.compile(r"\brt\b")
# Sentence ends: . ! ? (and a closing quote) before white space, or a line break.
_SENT_RE = re.compile(r"[^\n.!?]*(?:[.!?]+[\"'\u201d\u2019)]*|\n|$)")


def normalise(text: str) -> str:
    """Lower-case; URLs, @handles and retweet marks made generic; HTML entities decoded."""
    text = html.unescape(text).lower()
    text = _URL_RE.sub(" url ", text)
    text = _USER_RE.sub(" @user ", text)
    return _RT_RE.sub(" ", text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the pieces to score: the whole text when it is tweet-sized or has no
    sentence long enough, else its sentences of at least MIN_SENTENCE_WORDS words."""
    spans: list[tuple[int, int]] = []
    if len(text.split()) <= WHOLE_MAX_WORDS:
        return [(0, len(text))]
    for m in _SENT_RE.finditer(text):
        chunk = m.group()
        if len(chunk.split()) >= MIN_SENTENCE_WORDS:
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((m.start() + lead, m.start() + len(chunk.rstrip())))
    return spans or [(0, len(text))]


def predict_proba(texts: list[str]) -> np.ndarray:
    """Raw class probabilities (hate, offensive, neither) of each text scored whole."""
    model = _artifacts.load(ARTIFACT, TRAINING_SCRIPT)
    return model.predict_proba(list(texts))


def label_of(p_hate: float, p_offensive: float, p_toxic: float, threshold: float = TOXIC_THRESHOLD) -> str:
    if p_toxic < threshold:
        return "neither"
    return "hate" if p_hate > p_offensive else "offensive"


def toxicity(texts: list[str]) -> list[dict]:
    """Scores per text: p_hate, p_offensive, p_toxic (= 1 - p_neither), label, and the
    character span (start, end) of the sentence the scores come from."""
    if not texts:
        return []
    owners, pieces, spans = [], [], []
    for i, text in enumerate(texts):
        for s, e in sentence_spans(text):
            owners.append(i)
            pieces.append(text[s:e])
            spans.append((s, e))
    probs = predict_proba(pieces)
    best: dict[int, int] = {}
    for k, i in enumerate(owners):
        if i not in best or probs[k, 2] < probs[best[i], 2]:
            best[i] = k
    out = []
    for i in range(len(texts)):
        k = best[i]
        p = probs[k]
        out.append(
            {
                "p_hate": round(float(p[0]), 6),
                "p_offensive": round(float(p[1]), 6),
                "p_toxic": round(float(1.0 - p[2]), 6),
                "label": label_of(float(p[0]), float(p[1]), float(1.0 - p[2])),
                "start": spans[k][0],
                "end": spans[k][1],
            }
        )
    return out
