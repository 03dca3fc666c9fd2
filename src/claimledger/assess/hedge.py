"""Hedge / uncertainty detection at sentence and cue level.

A linear model over binary word uni/bigrams, trained by ``training/train_hedge.py`` on the
CoNLL-2010 Task 1 sentences (Wikipedia weasels + BioScope abstracts) with "frustratingly
easy" domain adaptation: each n-gram has a shared weight and one per domain, so the
artifact holds one weight vector per domain (shared + own).

Wikipedia's annotation marks weasel cues ("some say", "is believed", "many critics"),
BioScope's marks speculation ("may", "likely", "suggest", "whether").  News hedges are
both kinds, so the default ``news`` domain takes the larger of the two probabilities.

Only cue-like n-grams are features: those seen in uncertain sentences of many different
stretches of the corpus (so a topic word of a few abstracts, "data", "domain",
"experimental", cannot become a hedge) plus ``SEED_CUES``, the closed list of epistemic
words (modals, speculation verbs, adverbs of likelihood) that a hedge model must see even
where the training abstracts rarely use them as hedges, and the Wikipedia weasel words (vague
sources and generalisations: "critics", "widely", "considered", "many people").

Cue level: ``hedge_cues`` marks the n-grams of a lexicon learnt from the same model (a large
positive weight, and mostly seen in uncertain sentences across the corpus, or a seed cue).
"""

from __future__ import annotations

import re

import numpy as np

from claimledger.assess import _artifacts

ARTIFACT = "hedge"
TRAINING_SCRIPT = "training/train_hedge.py"
DOMAINS = ("wiki", "bio")
# Recommended cut on predict_uncertain_proba(domain="news") for calling a sentence hedged:
# the F1-best threshold on the grouped dev split (both domains, max rule); see models/hedge.card.md.
THRESHOLD = 0.7
TOKEN_PATTERN = r"(?u)\b\w[\w'-]*\b"
# Epistemic words (Hyland's hedges, CoNLL-2010 cue guidelines) always offered to the model.
EPISTEMIC_CUES = frozenset(
    """can could may might would should must perhaps presumably possibly probably likely unlikely
    possible potential potentially putative suggest suggests suggested suggesting suggestion indicate
    indicates indicated indicating propose proposed proposes assume assumed assumption hypothesis
    hypothesize hypothesized speculate speculated appear appears appeared seem seems seemed whether
    unknown unclear uncertain believe believed believes think thought consistent estimate estimated
    apparently allegedly reportedly supposedly arguably some many several often imply implies implied
    implicate implicated predicted expected conceivably tend tends""".split()
)
# Wikipedia weasel words (vague sources and generalisations: "critics say", "is widely regarded"):
# features only; they join the cue lexicon only when learnt as cues (weight and precision).
WEASEL_CUES = frozenset(
    """critics considered regarded widely often generally various numerous most arguably usually
    typically commonly alleged claimed claim claims argue argued argues experts observers others
    people sometimes variety majority approximately common popular known reportedly
    supposedly believed described seen viewed deemed famous notable noted notably thought felt
    feel""".split()
)
SEED_CUES = EPISTEMIC_CUES | WEASEL_CUES
_TOKEN_RE = re.compile(TOKEN_PATTERN)


def make_vectorizer(vocabulary=None):
    """The n-gram featuriser (binary presence, L2-normalised) shared by training and run time."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        vocabulary=vocabulary,
        ngram_range=(1, 2),
        min_df=1,  # singletons help (dev F1 wiki +3): rare weasel phrasings
        binary=True,
        use_idf=False,
        norm="l2",
        lowercase=True,
        token_pattern=TOKEN_PATTERN,
        dtype=np.float32,
    )


def _model() -> dict:
    return _artifacts.load(ARTIFACT, TRAINING_SCRIPT)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def predict_uncertain_proba(sentences: list[str], domain: str = "news") -> list[float]:
    """P(uncertain) for each sentence.

    ``domain``: ``"wiki"`` (weasel sense), ``"bio"`` (speculation sense) or ``"news"``
    (default: the larger of the two, since news hedges in both ways).
    """
    if domain not in (*DOMAINS, "news"):
        raise ValueError(f"unknown domain {domain!r}; use one of wiki, bio, news")
    if not sentences:
        return []
    model = _model()
    X = model["vectorizer"].transform(list(sentences))
    probs = []
    for name in DOMAINS if domain == "news" else (domain,):
        probs.append(_sigmoid(X @ model["coef"][name] + model["intercept"][name]))
    p = np.max(np.vstack(probs), axis=0)
    return [round(float(v), 6) for v in p]


def domain_cut(domain: str) -> float:
    """A domain model's decision cut on its probability (chosen by grouped CV inside the training
    data; 0.5 for an artifact without cuts)."""
    return float(_model().get("cuts", {}).get(domain, 0.5))


def is_uncertain(sentences: list[str], domain: str = "news") -> list[bool]:
    """Whether each sentence is uncertain: a domain model at its cut, or (``news``, the default)
    the larger probability at THRESHOLD."""
    cut = THRESHOLD if domain == "news" else domain_cut(domain)
    return [p >= cut for p in predict_uncertain_proba(sentences, domain=domain)]


def hedge_cues(sentence: str) -> list[tuple[int, int, str]]:
    """Hedge cues in ``sentence`` as (start, end, text), character offsets, in text order.

    Bigram cues win over the unigrams inside them; overlapping cues are merged.
    """
    lexicon: dict[str, float] = _model()["cues"]
    toks = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN_RE.finditer(sentence)]
    spans: list[tuple[int, int]] = []
    for i, (s, e, w) in enumerate(toks):
        if i + 1 < len(toks) and f"{w} {toks[i + 1][2]}" in lexicon:
            spans.append((s, toks[i + 1][1]))
        elif w in lexicon:
            spans.append((s, e))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return [(s, e, sentence[s:e]) for s, e in merged]
