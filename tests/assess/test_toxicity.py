"""Toxicity: offline load, determinism, sample comments above reporting, Davidson dev sanity."""

from __future__ import annotations

import socket

import pytest

from claimledger.assess import _artifacts, toxicity
from tests.conftest import require_shared


def _texts(cleaned, kinds):
    text = cleaned.document.text
    return [(s, text[s.start : s.end]) for s in cleaned.segments if s.kind in kinds]


def test_loads_offline_and_is_deterministic(monkeypatch):
    monkeypatch.setattr(socket, "socket", lambda *a, **k: pytest.fail("network used"))
    _artifacts.clear_cache()
    texts = ["you are a pathetic idiot", "The council meets on Tuesday to discuss the budget."]
    first = toxicity.toxicity(texts)
    _artifacts.clear_cache()
    assert toxicity.toxicity(texts) == first
    for r in first:
        assert set(r) >= {"p_hate", "p_offensive", "p_toxic", "label"}
        assert r["p_toxic"] == pytest.approx(r["p_hate"] + r["p_offensive"], abs=1e-5)
    assert first[0]["p_toxic"] > first[1]["p_toxic"] and first[1]["label"] == "neither"


def test_sample_comments_score_above_reporting(telegraph):
    comments = [t for s, t in _texts(telegraph, {"comment"}) if s.parent is None]
    reporting = [t for _, t in _texts(telegraph, {"body", "quote", "headline", "entry_headline"})]
    assert len(comments) >= 2 and len(reporting) >= 10
    c = toxicity.toxicity(comments)
    r = toxicity.toxicity(reporting)
    assert min(x["p_toxic"] for x in c) > max(x["p_toxic"] for x in r)
    assert any(x["label"] != "neither" for x in c)
    assert all(x["label"] == "neither" for x in r)
    worst = max(c, key=lambda x: x["p_toxic"])
    text = comments[c.index(worst)]
    assert 0 <= worst["start"] < worst["end"] <= len(text)


def test_davidson_dev_tweets():
    import csv
    import hashlib

    path = require_shared("toxicity") / "davidson_labeled_data_train.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if int(hashlib.sha256(("dev:" + " ".join(r["tweet"].lower().split())).encode()).hexdigest()[:8], 16) % 5 == 0][:400]
    scores = toxicity.toxicity([r["tweet"] for r in rows])
    tox = [s["p_toxic"] for s, r in zip(scores, rows) if r["class"] != "2"]
    clean = [s["p_toxic"] for s, r in zip(scores, rows) if r["class"] == "2"]
    assert sum(tox) / len(tox) > sum(clean) / len(clean) + 0.4
