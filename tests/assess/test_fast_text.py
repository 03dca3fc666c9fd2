"""The check-worthiness model scored through ``assess.fast_text`` gives sklearn's own matrix and
decision values, bit for bit, on the samples' sentences — first with an empty word cache, then
from the cache — and a sentence's score does not depend on the others scored with it."""

from __future__ import annotations

import re

import numpy as np

from claimledger.assess import _artifacts, checkworthy, propaganda
from claimledger.assess.fast_text import char_wb_tfidf, decision_values, is_char_wb, is_word_tfidf, tfidf_transform
from claimledger.demo import sample_text


def _sentences() -> list[str]:
    text = sample_text("express") + "\n" + sample_text("telegraph")
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _pipeline():
    _artifacts.clear_cache()  # a fresh model: its word cache starts empty
    return _artifacts.load(checkworthy.ARTIFACT, checkworthy.TRAINING_SCRIPT)["pipeline"]


def test_the_char_ngram_matrix_is_sklearns():
    pipeline = _pipeline()
    chars = dict(pipeline.named_steps["features"].transformer_list)["chars"]
    sentences = _sentences()
    assert is_char_wb(chars) and len(sentences) > 50
    for _ in range(2):  # cold, then warm
        _assert_same(char_wb_tfidf(chars, sentences), chars.transform(sentences))


def _assert_same(got, expected) -> None:
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)


def test_every_tfidf_vectoriser_of_the_assess_models_gives_sklearns_matrix():
    """Word n-grams (check-worthiness words and sentence shapes, the technique classifier's words)
    and character n-grams, on the samples' sentences and whole pages, an empty text among them."""
    pipeline = _pipeline()
    vectorisers = dict(pipeline.named_steps["features"].transformer_list)
    techniques = _artifacts.load(propaganda.ARTIFACT, propaganda.TRAINING_SCRIPT)["tc"]
    found = [vectorisers["words"], vectorisers["shapes"], vectorisers["chars"], techniques["words"], techniques["chars"]]
    assert [is_word_tfidf(v) for v in found] == [True, True, False, True, False]
    texts = _sentences() + ["", sample_text("express"), sample_text("telegraph"), "ÉLÈVES 12,000 “troops”"]
    for vectoriser in found:
        _assert_same(tfidf_transform(vectoriser, texts), vectoriser.transform(texts))
        _assert_same(tfidf_transform(vectoriser, texts[::-1]), vectoriser.transform(texts[::-1]))


def test_decision_values_are_the_pipelines():
    pipeline = _pipeline()
    sentences = _sentences()
    expected = pipeline.decision_function(sentences)
    assert np.array_equal(decision_values(pipeline, sentences), expected)
    assert np.array_equal(decision_values(pipeline, sentences[::-1]), expected[::-1])
    alone = [decision_values(pipeline, [s])[0] for s in sentences[:10]]
    assert np.array_equal(np.array(alone), expected[:10])
