"""Headline/body stance (FNC-1) and claim stance (Emergent): offline loading, determinism,
the official score, the dev splits, and sane labels on the samples and on real pairs."""

from __future__ import annotations

import socket
import sys

import pytest

from claimledger.assess import _artifacts, claim_stance, stance
from claimledger.demo import sample_text
from claimledger.paths import REPO_DIR
from tests.conftest import require_shared

sys.path.insert(0, str(REPO_DIR / "training"))


def _split_sample(name: str) -> tuple[str, str]:
    text = sample_text(name).strip()
    head, _, body = text.partition("\n")
    return head.strip(), body


def test_fnc1_score_rule():
    gold = ["agree", "unrelated", "discuss", "disagree"]
    assert stance.fnc1_score(gold, gold) == (3.25, 3.25)
    # related but wrong class: 0.25; unrelated for a related pair: 0
    assert stance.fnc1_score(["agree", "discuss"], ["discuss", "unrelated"]) == (0.25, 2.0)
    # agree right 1.0, unrelated right 0.25, discuss and disagree as agree 0.25 each
    assert stance.relative_score(gold, ["agree", "unrelated", "agree", "agree"]) == pytest.approx(100 * 1.75 / 3.25)


def test_expected_score_decision_prefers_related_when_mass_is_split():
    import numpy as np

    # 40% unrelated, 60% spread over related classes: a related class earns more
    assert stance.LABELS[stance.expected_score_decision(np.array([[0.2, 0.1, 0.3, 0.4]]))[0]] == "discuss"
    assert stance.LABELS[stance.expected_score_decision(np.array([[0.05, 0.05, 0.1, 0.8]]))[0]] == "unrelated"


def test_models_load_offline_once_and_score_deterministically(monkeypatch):
    monkeypatch.setattr(socket, "socket", lambda *a, **k: pytest.fail("network used"))
    h, b = _split_sample("express")
    _artifacts.clear_cache()
    first = stance.headline_body_stance(h, b)
    assert stance.load_model() is stance.load_model()
    _artifacts.clear_cache()
    assert stance.headline_body_stance(h, b) == first
    assert abs(sum(first["probs"].values()) - 1.0) < 1e-4
    c1 = claim_stance.claim_stance("A soldier drove a tank over his commander", "Soldier reportedly ran over colonel")
    _artifacts.clear_cache()
    assert claim_stance.claim_stance("A soldier drove a tank over his commander", "Soldier reportedly ran over colonel") == c1


def test_missing_artifact_error_names_the_script(monkeypatch, tmp_path):
    from claimledger import paths

    monkeypatch.setattr(paths, "MODELS_DIR", tmp_path)
    _artifacts.clear_cache()
    with pytest.raises(_artifacts.ArtifactMissing, match="train_fnc1_stance.py"):
        stance.load_model()
    monkeypatch.undo()
    _artifacts.clear_cache()


def test_samples_related_to_their_own_bodies_only():
    eh, eb = _split_sample("express")
    th, tb = _split_sample("telegraph")
    mud = tb[tb.index("Mud hampers"): tb.index("China claims")]  # a live-blog entry on another story
    res = stance.stance_pairs([(eh, eb), (th, tb), (eh, mud)])
    assert res[0]["label"] != "unrelated" and res[1]["label"] != "unrelated"
    assert res[2]["label"] == "unrelated"


def test_real_fnc1_pairs_related_vs_unrelated():
    require_shared("fnc1")
    import train_fnc1_stance as t

    stances, bodies = t.load_fnc1()
    _, dev = t.holdout_split(stances, bodies)
    unrelated = [r for r in dev if r["stance"] == "unrelated"][:15]
    related = [r for r in dev if r["stance"] != "unrelated"][:15]
    rows = unrelated + related
    res = stance.stance_pairs([(r["headline"], bodies[r["body_id"]]) for r in rows])
    right = sum((x["label"] == "unrelated") == (r["stance"] == "unrelated") for x, r in zip(res, rows))
    assert right >= 25


def test_fnc1_splits_are_disjoint_and_standard():
    require_shared("fnc1")
    import train_fnc1_stance as t

    stances, bodies = t.load_fnc1()
    train, dev = t.holdout_split(stances, bodies)
    assert len({r["body_id"] for r in dev}) == 337 and len(train) + len(dev) == len(stances)
    assert not {r["body_id"] for r in train} & {r["body_id"] for r in dev}
    ttrain, tdev = t.topic_split(stances, bodies)
    assert not {r["headline"] for r in ttrain} & {r["headline"] for r in tdev}
    assert not {r["body_id"] for r in ttrain} & {r["body_id"] for r in tdev}
    share = sum(r["stance"] == "unrelated" for r in tdev) / len(tdev)
    assert 0.70 < share < 0.76


def test_emergent_split_by_claim_and_sane_dev_accuracy():
    require_shared("emergent")
    import train_emergent_stance as t

    rows = t.load_emergent()
    train, dev = t.split(rows)
    assert not {r["claim_id"] for r in train} & {r["claim_id"] for r in dev}
    assert 0.1 < len(dev) / len(rows) < 0.35
    sample = dev[::4]
    pred = claim_stance.load_model().predict([r["claim"] for r in sample], [r["headline"] for r in sample])
    acc = sum(p == r["stance"] for p, r in zip(pred, sample)) / len(sample)
    assert acc > 0.6


def test_claim_stance_cues():
    claim = "A Russian soldier drove a tank over his commanding officer"
    assert claim_stance.claim_stance(claim, "Kremlin denies soldier ran over officer, calls report a hoax")["label"] == "against"
    assert claim_stance.claim_stance(claim, "Russian soldier drives tank over his commanding officer")["label"] == "for"
    res = claim_stance.claim_stance(claim, "Did a Russian soldier really run over his commander? Claims emerge")
    assert res["probs"]["observing"] > res["probs"]["for"]


def test_decision_offsets_let_disagree_win_when_it_is_close():
    import numpy as np

    probs = np.array([[0.10, 0.30, 0.45, 0.15]])
    assert stance.LABELS[stance.expected_score_decision(probs)[0]] == "discuss"
    assert stance.LABELS[stance.biased_decision(probs, [0.0, 1.0, 0.0, 0.0])[0]] == "disagree"
    assert (stance.biased_decision(probs, None) == stance.expected_score_decision(probs)).all()


def test_disagree_is_predicted_on_real_hold_out_pairs():
    require_shared("fnc1")
    import train_fnc1_stance as t

    stances, bodies = t.load_fnc1()
    _, dev = t.holdout_split(stances, bodies)
    model = stance.load_model()
    assert model.meta.get("decision_bias") and model.meta["decision_bias"][1] > 0
    disagree = [r for r in dev if r["stance"] == "disagree"][:80]
    others = [r for r in dev if r["stance"] in ("agree", "discuss")][:160]
    rows = disagree + others
    labels = [x["label"] for x in stance.stance_pairs([(r["headline"], bodies[r["body_id"]]) for r in rows])]
    hits = sum(lab == "disagree" for lab in labels[: len(disagree)])
    false_alarms = sum(lab == "disagree" for lab in labels[len(disagree):])
    assert hits >= 0.2 * len(disagree)  # the previous model found 9 of 840 test disagree pairs
    assert false_alarms <= hits


def test_top_sentence_text_keeps_the_best_matches_in_body_order():
    import numpy as np

    from claimledger.assess.stance_text import top_sentence_text

    sents = [["the", "colonel", "was", "hurt"], ["weather", "was", "mild"], ["it", "was", "a", "hoax"], ["no", "tank"]]
    assert top_sentence_text(sents, np.array([0.5, 0.0, 0.9, 0.4]), k=2) == "the colonel was hurt it was a hoax"


def test_sentence_text_model_reads_debunking_bodies_on_hold_out_pairs():
    import numpy as np

    require_shared("fnc1")
    import train_fnc1_stance as t

    stances, bodies = t.load_fnc1()
    _, dev = t.holdout_split(stances, bodies)
    model = stance.load_model()
    feat = model.featurizer
    assert feat.text_model is not None
    disagree = [r for r in dev if r["stance"] == "disagree"][:60]
    agree = [r for r in dev if r["stance"] == "agree"][:60]
    rows = disagree + agree
    x = feat.transform([r["headline"] for r in rows], [bodies[r["body_id"]] for r in rows])
    assert x.shape[1] == len(feat.feature_names()) == model.booster.num_feature()
    col = feat.feature_names().index("text_disagree")
    assert np.mean(x[: len(disagree), col]) > np.mean(x[len(disagree):, col]) + 0.1
    assert np.allclose(x[:, -3:].sum(axis=1), 1.0, atol=1e-4)


def test_contradiction_features_read_denials_next_to_the_headline_terms():
    import numpy as np

    from claimledger.assess.contradiction import NAMES, body_cues, contradiction_features
    from claimledger.assess.features import numbers, split_sentences, stems, tokenize

    headline = "Kim Jong-un executed 12 officials"
    terms = set(stems(headline))
    debunk = ("South Korean officials said on Monday the report was false. Kim did not execute the officials, "
              "the spy agency said, dismissing the rumour as a hoax. Pyongyang gave no figures.")
    agree = ("Kim Jong-un executed 12 officials, the spy agency said on Monday. "
             "The officials were shot in front of a crowd, according to witnesses.")

    def feats(body: str) -> dict:
        sents = [tokenize(s) for s in split_sentences(body)]
        sims = np.array([len(terms & set(stems(" ".join(s)))) for s in sents], dtype=float)
        order = np.argsort(-sims, kind="stable")
        row = contradiction_features(tokenize(headline), terms, numbers(headline), body_cues(sents), order,
                                     sims / max(sims.max(), 1e-6))
        return dict(zip(NAMES, row))

    d, a = feats(debunk), feats(agree)
    assert d["debunk_top_count"] >= 2 and a["debunk_top_count"] == 0  # false, dismissing, rumour, hoax
    assert d["negated_terms_top"] >= 1 and d["negation_mismatch"] == 1.0  # "did not execute" vs "executed"
    assert a["negated_terms_top"] == 0 and a["num_top_match"] == 1.0  # the same 12 in the body


def test_contradiction_features_separate_real_disagree_pairs():

    require_shared("fnc1")
    import train_fnc1_stance as t

    from claimledger.assess.contradiction import NAMES

    stances, bodies = t.load_fnc1()
    _, dev = t.holdout_split(stances, bodies)
    disagree = [r for r in dev if r["stance"] == "disagree"]
    agree = [r for r in dev if r["stance"] == "agree"]
    agree = agree[:: len(agree) // len(disagree)][: len(disagree)]  # as many, spread over the bodies
    feat = stance.load_model().featurizer
    rows = disagree + agree
    x, _ = feat.base_features([r["headline"] for r in rows], [bodies[r["body_id"]] for r in rows])
    names = feat.base_feature_names()
    mean = {name: (x[: len(disagree), names.index(name)].mean(), x[len(disagree):, names.index(name)].mean()) for name in NAMES}
    for name in ("denial_body", "debunk_body"):  # debunking bodies use denial words and phrases twice as often
        assert mean[name][0] > 1.5 * mean[name][1], (name, mean[name])
    for name in ("denial_top", "debunk_top_max", "negation_mismatch"):
        assert mean[name][0] > mean[name][1], (name, mean[name])
    assert set(NAMES) <= set(names)


def test_decision_offsets_come_from_out_of_topic_training_folds():
    import fnc1_offsets as o
    import numpy as np

    topics = [f"story-{k % 9}" for k in range(90)]
    y = np.array([k % 4 for k in range(90)])
    x = np.arange(90, dtype=float)[:, None]
    fitted: list[set] = []

    class Remember:
        def __init__(self, xs):
            fitted.append({topics[int(v)] for v in xs[:, 0]})

        def predict(self, xs, num_threads=1):
            return np.tile([0.1, 0.1, 0.7, 0.1], (len(xs), 1))

    probs = o.out_of_fold_probs(x, y, topics, lambda xs, ys: Remember(xs))
    assert probs.shape == (90, 4) and len(fitted) == o.OFFSET_FOLDS
    folds = {t: o.group_fold("fnc1-offsets", t, o.OFFSET_FOLDS) for t in topics}
    for k, seen in enumerate(fitted):
        assert not any(folds[t] == k for t in seen)  # a fold is scored by a model without its stories
    # disagree pairs read as a close second to discuss: the tuned offset lifts disagree
    rows = np.array([[0.6, 0.1, 0.2, 0.1], [0.1, 0.35, 0.45, 0.1], [0.1, 0.1, 0.7, 0.1], [0.02, 0.02, 0.06, 0.9]])
    bias, macro = o.tune_bias([stance.LABELS[k] for k in y], rows[y])
    assert bias[1] > 0 and macro == 100.0
    assert [stance.LABELS[k] for k in stance.biased_decision(rows, bias)] == list(stance.LABELS)


def test_claim_stance_reads_talks_and_sourced_reports_as_observing():
    claim = "Microsoft is going to acquire Mojang AB"
    assert claim_stance.claim_stance(claim, "Microsoft in talks to buy Minecraft maker Mojang, sources say")["label"] == "observing"
    assert claim_stance.claim_stance(claim, "Report: Microsoft could buy Minecraft maker Mojang")["label"] == "observing"
    assert claim_stance.claim_stance(claim, "Microsoft buys Minecraft maker Mojang for 2.5 billion")["label"] == "for"
    war = "Russian forces destroyed the bridge over the Dnipro"
    assert claim_stance.claim_stance(war, "Russian forces destroy key Dnipro bridge")["label"] == "for"
    assert claim_stance.claim_stance(war, "Russia may have hit Dnipro bridge, officials say")["label"] == "observing"


def test_emergent_inner_cv_never_reads_the_dev_claims(monkeypatch):
    require_shared("emergent")
    import train_emergent_stance as t

    rows = t.load_emergent()
    seen: list[dict] = []
    real_train, real_score = t.train, t.score
    monkeypatch.setattr(t, "train", lambda rs, c=t.C: seen.extend(rs) or real_train(rs, c))
    monkeypatch.setattr(t, "score", lambda m, rs: seen.extend(rs) or real_score(m, rs))
    inner = t.inner_cross_validate(rows)
    assert len(inner["accuracy_folds"]) == t.FOLDS - 1 and 50 < inner["accuracy"] < 100
    assert seen and all(t.fold_of(r["claim_id"]) != 0 for r in seen)


def test_claim_stance_char_block_is_weighted():
    heads = ["ISIS seizes weapons airdrop", "Report: ISIS claims airdrop", "Pentagon denies airdrop loss",
             "Was the airdrop captured?"] * 3  # repeated: the vectorisers keep terms seen in 2-3 headlines
    claims = ["ISIS captured a weapons airdrop"] * len(heads)
    light = claim_stance.ClaimStanceFeaturizer(char_weight=0.25).fit(claims, heads)
    heavy = claim_stance.ClaimStanceFeaturizer(char_weight=0.5).fit(claims, heads)
    n_before = len(light.words.vocabulary_) + len(light.added.vocabulary_)
    n_chars = len(light.chars.vocabulary_)
    a = light.transform(claims, heads).toarray()[:, n_before:n_before + n_chars]
    b = heavy.transform(claims, heads).toarray()[:, n_before:n_before + n_chars]
    assert a.any() and (abs(2 * a - b) < 1e-6).all()
    assert claim_stance.load_model().featurizer.char_weight == claim_stance.CHAR_WEIGHT
