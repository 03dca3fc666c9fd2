"""Certainty: levels and cue spans with syntactic scope, on the samples and other news text."""

from __future__ import annotations

from functools import lru_cache

import pytest

from claimledger.analyze.attribution import extract_attributions
from claimledger.analyze.certainty import assess_certainty, find_cues, span_head
from claimledger.analyze.claims import build_claims
from claimledger.analyze.pipeline import analyze_document, load_nlp
from claimledger.clean import clean_text
from claimledger.demo import sample_text


@lru_cache(maxsize=None)
def sample_claims(name: str):
    cleaned = clean_text(sample_text(name), source=name)
    return analyze_document(cleaned).claims


def claim_starting(claims, prefix: str):
    hits = [c for c in claims if c.text.startswith(prefix)]
    assert hits, f"no claim starting {prefix!r}"
    return hits[0]


def claims_of(text: str, **kw):
    doc = load_nlp()(text)
    return build_claims(doc, extract_attributions(doc), **kw)


def sentence_level(text: str) -> tuple[str, list[str]]:
    doc = load_nlp()(text)
    sent = next(iter(doc.sents))
    level, cues = assess_certainty(doc, sent.start, sent.end)
    return level, [c.text for c in cues]


def kinds(claim) -> set[str]:
    return {c.kind for c in claim.cues}


# --- samples --------------------------------------------------------------------------------
def test_sample_hedges_with_their_cues():
    tele = sample_claims("telegraph")
    refused = claim_starting(tele, "Senior Russian officers have reportedly refused")
    assert refused.certainty == "hedged" and [c.text for c in refused.cues] == ["reportedly"]
    tanks = claim_starting(tele, "Russia is believed to have lost around 130 tanks")
    assert tanks.certainty == "hedged" and [c.text for c in tanks.cues] == ["is believed"]
    ammo = claim_starting(tele, "Ukrainian troops defending the eastern town")
    assert ammo.certainty == "hedged"  # "Numerous reports have suggested that …"
    seems = claim_starting(tele, "The Ukraine crisis seems to be driven")
    assert seems.certainty == "hedged" and "seems" in [c.text for c in seems.cues]


def test_tank_claim_alleged_and_unknown_and_claims_frame():
    exp = sample_claims("express")
    tank = claim_starting(exp, "The soldier allegedly drove a tank")
    assert tank.certainty == "hedged" and kinds(tank) == {"allegation"}
    unknown = claim_starting(exp, "It is not known what happened")
    assert unknown.certainty == "hedged" and "not known" in [c.text for c in unknown.cues]
    frame = claim_starting(exp, "There are claims that the footage")
    assert frame.certainty == "hedged" and [c.text for c in frame.cues] == ["claims"]


def test_cue_in_relative_clause_hedges_that_clause_only():
    tele = sample_claims("telegraph")
    main = claim_starting(tele, "the officers of the 155th Brigade")
    assert main.certainty == "reported" and not main.cues
    sub = claim_starting(tele, "the 155th Brigade, which is believed to have suffered")
    assert sub.certainty == "hedged" and [c.text for c in sub.cues] == ["is believed"]


def test_contest_refers_back_to_the_earlier_figure():
    exp = sample_claims("express")
    admitted = claim_starting(exp, "498 Russian soldiers had been killed")
    assert admitted.certainty == "contested"
    assert any(c.refers_back and c.text == "scepticism" for c in admitted.cues)


# --- other news text ------------------------------------------------------------------------
@pytest.mark.parametrize("text, level, cue", [
    ("The bridge over the Dnipro was probably destroyed by a missile strike.", "hedged", "probably"),
    ("Wagner fighters are thought to have withdrawn from the outskirts of the town.", "hedged", "are thought"),
    ("It remains unclear how many civilians were inside the theatre.", "hedged", "unclear"),
    ("Kyiv said the reports of a breakthrough were false.", "denied", "false"),
    ("The casualty figures are disputed by independent monitors.", "contested", "disputed"),
    ("Russian troops shelled the town of Kupiansk on Sunday.", "asserted", None),
])
def test_sentence_levels(text, level, cue):
    got, cues = sentence_level(text)
    assert got == level
    assert (cue in cues) if cue else cues == []


def test_modifier_clause_cue_does_not_hedge_main_clause():
    level, cues = sentence_level(
        "Russian troops, who may have crossed the river at night, shelled the village of Krynky on Monday.")
    assert level == "asserted" and cues == []
    level, cues = sentence_level("Russian troops may have crossed the river at night.")
    assert level == "hedged" and cues == ["may"]


def test_attribution_lends_its_stance():
    claims = claims_of("Moscow denied that its missiles had hit the hospital in Vinnytsia.")
    assert [c.certainty for c in claims] == ["denied"]
    claims = claims_of("Ukrainian officials said the counter-offensive could have stalled near Robotyne.")
    assert [c.certainty for c in claims] == ["hedged"] and claims[0].cues[0].text == "could"
    claims = claims_of("The governor said 12 people were killed when a drone hit an apartment block.")
    assert [c.certainty for c in claims] == ["reported"]


def test_hedge_model_score_raises_only_cue_less_claims():
    text = "Ukrainian forces retook the village after a week of fighting."
    high = claims_of(text, hedge_scores=[0.93])
    assert high[0].certainty == "hedged" and high[0].cues[0].kind == "model"
    assert high[0].scores["hedge"] == 0.93
    low = claims_of(text, hedge_scores=lambda sentences: [0.1 for _ in sentences])
    assert low[0].certainty == "asserted" and low[0].cues == []


def test_span_head_prefers_the_verb():
    doc = load_nlp()("Russian forces have reportedly withdrawn from the island.")
    assert span_head(doc, 0, len(doc)).text == "withdrawn"
    assert [doc[h.start].text for h in find_cues(doc)] == ["reportedly"]


def test_a_person_dismissed_from_a_job_is_no_denial():
    """ECB+ dev (a Detroit office shooting): the gunman "had been dismissed last week" — fired,
    not a claim denied; "the reports were dismissed by the ministry" still is a denial."""
    nlp = load_nlp()
    fired = nlp("Mr. LaCalamita, 38, who was still listed on the firm’s Web site as a member of its "
                "“professional staff,” had been dismissed last week.")
    assert not [h for h in find_cues(fired) if h.kind == "denial"]
    assert [h.kind for h in find_cues(nlp("The reports were dismissed by the ministry."))] == ["denial"]


def test_a_forged_thing_denies_no_claim():
    """FNC-1: "It also includes fake quotes from police officers" — the quotes are forged, no claim
    is denied; a false claim, a fake video and a story called fake are still denials."""
    nlp = load_nlp()
    for forged in ("It also includes fake quotes from police officers.",
                   "He was travelling on a false passport when he was arrested in Kiev."):
        assert not [h for h in find_cues(nlp(forged)) if h.kind == "denial"], forged
    for denial in ("The ministry dismissed the false claims that troops had fired on civilians.",
                   "A fake video showing soldiers burning a flag spread online.",
                   "Officials said the video was fake."):
        assert "denial" in [h.kind for h in find_cues(nlp(denial))], denial


def test_a_denial_word_on_a_person_a_vote_or_a_thing_withheld_denies_no_claim():
    """PTC and PolNeAR pages read as ledgers: a passive denial verb on a person, on a thing
    voted down or turned away, or keeping its object ("denied access") is no denial; a
    thing said turned away, and a thing forged, still are."""
    nlp = load_nlp()

    def denials(text: str) -> list[str]:
        return [nlp_doc[h.start].text for nlp_doc in [nlp(text)] for h in find_cues(nlp_doc) if h.kind == "denial"]

    for text in ["Iran would continue to be denied access to the U.S. financial and commercial market.",
                 "These are rights that had been denied victims of other mass shootings.",
                 "This proposal was rejected by 64 percent of the electorate.",
                 "Voters whose mail-in ballots were rejected for errors can fix them.",
                 "Officials said Cardinal Müller was soon to be dismissed.",
                 "It lists the celebrities the Internet has fake killed over the years.",
                 "Her accusation will not be proved true or false.",
                 "Quintanilla's question was not unfounded."]:
        assert denials(text) == [], text
    for text, word in [("This suggestion was rejected, to the annoyance of Maccise.", "rejected"),
                       ("The embassy said the killing of a Paris policeman was faked.", "faked"),
                       ("The claims in the report are false.", "false"),
                       ("Again, this is TOTALLY FAKE.", "FAKE")]:
        assert denials(text) == [word], text
