"""Hedge model: offline load, determinism, hedged above plain sentences, cue offsets."""

from __future__ import annotations

import re
import socket

import pytest

from claimledger.assess import _artifacts, hedge
from claimledger.demo import sample_text


def _sentence(doc: str, pattern: str) -> str:
    return next(s for s in re.split(r"(?<=[.!?])\s+|\n+", doc) if re.search(pattern, s))


def test_loads_offline_and_is_deterministic(monkeypatch):
    monkeypatch.setattr(socket, "socket", lambda *a, **k: pytest.fail("network used"))
    _artifacts.clear_cache()
    sents = ["Some critics say the plan is likely to fail.", "The plan was approved on Monday."]
    first = hedge.predict_uncertain_proba(sents)
    _artifacts.clear_cache()
    assert hedge.predict_uncertain_proba(sents) == first
    assert all(0.0 <= p <= 1.0 for p in first)


def test_hedged_sample_sentences_score_above_plain_ones():
    tg, ex = sample_text("telegraph"), sample_text("express")
    hedged = [_sentence(tg, r"is believed to have lost"), _sentence(tg, r"seems to be driven"), _sentence(tg, r"are likely hampering")]
    plain = [_sentence(ex, r"was hospitalised with"), _sentence(ex, r"The footage shows the colonel")]
    p = hedge.predict_uncertain_proba(hedged + plain)
    assert min(p[:3]) > max(p[3:])
    assert p[0] >= hedge.THRESHOLD  # "is believed to" is hedged at the recommended cut


def test_other_text_and_domains():
    sents = [
        "These results suggest that the protein may regulate cell growth.",
        "The protein was purified from bovine liver.",
        "Many historians believe the castle was probably built in the 12th century.",
        "The castle was built in 1154 by Henry II.",
    ]
    news = hedge.predict_uncertain_proba(sents)
    assert news[0] > news[1] and news[2] > news[3]
    bio = hedge.predict_uncertain_proba(sents[:2], domain="bio")
    assert bio[0] > 0.5 > bio[1]
    with pytest.raises(ValueError):
        hedge.predict_uncertain_proba(sents, domain="legal")
    assert hedge.predict_uncertain_proba([]) == []


def test_cues_are_offsets_into_the_sentence():
    s = "Russia is believed to have lost tanks, and the attack will possibly resume."
    cues = hedge.hedge_cues(s)
    assert cues and all(s[a:b] == text for a, b, text in cues)
    words = " ".join(text.lower() for _, _, text in cues)
    assert "believed" in words and "possibly" in words
    assert hedge.hedge_cues("The town was taken on Monday.") == []


def test_topic_words_are_not_cues_and_epistemic_words_are():
    cases = {
        "These data suggest a role for the domain in experimental mechanisms of repair.": ("suggest", ["data", "domain", "experimental", "mechanisms"]),
        "The kinase is presumably activated by a second pathway.": ("presumably", []),
        "This pathway was perhaps lost during evolution.": ("perhaps", []),
        "It is assumed that the receptor binds both ligands.": ("assumed", []),
    }
    for sentence, (cue, not_cues) in cases.items():
        found = [text.lower() for _, _, text in hedge.hedge_cues(sentence)]
        assert any(cue in f for f in found), (sentence, found)
        assert not any(w in f.split() for f in found for w in not_cues), (sentence, found)
    lexicon = _artifacts.load(hedge.ARTIFACT)["cues"]
    assert not {"data", "domain", "experimental", "mechanisms"} & set(lexicon)
    assert {"can", "would", "perhaps", "presumably", "proposed", "assumed"} <= set(lexicon)


def test_topic_words_alone_do_not_hedge_a_plain_sentence():
    plain = "The experimental data on the binding domain describe two mechanisms."
    hedged = "The experimental data on the binding domain may describe two mechanisms."
    p_plain, p_hedged = hedge.predict_uncertain_proba([plain, hedged], domain="bio")
    assert p_plain < 0.5 < p_hedged


def test_grouped_hedge_split_keeps_corpus_stretches_apart():
    import sys

    from claimledger.paths import REPO_DIR
    from tests.conftest import require_shared

    require_shared("conll2010_hedge")
    sys.path.insert(0, str(REPO_DIR / "training"))
    import train_hedge

    rows = train_hedge.load_rows()
    train, dev = train_hedge.grouped_split(rows)
    assert {r[3] for r in train}.isdisjoint({r[3] for r in dev})
    assert 0.1 < len(dev) / len(rows) < 0.3
    assert {r[0] for r in dev} == {"wiki", "bio"}


def test_weasel_sentences_are_uncertain_under_the_wiki_cut():
    weasel = [
        "Some critics have argued that the reforms were widely considered a failure.",
        "The album is generally regarded as one of the best of the decade.",
    ]
    plain = ["The album was released on 4 May 1971.", "The reforms were passed by parliament in 1994."]
    cut = hedge.domain_cut("wiki")
    assert 0.0 < cut < 1.0 and cut == _artifacts.load(hedge.ARTIFACT)["cuts"]["wiki"]
    assert hedge.is_uncertain(weasel + plain, domain="wiki") == [True, True, False, False]
    p = hedge.predict_uncertain_proba(weasel + plain, domain="wiki")
    assert hedge.is_uncertain(weasel + plain, domain="wiki") == [v >= cut for v in p]
    # the news rule is the larger probability at the recommended THRESHOLD
    news = hedge.predict_uncertain_proba(weasel + plain)
    assert hedge.is_uncertain(weasel + plain) == [v >= hedge.THRESHOLD for v in news]
    assert hedge.is_uncertain([]) == []


def test_weasel_words_learnt_as_features_do_not_become_news_cues():
    lexicon = _artifacts.load(hedge.ARTIFACT)["cues"]
    assert not {"people", "known", "common", "popular", "said", "chromatin"} & set(lexicon)
