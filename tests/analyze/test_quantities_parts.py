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


def test_a_group_named_by_what_happened_to_it_keeps_its_measure(nlp):
    """FNC-1 bodies: "one of six people killed" counts six killed; "out of 400 soldiers they
    besieged" counts the 400 at risk; a clause on another noun says nothing of the group."""
    cases = {
        "Ahmed Abdi Godane is believed one of six people killed when a drone fired on his convoy.": ("six", "killed"),
        "In 2011, he was one of four journalists kidnapped by Qaddafi's forces in Libya.": ("four", "abducted"),
        "Foley was one of three journalists who were held captive for more than a month.": ("three", "hostages"),
        "ISIS killed 300 out of 400 soldiers they besieged in Saqlawiya district.": ("400", "other"),
        "He was one of three British jihadists guarding Westerners abducted by the group in Syria.": ("three", "other"),
    }
    for sentence, (total, measure) in cases.items():
        got = {q.text: q.measure for q in extract_quantities(nlp(sentence))}
        assert got[total] == measure, sentence


def test_the_category_filter_agrees_with_the_measure(nlp):
    doc = nlp("Rouleau used his car to assault two Canadian soldiers, one of whom later died of his wounds. "
              "ISIS killed 300 out of 400 soldiers they besieged.")
    got = {q.text: (q.measure, q.category) for q in extract_quantities(doc)}
    assert got["two"] == ("other", "other")  # assaulted, not killed
    assert got["400"] == ("other", "other")
    assert got["300"] == ("killed", "killed")


def test_a_part_of_our_group_is_a_part(nlp):
    """FNC-1 (Brian Williams): "Two of our four helicopters were hit" was a conflict "two vs four"."""
    doc = nlp("'Two of our four helicopters were hit by ground fire including the one I was in,' he told Letterman.")
    got = {q.text: q.flags for q in extract_quantities(doc)}
    assert "part_of_total" in got["Two"] and "total" in got["four"]


def test_a_total_whose_noun_says_its_measure_keeps_it(nlp):
    got = {q.text: q.measure for q in extract_quantities(nlp("Three of the 28 bodies were identified."))}
    assert got == {"Three": "killed", "28": "killed"}


def test_refugees_detained_or_admitted_are_not_a_count_of_the_uprooted(nlp):
    """PolNeAR pages on the 2015-16 refugee debate: "eight Syrian refugees were detained" and
    "wanted to take in 250,000 Syrian refugees" were read as displaced and listed against each
    other as one conflict; refugees who fled are still displaced."""
    cases = {
        "a report that eight Syrian refugees were detained attempting to enter Texas from Mexico on Monday.":
            ("eight", "arrested"),
        "Trump was just as blunt, claiming that President Obama wanted to take in 250,000 Syrian refugees.":
            ("250,000", "other"),
        "Obama has proposed accepting 10,000 Syrians refugees.": ("10,000", "other"),
        "More than 130,000 refugees fled into Turkey.": ("More than 130,000", "displaced"),
    }
    for sentence, (number, measure) in cases.items():
        got = {q.text: q.measure for q in extract_quantities(nlp(sentence))}
        assert got.get(number) == measure, (sentence, got)
