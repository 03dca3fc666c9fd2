"""The analyze stage's shortcuts give what the long way gives, on the real samples."""

from __future__ import annotations

from claimledger.analyze.pipeline_units import TEXT_KEY
from claimledger.analyze.places_gazetteer import gazetteer
from claimledger.analyze.quantities_numbers import START_WORDS, start_candidates


def test_the_unit_text_stored_on_each_doc_is_its_joined_text(sample_units):
    assert len(sample_units) == 6  # the live blog's headline and four entries, the article
    for doc in sample_units:
        assert doc.user_data[TEXT_KEY] == doc.text


def test_number_starts_from_arrays_are_the_tokens_the_word_test_accepts(sample_units):
    found_digit = found_word = False
    for doc in sample_units:
        by_token = [t.i for t in doc if t.text[:1].isdigit() or t.lower_ in START_WORDS]
        assert start_candidates(doc, doc.text) == by_token
        found_digit |= any(doc[i].text[:1].isdigit() for i in by_token)
        found_word |= any(doc[i].is_alpha for i in by_token)
    assert found_digit and found_word  # the samples hold both kinds ("300", "three")


def test_cached_city_lookups_answer_the_same_and_cannot_be_changed_by_a_caller():
    places = gazetteer()
    first = places.cities("Vuhledar")
    assert first and first[0].country == "UA"
    first.clear()
    again = places.cities("Vuhledar")
    assert again and again == places.cities("vuhledar") and again[0].name == "Vuhledar"
    assert places.cities("Nowhereville Qqq") == []
