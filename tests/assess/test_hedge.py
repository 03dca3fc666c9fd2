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
