"""Claims a reader can trust: sentences that do not break at ranks, conditions kept, one label
for the words of a claim, status reports that are no hearsay, year-less dates completed from
the text, sub-headings analysed, one certainty lexicon for analyze and assess."""

from __future__ import annotations

import pytest

from claimledger.analyze import certainty_lexicon as lex
from claimledger.analyze.pipeline import analyze_doc_units, analyze_document, load_nlp
from claimledger.analyze.times import extract_times
from claimledger.assess.overstatement import DENY_RE, DISTANCING_RE, HEDGE_RE, sentence_certainty
from claimledger.clean import clean_text


@pytest.fixture(scope="module")
def pipeline():
    return load_nlp()


def _claims(nlp, text):
    return analyze_doc_units(nlp(text), None).claims


def test_ranks_and_initials_do_not_end_sentences(pipeline):
    doc = pipeline("The unit was led by Cpt. Ivan Petrov, who died. Maj. Smith said Lt. Col. Jones and "
                   "Sgt. Brown were hurt. He flew to the U.S. The next day he met Gen. Mark Milley.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["The unit was led by Cpt. Ivan Petrov, who died.",
                     "Maj. Smith said Lt. Col. Jones and Sgt. Brown were hurt.",
                     "He flew to the U.S.", "The next day he met Gen. Mark Milley."]


def test_conditions_keep_their_if_and_are_hedged(pipeline):
    (claim,) = _claims(pipeline, "If so, he would have escaped the siege of the city.")
    assert claim.text.startswith("If so")
    assert claim.certainty == "hedged" and [c.kind for c in claim.cues] == ["conditional"]


def test_reported_missing_is_a_status_not_hearsay(pipeline):
    (claim,) = _claims(pipeline, "Five soldiers were reported missing after the attack on the base.")
    assert claim.certainty == "asserted"
    (claim,) = _claims(pipeline, "Five soldiers were reported to have deserted after the attack.")
    assert claim.certainty == "hedged"


def test_no_words_carry_two_certainty_labels(pipeline):
    claims = _claims(pipeline, "The colonel fled the town after a soldier allegedly drove a tank over him.")
    assert [(c.text, c.certainty) for c in claims] == [
        ("The colonel fled the town", "asserted"), ("a soldier allegedly drove a tank over him", "hedged")]


def test_reader_prompts_inside_a_paragraph_are_no_claims(pipeline):
    claims = _claims(pipeline, "Three soldiers were killed near the border on Monday. "
                               "Sign up for our newsletter to get the latest updates from the front.")
    assert [c.text for c in claims] == ["Three soldiers were killed near the border on Monday"]


def test_year_less_dates_take_the_year_the_text_states(pipeline):
    doc = pipeline("The attack began on 5 December 2014. In August, fighters had taken the town.")
    by_text = {t.text: t for t in extract_times(doc, None)}
    assert by_text["In August"].begin == "2014-08-01" and by_text["In August"].anchor == "text"
    undated = {t.text: t for t in extract_times(pipeline("In August, fighters had taken the town."), None)}
    assert undated["In August"].begin == "XXXX-08-01"  # no year in the text: none invented


def test_sub_headings_are_analysed_for_figures():
    page = ("Border clashes continue\n\nFighting flared again along the border this week, the army said.\n\n"
            "Three soldiers killed in border clash\n\n"
            "The patrol came under fire near the village late on Monday, officials said.\n")
    cleaned = clean_text(page)
    text = cleaned.document.text
    assert any(s.kind == "subheading" for s in cleaned.segments)
    analysis = analyze_document(cleaned)
    found = [(text[q.start:q.end], q.measure) for q in analysis.quantities]
    assert ("Three", "killed") in found


def test_assess_reads_the_analysis_lexicon():
    for word, kind in lex.ADVERBS.items():
        pattern = HEDGE_RE if kind == "hedge" else DISTANCING_RE
        assert pattern.search(f"Troops {word} crossed the river."), word
    for verb in ("denied", "refutes", "dismissing"):
        assert DENY_RE.search(f"The ministry {verb} the report.")
    assert sentence_certainty("The figures are believed to be higher.")[0] == "hedged"


def test_rows_of_a_table_are_no_claims():
    """PTC (a VDARE article): a jobs table read as sentences ("-2.3% Not in labor force 11,437
    12,095 658 5.8% Native born ...") became claims, and its "Not" a denial of the article's own
    statements about the labor force."""
    text = ("Employment Status by Nativity, May 2010-May 2011.\n\n"
            "Civilian labor force 129,656 129,196 -460 -0.4% Participation rate (%) 64.2% 63.7% Employed 118,546 "
            "118,359 -187 -0.2% Unemployed 11,110 10,837 -273 -2.5%\n\n"
            "-1.6% Unemployed 2,085 2,037 -48 -2.3%\n\n"
            "The immigrant unemployment rate fell by 0.2 points; the native-born rate fell by 0.7 points.\n")
    claims = [c.text for c in analyze_document(clean_text(text)).claims]
    assert not any("129,656" in c or "2,085" in c for c in claims)
    assert any(c.startswith("The immigrant unemployment rate fell by 0.2 points") for c in claims)


def test_a_fronted_phrase_keeps_its_preposition_and_a_dismissed_case_is_no_denial():
    """FNC-1 (the Brooklyn district attorney): "Since July, the Brooklyn district attorney's office
    has dismissed 849 misdemeanor marijuana cases" was stored as the office's denial of "849
    misdemeanor marijuana cases" and, as a sentence, as "July, the … office has dismissed …"."""
    text = ("Since July, the Brooklyn district attorney’s office has dismissed 849 misdemeanor marijuana cases "
            "involving police arrests. Moscow has rejected the accusations that its troops shelled the plant.\n")
    analysis = analyze_document(clean_text(text))
    claims = {c.text: c.certainty for c in analysis.claims}
    assert claims.get("Since July, the Brooklyn district attorney’s office has dismissed 849 misdemeanor marijuana "
                      "cases involving police arrests") == "asserted"
    assert claims.get("the accusations that its troops shelled the plant") == "denied"
    assert [a.cue for a in analysis.attributions] == ["has rejected"]
