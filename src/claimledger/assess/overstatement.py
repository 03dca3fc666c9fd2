"""Headline overstatement: the headline asserts what the body only hedges, attributes or disputes.

``headline_overstatement(headline, body_sentences)`` reads the body as the analysis stage
leaves it — claims with a certainty level (asserted | reported | hedged | contested | denied)
and cue spans — and asks three questions:

1. Does the headline assert at all?  A headline with its own hedge ("reportedly", "may",
   a question) or attribution ("X says", "China claims", "...: official") is never flagged.
2. Which body sentences carry the headline's story?  Relevance is the TF-IDF cosine
   (stemmed words, and character n-grams so "drives"/"drove" meet) from the FNC-1 stance
   model's vectorisers; the document-level FNC-1 stance (agree / discuss / disagree /
   unrelated) is reported beside it.  Without the artifact a stem-overlap fallback is used.
3. How strongly do those sentences back it?  Each relevant sentence (cosine at least
   ``REL_MIN`` and at least half the best sentence's) supports the headline by its
   certainty — asserted 1.0, reported 0.6, hedged (or attributed with a distancing verb:
   "alleged", "claimed") 0.3, contested / denied 0.  ``gap = 1 - best support``.  A dispute — a contested or
   denied relevant claim, a distinctive headline word inside the scope of "rather than",
   "instead of", "not", "denied", "false"…, or a "disagree" document stance — adds
   ``dispute`` in [0, 1].  ``score = 1 - (1 - gap) * (1 - 0.8 * dispute)``; flagged at 0.5.

So attribution alone (score 0.4) does not flag — headlines routinely drop "officials said"
when the body names its on-record source — but a body that only hedges the story (0.7) or
that carries a competing account (the Express sample: "allegedly", and "There are claims
that the footage … showed him after he had been injured in battle rather than following a
mutiny") does.  Every reason carries the sentence span and the cue spans behind it.

Sentence dicts: ``{"text", "start"?, "end"?, "certainty"?, "cues"?: [{"text","start","end","kind"}]}``.
Without ``certainty`` a small lexical fallback (``sentence_certainty``) sets it.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from claimledger.analyze.certainty_words import surface_words
from claimledger.assess.features import STOPWORDS, split_sentences, stem, tokenize

STRENGTH = {"asserted": 1.0, "reported": 0.6, "hedged": 0.3, "contested": 0.0, "denied": 0.0}
FLAG_AT = 0.5
DISPUTE_WEIGHT = 0.8
REL_MIN = 0.08  # below this cosine a sentence does not carry the headline's story
REL_RATIO = 0.5  # ... nor if it matches less than half as well as the best sentence
MIN_TERM_IDF = 4.0  # a headline word must be this distinctive for a contrast hit to count

_WORD = r"[A-Za-z][A-Za-z'\u2019-]*"


def _phrases(words: str) -> re.Pattern:
    alts = sorted((w.replace("_", r"\s+") for w in words.split()), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)


# Cues for the lexical fallback and the headline check: the surface forms of analyze's one
# certainty lexicon (kinds as the analysis stage names them).
_WORDS = surface_words()
DISTANCING_RE = _phrases(" ".join(_WORDS["distancing"]))
HEDGE_RE = _phrases(" ".join(_WORDS["hedge"]))
REPORT_RE = _phrases(" ".join(_WORDS["report"]))
DENY_RE = _phrases(" ".join(_WORDS["denial"]))
# Contrast / negation cues whose scope, if it holds a headline word, disputes the headline.
CONTRAST_RE = _phrases(" ".join(_WORDS["denial"] | _WORDS["contest"]) + " rather_than instead_of not no never contrary_to")
_EPISTEMIC_AFTER = re.compile(r"\s+(?:known|clear|certain|sure|confirmed|yet|immediately)\b", re.IGNORECASE)
_SCOPE_END = re.compile(r"[,;:.!?\u2013\u2014()]|\s-\s")
HEADLINE_ATTRIB_RE = _phrases(" ".join(_WORDS["report"] | _WORDS["distancing"] | _WORDS["denial"]))


# ---------------------------------------------------------------- certainty (lexical fallback)


def _cue(m: re.Match, kind: str, offset: int) -> dict:
    return {"text": m.group(0), "start": offset + m.start(), "end": offset + m.end(), "kind": kind}


def sentence_certainty(text: str, offset: int = 0) -> tuple[str, list[dict]]:
    """(certainty, cues) of one sentence from cue words alone; cue offsets start at ``offset``.

    Denial beats distancing ("allegedly", "claims"), which beats a neutral attribution
    ("said", "told"), which beats an epistemic hedge ("likely", "believed to") elsewhere in
    the sentence — the hedge may sit in a relative clause, the attribution rarely does."""
    deny = [_cue(m, "denial", offset) for m in DENY_RE.finditer(text)]
    dist = [_cue(m, "allegation", offset) for m in DISTANCING_RE.finditer(text)]
    rep = [_cue(m, "report", offset) for m in REPORT_RE.finditer(text)]
    hedge = [_cue(m, "hedge", offset) for m in HEDGE_RE.finditer(text)]
    if deny:
        return "denied", deny
    if dist:
        return "hedged", dist + hedge
    if rep:
        return "reported", rep
    if hedge:
        return "hedged", hedge
    return "asserted", []


def headline_certainty(headline: str) -> tuple[str, list[dict]]:
    """(asserted | hedged | reported, cues) of a headline.

    Hedged: a hedge or distancing cue, or a question.  Reported: a reporting verb
    ("China claims …", "… says minister") or a short source after the last colon
    ("… CHLORINE GAS: SHIA MP").  Otherwise asserted."""
    cues = [_cue(m, "hedge", 0) for m in HEDGE_RE.finditer(headline)]
    cues += [_cue(m, "allegation", 0) for m in DISTANCING_RE.finditer(headline) if m.group(0).lower() not in ("claims", "claimed")]
    q = headline.rfind("?")
    if q >= 0:
        cues.append({"text": "?", "start": q, "end": q + 1, "kind": "question"})
    if cues:
        return "hedged", sorted(cues, key=lambda c: c["start"])
    rep = [_cue(m, "report", 0) for m in HEADLINE_ATTRIB_RE.finditer(headline)]
    colon = max(headline.rfind(":"), headline.rfind(" - "))
    if colon > 0:
        tail = headline[colon + 1:].strip(" -")
        if 0 < len(tail.split()) <= 4:
            start = headline.index(tail, colon)
            rep.append({"text": tail, "start": start, "end": start + len(tail), "kind": "source"})
    if rep:
        return "reported", sorted(rep, key=lambda c: c["start"])
    return "asserted", []


def _distancing(cues: list[dict]) -> bool:
    return any(c.get("kind") == "allegation" or DISTANCING_RE.fullmatch(str(c.get("text", "")).strip()) for c in cues)


def _strength(certainty: str, cues: list[dict]) -> float:
    s = STRENGTH.get(certainty, 1.0)
    if certainty == "reported" and _distancing(cues):
        s = STRENGTH["hedged"]
    return s


# ---------------------------------------------------------------- relevance and disputes


def _content_stems(text: str) -> list[str]:
    return [stem(t) for t in tokenize(text) if t not in STOPWORDS and len(t) > 2]


class _Scorer:
    """Relevance and term distinctiveness, from the FNC-1 stance model when it is there."""

    def __init__(self) -> None:
        from claimledger.assess import _artifacts
        from claimledger.assess.stance import load_model

        try:
            self.model = load_model()
        except _artifacts.ArtifactMissing:
            self.model = None

    @property
    def name(self) -> str:
        return "fnc1_stance" if self.model is not None else "lexical"

    def relevance(self, headline: str, texts: list[str]) -> np.ndarray:
        if self.model is not None:
            w, c = self.model.featurizer.similarities(headline, texts)
            # character n-grams catch inflections the stemmer misses, at a discount
            return np.maximum(w, 0.6 * c).astype(float)
        hs = set(_content_stems(headline))
        return np.array([len(hs & set(_content_stems(t))) / max(len(hs), 1) for t in texts], dtype=float)

    def idf(self, stem_: str) -> float:
        if self.model is not None:
            return self.model.featurizer.term_idf(stem_)
        return MIN_TERM_IDF + 1.0 if len(stem_) >= 5 else 0.0

    def doc_stances(self, pairs: list[tuple[str, str]]) -> list[dict | None]:
        """The document stance of many (headline, body) pairs, the model called once (each row is
        scored on its own: the features and the booster read one pair at a time)."""
        out: list[dict | None] = [None] * len(pairs)
        todo = [i for i, (_, body) in enumerate(pairs) if body.strip()]
        if self.model is None or not todo:
            return out
        from claimledger.assess.stance import LABELS

        probs = self.model.predict_proba([pairs[i][0] for i in todo], [pairs[i][1] for i in todo])
        for i, k, row in zip(todo, self.model.decide(probs), probs):
            out[i] = {"label": LABELS[int(k)], "probs": {lab: round(float(p), 4) for lab, p in zip(LABELS, row)}}
        return out


def _scorer() -> _Scorer:
    # cheap: the artifact itself is cached by _artifacts, once per process
    return _Scorer()


def contrast_hits(headline_terms: dict[str, str], text: str, offset: int = 0) -> list[dict]:
    """Headline words inside the scope of a contrast or negation cue in ``text``.

    ``headline_terms`` maps distinctive headline stems to the headline word.  The scope of
    a cue runs to the next clause punctuation, at most 10 words; "not known / clear / sure"
    is uncertainty, not a dispute, and is skipped."""
    hits = []
    for m in CONTRAST_RE.finditer(text):
        if m.group(0).lower() in ("not", "no") and _EPISTEMIC_AFTER.match(text, m.end()):
            continue
        end = _SCOPE_END.search(text, m.end())
        scope_end = end.start() if end else len(text)
        for k, w in enumerate(re.finditer(_WORD, text[m.end():scope_end])):
            if k >= 10:
                break
            st = stem(w.group(0).lower().replace("\u2019", "'"))
            if st in headline_terms:
                a, b = m.end() + w.start(), m.end() + w.end()
                hits.append({
                    "cue": _cue(m, "contrast", offset),
                    "term": {"text": text[a:b], "start": offset + a, "end": offset + b},
                    "headline_word": headline_terms[st],
                })
                break
    return hits


# ---------------------------------------------------------------- the check


def headline_overstatement(headline: str, body_sentences: list[dict]) -> dict[str, Any]:
    """Whether ``headline`` says more than the body backs (see the module docstring).

    Returns ``{"flag", "score", "headline_certainty", "headline_cues", "reasons",
    "support", "stance", "relevance_model"}``; ``reasons`` are the relevant body sentences
    that hedge, attribute, contest, deny or dispute the headline, each with its span,
    certainty, relevance and cue ``evidence`` spans."""
    return headline_overstatements([(headline, body_sentences)])[0]


def headline_overstatements(items: list[tuple[str, list[dict]]]) -> list[dict[str, Any]]:
    """``headline_overstatement`` of many (headline, body sentences) pairs, the document stance
    model called once for all of them (its per-call cost paid once)."""
    scorer = _scorer()
    bodies = [[_normalise(s) for s in body if str(s.get("text", "")).strip()] for _, body in items]
    stances = scorer.doc_stances([(headline, " ".join(s["text"] for s in sents))
                                  for (headline, _), sents in zip(items, bodies) if sents])
    at = iter(stances)
    return [_overstatement(scorer, headline, sents, next(at) if sents else None)
            for (headline, _), sents in zip(items, bodies)]


def _overstatement(scorer: _Scorer, headline: str, sents: list[dict], stance: dict | None) -> dict[str, Any]:
    h_level, h_cues = headline_certainty(headline)
    out: dict[str, Any] = {
        "flag": False,
        "score": 0.0,
        "headline_certainty": h_level,
        "headline_cues": h_cues,
        "reasons": [],
        "support": None,
        "stance": None,
        "relevance_model": scorer.name,
    }
    if not sents:
        return out
    texts = [s["text"] for s in sents]
    out["stance"] = stance
    rel = scorer.relevance(headline, texts)
    top = float(rel.max())
    if top < REL_MIN:
        return out
    weight = rel / top
    relevant = [i for i in range(len(sents)) if rel[i] >= REL_MIN and weight[i] >= REL_RATIO]
    best, best_i, dispute, reasons = _read_relevant(sents, relevant, rel, _headline_terms(headline, scorer))
    stance = out["stance"]
    if stance is not None:
        dispute = max(dispute, stance["probs"]["disagree"])
    gap = 1.0 - best
    score = 1.0 - (1.0 - gap) * (1.0 - DISPUTE_WEIGHT * min(dispute, 1.0))
    out["score"] = round(score, 4)
    out["flag"] = h_level == "asserted" and score >= FLAG_AT
    severity = {"disputed": 0, "denied": 1, "contested": 2, "hedged": 3, "attributed": 4}
    out["reasons"] = sorted(reasons, key=lambda r: (severity[r["kind"]], -r["relevance"], r["start"]))
    if best_i is not None:
        s = sents[best_i]
        out["support"] = {"sentence": best_i, "text": s["text"], "start": s["start"], "end": s["end"],
                          "certainty": s["certainty"], "strength": round(best, 4)}
    return out


def _headline_terms(headline: str, scorer) -> dict[str, str]:
    """Stem → the headline's word, for the headline's informative words (not stopwords, rare enough)."""
    terms: dict[str, str] = {}
    for w in re.finditer(_WORD, headline):
        word = w.group(0)
        low = word.lower().replace("\u2019", "'")
        st = stem(low)
        if low not in STOPWORDS and len(low) > 2 and scorer.idf(st) >= MIN_TERM_IDF:
            terms.setdefault(st, word)
    return terms


def _read_relevant(sents: list[dict], relevant: list[int], rel: np.ndarray,
                   terms: dict[str, str]) -> tuple[float, int | None, float, list[dict[str, Any]]]:
    """Over the relevant body sentences: the strongest support and its sentence, the strongest
    dispute (a contested or denied sentence, or one contrasting a headline word), and the reasons."""
    best, best_i = 0.0, None
    dispute = 0.0
    reasons = []
    for i in relevant:
        s = sents[i]
        support = _strength(s["certainty"], s["cues"])
        if support > best:
            best, best_i = support, i
        hits = contrast_hits(terms, s["text"], s["start"])
        d = 0.0
        if s["certainty"] in ("contested", "denied"):
            d = 1.0
        if hits:
            d = max(d, 0.8)
        dispute = max(dispute, d)
        kind = _reason_kind(s["certainty"], s["cues"], bool(hits))
        if kind is not None:
            reasons.append(_reason(kind, i, s, float(rel[i]), hits))
    return best, best_i, dispute, reasons


def _reason(kind: str, i: int, s: dict, relevance: float, hits: list[dict]) -> dict[str, Any]:
    """One reason: the sentence with its cues and contrast hits as evidence (the sentence itself without any)."""
    evidence = [dict(c) for c in s["cues"]]
    for h in hits:
        evidence += [h["cue"], dict(h["term"], kind="headline_word")]
    if not evidence:
        evidence = [{"text": s["text"], "start": s["start"], "end": s["end"], "kind": "claim"}]
    return {
        "kind": kind,
        "sentence": i,
        "text": s["text"],
        "start": s["start"],
        "end": s["end"],
        "certainty": s["certainty"],
        "relevance": round(relevance, 4),
        # a cue the hedge model gave for the whole sentence has no span of its own: it sorts first
        "evidence": sorted(evidence, key=lambda e: (_at(e.get("start"), s["start"]), _at(e.get("end"), s["end"]))),
    }


def _at(offset: int | None, default: int) -> int:
    return default if offset is None else offset


def _reason_kind(certainty: str, cues: list[dict], disputed: bool) -> str | None:
    if disputed:
        return "disputed"
    if certainty in ("denied", "contested"):
        return certainty
    if certainty == "hedged" or (certainty == "reported" and _distancing(cues)):
        return "hedged"
    if certainty == "reported":
        return "attributed"
    return None


def _normalise(s: dict) -> dict:
    """A body sentence with start/end, certainty and cues filled in (fallback: cue words)."""
    text = str(s["text"])
    start = int(s["start"]) if s.get("start") is not None else 0
    end = int(s["end"]) if s.get("end") is not None else start + len(text)
    certainty = s.get("certainty")
    cues = [dict(c) for c in (s.get("cues") or [])]
    if not certainty:
        certainty, found = sentence_certainty(text, start)
        cues = cues or found
    return {"text": text, "start": start, "end": end, "certainty": str(certainty), "cues": cues}


def body_sentences_from_text(body: str, offset: int = 0) -> list[dict]:
    """Split plain body text into sentence dicts with offsets (certainty left to the fallback)."""
    out, pos = [], 0
    for sent in split_sentences(body):
        i = body.find(sent, pos)
        if i < 0:
            continue
        out.append({"text": sent, "start": offset + i, "end": offset + i + len(sent)})
        pos = i + len(sent)
    return out
