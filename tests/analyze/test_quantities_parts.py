"""Figures named by a killing noun and parts listed in apposition to their group."""

from __future__ import annotations

from benchmarks.realnews_docs import load_train, page_text
from claimledger.analyze.quantities import extract_quantities
from tests.conftest import require_shared


def test_the_slayings_of_two_women_are_killed(nlp):
    docs = load_train(require_shared("news_clustering"))
    for doc_id, phrase in (("22_4ecb", "slayings of two women"), ("22_3ecb", "killings of two young women")):
        text = page_text(docs[doc_id])
        at = text.index(phrase) + len(phrase.split(" of ")[0]) + len(" of ")
        q = next(q for q in extract_quantities(nlp(text)) if q.start == at)
        assert (q.value, q.measure) == (2, "killed")
        assert "non_casualty" not in q.flags


def test_parts_in_apposition_take_the_group_measure(nlp):
    doc = nlp("Five people - one with a head wound, 4 with burns - were taken to hospital after the blast.")
    got = {q.text: (q.value, q.measure) for q in extract_quantities(doc) if "non_casualty" not in q.flags}
    assert got == {"Five": (5, "wounded"), "one": (1, "wounded"), "4": (4, "wounded")}


def test_a_lone_one_that_is_no_part_stays_out(nlp):
    doc = nlp("It was one of the reasons the talks failed.")
    assert [q.text for q in extract_quantities(doc)] == []
