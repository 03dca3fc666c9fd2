"""Check-worthiness: offline load, determinism, claims with figures above filler, CT24 ranking."""

from __future__ import annotations

import re
import socket

import numpy as np
import pytest

from claimledger.assess import _artifacts, checkworthy
from claimledger.demo import sample_text
from tests.conftest import require_shared


def test_loads_offline_and_is_deterministic(monkeypatch):
    monkeypatch.setattr(socket, "socket", lambda *a, **k: pytest.fail("network used"))
    _artifacts.clear_cache()
    sents = ["Unemployment fell to 3.5 percent last year.", "Thank you all for coming tonight."]
    first = checkworthy.checkworthiness(sents)
    _artifacts.clear_cache()
    assert checkworthy.checkworthiness(sents) == first
    assert first[0] > checkworthy.THRESHOLD > first[1]
    assert checkworthy.checkworthiness([]) == []


def test_casualty_figures_outrank_filler_in_the_samples():
    sents = re.split(r"(?<=[.!?])\s+|\n+", sample_text("express") + "\n" + sample_text("telegraph"))
    figures = [s for s in sents if re.search(r"\d[\d,]* (Russian soldiers|troops)", s) and "killed" in s]
    filler = [s for s in sents if s.startswith("It comes as")]
    assert figures and filler
    scores = checkworthy.checkworthiness(figures + filler)
    assert min(scores[: len(figures)]) > scores[-1]
    assert min(scores[: len(figures)]) >= checkworthy.THRESHOLD


def test_ct24_dev_ranking():
    import csv

    path = require_shared("checkworthiness") / "ct24_task1_english" / "CT24_checkworthy_english_dev.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))[:300]
    scores = checkworthy.checkworthiness([r["Text"] for r in rows])
    yes = [s for s, r in zip(scores, rows) if r["class_label"] == "Yes"]
    no = [s for s, r in zip(scores, rows) if r["class_label"] == "No"]
    assert sum(yes) / len(yes) > sum(no) / len(no) + 0.4


def test_claims_without_numbers_outrank_opinion_and_filler():
    claims = [
        "The Russian army shelled the hospital in Kharkiv on Tuesday.",
        "Because of the sanctions, the government closed the port.",
        "The president signed the bill that cut funding for the schools.",
    ]
    filler = ["I think we all want the same thing for our children.", "Thank you very much, it is good to be here.",
              "Let me just say this to the American people."]
    scores = checkworthy.checkworthiness(claims + filler)
    assert min(scores[:3]) > 10 * max(scores[3:])
    assert sum(s >= checkworthy.THRESHOLD for s in scores[:3]) >= 2 and max(scores[3:]) < checkworthy.THRESHOLD


def test_probabilities_are_calibrated_on_later_debates():
    import csv

    path = require_shared("checkworthiness") / "ct24_task1_english" / "CT24_checkworthy_english_dev-test.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    scores = checkworthy.checkworthiness([r["Text"] for r in rows])
    share_yes = sum(r["class_label"] == "Yes" for r in rows) / len(rows)
    assert abs(sum(scores) / len(scores) - share_yes) < 0.12  # mean probability near the true share


def test_grouped_split_keeps_debate_blocks_apart():
    import sys

    from claimledger.paths import REPO_DIR

    require_shared("checkworthiness")
    sys.path.insert(0, str(REPO_DIR / "training"))
    import train_checkworthy as t

    train, dev = t.grouped_split()
    assert {t.block_of(r[0]) for r in train}.isdisjoint({t.block_of(r[0]) for r in dev})
    assert 0.1 < len(dev) / (len(train) + len(dev)) < 0.35


def test_threshold_is_chosen_without_the_dev_debates(monkeypatch):
    """Each grouped-train row gets its out-of-fold value from a model that saw none of its debate block."""
    import sys

    import numpy as np

    from claimledger.paths import REPO_DIR

    require_shared("checkworthiness")
    sys.path.insert(0, str(REPO_DIR / "training"))
    import train_checkworthy as t

    train, dev = t.grouped_split()
    rows = train[::20]
    seen: list[set[int]] = []

    class BlockMemory:
        def __init__(self, fitted):
            self.blocks = {t.block_of(r[0]) for r in fitted}
            seen.append(self.blocks)

        def decision_function(self, texts):
            return np.full(len(texts), float(len(self.blocks)))

    monkeypatch.setattr(t, "fit", BlockMemory)
    z = t.out_of_fold_decisions(rows)
    assert len(seen) == t.INNER_FOLDS and (z > 0).all()
    dev_blocks = {t.block_of(r[0]) for r in dev}
    assert all(blocks.isdisjoint(dev_blocks) for blocks in seen)
    folds = [t.group_fold("ct24-inner", t.block_of(r[0]), t.INNER_FOLDS) for r in rows]
    for k, blocks in enumerate(seen):  # the model that scores fold k never saw a block of fold k
        assert blocks.isdisjoint({t.block_of(r[0]) for r, f in zip(rows, folds) if f == k})


def test_reported_war_events_without_numbers_outrank_reader_opinion_in_the_samples():
    """The samples' event sentences with no figure (a named actor, a past event, an official's
    word) rank above the reader comments' calls and opinions at the foot of the same page."""
    sents = re.split(r"(?<=[.!?])\s+|\n+", sample_text("express") + "\n" + sample_text("telegraph"))
    events = [s for s in sents if s.startswith(("Colonel Medvedev was hospitalised", "Pentagon officials have said",
                                                "Intense fighting has persisted", "Senior Russian officers have reportedly"))]
    opinion = [s for s in sents if s.startswith(("The allies must urgently", "I was all in favor",
                                                 "Gen Ben Hodges is doing a great work"))]
    assert len(events) == 4 and len(opinion) == 3 and not any(re.search(r"\d", s) for s in events)
    scores = checkworthy.checkworthiness(events + opinion)
    assert min(scores[:4]) > max(scores[4:])
    assert sum(s >= checkworthy.THRESHOLD for s in scores[:4]) >= 3 and max(scores[4:]) < checkworthy.THRESHOLD


def test_sentence_shape_keeps_structure_and_drops_topic_words():
    shape = checkworthy.sentence_shape
    assert shape("He voted for the war in 2003.") == "he VED for the W in NUM P"
    # two claims on different topics share their shape: what carries to unseen debates
    assert shape("The army shelled the town.") == shape("The senate passed the bill.")
    assert shape("Senator Smith voted against it.").startswith("W CAP VED")


def test_cue_counts_on_lower_cased_ascii_are_those_of_case_insensitive_matching():
    """The fast path (families matched on the lower-cased text, where every character outside
    ASCII has no case) counts what re.I counts, on the samples' sentences, in upper case too, and
    beside text with letters that fold onto ASCII ones."""
    sents = [s for s in re.split(r"(?<=[.!?])\s+|\n+", sample_text("express") + "\n" + sample_text("telegraph")) if s]
    texts = sents + [s.upper() for s in sents] + ["THE Governor SAID the ARMY has been KILLED — 40% “QUOTE”",
                                                  "He was the first to say ſo KILLED 3 DIED in the past",
                                                  "The \u212aremlin SAID it was NOT ıts army — “MOST” died",
                                                  "ÉLECTIONS: the President VOTED for it, µ and İ"]
    # curly quotes and dashes have no case: those sentences take the lower-cased path; ſ, K (Kelvin), ı, µ, É do not
    assert checkworthy._uncased_lower(texts[-4]) is not None
    assert all(checkworthy._uncased_lower(t) is None for t in texts[-3:])
    assert any(t.isascii() for t in texts) and not all(t.isascii() for t in texts)
    expected = np.array([[min(len(rx.findall(t)), 3) / 3 for rx in checkworthy._CUE_RES] for t in texts],
                        dtype=np.float32)
    got = checkworthy.claim_cue_features(texts)[:, :len(checkworthy._CUE_RES)]
    assert np.array_equal(got, expected)
    assert got.sum() > len(texts)  # the sentences do carry cues


def test_naive_bayes_reads_the_regressions_word_columns_and_weight_zero_is_the_regression():
    """The blend's naive Bayes sees exactly the word n-grams of the shipped pipeline (its leading
    columns), so a change in the union's order cannot feed it char or cue columns unnoticed."""
    sents = [s for s in re.split(r"(?<=[.!?])\s+|\n+", sample_text("express")) if s][:40]
    model = _artifacts.load(checkworthy.ARTIFACT, checkworthy.TRAINING_SCRIPT)
    pipeline = model["pipeline"]
    features = pipeline.named_steps["features"].transform(sents)
    words = pipeline.named_steps["features"].transformer_list[0][1].transform(sents)
    presence = checkworthy.word_presence(pipeline, features)
    assert presence.nnz == words.nnz > 0 and ((presence > 0) != (words > 0)).nnz == 0
    off = dict(model["blend"], weight=0.0)
    assert np.allclose(checkworthy.blended_decision(pipeline, model["naive_bayes"], off, sents),
                       pipeline.decision_function(sents))
    assert 0 < model["blend"]["weight"] < 1  # the out-of-fold choice gave naive Bayes a share
    blended = checkworthy.blended_decision(pipeline, model["naive_bayes"], model["blend"], sents)
    a, b = model["calibration"]
    assert checkworthy.checkworthiness(sents) == [round(float(p), 6) for p in 1 / (1 + np.exp(-(a * blended + b)))]
