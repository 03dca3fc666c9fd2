"""Train the propaganda span (SI) and technique (TC) models on PTC; write models/propaganda.pkl.gz + card.

Data: ../shared/data/ptc_semeval2020_t11 (SemEval-2020 Task 11 training articles with the
SI spans and TC technique labels; the task's dev and test are not here).  Dev split by
article id: dev when ``int(sha256("ptc:" + id).hexdigest()[:8], 16) % 5 == 0``.

Figures:
- SI: the task's span F1 — spans merged per article; precision = sum over predicted s and
  gold t of |s∩t|/|s|, over |S|; recall = the same with |t|, over |T| (partial overlap).
- TC: micro-F1 over the gold (span, technique) rows given the gold spans (a span with k
  labels gets the classifier's top k).

    python training/train_propaganda.py            # full run (~1.5 min on 2 cores)
    python training/train_propaganda.py --sample 0.3 --no-save
"""

from __future__ import annotations

import collections
import hashlib
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import trainkit  # noqa: E402  (puts src/ on the path)

from claimledger import paths  # noqa: E402
from claimledger.assess import propaganda  # noqa: E402

CRF_PARAMS = {"c1": 0.02, "c2": 0.1, "max_iterations": 100, "feature.possible_transitions": True}
TC_C = 3.0
BEST_PUBLISHED = {"si": 0.515, "tc": 0.620}  # SemEval-2020 T11 test leaderboards (Hitachi / ApplicaAI)


def is_dev(article: str) -> bool:
    return int(hashlib.sha256(("ptc:" + article).encode("utf-8")).hexdigest()[:8], 16) % 5 == 0


def load():
    """articles {id: text}, SI spans {id: [(s, e)]}, TC rows [(id, technique, s, e)]."""
    root = paths.shared_data("ptc_semeval2020_t11")
    arts = {p.stem[len("article") :]: p.read_text(encoding="utf-8") for p in sorted((root / "train-articles").glob("article*.txt"))}
    si = collections.defaultdict(list)
    for line in (root / "train-task1-SI.labels").read_text(encoding="utf-8").splitlines():
        a, s, e = line.split("\t")
        si[a].append((int(s), int(e)))
    tc = []
    for line in (root / "train-task2-TC.labels").read_text(encoding="utf-8").splitlines():
        a, t, s, e = line.split("\t")
        tc.append((a, t, int(s), int(e)))
    return arts, si, tc


def merge(spans):
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [tuple(x) for x in out]


def train_crf(arts, si, ids) -> bytes:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for a in ids:
        text, gold = arts[a], merge(si[a])
        for _, toks in propaganda.lines(text):
            inside = [any(gs <= s and e <= ge for gs, ge in gold) for s, e, _ in toks]
            labels = ["O" if not x else ("I" if i and inside[i - 1] else "B") for i, x in enumerate(inside)]
            trainer.append(propaganda.token_features(text, toks), labels)
    trainer.set_params(CRF_PARAMS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "si.crfsuite"
        trainer.train(str(path))
        return path.read_bytes()


def train_tc(arts, rows) -> dict:
    from scipy.sparse import hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [arts[a][s:e] for a, _, s, e in rows]
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, max_features=50_000, sublinear_tf=True, dtype=np.float32)
    meta = DictVectorizer()
    X = hstack(
        [words.fit_transform(texts), chars.fit_transform(texts), meta.fit_transform([propaganda.span_features(arts[a], s, e) for a, _, s, e in rows])]
    ).tocsr()
    lr = LogisticRegression(C=TC_C, max_iter=5000, random_state=0).fit(X, [t for _, t, _, _ in rows])
    words.stop_words_ = None
    chars.stop_words_ = None
    return {"words": words, "chars": chars, "meta": meta, "lr": lr}


def si_prf(pred: dict, gold: dict) -> tuple[float, float, float]:
    n_s = n_t = s_sum = t_sum = 0.0
    for a in gold:
        P, G = merge(pred.get(a, [])), merge(gold[a])
        n_s += len(P)
        n_t += len(G)
        for ps, pe in P:
            for gs, ge in G:
                inter = min(pe, ge) - max(ps, gs)
                if inter > 0:
                    s_sum += inter / (pe - ps)
                    t_sum += inter / (ge - gs)
    p = s_sum / n_s if n_s else 0.0
    r = t_sum / n_t if n_t else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tc_micro_f1(arts, rows) -> float:
    groups = collections.defaultdict(list)
    for a, t, s, e in rows:
        groups[(a, s, e)].append(t)
    by_article = collections.defaultdict(list)
    for key in sorted(groups):
        by_article[key[0]].append(key)
    names = np.array(propaganda.techniques())
    hits = 0
    for a, keys in by_article.items():
        probs = propaganda.classify_spans(arts[a], [(s, e) for _, s, e in keys])
        for key, p in zip(keys, probs):
            gold = groups[key]
            guess = collections.Counter(names[np.argsort(-p, kind="stable")[: len(gold)]].tolist())
            hits += sum((guess & collections.Counter(gold)).values())
    return hits / len(rows)  # as many guesses as gold rows: P = R = F1


def evaluate(arts, si, tc, dev_ids) -> tuple[dict, float]:
    margs = {a: propaganda.token_marginals(arts[a]) for a in dev_ids}
    n_lines = sum(len(propaganda.lines(arts[a])) for a in dev_ids)
    gold = {a: si[a] for a in dev_ids}
    scan = {}
    for th in (0.08, 0.1, 0.12, 0.15, 0.2, 0.25):
        pred = {a: [(s, e) for s, e, _ in propaganda.spans_from_marginals(arts[a], m, th)] for a, m in margs.items()}
        scan[th] = round(si_prf(pred, gold)[2], 3)
    propaganda.loaded_language("Warm up.")  # load before timing
    t0 = time.perf_counter()
    found = {a: propaganda.loaded_language(arts[a]) for a in dev_ids}
    rate = n_lines / (time.perf_counter() - t0)
    pred = {a: [(d["start"], d["end"]) for d in spans] for a, spans in found.items()}
    p, r, f = si_prf(pred, gold)
    dev_ids_set = set(dev_ids)
    tc_rows = [row for row in tc if row[0] in dev_ids_set]
    return {
        "articles": len(dev_ids),
        "lines": n_lines,
        "gold_spans": sum(len(merge(si[a])) for a in dev_ids),
        "tc_rows": len(tc_rows),
        "si_precision": round(p, 3),
        "si_recall": round(r, 3),
        "si_f1": round(f, 3),
        "si_threshold_scan": scan,
        "tc_micro_f1": round(tc_micro_f1(arts, tc_rows), 3),
    }, rate


def evaluate_dev() -> dict:
    """Benchmark row: the shipped artifact on the dev articles."""
    arts, si, tc = load()
    res, rate = evaluate(arts, si, tc, [a for a in sorted(arts) if is_dev(a)])
    return {
        "task": "propaganda spans / techniques",
        "data": f"PTC SemEval-2020 T11 dev ({res['articles']} articles)",
        "metric": "SI span F1 / TC micro-F1",
        "ours": f"{res['si_f1']:.3f} / {res['tc_micro_f1']:.3f}",
        "best_published": f"{BEST_PUBLISHED['si']} / {BEST_PUBLISHED['tc']}",
        "throughput": rate,
        "details": f"SI P {res['si_precision']:.3f} R {res['si_recall']:.3f}; TC given gold spans;"
        " best published is on the official test",
        "extra": res,
    }


def write_card(res: dict, rate: float, n_train: int) -> None:
    text = f"""# propaganda — loaded language / propaganda spans (SI) and techniques (TC)

- **Data**: PTC, SemEval-2020 Task 11 training articles (../shared/data/ptc_semeval2020_t11).
- **Split**: by article id, dev = sha256("ptc:" + id)[:8] % 5 == 0: {n_train} train articles,
  {res['articles']} dev articles ({res['gold_spans']} merged gold spans, {res['tc_rows']} technique rows).
- **Model**: SI — linear-chain CRF (python-crfsuite, L-BFGS, {CRF_PARAMS}) over token word, affix,
  shape, +-2 neighbour, bigram and in-quote features, one sequence per line; tokens with
  P(inside) >= SPAN_THRESHOLD {propaganda.SPAN_THRESHOLD} form the spans.  TC — logistic regression
  (C={TC_C}) over span word 1-2-gram and char 2-5-gram TF-IDF plus length, repetition count in
  the article, quote and punctuation features.
- **Dev figures** (shipped artifact): SI precision {res['si_precision']:.3f}, recall {res['si_recall']:.3f},
  **F1 {res['si_f1']:.3f}** (threshold scan {res['si_threshold_scan']}); TC micro-F1 given gold spans
  **{res['tc_micro_f1']:.3f}**.
- **Published** (SemEval-2020 T11 test leaderboards, transformer ensembles): SI best F1 0.515
  (Hitachi), TC best micro-F1 0.620 (ApplicaAI).  Our dev is a part of the training articles.
- **Speed** (2 shared CPU cores): {rate:.0f} sentences (article lines)/s for SI + TC.
"""
    trainkit.write_card(propaganda.ARTIFACT, text, script="training/train_propaganda.py",
                        seeds="CRF L-BFGS and lbfgs LR are deterministic; no sampling")


def main(argv: list[str] | None = None) -> None:
    args = trainkit.arg_parser(__doc__, sample="fraction of training articles (development)").parse_args(argv)
    arts, si, tc = load()
    train_ids = [a for a in sorted(arts) if not is_dev(a)]
    dev_ids = [a for a in sorted(arts) if is_dev(a)]
    train_ids = train_ids[: int(len(train_ids) * args.sample)]
    print(f"train {len(train_ids)} articles, dev {len(dev_ids)}", flush=True)
    t0 = time.perf_counter()
    crf = train_crf(arts, si, train_ids)
    print(f"CRF trained in {time.perf_counter() - t0:.0f} s", flush=True)
    keep = set(train_ids)
    model = {"crf": crf, "tc": train_tc(arts, [r for r in tc if r[0] in keep])}
    trainkit.save_artifact(model, propaganda.ARTIFACT, args.no_save)
    propaganda.reset()
    res, rate = evaluate(arts, si, tc, dev_ids)
    print(f"SI dev: P {res['si_precision']:.3f} R {res['si_recall']:.3f} F1 {res['si_f1']:.3f} "
          f"(best published {BEST_PUBLISHED['si']} test); threshold scan {res['si_threshold_scan']}")
    print(f"TC dev micro-F1 {res['tc_micro_f1']:.3f} (best published {BEST_PUBLISHED['tc']} test)")
    print(f"throughput: {rate:.0f} sentences/s")
    if not args.no_save:
        write_card(res, rate, len(train_ids))


if __name__ == "__main__":
    main()
