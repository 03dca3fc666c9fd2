"""Faster inference for the fitted TF-IDF + linear pipelines: the same matrices, word by word.

A ``char_wb`` vectoriser pads each word on its own (" word ") and takes its character n-grams,
so a text's n-grams are its words' n-grams put together.  News repeats its words, so each
distinct word's vocabulary indices are found once (per process) and a text's are theirs put
together; a word n-gram vectoriser's own analyser gives a text's n-grams, looked up in one
pass.  The count matrix is then exactly ``CountVectorizer.transform``'s, and the fitted
``TfidfTransformer`` weighs it as ``TfidfVectorizer.transform`` does.  Scoring a claim's
sentence took half of the assess stage in sklearn's per-n-gram Python loop.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
import scipy.sparse as sp

MAX_WORDS = 200_000  # distinct words whose counts a vectoriser keeps (the cache is dropped past it)
_CACHES: weakref.WeakKeyDictionary[Any, dict[str, list[int]]] = weakref.WeakKeyDictionary()


def _word_grams(vectorizer: Any) -> dict[str, list[int]]:
    """The vectoriser's word → vocabulary indices of its n-grams (one per occurrence) cache,
    gone with the vectoriser."""
    cache = _CACHES.get(vectorizer)
    if cache is None or len(cache) > MAX_WORDS:
        cache = _CACHES[vectorizer] = {}
    return cache


def is_char_wb(transformer: Any) -> bool:
    """A fitted TF-IDF vectoriser of padded-word character n-grams this module can take over."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return (type(transformer) is TfidfVectorizer and transformer.analyzer == "char_wb" and not transformer.binary
            and transformer.input == "content" and hasattr(transformer, "vocabulary_"))


def is_word_tfidf(transformer: Any) -> bool:
    """A fitted TF-IDF vectoriser of word n-grams (its own analyser) this module can take over."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return (type(transformer) is TfidfVectorizer and transformer.analyzer == "word" and not transformer.binary
            and transformer.input == "content" and hasattr(transformer, "vocabulary_"))


def _counts_matrix(vectorizer: Any, columns: list[int], lengths: list[int]) -> sp.csr_matrix:
    """``CountVectorizer``'s count matrix from each text's vocabulary indices (one per n-gram
    occurrence, ``lengths[i]`` of them for text i): one sort of (row, column) keys gives each
    cell's count in row then column order, the canonical CSR that sklearn builds."""
    n_rows, width = len(lengths), len(vectorizer.vocabulary_)
    keys = np.repeat(np.arange(n_rows, dtype=np.int64) * width, lengths) + np.asarray(columns, dtype=np.int64)
    cells, counts = np.unique(keys, return_counts=True)
    rows = cells // width
    index_dtype = np.int64 if len(cells) > np.iinfo(np.int32).max else np.int32
    indptr = np.zeros(n_rows + 1, dtype=index_dtype)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    return sp.csr_matrix((counts.astype(vectorizer.dtype), (cells - rows * width).astype(index_dtype), indptr),
                         shape=(n_rows, width))


def char_wb_tfidf(vectorizer: Any, texts: list[str]) -> sp.csr_matrix:
    """``vectorizer.transform(texts)`` for a fitted ``char_wb`` ``TfidfVectorizer`` (``is_char_wb``)."""
    vocabulary = vectorizer.vocabulary_
    preprocess = vectorizer.build_preprocessor()
    per_word = _word_grams(vectorizer)
    columns: list[int] = []
    lengths = []
    for text in texts:
        before = len(columns)
        for word in preprocess(vectorizer.decode(text)).split():
            found = per_word.get(word)
            if found is None:
                grams = map(vocabulary.get, vectorizer._char_wb_ngrams(word))
                found = per_word[word] = [index for index in grams if index is not None]
            columns += found
        lengths.append(len(columns) - before)
    return vectorizer._tfidf.transform(_counts_matrix(vectorizer, columns, lengths), copy=False)


def word_tfidf(vectorizer: Any, texts: list[str]) -> sp.csr_matrix:
    """``vectorizer.transform(texts)`` for a fitted word n-gram ``TfidfVectorizer``
    (``is_word_tfidf``): its analyser's n-grams looked up in one pass, not one try a gram."""
    vocabulary = vectorizer.vocabulary_
    analyze = vectorizer.build_analyzer()
    columns: list[int] = []
    lengths = []
    for text in texts:
        before = len(columns)
        columns += [index for index in map(vocabulary.get, analyze(text)) if index is not None]
        lengths.append(len(columns) - before)
    return vectorizer._tfidf.transform(_counts_matrix(vectorizer, columns, lengths), copy=False)


def tfidf_transform(transformer: Any, texts: list[str]) -> Any:
    """``transformer.transform(texts)``, through ``char_wb_tfidf`` or ``word_tfidf`` where they apply."""
    if is_char_wb(transformer):
        return char_wb_tfidf(transformer, texts)
    if is_word_tfidf(transformer):
        return word_tfidf(transformer, texts)
    return transformer.transform(texts)


def union_features(union: Any, texts: list[str]) -> Any:
    """``FeatureUnion.transform(texts)`` with its TF-IDF vectorisers through ``tfidf_transform``
    (a union with weights or dropped parts goes through sklearn as it is)."""
    parts = union.transformer_list
    if union.transformer_weights or any(isinstance(t, str) for _, t in parts):
        return union.transform(texts)
    blocks = [tfidf_transform(t, texts) for _, t in parts]
    if any(sp.issparse(b) for b in blocks):
        return sp.hstack(blocks).tocsr()
    return np.hstack(blocks)


def decision_values(pipeline: Any, texts: list[str]) -> np.ndarray:
    """``pipeline.decision_function(texts)`` for a fitted ``Pipeline([("features", FeatureUnion), ("lr", linear)])``."""
    steps = dict(pipeline.steps)
    if list(steps) != ["features", "lr"] or type(steps["features"]).__name__ != "FeatureUnion":
        return np.asarray(pipeline.decision_function(texts))
    return np.asarray(steps["lr"].decision_function(union_features(steps["features"], texts)))
