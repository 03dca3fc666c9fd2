"""The analyze stage's shortcuts give what the long way gives, on the real samples."""

from __future__ import annotations

from claimledger.analyze.pipeline import _parse, load_nlp
from claimledger.analyze.pipeline_units import TEXT_KEY, analysis_units, blank_text
from claimledger.analyze.places_gazetteer import gazetteer
from claimledger.analyze.quantities_numbers import START_WORDS, start_candidates
from claimledger.clean import clean_text
from claimledger.demo import sample_text


def _parsed_units():
    jobs = []
    for name in ("telegraph", "express"):
        cleaned = clean_text(sample_text(name), source=name)
        blank = blank_text(cleaned.document.text, cleaned.segments)
        jobs += [(blank[u.start:u.end], (0, u.start)) for u in analysis_units(cleaned)]
    return [doc for doc, _ in _parse(load_nlp(), jobs, 8)]


def test_the_unit_text_stored_on_each_doc_is_its_joined_text():
    docs = _parsed_units()
    assert len(docs) == 6  # the live blog's headline and four entries, the article
    for doc in docs:
        assert doc.user_data[TEXT_KEY] == doc.text


def test_number_starts_from_arrays_are_the_tokens_the_word_test_accepts():
    found_digit = found_word = False
    for doc in _parsed_units():
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
