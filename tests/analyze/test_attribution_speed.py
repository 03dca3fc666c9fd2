"""The attribution reader's shortcuts give what the long way gives, on the real samples."""

from __future__ import annotations

import numpy as np
import pytest

from claimledger.analyze.attribution_features import (
    TokenTable,
    feature_cues,
    open_tagger,
    sentence_features,
    sentence_scores,
)
from claimledger.analyze.attribution_link import LINK_PATH, link_features, link_scores
from claimledger.analyze.attribution_model import MODEL_PATH, _spans, model_available
from claimledger.analyze.attribution_quotes import doc_text, find_quotes
from claimledger.analyze.attribution_rules import _is_cue_verb, _rule_tokens, cue_lemma, rule_at, rule_candidates
from claimledger.analyze.attribution_sources import _entity_across


def _rules_token_by_token(doc, quotes):
    """rule_candidates as it was: every Token of every sentence tried."""
    return [att for sent in doc.sents for tok in sent if (att := rule_at(doc, tok, sent, quotes)) is not None]


def test_rule_candidates_from_the_arrays_are_those_of_every_token(sample_units):
    total = 0
    for doc in sample_units:
        quotes = find_quotes(doc_text(doc))
        starts = set(_rule_tokens(doc))
        tried = {t.i for t in doc if t.lower_ == "according" or t.text == ":" or (_is_cue_verb(t) and cue_lemma(t))}
        assert tried <= starts
        expected = _rules_token_by_token(doc, quotes)
        assert rule_candidates(doc, quotes) == expected
        total += len(expected)
    assert total >= 10  # the samples' "said", "according to" and colon headlines


def test_entity_across_a_cut_is_the_first_entity_doc_ents_gives(sample_units):
    checked = 0
    for doc in sample_units:
        ents = list(doc.ents)
        for start in range(len(doc)):
            for end in range(start, min(len(doc), start + 8)):
                want = next((e for e in ents if e.start <= end < e.end - 1 and e.start >= start), None)
                got = _entity_across(doc, start, end)
                assert got == (None if want is None else (want.end, want.label_))
                checked += want is not None
    assert checked > 50  # multi-word names ("Vuhledar", "Colonel ...") are cut through


def test_tagger_features_read_each_neighbour_and_dependent_of_the_token(sample_units):
    cues = feature_cues()
    for doc in sample_units:
        tt = TokenTable(doc)
        for sent in doc.sents:
            rows = sentence_features(tt, sent.start, sent.end, cues)
            for k, feats in enumerate(rows):
                i = sent.start + k
                for off in (-2, -1, 1, 2):
                    j = i + off
                    if sent.start <= j < sent.end:
                        assert [f"w{off}={doc[j].lower_}", f"p{off}={doc[j].pos_}", f"d{off}={doc[j].dep_}"] == \
                               [f for f in feats if f.startswith((f"w{off}=", f"p{off}=", f"d{off}="))]
                    else:
                        assert f"pad{off}" in feats
                children = sorted({c.dep_ for c in doc[i].children})
                assert [f for f in feats if f.startswith("ch=")] == ["ch=" + d for d in children]
            assert rows[-1][-1] == "EOS"


def test_linker_features_of_a_cue_do_not_depend_on_the_cues_read_before(sample_units):
    compared = 0
    for doc in sample_units:
        shared = TokenTable(doc)
        for sent in doc.sents:
            verbs = [t.i for t in sent if t.pos_ == "VERB"][:3]
            for v in verbs:  # the same table, reused across the sentence's cues
                fresh = link_features(TokenTable(doc), sent.start, sent.end, (v, v + 1))
                assert link_features(shared, sent.start, sent.end, (v, v + 1)) == fresh
                compared += 1
    assert compared > 20


def _cues(crf, tt, sent, cues):
    """The tagger's cues of the sentence, and its first verbs as cues too."""
    tags = crf.tag(sentence_features(tt, sent.start, sent.end, cues))
    found = [(a, b) for role, a, b in _spans(tags, sent.start) if role == "CUE"]
    return found + [(t.i, t.i + 1) for t in sent if t.pos_ == "VERB"][:2]


@pytest.mark.skipif(not model_available(), reason="the attribution CRF artifacts are not installed")
def test_crf_scorer_gives_pycrfsuite_tags_and_marginals_to_the_last_bit(sample_units):
    import pycrfsuite

    cues = feature_cues()
    compared = 0
    for path in (MODEL_PATH, LINK_PATH):
        ref = pycrfsuite.Tagger()
        ref.open(str(path))
        fast = open_tagger(path)
        assert fast.labels == ref.labels()
        for doc in sample_units:
            tt = TokenTable(doc)
            for sent in doc.sents:
                xseqs = [sentence_features(tt, sent.start, sent.end, cues)] if path == MODEL_PATH else \
                    [link_features(tt, sent.start, sent.end, cue) for cue in _cues(open_tagger(MODEL_PATH), tt, sent, cues)]
                if xseqs:  # numpy Viterbi over the sequences together
                    scores = np.concatenate([fast.state_scores(x) for x in xseqs])
                    assert fast.viterbi(scores, [len(x) for x in xseqs]) == [ref.tag(x) for x in xseqs]
                for xseq in xseqs:
                    assert fast.tag(xseq) == ref.tag(xseq)
                    assert [[fast.marginal(y, t) for y in ref.labels()] for t in range(len(xseq))] == \
                           [[ref.marginal(y, t) for y in ref.labels()] for t in range(len(xseq))]
                    compared += 1
    assert compared > 50


@pytest.mark.skipif(not model_available(), reason="the attribution CRF artifacts are not installed")
def test_scores_from_attribute_ids_are_those_of_the_feature_strings(sample_units):
    cues = feature_cues()
    tagger, linker = open_tagger(MODEL_PATH), open_tagger(LINK_PATH)
    links = 0
    for doc in sample_units:
        sents = list(doc.sents)
        for chosen in (sents, sents[1::2]):  # every sentence, and some (``tag_attributions(only=)``)
            if not chosen:
                continue
            tt = TokenTable(doc, chosen)
            want = np.concatenate([tagger.state_scores(sentence_features(tt, s.start, s.end, cues)) for s in chosen])
            assert np.array_equal(sentence_scores(tagger, tt, [(s.start, s.end) for s in chosen], cues), want)
            for sent in chosen:
                for cue in _cues(tagger, tt, sent, cues):
                    want = linker.state_scores(link_features(tt, sent.start, sent.end, cue))
                    assert np.array_equal(link_scores(linker, tt, sent.start, sent.end, cue), want)
                    links += 1
    assert links > 20
