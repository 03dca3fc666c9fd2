"""Headline/body stance (FNC-1 labels: agree, disagree, discuss, unrelated).

A LightGBM model over similarity and cue features of the pair (TF-IDF word and character
cosines, LSA topic similarity, BM25, sentence-level best match, n-gram and number overlap,
refuting / hedging / negation cues near the best-matching sentences, and the probabilities of a
learnt word model over those sentences, ``stance_text``) trained by
``training/train_fnc1_stance.py`` on FNC-1.  CPU only; the artifact is
``models/fnc1_stance.pkl.gz`` and is loaded once per process.

    >>> from claimledger.assess.stance import headline_body_stance
    >>> headline_body_stance("Soldier drives tank over officer", "The soldier allegedly ...")
    {'label': 'discuss', 'probs': {'agree': ..., 'disagree': ..., 'discuss': ..., 'unrelated': ...}}
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from claimledger.assess import _artifacts
from claimledger.assess.contradiction import NAMES as CONTRADICTION_NAMES
from claimledger.assess.contradiction import body_cues, contradiction_features
from claimledger.assess.features import (
    CONFIRMING,
    HEDGING,
    NEGATION,
    REFUTING,
    REPORTING,
    analyzer,
    numbers,
    split_sentences,
    stem,
    stems,
    tokenize,
    unigram_analyzer,
)
from claimledger.assess.stance_text import SentenceStanceModel, top_sentence_text

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = ("agree", "disagree", "discuss")
ARTIFACT = "fnc1_stance"
TRAINING_SCRIPT = "training/train_fnc1_stance.py"


# ---------------------------------------------------------------- scoring (FNC-1 official)


def fnc1_score(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """(score, max score) by the FNC-1 rule: +0.25 when related/unrelated is right,
    +0.75 more when a related pair gets the right related class."""
    score = 0.0
    best = 0.0
    for g, p in zip(gold, pred, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if g == p:
            score += 0.25
            if g != "unrelated":
                score += 0.50
        if g in RELATED and p in RELATED:
            score += 0.25
    return score, best


def relative_score(gold: Sequence[str], pred: Sequence[str]) -> float:
    """FNC-1 score as a percentage of the best possible score."""
    s, m = fnc1_score(gold, pred)
    return 100.0 * s / m if m else 0.0


def expected_score_decision(probs: np.ndarray) -> np.ndarray:
    """Index (into LABELS) of the label with the highest expected FNC-1 score.

    Predicting a related class c earns 0.25 * P(related) + 0.75 * P(c); predicting
    unrelated earns 0.25 * P(unrelated)."""
    p = np.asarray(probs, dtype=np.float64)
    related = p[:, :3].sum(axis=1, keepdims=True)
    gain = np.empty_like(p)
    gain[:, :3] = 0.25 * related + 0.75 * p[:, :3]
    gain[:, 3] = 0.25 * p[:, 3]
    return gain.argmax(axis=1)


def biased_decision(probs: np.ndarray, log_bias: Sequence[float] | None) -> np.ndarray:
    """Index of argmax(log P + bias): per-class offsets tuned on a topic-disjoint dev split so
    that rare "disagree" is predicted (macro-F1) without giving up the FNC-1 score.
    Without offsets, the expected-score rule."""
    if log_bias is None:
        return expected_score_decision(probs)
    p = np.asarray(probs, dtype=np.float64)
    return (np.log(p + 1e-9) + np.asarray(log_bias, dtype=np.float64)).argmax(axis=1)


# ---------------------------------------------------------------- features


def _idf(counts) -> np.ndarray:
    """Smoothed IDF (as scikit-learn's): ln((1 + n) / (1 + df)) + 1."""
    import scipy.sparse as sp

    df = np.bincount(sp.csr_matrix(counts).indices, minlength=counts.shape[1])
    return (np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)


def _tfidf(counts, idf: np.ndarray):
    """Sublinear TF-IDF with L2-normalised rows, without scikit-learn's per-call checks."""
    import scipy.sparse as sp

    x = sp.csr_matrix(counts, dtype=np.float32, copy=True)
    x.sum_duplicates()
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    sq = x.data * x.data
    lengths = np.diff(x.indptr)
    sums = np.zeros(x.shape[0], dtype=np.float32)
    nz = lengths > 0
    sums[nz] = np.add.reduceat(sq, x.indptr[:-1][nz])
    x.data /= np.repeat(np.sqrt(np.maximum(sums, 1e-24)), lengths)
    return x


def _cos_rows(a, b) -> np.ndarray:
    """Row-wise cosine of two L2-normalised sparse matrices with the same shape."""
    prod = a.multiply(b).tocsr()
    out = np.zeros(a.shape[0], dtype=np.float32)
    lengths = np.diff(prod.indptr)
    nz = lengths > 0
    if nz.any():
        out[nz] = np.add.reduceat(prod.data, prod.indptr[:-1][nz])
    return out


class PairFeaturizer:
    """Turns (headline, body) pairs into a dense float32 feature matrix.

    Fitted once on training headlines and bodies (vocabularies, IDF, LSA).  ``transform``
    works in batches: every distinct body is split into sentences once, sentence count
    vectors are summed into body and lead vectors, and headline-sentence similarities are
    one sparse product per body."""

    def __init__(self, n_svd: int = 100, seed: int = 0, n_hash: int = 2**19):
        self.n_svd = n_svd
        self.seed = seed
        self.n_hash = n_hash
        self.text_model: SentenceStanceModel | None = None  # set by training (stacked)

    # -- fitting
    def fit(self, headlines: Iterable[str], bodies: Iterable[str]) -> "PairFeaturizer":
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer

        texts = sorted(set(headlines)) + sorted(set(bodies))
        # Hashed counts: words never seen in training (new names, places) still count in
        # the cosines, with the highest IDF, instead of falling out of a fixed vocabulary.
        self.word_cv = HashingVectorizer(
            analyzer=analyzer, n_features=self.n_hash, alternate_sign=False, norm=None, dtype=np.float32
        )
        self.char_cv = HashingVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), lowercase=True, n_features=self.n_hash,
            alternate_sign=False, norm=None, dtype=np.float32,
        )
        self.uni_cv = CountVectorizer(analyzer=unigram_analyzer, min_df=2, max_features=10_000, dtype=np.float32)
        self.word_idf = _idf(self.word_cv.transform(texts))
        self.char_idf = _idf(self.char_cv.transform(texts))
        uni_counts = self.uni_cv.fit_transform(texts)
        self.uni_idf = _idf(uni_counts)
        svd = TruncatedSVD(self.n_svd, random_state=self.seed).fit(_tfidf(uni_counts, self.uni_idf))
        self.svd_components = svd.components_.astype(np.float32).T.copy()
        self.idf = {t: float(self.uni_idf[i]) for t, i in self.uni_cv.vocabulary_.items()}
        self.max_idf = float(self.uni_idf.max())
        lengths = [len(stems(b)) for b in sorted(set(bodies))]
        self.avg_len = float(np.mean(lengths)) if lengths else 1.0
        return self

    def _svd(self, uni_counts) -> np.ndarray:
        z = np.asarray(_tfidf(uni_counts, self.uni_idf) @ self.svd_components, dtype=np.float32)
        n = np.linalg.norm(z, axis=1, keepdims=True)
        return z / np.maximum(n, 1e-9)

    def feature_names(self) -> list[str]:
        names = self.base_feature_names()
        if getattr(self, "text_model", None) is not None:
            names += [f"text_{lab}" for lab in RELATED]
        return names

    def base_feature_names(self) -> list[str]:
        names = [
            "cos_word", "cos_char", "cos_svd", "cos_lead", "sent_max", "sent_top3", "sent_mean",
            "sent_argmax_rel", "sentchar_max", "sentchar_top3",
            "overlap", "overlap_idf", "overlap_lead", "bigram_overlap", "bm25", "bm25_norm",
            "num_h", "num_found", "num_missing",
            "h_len", "b_len", "b_sents", "h_q", "h_quote",
        ]
        for part in ("h", "top1", "top3", "b"):
            names += [f"{part}_{k}" for k in ("refute", "hedge", "report", "negation", "confirm")]
        names += ["neg_near", "refute_near", "hedge_near", "polarity_h", "polarity_top3"]
        names += [f"lead_{k}" for k in ("refute", "hedge", "report", "negation", "confirm")]
        names += ["simw_refute", "simw_hedge", "simw_report"]
        names += CONTRADICTION_NAMES
        return names

    def similarities(self, headline: str, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(word, char) TF-IDF cosines of a headline with each text (e.g. body sentences)."""
        if not texts:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        all_texts = [headline, *texts]
        w = _tfidf(self.word_cv.transform(all_texts), self.word_idf)
        c = _tfidf(self.char_cv.transform(all_texts), self.char_idf)
        return (w[1:] @ w[0].T).toarray().ravel(), (c[1:] @ c[0].T).toarray().ravel()

    def term_idf(self, stem_: str) -> float:
        """IDF of a stemmed word in the training texts (unseen words get the highest)."""
        return self.idf.get(stem_, self.max_idf)

    # -- transforming
    def _matrices(self, headlines: list[str], bodies: list[str]) -> dict:
        """Headline and body-side matrices: one vectoriser call per kind for all texts
        (headlines + body sentences); body and lead vectors are sums of sentence counts."""
        import scipy.sparse as sp

        sents_per = [split_sentences(b) or [b] for b in bodies]
        flat = [s for ss in sents_per for s in ss]
        nh = len(headlines)
        offsets = np.cumsum([0] + [len(ss) for ss in sents_per])
        rows = np.repeat(np.arange(len(bodies)), [len(ss) for ss in sents_per])
        owner = sp.csr_matrix((np.ones(len(flat), dtype=np.float32), (rows, np.arange(len(flat)))),
                              shape=(len(bodies), len(flat)))
        is_lead = np.zeros(len(flat), dtype=np.float32)
        for k in range(len(bodies)):
            is_lead[offsets[k]: min(offsets[k] + 2, offsets[k + 1])] = 1.0
        lead_owner = sp.csr_matrix(owner.multiply(is_lead[None, :]))
        texts = headlines + flat
        wc = self.word_cv.transform(texts)
        cc = self.char_cv.transform(texts)
        uc = self.uni_cv.transform(texts)
        w_s, c_s, u_s = wc[nh:], cc[nh:], uc[nh:]
        return {
            "offsets": offsets,
            "h_word": _tfidf(wc[:nh], self.word_idf),
            "h_char": _tfidf(cc[:nh], self.char_idf),
            "h_svd": self._svd(uc[:nh]),
            "sent_word": _tfidf(w_s, self.word_idf),
            "sent_char": _tfidf(c_s, self.char_idf),
            "word": _tfidf(owner @ w_s, self.word_idf),
            "char": _tfidf(owner @ c_s, self.char_idf),
            "lead": _tfidf(lead_owner @ w_s, self.word_idf),
            "svd": self._svd(owner @ u_s),
            "info": [self._body_tokens(b, ss) for b, ss in zip(bodies, sents_per)],
        }

    @staticmethod
    def _body_tokens(body: str, sents: list[str]) -> dict:
        toks = tokenize(body)
        st = stems(body)
        sent_toks = [tokenize(s) for s in sents]
        return {
            "sent_toks": sent_toks,
            "stem_tf": Counter(st),
            "stem_set": set(st),
            "bigrams": set(zip(st, st[1:])),
            "lead_stems": set(stems(" ".join(sents[:2]))),
            "len": len(st),
            "numbers": numbers(body),
            "cues": _lex_rates(toks),
            "lead_cues": _lex_rates([t for s in sent_toks[:2] for t in s]),
            "sent_cues": np.array(
                [[any(t in lex for t in s) for lex in (REFUTING, HEDGING, REPORTING)] for s in sent_toks], dtype=np.float32
            ),
            "n_sents": len(sents),
            "contradiction": body_cues(sent_toks),
        }

    def transform(self, headlines: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        """Feature matrix of the pairs; with a fitted ``text_model``, its three probabilities
        over each pair's best-matching body sentences are the last columns."""
        x, texts = self.base_features(headlines, bodies)
        model = getattr(self, "text_model", None)
        return x if model is None else np.hstack([x, model.predict_proba(texts)])

    def base_features(self, headlines: Sequence[str], bodies: Sequence[str]) -> tuple[np.ndarray, list[str]]:
        """(similarity and cue features, each pair's best-matching body sentences as text)."""
        headlines = list(headlines)
        bodies = list(bodies)
        n = len(headlines)
        uniq = sorted(set(bodies))
        bidx = {b: k for k, b in enumerate(uniq)}
        pb = np.array([bidx[b] for b in bodies], dtype=np.int64)
        M = self._matrices(headlines, uniq)
        h_word, h_char, h_svd = M["h_word"], M["h_char"], M["h_svd"]
        cos_word = _cos_rows(h_word, M["word"][pb])
        cos_char = _cos_rows(h_char, M["char"][pb])
        cos_lead = _cos_rows(h_word, M["lead"][pb])
        cos_svd = (h_svd * M["svd"][pb]).sum(axis=1)
        sims: list[np.ndarray | None] = [None] * n
        csims: list[np.ndarray | None] = [None] * n
        groups: dict[int, list[int]] = {}
        for i, k in enumerate(pb.tolist()):
            groups.setdefault(k, []).append(i)
        off = M["offsets"]
        for k, idx in groups.items():
            sw = (h_word[idx] @ M["sent_word"][off[k]: off[k + 1]].T).toarray()
            sc = (h_char[idx] @ M["sent_char"][off[k]: off[k + 1]].T).toarray()
            for r, i in enumerate(idx):
                sims[i] = sw[r]
                csims[i] = sc[r]
        out = np.zeros((n, len(self.base_feature_names())), dtype=np.float32)
        texts = []
        h_cache: dict[str, tuple] = {}
        for i in range(n):
            h = headlines[i]
            if h not in h_cache:
                toks = tokenize(h)
                st = stems(h)
                h_cache[h] = (toks, st, set(st), set(zip(st, st[1:])), numbers(h))
            feats = [cos_word[i], cos_char[i], float(cos_svd[i]), cos_lead[i]]
            feats += self._pair(h, h_cache[h], sims[i], csims[i], M["info"][pb[i]])
            out[i] = feats
            texts.append(top_sentence_text(M["info"][pb[i]]["sent_toks"], sims[i]))
        return out, texts

    def _pair(self, headline: str, hc: tuple, sims: np.ndarray, csims: np.ndarray, b: dict) -> list[float]:
        h_toks, h_st, h_set, h_bi, h_nums = hc
        ns = b["n_sents"]
        order = np.argsort(-sims, kind="stable")
        top3 = sims[order[:3]]
        ctop3 = np.sort(csims)[::-1][:3]
        inter = h_set & b["stem_set"]
        idf = self.idf
        mx = self.max_idf
        idf_tot = sum(idf.get(t, mx) for t in h_set) or 1.0
        idf_hit = sum(idf.get(t, mx) for t in inter)
        bm25, bm25_max = self._bm25(inter, idf_tot, b)
        found = len(h_nums & b["numbers"])
        feats = [
            float(top3[0]), float(top3.mean()), float(sims.mean()),
            float(order[0]) / (ns - 1) if ns > 1 else 0.0,
            float(ctop3[0]), float(ctop3.mean()),
            len(inter) / max(len(h_set), 1), idf_hit / idf_tot,
            len(h_set & b["lead_stems"]) / max(len(h_set), 1),
            len(h_bi & b["bigrams"]) / max(len(h_bi), 1),
            bm25, bm25 / bm25_max,
            len(h_nums), found, len(h_nums) - found,
            len(h_st), math.log1p(b["len"]), ns, float("?" in headline),
            float(any(q in headline for q in "'\"\u2018\u201c")),
        ]
        top1_toks = b["sent_toks"][order[0]]
        top3_toks = [t for j in order[:3] for t in b["sent_toks"][j]]
        feats += _lex_rates(h_toks, scale=False)
        feats += _lex_rates(top1_toks, scale=False)
        feats += _lex_rates(top3_toks)
        feats += b["cues"]
        feats += _cues_near_terms([b["sent_toks"][j] for j in order[:3]], h_set)
        feats += [
            float(sum(t in NEGATION or t in REFUTING for t in h_toks) % 2),
            float(sum(t in NEGATION or t in REFUTING for t in top3_toks) % 2),
        ]
        feats += b["lead_cues"]
        # how well the best sentence carrying each cue kind matches, relative to the best match
        rel = sims / max(float(top3[0]), 1e-6)
        feats += (rel[:, None] * b["sent_cues"]).max(axis=0).tolist()
        feats += contradiction_features(h_toks, h_set, h_nums, b["contradiction"], order, rel)
        return feats

    def _bm25(self, inter: set[str], idf_tot: float, b: dict) -> tuple[float, float]:
        """BM25 of the headline against the body, and its ceiling (every headline term present)."""
        k1, bb = 1.2, 0.75
        norm = k1 * (1 - bb + bb * b["len"] / self.avg_len)
        bm25 = 0.0
        for t in inter:
            tf = b["stem_tf"][t]
            bm25 += self.idf.get(t, self.max_idf) * tf * (k1 + 1) / (tf + norm)
        return bm25, idf_tot * (k1 + 1)


def _cues_near_terms(sentences: list[list[str]], terms: set[str]) -> list[int]:
    """Negation, refuting and hedging words within 4 tokens of a headline term, over ``sentences``."""
    near = [0, 0, 0]
    for toks in sentences:
        hits = [k for k, t in enumerate(toks) if stem(t) in terms]
        if not hits:
            continue
        window = set()
        for k in hits:
            window.update(range(k - 4, k + 5))
        for k in window:
            if 0 <= k < len(toks):
                t = toks[k]
                near[0] += t in NEGATION
                near[1] += t in REFUTING
                near[2] += t in HEDGING
    return near


def _lex_rates(tokens: list[str], scale: bool = True) -> list[float]:
    """Counts (or rates per 100 tokens) of refuting, hedging, reporting, negation, confirming words."""
    counts = [0, 0, 0, 0, 0]
    for t in tokens:
        if t in REFUTING:
            counts[0] += 1
        if t in HEDGING:
            counts[1] += 1
        if t in REPORTING:
            counts[2] += 1
        if t in NEGATION:
            counts[3] += 1
        if t in CONFIRMING:
            counts[4] += 1
    if scale:
        n = max(len(tokens), 1)
        return [100.0 * c / n for c in counts]
    return [float(c) for c in counts]


# ---------------------------------------------------------------- model


class StanceModel:
    """A fitted featuriser plus a LightGBM booster (stored as its text dump)."""

    def __init__(self, featurizer: PairFeaturizer, booster_str: str, meta: dict | None = None):
        self.featurizer = featurizer
        self.booster_str = booster_str
        self.meta = meta or {}
        self._booster = None

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_booster"] = None
        return state

    @property
    def booster(self):
        if self._booster is None:
            import lightgbm as lgb

            self._booster = lgb.Booster(model_str=self.booster_str)
        return self._booster

    def predict_proba(self, headlines: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        x = self.featurizer.transform(headlines, bodies)
        return self.booster.predict(x, num_threads=1)

    def decide(self, probs: np.ndarray) -> np.ndarray:
        """Label indices for a probability matrix, with the artifact's tuned class offsets."""
        return biased_decision(probs, self.meta.get("decision_bias"))

    def predict(self, headlines: Sequence[str], bodies: Sequence[str]) -> list[str]:
        return [LABELS[i] for i in self.decide(self.predict_proba(headlines, bodies))]


def load_model() -> StanceModel:
    """The bundled FNC-1 stance model (loaded once per process)."""
    return _artifacts.load(ARTIFACT, TRAINING_SCRIPT)


def label_dicts(labels: Sequence[str], probs: np.ndarray, choice: Sequence[int]) -> list[dict]:
    """[{"label", "probs": {label: p}}] rows for a probability matrix and chosen columns."""
    return [
        {"label": labels[int(k)], "probs": {lab: round(float(p), 6) for lab, p in zip(labels, row)}}
        for k, row in zip(choice, probs)
    ]


def stance_pairs(pairs: Iterable[tuple[str, str]]) -> list[dict]:
    """Stance of many (headline, body) pairs: [{"label", "probs": {label: p}}] in input order."""
    pairs = list(pairs)
    if not pairs:
        return []
    model = load_model()
    probs = model.predict_proba([h for h, _ in pairs], [b for _, b in pairs])
    return label_dicts(LABELS, probs, model.decide(probs))


def headline_body_stance(headline: str, body: str) -> dict:
    """Stance of a body text towards a headline: {"label", "probs"}."""
    return stance_pairs([(headline, body)])[0]
