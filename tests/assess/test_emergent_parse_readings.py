"""Parse readings of a headline against a claim (the structure the stance experiments read)."""

from __future__ import annotations

import numpy as np
import pytest

from training import emergent_parse_readings as parse

CLAIM = "A Russian soldier drove a tank over his commanding officer"


@pytest.fixture(scope="module")
def readings():
    headlines = [
        "Russian soldier drives tank over his commanding officer",
        "Russia may have driven tank over officer, officials say",
        "Kremlin denies soldier drove tank over officer",
        "Did a soldier really drive a tank over his commander?",
    ]
    claim_doc, *docs = parse.parse_texts([CLAIM, *headlines])
    return {h: dict(zip(parse.STRUCTURE_NAMES, parse.structure_features(claim_doc, d))) for h, d in zip(headlines, docs)}


def test_asserted_headline_carries_the_claim_at_its_root(readings):
    r = readings["Russian soldier drives tank over his commanding officer"]
    assert r["predicate_found"] == 1 and r["predicate_is_root"] == 1
    assert r["predicate_embedded"] == 0 and r["predicate_modal"] == 0 and r["refuting_word"] == 0
    assert r["claim_subject_in_headline"] == 1


def test_reported_and_modal_headline_embeds_the_claim(readings):
    r = readings["Russia may have driven tank over officer, officials say"]
    assert r["root_reporting"] == 1 and r["predicate_is_root"] == 0
    assert r["predicate_embedded"] == 1
    assert r["predicate_modal"] == 1  # "may" hangs on "have" in the parse, still read


def test_denial_puts_the_claim_under_a_refuting_verb(readings):
    r = readings["Kremlin denies soldier drove tank over officer"]
    assert r["refuting_word"] == 1 and r["predicate_under_refuting"] == 1


def test_question_headline_is_read_as_a_question(readings):
    r = readings["Did a soldier really drive a tank over his commander?"]
    assert r["first_sentence_question"] == 1 and r["predicate_in_question"] == 1


def test_feature_lengths_and_dense_vectors_are_stable():
    claim_doc, head_doc = parse.parse_texts([CLAIM, "Soldier reportedly ran over colonel"])
    assert len(parse.structure_features(claim_doc, head_doc)) == parse.N_STRUCTURE
    dense = parse.dense_features(claim_doc, head_doc)
    assert dense.shape == (4 * parse.DENSE_WIDTH + 1,)
    again = parse.dense_features(*parse.parse_texts([CLAIM, "Soldier reportedly ran over colonel"]))
    assert np.array_equal(dense, again)
    same = parse.dense_features(claim_doc, claim_doc)
    assert same[-1] == pytest.approx(1.0, abs=1e-5)  # cosine of a text with itself
    assert not np.any(same[2 * parse.DENSE_WIDTH:3 * parse.DENSE_WIDTH])  # headline - claim difference


def test_terms_name_the_root_and_the_path_to_the_claims_predicate():
    claim_doc, head_doc = parse.parse_texts([CLAIM, "Russia may have driven tank over officer, officials say"])
    terms = parse.structure_terms(claim_doc, head_doc)
    assert "R:say" in terms and "H^ROOT:say" in terms
