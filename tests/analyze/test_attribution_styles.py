"""Attribution in every quotation and reporting style, and claimers named outside the claim's
sentence — on news-style sentences written for these tests (the rules are general)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from benchmarks.attribution_eval import _whole_matches
from claimledger.analyze.attribution import extract_attributions
from claimledger.analyze.attribution_quotes import find_quotes
from claimledger.analyze.attribution_rules import subject_of
from claimledger.analyze.claims import build_claims
from claimledger.analyze.pipeline import load_nlp


def attributions_of(text: str, method: str = "combined"):
    return extract_attributions(load_nlp()(text), method=method)


def only(text: str, method: str = "combined"):
    atts = attributions_of(text, method)
    assert len(atts) == 1, [(a.source.text, a.cue) for a in atts]
    att = atts[0]
    return att, text[att.content_start:att.content_end]


# --- quotation styles -----------------------------------------------------------------------
@pytest.mark.parametrize("text, source, quoted", [
    ("'We have lost contact with two of our units near the river,' the official said.",
     "the official", "We have lost contact with two of our units near the river"),
    ("''The shelling did not stop for three days,'' Mr. Petrenko said.",
     "Mr. Petrenko", "The shelling did not stop for three days"),
    ("``The shelling did not stop for three days,'' Mr. Petrenko said.",
     "Mr. Petrenko", "The shelling did not stop for three days"),
    ("“The city is surrounded and we have no water,” the mayor said.",
     "the mayor", "The city is surrounded and we have no water"),
    ("\"The city is surrounded and we have no water,\" the mayor said.",
     "the mayor", "The city is surrounded and we have no water"),
    ("« We have lost two villages near the river », said the general.",
     "the general", "We have lost two villages near the river"),
    ("„We have lost two villages near the river“, said the general.",
     "the general", "We have lost two villages near the river"),
])
def test_quote_first_then_reporting_clause_in_every_mark_style(text, source, quoted):
    att, body = only(text)
    assert att.source.text == source and att.cue == "said"
    assert quoted in body and att.kind == "direct"


def test_nyt_double_apostrophes_make_one_quotation_with_its_marks():
    text = "He said: ''The bridge is gone and the road is cut.'' Then he left."
    quotes = [q for q in find_quotes(text) if q.double]
    assert len(quotes) == 1
    assert text[quotes[0].start:quotes[0].end] == "''The bridge is gone and the road is cut.''"


@pytest.mark.parametrize("text, source, cue, body", [
    ("Some 300 soldiers were captured near the town, reported the Times.",
     "the Times", "reported", "Some 300 soldiers were captured near the town"),
    ("The attack destroyed two bridges and a power station, wrote Oleksiy Arestovych.",
     "Oleksiy Arestovych", "wrote", "The attack destroyed two bridges and a power station"),
    ("Russian forces shelled the port overnight, the ministry said in a statement.",
     "the ministry", "said in a statement", "Russian forces shelled the port overnight"),
])
def test_reporting_clause_after_its_content_normal_and_inverted(text, source, cue, body):
    att, content = only(text)
    assert (att.source.text, att.cue, content) == (source, cue, body)


def test_quoted_as_saying_names_the_quoted_person():
    att, body = only("He was quoted as saying that the army had run out of shells.")
    assert att.source.text == "He" and att.cue == "was quoted as saying"
    assert body.endswith("the army had run out of shells")


def test_split_quotation_around_its_reporting_clause_is_one_content():
    text = "“The genetic data is pointing to this virus coming from a bat reservoir,” he said, “not a lab.”"
    att, body = only(text)
    assert body.startswith("“The genetic data") and body.endswith("not a lab.”")
    assert att.kind == "direct"


# --- headlines ------------------------------------------------------------------------------
@pytest.mark.parametrize("headline, source", [
    ("Ukraine's defence ministry: Russian forces lost 200 tanks in a week", "Ukraine's defence ministry"),
    ("Zelensky: We will not give up Bakhmut", "Zelensky"),
])
def test_headline_colon_is_an_attribution(headline, source):
    text = headline + "\n\nThe war entered its second year on Friday."
    att = attributions_of(text)[0]
    assert att.source.text == source and att.cue == ":"
    assert text[att.content_start:att.content_end] == headline.split(": ", 1)[1]


@pytest.mark.parametrize("text", [
    "KYIV: Russian forces shelled the city overnight.",
    "Ukraine war: Russia shells Kharkiv again\n\nThe attack began at dawn.",
    "Live updates: Russian forces shelled the city overnight\n\nMore soon.",
])
def test_datelines_and_topic_kickers_are_not_speakers(text):
    assert all(a.cue != ":" for a in attributions_of(text))


# --- sources --------------------------------------------------------------------------------
def test_source_keeps_its_apposition():
    att, body = only("John Smith, the group's president, said the convoy was hit twice.")
    assert att.source.text == "John Smith, the group's president"
    assert body == "the convoy was hit twice"


def test_quote_told_to_a_broadcaster_is_not_a_claim_of_its_own():
    doc = load_nlp()("“The city is surrounded and we have no water,” the mayor told a broadcaster.")
    atts = extract_attributions(doc)
    claims = build_claims(doc, atts)
    assert len(claims) == 1 and claims[0].attribution == 0
    assert "broadcaster" not in claims[0].text


# --- claimers outside the sentence ----------------------------------------------------------
def test_pronoun_resolved_to_a_person_named_as_subject_before():
    text = ("Timothy Sheahan, a virologist at the University of North Carolina, has studied coronaviruses "
            "for years. “The genetic data is pointing to this virus coming from a bat reservoir,” he said, "
            "“not a lab.”")
    att = attributions_of(text)[0]
    assert att.source.text == "he"
    assert att.source.resolved == "Timothy Sheahan, a virologist at the University of North Carolina"


def test_pronoun_skips_a_person_in_a_subordinate_clause():
    text = ("Defence Minister Oleksii Reznikov spoke in Kyiv after Boris Johnson arrived on Monday. "
            "He said Ukraine would receive the tanks within weeks.")
    att = attributions_of(text)[0]
    assert att.source.resolved == "Defence Minister Oleksii Reznikov"


def test_she_added_continues_the_named_speaker():
    text = "Olena Kovalenko, a nurse in Kharkiv, said the hospital was hit twice. She added that three patients had died."
    first, second = attributions_of(text)
    assert second.source.text == "She" and second.source.resolved == first.source.text


def test_quotation_in_the_next_paragraph_continues_the_speaker():
    text = ("“We will rebuild,” the mayor of Irpin said on Tuesday.\n\n"
            "“Every house will stand again, and the bridge will reopen by summer.”")
    _, second = attributions_of(text)
    assert second.source.text == "the mayor of Irpin"
    assert text[second.content_start:second.content_end].startswith("“Every house")


# --- the learned model and the benchmark's whole-attribution score --------------------------
def test_model_reads_source_cue_and_content_of_a_plain_report():
    from claimledger.analyze.attribution_model import model_available

    if not model_available():
        pytest.skip("attribution model artifact not present")
    text = "The governor of Kharkiv said that two missiles hit an apartment block on Sunday."
    att, body = only(text, "model")
    assert att.source.text == "The governor of Kharkiv" and att.cue == "said"
    assert body.endswith("two missiles hit an apartment block on Sunday")


def test_whole_attribution_score_needs_all_three_spans():
    text = "The mayor said the bridge fell."
    gold = [{"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 30)]}]
    cut_source = [{"source": [(4, 9)], "cue": [(10, 14)], "content": [(15, 30)]}]
    assert _whole_matches(text, gold, gold, "exact") == 1
    assert _whole_matches(text, gold, cut_source, "exact") == 0
    assert _whole_matches(text, gold, cut_source, "overlap") == 1
    no_content = [{"source": [(0, 9)], "cue": [(10, 14)], "content": [(0, 3)]}]
    assert _whole_matches(text, gold, no_content, "overlap") == 0


@pytest.mark.parametrize("text, mode", [
    ("The governor believes the attack was planned weeks ago.", "cognition"),
    ("The attack destroyed two bridges and a power station, wrote Oleksiy Arestovych.", "writing"),
    ("The mayor said the bridge had been destroyed on Monday.", "speech"),
])
def test_each_attribution_says_what_its_cue_reports(text, mode):
    att, _ = only(text)
    assert att.mode == mode


# --- source spans ---------------------------------------------------------------------------
def test_the_who_acronym_is_a_speaker_not_a_relative_pronoun():
    """A label before a colon is no source, and "WHO" is the organisation, not "who" standing
    for the label."""
    text = ("Myth #9: Getting a pneumonia vaccine protects against the virus\n\n\n"
            "Truth: The WHO says, \"vaccines against pneumonia do not provide protection against "
            "the new coronavirus.\"")
    att = next(a for a in attributions_of(text) if a.cue == "says")
    assert att.source.text == "The WHO"


def test_a_bracketed_ticker_stays_closed_in_the_source():
    text = ("Eli Lilly and Company (NYSE: LLY) today announced new data from the study, demonstrating "
            "that the two antibodies together significantly reduced hospitalizations.")
    att = next(a for a in attributions_of(text) if a.cue.endswith("announced"))
    assert att.source.text.startswith("Eli Lilly and Company")
    assert att.source.text.count("(") == att.source.text.count(")")


def test_of_two_subjects_the_one_next_to_the_verb_speaks():
    """The parser makes a kicker's label a second subject ("Truth: The World Health Organization
    says …", as it parsed one article): the label is not the speaker."""
    words = ["Truth", ":", "The", "World", "Health", "Organization", "says", "people", "must", "wait", "."]
    heads = [6, 0, 5, 5, 5, 6, 6, 9, 9, 6, 6]
    deps = ["nsubj", "punct", "det", "compound", "compound", "nsubj", "ROOT", "nsubj", "aux", "ccomp", "punct"]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps)
    assert subject_of(doc[6]).text == "Organization"


def test_she_is_not_the_man_he_already_named():
    """Once "he" stands for a man, a later "she" with no woman named is left unresolved rather
    than given his name."""
    text = ("\"The convoy reached the town before dawn,\" said Andriy Kovalenko, a volunteer driver from "
            "Kharkiv. \"We unloaded everything in an hour,\" he said.\n\n"
            "The regional press office is more cautious. \"Do not travel at night,\" she says.")
    atts = attributions_of(text)
    he = next(a for a in atts if a.source.text == "he")
    she = next(a for a in atts if a.source.text == "she")
    assert "Kovalenko" in (he.source.resolved or "")
    assert "Kovalenko" not in (she.source.resolved or "")


def test_a_dateline_is_no_part_of_the_source():
    """The opening of an FNC-1 body: the town of the dateline is where the story was filed, not
    who said it."""
    text = ("MAIDUGURI, Nigeria — The leader of Nigeria’s Islamic extremist group Boko Haram has denied agreeing "
            "to any cease-fire with the government and said more than 200 kidnapped schoolgirls all have "
            "converted to Islam and been married off.")
    sources = {a.source.text for a in attributions_of(text)}
    assert sources and all(s.startswith("The leader of") for s in sources), sources
