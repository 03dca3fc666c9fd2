"""Loaded language and propaganda techniques: spans in body text, each with a technique.

Two models, trained by ``training/train_propaganda.py`` on the SemEval-2020 Task 11 corpus
(PTC, news articles with character spans of 14 techniques):

- span identification: a linear-chain CRF (python-crfsuite) over tokens with word, affix,
  shape, neighbour and quotation features, one sequence per line; a token is inside a span
  when its marginal P(not O) reaches ``SPAN_THRESHOLD`` (dev-tuned), runs of such tokens are
  the spans, scored by their mean marginal;
- technique classification: a logistic regression over the span's words and characters,
  its length, how often it repeats in the text (Repetition), quotes and punctuation.
"""

from __future__ import annotations

import functools
import re
import threading

import numpy as np

from claimledger.assess import _artifacts
from claimledger.assess.fast_text import tfidf_transform

ARTIFACT = "propaganda"
TRAINING_SCRIPT = "training/train_propaganda.py"
SPAN_THRESHOLD = 0.12  # dev-tuned cut on a token's marginal P(inside a span), see the card
TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_QUOTES = frozenset("\"“”")


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


@functools.lru_cache(maxsize=65536)  # a word's shape is asked for at every occurrence
def _shape(word: str) -> str:
    s = re.sub("[A-Z]", "X", word)
    s = re.sub("[a-z]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)


def token_features(text: str, toks: list[tuple[int, int, str]]) -> list[list[str]]:
    """crfsuite attribute strings per token of one line."""
    low = [w.lower() for _, _, w in toks]
    padded = ["<pad>", "<pad>", *low, "<pad>", "<pad>"]  # padded[i + 2] is token i's word
    out = []
    quoted = False
    for i, (_, _, w) in enumerate(toks):
        if w in _QUOTES:
            quoted = not quoted
        word, before, after = low[i], padded[i + 1], padded[i + 3]
        f = [f"w={word}", f"s3={word[-3:]}", f"p3={word[:3]}", f"sh={_shape(w)}", f"w-2={padded[i]}",
             f"w-1={before}", f"w1={after}", f"w2={padded[i + 4]}", f"w-1|w={before}|{word}", f"w|w1={word}|{after}"]
        if quoted:
            f.append("inq")
        out.append(f)
    return out


def lines(text: str) -> list[tuple[int, list[tuple[int, int, str]]]]:
    """(line start, tokens with offsets into text) for each non-empty line."""
    out = []
    pos = 0
    for line in text.split("\n"):
        toks = [(s + pos, e + pos, w) for s, e, w in tokens(line)]
        if toks:
            out.append((pos, toks))
        pos += len(line) + 1
    return out


def span_features(text: str, start: int, end: int) -> dict:
    """Hand features of one span for the technique classifier (besides its words)."""
    span = text[start:end]
    n_words = len(span.split())
    low = span.lower().strip()
    repeats = text.lower().count(low) if low else 0
    return {
        f"len={min(n_words, 12)}": 1.0,
        f"rep={min(repeats, 4)}": 1.0,
        "quoted": float(start > 0 and text[start - 1] in "\"“'‘"),
        "excl": float("!" in span),
        "question": float("?" in span),
        "upper": float(span.isupper() and n_words > 0),
        "title_case": float(n_words > 1 and span.istitle()),
    }


def _model() -> dict:
    return _artifacts.load(ARTIFACT, TRAINING_SCRIPT)


_LOCAL = threading.local()


def _tagger():
    """A crfsuite tagger per thread (a tagger holds the sequence being tagged), opened once.

    ``open_inmemory`` reads the model bytes in place without holding a reference to them:
    the tagger keeps its bytes alive and is reopened when the artifact cache hands out new
    ones (after ``_artifacts.clear_cache()``), else it reads freed memory and fails with
    "Failed to convert into label identifier".
    """
    crf = _model()["crf"]
    tagger = getattr(_LOCAL, "tagger", None)
    if tagger is None or getattr(_LOCAL, "crf", None) is not crf:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(crf)
        _LOCAL.tagger, _LOCAL.crf = tagger, crf
    return tagger


def reset() -> None:
    """Forget this thread's tagger (after the artifact cache is cleared, e.g. in training)."""
    _LOCAL.tagger = _LOCAL.crf = None


def token_marginals(text: str) -> list[tuple[int, int, float]]:
    """(start, end, P(inside a propaganda span)) for each token of text."""
    tagger = _tagger()
    out = []
    for _, toks in lines(text):
        tagger.set(token_features(text, toks))
        out.extend((s, e, 1.0 - tagger.marginal("O", i)) for i, (s, e, _) in enumerate(toks))
    return out


def spans_from_marginals(
    text: str, marg: list[tuple[int, int, float]], threshold: float
) -> list[tuple[int, int, float]]:
    """Runs of tokens at or above threshold (never across a line break) with mean marginal."""
    spans: list[tuple[int, int, float]] = []
    run: list[tuple[int, int, float]] = []
    for tok in marg + [(-1, -1, -1.0)]:
        if tok[2] >= threshold and (not run or "\n" not in text[run[-1][1] : tok[0]]):
            run.append(tok)
            continue
        if run:
            spans.append((run[0][0], run[-1][1], sum(t[2] for t in run) / len(run)))
        run = [tok] if tok[2] >= threshold else []
    return spans


def classify_spans(text: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """Technique probabilities (columns: ``techniques()``) for spans of text."""
    return _classify([(text, s, e) for s, e in spans])


def _classify(spans: list[tuple[str, int, int]]) -> np.ndarray:
    """Technique probabilities for (text, start, end) spans of any texts: one model call for all."""
    if not spans:
        return np.zeros((0, len(techniques())))
    tc = _model()["tc"]
    from scipy.sparse import hstack

    texts = [text[s:e] for text, s, e in spans]
    X = hstack(
        [tfidf_transform(tc["words"], texts), tfidf_transform(tc["chars"], texts),
         tc["meta"].transform([span_features(text, s, e) for text, s, e in spans])]
    ).tocsr()
    return tc["lr"].predict_proba(X)


def techniques() -> list[str]:
    return [str(c) for c in _model()["tc"]["lr"].classes_]


def loaded_language(text: str, threshold: float = SPAN_THRESHOLD) -> list[dict]:
    """Propaganda spans in ``text``: [{start, end, technique, score}] in text order.

    score is the span's mean token probability of being inside a propaganda span;
    ``technique_score`` the classifier's probability of the technique given.
    """
    return loaded_language_many([text], threshold)[0]


def loaded_language_many(texts: list[str], threshold: float = SPAN_THRESHOLD) -> list[list[dict]]:
    """``loaded_language`` of each text, the spans of all of them classified in one model call."""
    found = [spans_from_marginals(text, token_marginals(text), threshold) for text in texts]
    spans = [(text, s, e) for text, spans in zip(texts, found) for s, e, _ in spans]
    probs = iter(_classify(spans))
    names = techniques() if spans else []
    out: list[list[dict]] = []
    for spans_of_text in found:
        out.append([])
        for (s, e, score), p in zip(spans_of_text, probs):
            k = int(np.argmax(p))
            out[-1].append({"start": s, "end": e, "technique": names[k], "score": round(float(score), 6),
                            "technique_score": round(float(p[k]), 6)})
    return out
