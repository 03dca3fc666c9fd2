"""The attribution reader's shortcuts give what the long way gives, on the real samples."""

from __future__ import annotations

from claimledger.analyze.attribution_features import TokenTable, feature_cues, sentence_features
from claimledger.analyze.attribution_link import link_features
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
