"""Faster inference for the fitted TF-IDF + linear pipelines: the same matrices, word by word.

A ``char_wb`` vectoriser pads each word on its own (" word ") and takes its character n-grams,
so a text's n-grams are its words' n-grams put together.  News repeats its words, so each
distinct word's vocabulary counts are found once (per process) and a text's counts are their
sum; the count matrix is then exactly ``CountVectorizer.transform``'s, and the fitted
``TfidfTransformer`` weighs it as ``TfidfVectorizer.transform`` does.  Scoring a claim's
sentence took half of the assess stage in sklearn's per-n-gram Python loop.
"""

from __future__ import annotations

import weakref
from array import array
from typing import Any

import numpy as np
import scipy.sparse as sp

MAX_WORDS = 200_000  # distinct words whose counts a vectoriser keeps (the cache is dropped past it)
_CACHES: weakref.WeakKeyDictionary[Any, dict[str, dict[int, int]]] = weakref.WeakKeyDictionary()


def _word_counts(vectorizer: Any) -> dict[str, dict[int, int]]:
    """The vectoriser's word → {vocabulary index: count} cache (gone with the vectoriser)."""
    cache = _CACHES.get(vectorizer)
    if cache is None or len(cache) > MAX_WORDS:
        cache = _CACHES[vectorizer] = {}
    return cache


def is_char_wb(transformer: Any) -> bool:
    """A fitted TF-IDF vectoriser of padded-word character n-grams this module can take over."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return (type(transformer) is TfidfVectorizer and transformer.analyzer == "char_wb" and not transformer.binary
            and transformer.input == "content" and hasattr(transformer, "vocabulary_"))


def char_wb_tfidf(vectorizer: Any, texts: list[str]) -> sp.csr_matrix:
    """``vectorizer.transform(texts)`` for a fitted ``char_wb`` ``TfidfVectorizer`` (``is_char_wb``)."""
    vocabulary = vectorizer.vocabulary_
    preprocess = vectorizer.build_preprocessor()
    per_word = _word_counts(vectorizer)
    j_indices: list[int] = []
    values = array("i")
    indptr = [0]
    for text in texts:
        counts: dict[int, int] = {}
        for word in preprocess(vectorizer.decode(text)).split():
            found = per_word.get(word)
            if found is None:
                found = {}
                for gram in vectorizer._char_wb_ngrams(word):
                    index = vocabulary.get(gram)
                    if index is not None:
                        found[index] = found.get(index, 0) + 1
                per_word[word] = found
            for index, n in found.items():
                counts[index] = counts.get(index, 0) + n
        j_indices.extend(counts)
        values.extend(counts.values())
        indptr.append(len(j_indices))
    index_dtype = np.int64 if indptr[-1] > np.iinfo(np.int32).max else np.int32
    counts_matrix = sp.csr_matrix(
        (np.frombuffer(values, dtype=np.intc), np.asarray(j_indices, dtype=index_dtype),
         np.asarray(indptr, dtype=index_dtype)),
        shape=(len(indptr) - 1, len(vocabulary)), dtype=vectorizer.dtype)
    counts_matrix.sort_indices()
    return vectorizer._tfidf.transform(counts_matrix, copy=False)


def union_features(union: Any, texts: list[str]) -> Any:
    """``FeatureUnion.transform(texts)`` with its ``char_wb`` vectorisers through ``char_wb_tfidf``
    (a union with weights or dropped parts goes through sklearn as it is)."""
    parts = union.transformer_list
    if union.transformer_weights or any(isinstance(t, str) for _, t in parts):
        return union.transform(texts)
    blocks = [char_wb_tfidf(t, texts) if is_char_wb(t) else t.transform(texts) for _, t in parts]
    if any(sp.issparse(b) for b in blocks):
        return sp.hstack(blocks).tocsr()
    return np.hstack(blocks)


def decision_values(pipeline: Any, texts: list[str]) -> np.ndarray:
    """``pipeline.decision_function(texts)`` for a fitted ``Pipeline([("features", FeatureUnion), ("lr", linear)])``."""
    steps = dict(pipeline.steps)
    if list(steps) != ["features", "lr"] or type(steps["features"]).__name__ != "FeatureUnion":
        return np.asarray(pipeline.decision_function(texts))
    return np.asarray(steps["lr"].decision_function(union_features(steps["features"], texts)))
