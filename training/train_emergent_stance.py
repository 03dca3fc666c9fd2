"""Train the claim/article stance model on Emergent and write models/emergent_stance.pkl.gz + card.

Data: ../shared/data/emergent/url-versions-2015-06-14-clean-train.minus-fnc1-test.csv
(Emergent training release minus rows that overlap the FNC-1 test set): claim headline,
article headline, label (for / against / observing), article id, claim id.

Dev split, by claim: fold(claim) = int(sha1(claimId).hexdigest(), 16) % 5; fold 0 is dev,
so no claim has articles on both sides.  The same folds give a 5-fold grouped
cross-validation figure (mean over folds) printed beside the dev figure, since one fold of
~45 claims is a small sample.  Figures: accuracy and macro-F1.

    python training/train_emergent_stance.py           # ~1 min on 2 cores
"""

from __future__ import annotations

import csv
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import trainkit  # noqa: E402  (puts src/ on the path)

from claimledger import paths  # noqa: E402
from claimledger.assess.claim_stance import (  # noqa: E402
    ARTIFACT,
    CHAR_WEIGHT,
    LABELS,
    ClaimStanceFeaturizer,
    ClaimStanceModel,
)

FILE = "url-versions-2015-06-14-clean-train.minus-fnc1-test.csv"
FOLDS = 5
C = 1.0  # chosen by the 5-fold grouped CV below (0.25-2 all within 1 point)
BEST_PUBLISHED = "73.0 (Ferreira & Vlachos 2016, their test)"


def load_emergent(path: Path | None = None) -> list[dict]:
    """Rows of the Emergent CSV (or of any file in the same format, e.g. a held-out test)."""
    with open(path or paths.shared_data("emergent") / FILE, encoding="utf-8", newline="") as f:
        return [
            {
                "claim": r["claimHeadline"],
                "headline": r["articleHeadline"],
                "stance": r["articleHeadlineStance"],
                "claim_id": r["claimId"],
                "article_id": r["articleId"],
            }
            for r in csv.DictReader(f)
        ]


def fold_of(claim_id: str) -> int:
    return int(hashlib.sha1(claim_id.encode("utf-8")).hexdigest(), 16) % FOLDS


def split(rows: list[dict], fold: int = 0) -> tuple[list[dict], list[dict]]:
    """(train, dev) with every claim on one side only."""
    return [r for r in rows if fold_of(r["claim_id"]) != fold], [r for r in rows if fold_of(r["claim_id"]) == fold]


def train(rows: list[dict], c: float = C) -> ClaimStanceModel:
    from sklearn.linear_model import LogisticRegression

    claims = [r["claim"] for r in rows]
    heads = [r["headline"] for r in rows]
    feat = ClaimStanceFeaturizer().fit(claims, heads)
    y = np.array([LABELS.index(r["stance"]) for r in rows])
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(feat.transform(claims, heads), y)
    return ClaimStanceModel(feat, clf, {"labels": LABELS, "C": c, "n_train": len(rows)})


def score(model: ClaimStanceModel, rows: list[dict]) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    gold = [r["stance"] for r in rows]
    pred = model.predict([r["claim"] for r in rows], [r["headline"] for r in rows])
    f1 = f1_score(gold, pred, labels=list(LABELS), average=None, zero_division=0)
    return {
        "accuracy": round(100 * accuracy_score(gold, pred), 2),
        "macro_f1": round(100 * float(np.mean(f1)), 2),
        "f1": {lab: round(100 * float(v), 2) for lab, v in zip(LABELS, f1)},
        "n": len(rows),
    }


def cross_validate(rows: list[dict], c: float = C) -> dict:
    accs, f1s = [], []
    for k in range(FOLDS):
        tr, dv = split(rows, k)
        s = score(train(tr, c), dv)
        accs.append(s["accuracy"])
        f1s.append(s["macro_f1"])
    return {"accuracy": round(float(np.mean(accs)), 2), "macro_f1": round(float(np.mean(f1s)), 2),
            "accuracy_folds": accs}


def inner_cross_validate(rows: list[dict], c: float = C) -> dict:
    """Grouped CV over the training folds only (1..4, dev fold 0 left out): the figure that
    chooses settings, so the dev fold stays unread while choosing."""
    train_rows = split(rows)[0]
    accs = [score(train([r for r in train_rows if fold_of(r["claim_id"]) != k], c),
                  [r for r in train_rows if fold_of(r["claim_id"]) == k])["accuracy"] for k in range(1, FOLDS)]
    return {"accuracy": round(float(np.mean(accs)), 2), "accuracy_folds": accs}


def evaluate_dev(path: Path | None = None) -> dict:
    """Benchmark row: the shipped artifact on the Emergent dev claims (or on all rows of ``path``)."""
    from claimledger.assess.claim_stance import load_model

    dev = load_emergent(path) if path else split(load_emergent())[1]
    model = load_model()
    t0 = time.perf_counter()
    res = score(model, dev)
    rate = len(dev) / (time.perf_counter() - t0)
    return {
        "task": "claim/article stance",
        "data": f"{path.name if path else 'Emergent dev by claim'} ({len(dev)} headlines, {len({r['claim_id'] for r in dev})} claims)",
        "metric": "accuracy %",
        "ours": res["accuracy"],
        "best_published": BEST_PUBLISHED,
        "throughput": rate,
        "details": f"macro-F1 {res['macro_f1']:.1f}; F1 " + " ".join(f"{k} {v:.1f}" for k, v in res["f1"].items()),
        "extra": res,
    }


def write_card(res: dict, cv: dict, inner: dict, rate: float, n_train: int, n_dev: int, n_claims_dev: int) -> None:
    f1 = ", ".join(f"{k} {v:.2f}" for k, v in res["f1"].items())
    text = f"""# emergent_stance — claim/article-headline stance (for, against, observing)

- **Data**: Emergent training release minus rows overlapping the FNC-1 test
  (../shared/data/emergent/{FILE}; 1685 headlines, 226 claims).
- **Split**: by claim, fold = sha1(claimId) mod {FOLDS}; fold 0 is dev ({n_dev} headlines,
  {n_claims_dev} claims), the rest train ({n_train} headlines).  No claim on both sides.
- **Model**: logistic regression (C={C}) over headline word 1-2-grams,
  stems the headline adds to the claim, char 2-5-grams (block weight {CHAR_WEIGHT}), and scaled cue features
  (refuting / hedging / reporting / distancing / negation words, question form, negation
  mismatch with the claim, overlap, numbers) and unsettled-report cues (talks, plans, rumours,
  "Source:" prefixes and attribution verbs in the headline; a forecast or question in the claim).
  The unsettled-report cues were kept because they raised a 4-fold grouped CV inside the
  training folds (75.00% -> 75.47%); the dev figure was printed beside it while choosing.
  The char block weight 0.25 (was 0.5) was chosen on the same inner CV (75.47% -> 75.75%, higher on
  3 of its 4 folds); the dev accuracy did not move.  Tried and dropped on that CV: class weights
  for observing (1.2, 1.4, balanced), headline n-grams with the claim's words masked, extra
  not-endorsing cues ("purportedly", "rumour", "hoax", "Source:" prefix, question) and
  coverage-by-cue products: none raised it beyond noise, none raised the dev.  A later round, on the
  same inner CV (75.75%): source-attribution at the head or foot of the headline (": CNN", ", officials
  say"), possibility words and the share of all-caps words as dense cues 74.33%; the claim's own words
  as a block (weight 0.5) 74.85%; both 73.91%; the hedge model's uncertainty (CoNLL-2010 Wikipedia and
  biomedical) of headline and claim 75.05%; a naive Bayes over the headline words and added stems
  blended into the probabilities (share 0.1-0.5) 74.26% down to 69.78%; block weights (words and added
  stems 0.7/1/1.4, cues 0.5/1/1.5; part of the grid) at best 75.80% (cues 0.5), under one headline
  from the shipped 75.75%, so not taken.  The main error stays observing read as for (143 of 309
  inner-CV errors, for read as observing 84); many are headlines that state the claim outright
  ("Tom Brokaw Wants Brian Williams Fired", "Jose Canseco accidentally shot") yet are labelled
  observing, which no headline cue separates.  A third round (`python training/emergent_stance_tried.py`
  prints each figure; same inner CV, 75.75%, a direction kept only at +0.5): the headline's parse read
  against the claim (`training/emergent_parse_readings.py`: is the claim's predicate the headline's root, under a
  reporting or refuting verb or a speculation noun, with a modal, negated, in a question; 19 features)
  74.69%; a sparse block of parse terms (root lemma, its dependents, the path to the claim's predicate)
  75.68%; spaCy tok2vec vectors mean/max pooled with the headline-claim difference and product, a member
  blended at 0.2, 74.59% (alone 60.07%); tok2vec of the headline's root and aligned verb blended at 0.1
  75.94% (+0.19, under the bar); LightGBM over the cues and parse features blended at 0.35 75.73%; a linear
  SVM added at 0.5 75.70%; per-class offsets chosen on three folds' out-of-fold scores 75.44%; adding the
  other headlines of the same claim (their probabilities, no labels) 75.74%; dropping training rows whose
  nested out-of-fold probability of their own label is under 0.05 74.58%.  A fourth round (same script and
  bar): a TF-IDF block of headline stem 1-2-grams 75.43% (w 0.5) / 74.49% (w 1); claim-masked headline 1-2-grams 75.49% (w 0.5); added-stem 1-2-grams 75.55% (w 0.5); FNC-1 bodies of
  the training claims as 736 more rows (the lede of each body, labelled with its FNC-1 stance toward a headline that
  asserts the claim, flipped for one that disputes it) 75.69% at weight 0.2, 74.91% at 0.5.  None shipped: the dev stays
  at {res['accuracy']:.2f}%, under the 78% goal.
- **Inner CV** (folds 1-4, dev fold out): accuracy {inner['accuracy']:.2f}% (folds {', '.join(f'{a:.1f}' for a in inner['accuracy_folds'])}).
- **Dev figures** (shipped artifact): accuracy **{res['accuracy']:.2f}%**, macro-F1 {res['macro_f1']:.2f};
  per-class F1: {f1}.
- **5-fold grouped CV** (same folds, retrained per fold): accuracy {cv['accuracy']:.2f}%
  (folds {', '.join(f'{a:.1f}' for a in cv['accuracy_folds'])}), macro-F1 {cv['macro_f1']:.2f}.
- **Published**: Ferreira & Vlachos (2016) 73.0% accuracy on their own Emergent test split
  (different claims; not the same rows).
- **Speed**: {rate:.0f} pairs/s (batch of the dev set, 1 process on 2 shared cores).
"""
    trainkit.write_card(ARTIFACT, text, script="training/train_emergent_stance.py",
                        seeds="none needed (deterministic solver, hash split)")


def main(argv: list[str] | None = None) -> None:
    ap = trainkit.arg_parser(__doc__)
    ap.add_argument("--c", type=float, default=C)
    args = ap.parse_args(argv)
    rows = load_emergent()
    tr, dev = split(rows)
    print(f"train {len(tr)} headlines, dev {len(dev)} headlines ({len({r['claim_id'] for r in dev})} claims)")
    model = train(tr, args.c)
    t0 = time.perf_counter()
    res = score(model, dev)
    rate = len(dev) / (time.perf_counter() - t0)
    cv = cross_validate(rows, args.c)
    inner = inner_cross_validate(rows, args.c)
    print(f"dev: accuracy {res['accuracy']:.2f}%  macro-F1 {res['macro_f1']:.2f}  F1 {res['f1']}")
    print(f"5-fold grouped CV: accuracy {cv['accuracy']:.2f}% {cv['accuracy_folds']}  macro-F1 {cv['macro_f1']:.2f}")
    print(f"inner CV (folds 1-4): accuracy {inner['accuracy']:.2f}% {inner['accuracy_folds']}")
    print(f"throughput: {rate:.0f} pairs/s")
    model.meta.update({"dev": res, "cv": cv, "inner_cv": inner, "pairs_per_s": rate})
    trainkit.save_artifact(model, ARTIFACT, args.no_save)
    if not args.no_save:
        write_card(res, cv, inner, rate, len(tr), len(dev), len({r["claim_id"] for r in dev}))


if __name__ == "__main__":
    main()
