"""Directions tried beside the shipped Emergent stance model, each scored on the claim-grouped
inner CV (training folds 1-4; the dev fold 0 is never read), so the model card's list of what
did not help can be reproduced.

Each direction gives out-of-fold log-probabilities over the training folds; blends add a second
member's out-of-fold scores to the shipped model's at a fixed weight.  A direction would be kept
only if it raised the inner CV by at least 0.5 points.

    python training/emergent_stance_tried.py                   # ~8 min on 2 shared cores
    python training/emergent_stance_tried.py --data E.csv      # another Emergent-format file
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import emergent_parse_readings as parse  # noqa: E402
import train_emergent_stance as base  # noqa: E402
import trainkit  # noqa: E402,F401  (puts src/ on the path)

from claimledger import paths  # noqa: E402
from claimledger.assess.claim_stance import LABELS, ClaimStanceFeaturizer, _added, cue_features  # noqa: E402
from claimledger.assess.features import stem, tokenize  # noqa: E402

Member = Callable[[list[dict], list[dict]], np.ndarray]


class Pairs:
    """Parse-derived features of every (claim, headline) pair, computed once."""

    def __init__(self, rows: list[dict]):
        keys = sorted({(r["claim"], r["headline"]) for r in rows})
        texts = sorted({t for k in keys for t in k})
        docs = dict(zip(texts, parse.parse_texts(texts)))
        self.structure = {k: parse.structure_features(docs[k[0]], docs[k[1]]) for k in keys}
        self.dense = {k: parse.dense_features(docs[k[0]], docs[k[1]]) for k in keys}
        self.terms = {k: parse.structure_terms(docs[k[0]], docs[k[1]]) for k in keys}
        self.cues = {k: cue_features(*k) for k in keys}
        self.token_vectors = {}
        for k in keys:
            c, h = docs[k[0]], docs[k[1]]
            root = next(t for t in h if t.dep_ == "ROOT")
            hit = parse._align(parse._main_predicate(c), h)
            self.token_vectors[k] = np.concatenate([
                parse._token_vector(h, root.i), parse._token_vector(h, hit.i if hit is not None else None),
                [float(hit is not None)]])


def _key(r: dict) -> tuple[str, str]:
    return r["claim"], r["headline"]


def _labels(rows: list[dict]) -> np.ndarray:
    return np.array([LABELS.index(r["stance"]) for r in rows])


def _sparse_model(tr: list[dict], te: list[dict], extra: Callable[[dict], list] | None = None,
                  extra_weight: float = 1.0, terms: dict | None = None, terms_weight: float = 0.0) -> np.ndarray:
    """The shipped featurizer and regression, optionally with scaled dense extras or a terms block."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    c, h = [r["claim"] for r in tr], [r["headline"] for r in tr]
    feat = ClaimStanceFeaturizer().fit(c, h)
    blocks = [feat.transform(c, h)]
    test = [feat.transform([r["claim"] for r in te], [r["headline"] for r in te])]
    if extra is not None:
        scaler = StandardScaler().fit(np.array([extra(r) for r in tr]))
        for rs, out in ((tr, blocks), (te, test)):
            out.append(sp.csr_matrix(scaler.transform(np.array([extra(r) for r in rs])) * extra_weight))
    if terms is not None:
        vec = TfidfVectorizer(analyzer=_identity, min_df=2, sublinear_tf=True).fit([terms[_key(r)] for r in tr])
        for rs, out in ((tr, blocks), (te, test)):
            out.append(vec.transform([terms[_key(r)] for r in rs]) * terms_weight)
    clf = LogisticRegression(C=base.C, max_iter=3000).fit(sp.hstack(blocks, format="csr"), _labels(tr))
    return clf.predict_log_proba(sp.hstack(test, format="csr"))


def _identity(x: list[str]) -> list[str]:
    return x


def _with_bigrams(tokens: list[str]) -> list[str]:
    return tokens + [a + " " + b for a, b in zip(tokens, tokens[1:])]


def _headline_stems(claim: str, headline: str) -> list[str]:
    return [stem(t) for t in tokenize(headline)]


def _claim_masked(claim: str, headline: str) -> list[str]:
    """The headline's tokens with the claim's words as C: what surrounds the claim."""
    claim_stems = {stem(t) for t in tokenize(claim)}
    return ["C" if stem(t) in claim_stems else t for t in tokenize(headline)]


def _text_block_model(tokens_of: Callable[[str, str], list[str]], weight: float) -> Member:
    """The shipped model plus a TF-IDF block of 1-2-grams over ``tokens_of(claim, headline)``."""
    def member(tr: list[dict], te: list[dict]) -> np.ndarray:
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        c, h = [r["claim"] for r in tr], [r["headline"] for r in tr]
        feat = ClaimStanceFeaturizer().fit(c, h)
        vec = TfidfVectorizer(analyzer=_with_bigrams, min_df=2, sublinear_tf=True).fit(
            [tokens_of(r["claim"], r["headline"]) for r in tr])
        x = sp.hstack([feat.transform(c, h), vec.transform([tokens_of(r["claim"], r["headline"]) for r in tr]) * weight],
                      format="csr")
        x_te = sp.hstack([feat.transform([r["claim"] for r in te], [r["headline"] for r in te]),
                          vec.transform([tokens_of(r["claim"], r["headline"]) for r in te]) * weight], format="csr")
        return LogisticRegression(C=base.C, max_iter=3000).fit(x, _labels(tr)).predict_log_proba(x_te)
    return member


def _dense_model(tr: list[dict], te: list[dict], table: dict, c: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.array([table[_key(r)] for r in tr])
    scaler = StandardScaler().fit(x)
    clf = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(x), _labels(tr))
    return clf.predict_log_proba(scaler.transform(np.array([table[_key(r)] for r in te])))


def _gbm_model(tr: list[dict], te: list[dict], table: dict) -> np.ndarray:
    import lightgbm as lgb

    m = lgb.LGBMClassifier(n_estimators=200, num_leaves=7, learning_rate=0.05, subsample=0.8, subsample_freq=1,
                           colsample_bytree=0.5, random_state=0, n_jobs=1, verbose=-1, deterministic=True)
    m.fit(np.array([table[_key(r)] for r in tr]), _labels(tr))
    return np.log(np.clip(m.predict_proba(np.array([table[_key(r)] for r in te])), 1e-9, 1))


def _svm_model(tr: list[dict], te: list[dict]) -> np.ndarray:
    from sklearn.svm import LinearSVC

    c, h = [r["claim"] for r in tr], [r["headline"] for r in tr]
    feat = ClaimStanceFeaturizer().fit(c, h)
    svm = LinearSVC(C=0.1).fit(feat.transform(c, h), _labels(tr))
    return svm.decision_function(feat.transform([r["claim"] for r in te], [r["headline"] for r in te]))


def out_of_fold(rows: list[dict], member: Member) -> np.ndarray:
    """Scores of every row by a member trained on the other folds (claim-grouped)."""
    folds = np.array([base.fold_of(r["claim_id"]) for r in rows])
    out = np.zeros((len(rows), len(LABELS)))
    for k in sorted(set(folds)):
        out[folds == k] = member([r for r, f in zip(rows, folds) if f != k], [r for r, f in zip(rows, folds) if f == k])
    return out


def fold_accuracy(rows: list[dict], scores: np.ndarray) -> list[float]:
    folds = np.array([base.fold_of(r["claim_id"]) for r in rows])
    hit = scores.argmax(axis=1) == _labels(rows)
    return [round(100 * float(hit[folds == k].mean()), 2) for k in sorted(set(folds))]


def nested_offsets(rows: list[dict], scores: np.ndarray) -> np.ndarray:
    """Per-class offsets (against, observing) chosen on three folds' out-of-fold scores, applied to the fourth."""
    folds = np.array([base.fold_of(r["claim_id"]) for r in rows])
    y = _labels(rows)
    grid = np.round(np.arange(-0.6, 0.61, 0.05), 2)
    out = scores.copy()
    for k in sorted(set(folds)):
        fit = folds != k
        best = max(((float(((scores[fit] + [0, a, o]).argmax(1) == y[fit]).mean()), -abs(a) - abs(o), a, o)
                    for a in grid for o in grid))
        out[folds == k] += [0, best[2], best[3]]
    return out


def claim_smoothing(rows: list[dict], scores: np.ndarray, weight: float) -> np.ndarray:
    """Adds the mean probabilities of the other headlines of the same claim (no labels read)."""
    by_claim: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_claim[r["claim_id"]].append(i)
    probs = np.exp(scores)
    out = scores.copy()
    for i, r in enumerate(rows):
        others = [j for j in by_claim[r["claim_id"]] if j != i]
        if others:
            out[i] += weight * np.log(probs[others].mean(axis=0))
    return out


def cleaned(rows: list[dict], threshold: float) -> np.ndarray:
    """Drops training rows whose nested out-of-fold probability of their own label is under
    ``threshold`` (likely label noise), then trains the shipped model on the rest."""
    folds = np.array([base.fold_of(r["claim_id"]) for r in rows])
    out = np.zeros((len(rows), len(LABELS)))
    for k in sorted(set(folds)):
        part = [r for r, f in zip(rows, folds) if f != k]
        own = np.exp(out_of_fold(part, _sparse_model))[np.arange(len(part)), _labels(part)]
        kept = [r for r, p in zip(part, own) if p >= threshold]
        out[folds == k] = _sparse_model(kept, [r for r, f in zip(rows, folds) if f == k])
    return out


def fnc1_body_rows(rows: list[dict], fnc1_dir: Path) -> list[dict]:
    """More (claim, text, stance) rows from FNC-1: the lede (first sentence, 35 words) of each body
    whose claim is known, labelled with the body's stance toward the claim, read from its FNC-1 label
    against an Emergent headline that asserts the claim ("for"; flipped against one that disputes it).
    Bodies with mixed readings or claims are left out."""
    import csv
    import re

    with open(fnc1_dir / "train_stances.csv", encoding="utf-8", newline="") as f:
        stances = list(csv.DictReader(f))
    with open(fnc1_dir / "train_bodies.csv", encoding="utf-8", newline="") as f:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(f)}
    claims_of: dict[str, set[str]] = defaultdict(set)
    stances_of: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        claims_of[r["headline"]].add(r["claim_id"])
        stances_of[r["headline"]].add(r["stance"])
    flip = {"agree": "against", "disagree": "for", "discuss": "observing"}
    keep = {"agree": "for", "disagree": "against", "discuss": "observing"}
    body_claims: dict[str, set[str]] = defaultdict(set)
    body_stances: dict[str, set[str]] = defaultdict(set)
    for r in stances:
        read = stances_of.get(r["Headline"], set())
        if r["Stance"] != "unrelated" and len(read) == 1 and read & {"for", "against"}:
            body_stances[r["Body ID"]].add((keep if "for" in read else flip)[r["Stance"]])
            body_claims[r["Body ID"]] |= claims_of[r["Headline"]]
    claim_text = {r["claim_id"]: r["claim"] for r in rows}
    out = []
    for body, claims in sorted(body_claims.items()):
        if len(claims) == 1 and len(body_stances[body]) == 1:
            lede = " ".join(re.split(r"(?<=[.!?])\s+", bodies[body].strip())[0].split()[:35])
            claim = next(iter(claims))
            out.append({"claim": claim_text[claim], "headline": lede, "stance": next(iter(body_stances[body])),
                        "claim_id": claim, "article_id": "fnc1-body-" + body})
    return out


def with_extra_rows(extra: list[dict], weight: float) -> Member:
    """The shipped model, its featurizer fitted on the headlines, trained with ``extra`` rows of the
    training claims (never of the scored claims) at ``weight``."""
    def member(tr: list[dict], te: list[dict]) -> np.ndarray:
        from sklearn.linear_model import LogisticRegression

        scored = {r["claim_id"] for r in te}
        more = [r for r in extra if r["claim_id"] not in scored]
        both = tr + more
        feat = ClaimStanceFeaturizer().fit([r["claim"] for r in tr], [r["headline"] for r in tr])
        clf = LogisticRegression(C=base.C, max_iter=3000).fit(
            feat.transform([r["claim"] for r in both], [r["headline"] for r in both]), _labels(both),
            sample_weight=np.array([1.0] * len(tr) + [weight] * len(more)))
        return clf.predict_log_proba(feat.transform([r["claim"] for r in te], [r["headline"] for r in te]))
    return member


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--data", type=Path, help="Emergent-format CSV (default: the shared training file)")
    ap.add_argument("--fnc1", type=Path, default=paths.shared_data("fnc1"), help="FNC-1 folder (train_stances.csv, train_bodies.csv)")
    args = ap.parse_args(argv)
    rows = base.split(base.load_emergent(args.data))[0]  # training folds only
    pairs = Pairs(rows)
    shipped = out_of_fold(rows, _sparse_model)

    def show(name: str, scores: np.ndarray) -> None:
        accs = fold_accuracy(rows, scores)
        print(f"{name:58s} {np.mean(accs):6.2f}  {accs}", flush=True)

    print(f"inner CV over {len(rows)} training headlines (folds 1-4); accuracy %, folds")
    show("shipped model", shipped)
    show("+ 19 parse-structure features", out_of_fold(rows, lambda tr, te: _sparse_model(
        tr, te, extra=lambda r: pairs.structure[_key(r)])))
    show("+ parse terms block (root lemma, dependents, path; w 0.3)", out_of_fold(rows, lambda tr, te: _sparse_model(
        tr, te, terms=pairs.terms, terms_weight=0.3)))
    pooled = {k: np.concatenate([pairs.dense[k], pairs.structure[k]]) for k in pairs.dense}
    dense = out_of_fold(rows, lambda tr, te: _dense_model(tr, te, pooled, 0.01))
    show("tok2vec pooled + structure member alone (C 0.01)", dense)
    show("  blended 0.8 / 0.2", 0.8 * shipped + 0.2 * dense)
    tokens = out_of_fold(rows, lambda tr, te: _dense_model(tr, te, pairs.token_vectors, 0.01))
    show("tok2vec of headline root and aligned verb alone", tokens)
    show("  blended 0.9 / 0.1", 0.9 * shipped + 0.1 * tokens)
    cues = {k: np.concatenate([pairs.cues[k], pairs.structure[k]]) for k in pairs.cues}
    gbm = out_of_fold(rows, lambda tr, te: _gbm_model(tr, te, cues))
    show("LightGBM over cues + structure alone", gbm)
    show("  blended 0.65 / 0.35", 0.65 * shipped + 0.35 * gbm)
    svm = out_of_fold(rows, _svm_model)
    show("linear SVM, same features (C 0.1)", svm)
    show("  added at weight 0.5", shipped + 0.5 * svm)
    show("per-class offsets, nested over the folds", nested_offsets(rows, shipped))
    show("claim smoothing (other headlines' probabilities, 0.5)", claim_smoothing(rows, shipped, 0.5))
    show("noisy-label cleaning (nested p(label) < 0.05 dropped)", cleaned(rows, 0.05))
    for weight in (0.5, 1.0):
        show(f"+ headline stem 1-2-grams (w {weight})", out_of_fold(rows, _text_block_model(_headline_stems, weight)))
        show(f"+ claim-masked headline 1-2-grams (w {weight})", out_of_fold(rows, _text_block_model(_claim_masked, weight)))
        show(f"+ added-stem 1-2-grams (w {weight})", out_of_fold(rows, _text_block_model(_added, weight)))
    if args.fnc1.exists():  # FNC-1 bodies of the training claims, labelled from their headlines only
        ledes = fnc1_body_rows(rows, args.fnc1)
        for weight in (0.2, 0.5):
            show(f"+ {len(ledes)} FNC-1 body ledes as rows (w {weight})", out_of_fold(rows, with_extra_rows(ledes, weight)))


if __name__ == "__main__":
    main()
