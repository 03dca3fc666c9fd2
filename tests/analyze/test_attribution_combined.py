"""How the combined method joins the learned tagger and the rules, on real news sentences
(PolNeAR, NewsClaims and the samples): the tagger's spans where both read a cue, the rules'
name phrase for resolving pronouns, what each side may add alone; and the benchmark's reading
of a quotation split by its reporting clause as one PolNeAR attribution."""

from __future__ import annotations

import pytest

from benchmarks.attribution_eval import _whole_matches, predicted_roles
from claimledger.analyze.attribution import extract_attributions
from claimledger.analyze.attribution_model import model_available
from claimledger.analyze.pipeline import load_nlp

pytestmark = pytest.mark.skipif(not model_available(), reason="the attribution CRF artifact is not installed")


def attributions_of(text: str, method: str = "combined"):
    return extract_attributions(load_nlp()(text), method=method)


def test_full_source_with_its_clause_and_pronoun_resolved_to_the_name():
    text = ("Joe Bateman, who traveled from Illinois to help the campaign in South Carolina, said the turnout "
            "had surprised him. He said volunteers knocked on 20,000 doors.")
    first, second = attributions_of(text)
    # PolNeAR's source span (the tagger's) holds the relative clause; the rules stopped at the name
    assert first.source.text == "Joe Bateman, who traveled from Illinois to help the campaign in South Carolina"
    assert [a.source.text for a in attributions_of(text, "rules")][0] == "Joe Bateman"
    # "He" resolves to the name, not to the whole clause
    assert second.source.text == "He" and second.source.resolved == "Joe Bateman"


def test_cue_keeps_its_adverb_and_auxiliary():
    text = "Ukraine's defence minister has repeatedly said that the counter-offensive will begin when the weapons arrive."
    (att,) = attributions_of(text)
    assert att.cue == "has repeatedly said"
    assert text[att.content_start:att.content_end] == "that the counter-offensive will begin when the weapons arrive"


def test_rules_add_an_estimate_the_tagger_missed():
    text = ("The United States has said this number should be treated with scepticism. US military intelligence "
            "estimated last week that over 7,000 troops have been killed since Putin launched his invasion.")
    assert [a.cue for a in attributions_of(text, "model")] == ["has said"]
    combined = attributions_of(text)
    est = [a for a in combined if a.cue == "estimated"]
    assert est and est[0].source.text == "US military intelligence"
    assert text[est[0].content_start:est[0].content_end].startswith("that over 7,000 troops")


@pytest.mark.parametrize("text", [
    "Zhao Lijian, a Chinese foreign ministry spokesman, did not say whether the drills would continue.",
    "A News 4 Tucson viewer asked us about ingesting the coronavirus from food or drinks.",
])
def test_tagger_alone_does_not_credit_a_refusal_or_a_question(text):
    assert attributions_of(text, "model")  # the tagger reads PolNeAR's wider scope ...
    assert attributions_of(text) == []  # ... which the ledger does not take as a statement


def test_quotation_split_by_its_clause_scores_as_one_polnear_attribution():
    text = ("“There’s so much more to be done,” she said. “The truth is we aren’t a single issue country. "
            "We need more than a plan for the big banks.”")
    atts = attributions_of(text)
    said = [a for a in atts if a.cue == "said"]
    assert len(said) == 2  # the ledger keeps the quotation after the clause as a continuation
    gold = {"source": [(text.index("she"), text.index("she") + 3)],
            "cue": [(text.index("said"), text.index("said") + 4)],
            "content": [(0, text.index(" she")), (text.index("“The truth"), len(text))]}
    roles = predicted_roles(atts)
    assert len(roles) == 1 and len(roles[0]["content"]) == 2
    assert _whole_matches(text, [gold], roles, "exact") == 1


def test_short_content_naming_something_stays_a_bare_pronoun_does_not():
    # PolNeAR train: an attribution of two words is still one ("praised her effort")
    text = "He congratulated her for her victory and praised her effort."
    assert ("He", "praised", "her effort") in [(a.source.text, a.cue, text[a.content_start:a.content_end])
                                                for a in attributions_of(text)]
    # the Express sample: the tagger reads "the footage … showed him"; "him" says nothing
    text = ("There are claims that the footage – which was released two weeks ago – showed him after he had "
            "been injured in battle rather than following a mutiny by one of his soldiers.")
    assert not [a for a in attributions_of(text) if text[a.content_start:a.content_end] == "him"]


@pytest.mark.parametrize("text, cue", [
    ("“Bernie’s a good man, he tries to do the right thing, and I think everything’ll work out well.”", "think"),
    ("Graham said, “How many of you believe we lose elections because we’re not hard-ass enough on immigration? "
     "I believe we’re losing the Hispanic vote because they think we don’t like them.”", "think"),
])
def test_no_rule_cue_inside_a_quotation(text, cue):
    # PolNeAR train: a speaker's hedge in their own quoted words is not an attribution of its own
    assert cue in [a.cue for a in attributions_of(text, "rules")]
    assert cue not in [a.cue for a in attributions_of(text)]


def test_no_attribution_whose_speaker_or_cue_lies_in_its_own_content():
    # the Telegraph sample: "seems" has no speaker of its own (PolNeAR marks it without a source)
    text = ("The Ukraine crisis seems to be driven by an invisible hand pushing for the protraction and escalation "
            "of the conflict, China’s foreign minister Qin Gang has claimed.")
    assert [(a.source.text, a.cue) for a in attributions_of(text)] == [("China’s foreign minister Qin Gang", "has claimed")]
    # the relative "that" the tagger takes along must not stretch "wants" over its own clause
    text = ("Ukraine has broadened a request for controversial cluster bombs from the United States to include a "
            "weapon that it wants to cannibalise to drop the anti-armor bomblets it contains on Russian forces "
            "from drones, according to two US politicians.")
    for method in ("model", "combined"):
        for att in attributions_of(text, method):
            assert not att.content_start <= att.cue_start < att.content_end, (method, att.cue)


def test_source_keeps_the_party_and_state_after_the_name():
    # PolNeAR train (politico): PolNeAR's source holds "(R-Pa.)"; the tagger's stopped before it
    text = ("But Sen. Pat Toomey (R-Pa.) refused to entertain the possibility of campaigning alongside Cruz, "
            "responding that he’s “not going to go into what my campaign is doing.”")
    assert [(a.source.text, a.cue) for a in attributions_of(text)] == [("Sen. Pat Toomey (R-Pa.)", "responding")]


@pytest.mark.parametrize("text, cue, source, content", [
    # PolNeAR train (tune part): the content comes first and the linker gives it no content
    ("As the International Business Times noted, Clinton raised more than $1.1 million from the "
     "securities and investment industry for her 2000 Senate campaign.", "noted",
     "the International Business Times",
     "Clinton raised more than $1.1 million from the securities and investment industry for her 2000 Senate campaign"),
    ("Eighty-four percent of Latino voters in Florida have an unfavorable view of Trump, the poll found.",
     "found", "the poll", "Eighty-four percent of Latino voters in Florida have an unfavorable view of Trump"),
    ("Still, Cruz will be re-evaluating how he approaches his colleagues, a source close to him said.",
     "said", "a source close to him", "Cruz will be re-evaluating how he approaches his colleagues"),
])
def test_tagged_cue_keeps_the_taggers_content_when_the_linker_gives_none(text, cue, source, content):
    from claimledger.analyze.attribution_model import tag_attributions

    doc = load_nlp()(text)
    (att,) = tag_attributions(doc)
    assert doc[att.cue[0]:att.cue[1]].text == cue
    assert att.source is not None and doc[att.source[0]:att.source[1]].text == source
    assert [doc[a:b].text for a, b in att.content] == [content]


def test_relative_clause_after_those_of_names_the_organisation_and_claims_do_not_speak():
    # an analyst's sentence from real news: the relative clause hangs on "those", the speaker
    # is the Observatory; "Their claims would appear to …" credits nobody
    text = ("Their claims would appear to correspond with those of the Britain-based Syrian Observatory for "
            "Human Rights, which said the militants had seized at least one cache of weapons.")
    for method in ("combined", "rules"):
        (att,) = attributions_of(text, method)
        assert att.source.text == "the Britain-based Syrian Observatory for Human Rights"
        assert att.cue == "said"
        assert text[att.content_start:att.content_end] == "the militants had seized at least one cache of weapons"
    assert all(a.source.text != "Their claims" for a in attributions_of(text, "model"))


@pytest.mark.parametrize("text, source, cue, content", [
    # HuffPost readers' quotations signed with a bar (PolNeAR dev), one token "”―" in the second
    ("Latinos share their most honest reactions to the debate.\n“Donald Trump scares me. Hearing his hateful words "
     "makes me afraid for the future.” ― Krystal Correa\n“Trump must stop portraying Latinos as dangerous "
     "gangsters when most of us are hard-working, tax-paying, successful entrepreneurs, unlike him.”― Carla Sanchez.",
     "Carla Sanchez", "―", "Trump must stop portraying Latinos as dangerous gangsters"),
    # a debate quotation signed on the next line (PolNeAR train, the Washington Post)
    ("\"Boeing and GE and other multinationals . . . pay zero taxes.\"\n\n- Sanders.\n\nSanders exaggerates.",
     "Sanders", "-", "Boeing and GE and other multinationals"),
])
def test_a_quotation_signed_with_a_dash_and_a_name(text, source, cue, content):
    atts = [a for a in attributions_of(text) if a.source.text == source]
    assert len(atts) == 1
    assert atts[0].cue.endswith(cue) and text[atts[0].content_start:atts[0].content_end].strip("“\"").startswith(content)


@pytest.mark.parametrize("text", [
    "HEMPSTEAD, N.Y. ― If it worked against Mitt Romney, it might just work against Donald Trump.",
    "Benghazi Widow Dorothy Woods Defends Trump Amid Military-Related Controversies",
    "Abbott isn’t alone with his criticism of the rule – Second Amendment Democrats",
])
def test_a_dateline_a_hyphen_or_a_headline_dash_signs_nothing(text):
    assert not any(a.cue.strip() in ("―", "-", "–") for a in attributions_of(text))


@pytest.mark.parametrize("text, source, cue, content", [
    # PolNeAR dev: "that" parsed as an adverb of its clause, and a clause after the cue's adjunct
    ("Trump tweeted in the early morning hours that Machado was “disgusting” and “a con” and encouraged "
     "Americans to “check out” her non-existent sex tape.", "Trump", "tweeted", "that Machado was “disgusting”"),
    ("Still, The New York Times reported at the time that the RT editor in chief, Margarita Simonyan, conveyed "
     "to Ms. Martin that her statement was unprofessional.", "The New York Times", "reported",
     "that the RT editor in chief"),
])
def test_a_that_clause_after_the_cues_adjunct_is_what_was_said(text, source, cue, content):
    att = next(a for a in attributions_of(text) if a.cue == cue)
    assert att.source.text == source and text[att.content_start:att.content_end].startswith(content)


@pytest.mark.parametrize("text, source", [
    # PolNeAR dev: the tagger's "saying" without a source speaks for the subject it modifies
    ("Meanwhile, it attacked Trump, saying he “has offended Hispanics, women, the disabled and former prisoners "
     "of war with his insults and bombast.”", "it"),
    ("Dean, a medical doctor, then appeared on MSNBC on Tuesday and began by saying he would “never” diagnose "
     "someone through television.", "Dean, a medical doctor"),
])
def test_a_participle_cue_speaks_for_the_subject_of_its_clause(text, source):
    att = next(a for a in attributions_of(text) if a.cue == "saying")
    assert att.source.text == source
    assert text[att.content_start:att.content_end].startswith("he ")


def test_a_poll_introduced_by_in_is_the_source_of_its_finding():
    # PolNeAR dev (the Washington Post): no verb of saying, the poll found it
    text = ("In the previous Washington Post/ABC News national poll, conducted in early September, Clinton led "
            "Trump by 5 percentage points among likely voters. In a statement, the ministry said the attack failed.")
    poll, statement = attributions_of(text, "rules")
    assert (poll.source.text, poll.cue) == ("the previous Washington Post/ABC News national poll", "In")
    assert text[poll.content_start:poll.content_end] == "Clinton led Trump by 5 percentage points among likely voters"
    assert (statement.source.text, statement.cue) == ("the ministry", "said")  # the verb is the cue there


def test_according_to_a_named_group_at_the_start_ends_at_its_name():
    # FNC-1 (Fox News on James Foley): the parser hung the content's subject on the name, and the
    # relative-clause cut took "the Committee" for the source, "to Protect Journalists, ..." for content
    text = ("According to the Committee to Protect Journalists, at least 66 journalists, all but 10 of them "
            "Syrian, have been killed covering the Syrian war.")
    [att] = attributions_of(text)
    assert att.source.text == "the Committee to Protect Journalists"
    assert text[att.content_start:att.content_end].startswith("at least 66 journalists")


def test_an_according_to_inside_what_an_agency_said_is_one_attribution_through_it():
    # FNC-1 (the AP on the airdropped weapons): two records with one content made the claim twice
    text = ("The cache of weapons included hand grenades, ammunition and rocket-propelled grenade launchers, "
            "according to a video uploaded by a media group loyal to ISIS, the agency said.")
    [att] = attributions_of(text)
    assert att.cue == "according to" and [v.text for v in att.via] == ["the agency"]
    assert text[att.content_start:att.content_end].startswith("The cache of weapons included")


def test_thank_you_notes_posted_are_no_statement_by_you():
    # FNC-1 (the airdropped weapons): the parse reads "thank you notes" as 'you' + 'notes', and the
    # ledger held the claim "you notes to the United States, ..." by the loyalists
    text = ("On Tuesday, ISIS loyalists on social media posted sarcastic thank you notes to the United States, "
            "including one image that said, “Team USA.”")
    assert not any(text[a.content_start:a.content_end].startswith("you notes") for a in attributions_of(text))


def test_relative_pronoun_is_the_source_and_resolves_to_its_name():
    # PolNeAR train: the annotators mark "who" as the source; the ledger's speaker is the name
    text = "But Trump notably made no mention of Jeb Bush, who announced he is suspending his campaign earlier in the evening."
    att = next(a for a in attributions_of(text) if a.cue == "announced")
    assert att.source.text == "who" and att.source.name == "Jeb Bush"
    assert text[att.content_start:att.content_end] == "he is suspending his campaign earlier in the evening"


def test_relative_pronoun_without_comma_resolves_to_the_noun_it_follows():
    text = ("Hillary Clinton, in serving as first lady from 1993 to 2001, targeted healthcare reform, drawing the ire "
            "of lawmakers who thought she was too involved in so-called Hillarycare.")
    att = next(a for a in attributions_of(text) if a.cue == "thought")
    assert att.source.text == "who" and att.source.name == "lawmakers"


def test_content_ends_before_a_clause_coordinated_with_the_cue():
    # PolNeAR train: "called on her to resign" and "said, …" are two attributions, not one content
    text = 'Trump called on her to resign from her post and said, "Her mind is shot!"'
    contents = {a.cue: text[a.content_start:a.content_end] for a in attributions_of(text)}
    assert contents == {"called on": "her to resign from her post", "said": '"Her mind is shot!"'}


def test_quotation_inside_another_content_is_not_a_speaker_of_its_own():
    # PolNeAR train: "shows" + a quotation is Westmacott's report of Obama, not Obama speaking
    text = "Westmacott also said that Obama shows “great charm” and exhibits a fondness for the United Kingdom."
    (att,) = attributions_of(text)
    assert (att.source.text, att.cue) == ("Westmacott", "also said")
    assert text[att.content_start:att.content_end] == (
        "that Obama shows “great charm” and exhibits a fondness for the United Kingdom")


def test_intent_cue_outside_the_lexicon_keeps_its_infinitive():
    # PolNeAR train: "wants" / "are planning" + "to …" are attributions of intent
    text = "Among those who want a continuation of Obama’s policies, most are planning to support Clinton."
    att = next(a for a in attributions_of(text) if a.cue == "are planning")
    assert (att.source.text, text[att.content_start:att.content_end], att.mode) == ("most", "to support Clinton", "intent")


def test_refusal_outside_the_lexicon_is_still_no_attribution():
    # "declined to comment" says nothing the ledger could check
    text = "The FDIC, a major U.S. banking regulator which keeps confidential data on America’s biggest banks, declined to comment."
    assert not [a for a in attributions_of(text) if a.cue.startswith("declined")]


@pytest.mark.parametrize(("text", "source", "content_start"), [
    # FNC-1 bodies: the tagger read "is also mulling" and "was mourning" as cues, which took the
    # report's content (or folded it into a chain through the report)
    ("On other news, Amazon is also mulling its own travel service, which would let you book stays at "
     "independent hotels and resorts, according to a report from travel news site Skift.",
     "a report from travel news site Skift", "On other news, Amazon is also mulling its own travel service"),
    ("The head of the Catholic Church had been attempting to console a distraught young boy who was mourning "
     "the death of his dog, according to Time magazine.",
     "Time magazine", "The head of the Catholic Church had been attempting to console a distraught young boy who"),
])
def test_an_event_inside_according_to_is_what_the_source_reports_not_a_speaker(text, source, content_start):
    atts = attributions_of(text)
    assert [a.cue for a in atts] == ["according to"]
    assert atts[0].source.text == source and not atts[0].via
    assert text[atts[0].content_start:atts[0].content_end].startswith(content_start)


def test_speech_inside_according_to_stays_a_chain_through_the_source():
    # FNC-1: "decreed that …" reports what Wintour said, through the magazine's source
    text = ("According to one of their sources, Anna Wintour has decreed that the staff \"must ensure that her "
            "personal office is rat-free before she enters it.\"")
    atts = attributions_of(text)
    assert [(a.source.text, a.cue, [v.text for v in a.via]) for a in atts] == [
        ("Anna Wintour", "has decreed", ["one of their sources"])]



def test_a_report_of_what_someone_did_is_not_folded_into_the_deed():
    # FNC-1: the convent "expressed an interest" (a deed, not a clause said); the paper's report
    # of it stays an attribution of its own, the deed a chain through the paper
    text = "The nun's convent has even expressed an interest in taking care of the mite, according to L'Unione Sarda."
    atts = {a.cue: a for a in attributions_of(text)}
    assert atts["according to"].source.text == "L'Unione Sarda"
    assert text[atts["according to"].content_start:atts["according to"].content_end].startswith("The nun's convent")
    assert [v.text for v in atts["has even expressed"].via] == ["L'Unione Sarda"]


@pytest.mark.parametrize(("text", "cue", "content_start"), [
    # FNC-1 bodies: PolNeAR reads the attitude noun into the cue; what follows is the content
    ('Adam Schiff, a California Democrat, expressed confidence that the United States would be able to '
     '"gain some intelligence" from al-Dulaimi.', "expressed confidence", "that the United States"),
    ("He too expressed doubts that North Korea might have quietly seen a woman take supreme power for the first "
     "time.", "too expressed doubts", "that North Korea"),  # with its adverb, as "also said"
])
def test_an_expressed_attitude_is_the_cue_with_its_noun(text, cue, content_start):
    att = attributions_of(text)[0]
    assert att.cue == cue and text[att.cue_start:att.cue_end] == cue
    assert text[att.content_start:att.content_end].startswith(content_start)


def test_the_reader_addressed_as_you_is_no_source():
    """FNC-1 bodies: "You may have seen a clever Banksy illustration …" and Rep. Hunter's "you know
    there's going to be dozens more …" made "you" the source of 62 claims in the FNC-1 ledger.
    Outside a quotation "you" is the reader; the speaker around it keeps the claim."""
    assert attributions_of("You may have seen a clever Banksy illustration of broken pencils being shared far and "
                           "wide on social media.") == []
    text = ("If they catch five or ten of them then you know there’s going to be dozens more that did not get caught "
            "by the border patrol, Hunter said.")
    assert [a.source.text for a in attributions_of(text)] == ["Hunter"]


def test_a_denial_does_not_take_in_the_report_two_sentences_on():
    """ECB+ 31_1ecb runs as one paragraph: the tagger reads a later sentence ("The Hilltoppers were
    led by …") as content without a cue; it does not go on Kennedy's denial many sentences back, so
    the game report in between is nobody's denial."""
    import json

    from benchmarks.corpus_pages import detokenized
    from tests.conftest import require_shared

    path = require_shared("news_clustering") / "ecbplus_documents_train.jsonl"
    with path.open(encoding="utf-8") as handle:
        doc = next(d for d in map(json.loads, handle) if d["doc_id"] == "31_1ecb")
    text = detokenized(doc["sentences"])
    (denial,) = [a for a in attributions_of(text) if a.cue == "denied"]
    assert denial.source.text == "head coach Andy Kennedy"
    assert text[denial.content_start:denial.content_end] == \
        "charges of physical assault and racial remarks toward a cab driver"
