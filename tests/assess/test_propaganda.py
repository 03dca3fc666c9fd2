"""Propaganda spans: offline load, determinism, valid spans on the samples and on PTC text."""

from __future__ import annotations

import socket

import pytest

from claimledger.assess import _artifacts, propaganda
from claimledger.demo import sample_text
from tests.conftest import require_shared


def test_loads_offline_and_is_deterministic(monkeypatch):
    monkeypatch.setattr(socket, "socket", lambda *a, **k: pytest.fail("network used"))
    _artifacts.clear_cache()
    propaganda.reset()
    text = sample_text("express")
    first = propaganda.loaded_language(text)
    assert propaganda.loaded_language(text) == first
    assert first, "a tabloid story has some loaded language"
    names = set(propaganda.techniques())
    for d in first:
        assert 0 <= d["start"] < d["end"] <= len(text) and "\n" not in text[d["start"] : d["end"]]
        assert d["technique"] in names and 0.0 <= d["score"] <= 1.0


def test_loaded_words_found_plain_report_quiet():
    loaded = "These corrupt, treasonous thugs are destroying our great nation and its brave heroes!"
    plain = "The committee will meet on Tuesday at 10am to review the budget."
    assert propaganda.loaded_language(loaded)
    assert len(propaganda.loaded_language(plain)) == 0
    assert propaganda.loaded_language("") == []


def test_ptc_dev_articles_spans_overlap_gold():
    import hashlib

    root = require_shared("ptc_semeval2020_t11")
    labels = [ln.split("\t") for ln in (root / "train-task1-SI.labels").read_text().splitlines()]
    dev = sorted({a for a, _, _ in labels if int(hashlib.sha256(("ptc:" + a).encode()).hexdigest()[:8], 16) % 5 == 0})[:6]
    found = hits = n_gold = n_pred = 0
    for art in dev:  # held-out articles: the dev split of training/train_propaganda.py
        text = (root / "train-articles" / f"article{art}.txt").read_text(encoding="utf-8")
        gold = [(int(s), int(e)) for a, s, e in labels if a == art]
        pred = propaganda.loaded_language(text)
        found += sum(any(d["start"] < e and s < d["end"] for d in pred) for s, e in gold)
        hits += sum(any(d["start"] < e and s < d["end"] for s, e in gold) for d in pred)
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
    assert found / n_gold >= 0.3 and hits / n_pred >= 0.2  # dev SI F1 is about 0.38
