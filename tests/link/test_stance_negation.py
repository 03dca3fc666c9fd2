"""Opposite stances only where a negation bears on what two claims share (issue 12, item 5).

Real text: the claims behind the stance conflicts judged false on four ECB+ topics
(tests/fixtures/conflict_audit.json, ``stance_conflicts``) and the Emergent headlines
judged for / against / observing their claim."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from benchmarks.realnews_docs import load_train, page_text
from claimledger.link.claim_groups import ClaimGrouper, ClaimItem
from claimledger.link.conflicts import stance_conflict
from claimledger.link.negation import has_negation, lead_cue
from claimledger.records import Claim
from tests.conftest import require_shared

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "conflict_audit.json"
JUDGED = json.loads(FIXTURE.read_text(encoding="utf-8"))["stance_conflicts"]


def _claim(cid: str, text: str, published: str, lead: str = "") -> ClaimItem:
    doc, _, idx = cid.partition(":")
    return ClaimItem(claim_id=cid, doc_id=doc, index=int(idx), claim=Claim(0, len(text), text), published=published,
                     lead=lead)


def _together_without_denial(cut: str, lead: str, whole: str) -> bool:
    """A claim cut after ``lead`` and the whole sentence it was cut from: one group, no denial."""
    g = ClaimGrouper()
    first = g.add(_claim("a:0", cut, "2015-01-01", lead=lead))
    second = g.add(_claim("b:0", whole, "2015-01-02"))
    g.finalize()
    return first.group == second.group and "denies" not in (first.stance, second.stance)


def _stance(reference: str, other: str) -> tuple[bool, str]:
    """(grouped together, "denies" when one of the two denies the other, else the later
    claim's stance).  Which one denies depends on which is negated: the group's reference
    is the claim that states the proposition."""
    g = ClaimGrouper()
    ref = g.add(_claim("ref:0", reference, "2015-01-01"))
    later = g.add(_claim("later:0", other, "2015-01-02"))
    g.finalize()
    return later.group == ref.group, "denies" if "denies" in (ref.stance, later.stance) else later.stance


@pytest.mark.parametrize("judged", [j for j in JUDGED if j["class"] != "restated_quote"],
                         ids=lambda j: f"{j['topic']}-{j['class']}")
def test_a_negation_elsewhere_or_saying_nothing_is_no_denial(judged):
    """'did not know why', 'never mentioned whether', 'no injuries to police', 'not just at
    the police': the claims group together, and neither denies the other."""
    denier, other = judged["members"]
    assert _stance(other["text"], denier["text"])[1] != "denies"
    assert _stance(denier["text"], other["text"])[1] != "denies"


def test_a_restated_quote_cut_after_its_own_negation_is_no_second_voice():
    """One outlet's claim and a fragment of it (the words after the quote's 'without') beside
    another outlet's same quote: the fragment is part of a claim already counted."""
    [judged] = [j for j in JUDGED if "enclosing" in j]
    fragment, other = judged["members"]
    whole = judged["enclosing"]["text"]
    at = whole.find(fragment["text"])
    assert at > 0  # the fragment is the end of its own document's claim
    members = [
        {"doc_id": "b", "claim_id": "b:0", "stance": "reports", "text": whole, "start": 100, "end": 100 + len(whole)},
        {"doc_id": "b", "claim_id": "b:1", "stance": "denies", "text": fragment["text"], "start": 100 + at,
         "end": 100 + at + len(fragment["text"]), "by_model": True},  # no "not" of its own: a denial only a model makes
        {"doc_id": "a", "claim_id": "a:0", "stance": "reports", "text": other["text"], "start": 0,
         "end": len(other["text"])},
    ]
    assert stance_conflict(1, whole, members) is None
    members[1]["start"] = members[1]["end"] = None  # a member whose span is unknown keeps its voice
    assert stance_conflict(1, whole, members) is not None


def test_emergent_headlines_against_their_claim_stay_denials():
    """Each Emergent article headline beside its claim: most headlines judged 'against' that
    group with their claim are still denials, and few judged 'for' or 'observing' are."""
    path = require_shared("emergent") / "url-versions-2015-06-14-clean-train.minus-fnc1-test.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    counts = {"against": [0, 0], "agreeing": [0, 0]}
    for r in rows:
        grouped, stance = _stance(r["claimHeadline"], r["articleHeadline"])
        if grouped:
            key = "against" if r["articleHeadlineStance"] == "against" else "agreeing"
            counts[key][0] += stance == "denies"
            counts[key][1] += 1
    denied, grouped = counts["against"]
    assert grouped >= 60 and denied / grouped >= 0.7  # 64 of 85 at this commit (69 before)
    denied, grouped = counts["agreeing"]
    assert grouped >= 300 and denied / grouped <= 0.02  # 7 of 479 at this commit (15 before)


def test_a_quote_cut_after_its_own_not_keeps_the_not():
    """Two outlets quote 'it's not his DNA to stay in jail'; one claim's span starts after the
    'not'.  Read from the page, the word before the span is that claim's lead: no denial."""
    [judged] = [j for j in JUDGED if j["class"] == "restated_quote" and "enclosing" not in j]
    full, cut = judged["members"]
    docs = load_train(require_shared("news_clustering"))
    page = page_text(docs[cut["doc"]])
    at = page.find(cut["text"])
    assert at > 0 and lead_cue(page[:at]) == "not"
    g = ClaimGrouper()
    reference = g.add(_claim("cut:0", cut["text"], "2015-01-01", lead=lead_cue(page[:at])))
    other = g.add(_claim("full:0", full["text"], "2015-01-02"))
    g.finalize()
    assert other.group == reference.group and other.stance != "denies"
    g = ClaimGrouper()  # without the lead the same two claims read as a denial
    g.add(_claim("cut:0", cut["text"], "2015-01-01"))
    other = g.add(_claim("full:0", full["text"], "2015-01-02"))
    g.finalize()
    assert other.stance == "denies"



def test_a_glued_negation_is_read_like_a_spaced_one():
    """ECB+ dev topic 18 (an office shooting in Detroit): three outlets with the same words, one
    with "couldn't" — not knowing how many is saying nothing, in either spelling."""
    spaced, glued = "Police could not say how many shots were fired", "Police couldn't say how many shots were fired"
    assert _stance(spaced, glued) == (True, "supports")
    assert _stance(glued, spaced) == (True, "supports")


def test_dismissed_from_a_job_is_no_denial():
    """The same topic: "had been dismissed last week" (fired) was read as denying that he was
    listed among the firm's staff; a claim "dismissed as" baseless is still a denial."""
    assert not has_negation("Mr. LaCalamita, 38, who was still listed on the firm’s Web site as a member of its "
                            "“professional staff,” had been dismissed last week")
    assert has_negation("The claims were dismissed as baseless by the ministry")


def test_a_negation_inside_a_relative_clause_is_about_someone_else():
    """FNC-1 bodies on ISIS fighters caught at the US border: Rep. Hunter's "dozens more that
    did not get caught by the border patrol" was set against "the Border Patrol caught them"
    as a denial.  The negation is the relative clause's, about others; a negated main clause
    after "said that" is still a negation."""
    hunter = ("If they catch five or ten of them then you know there’s going to be dozens more that did not get "
              "caught by the border patrol")
    assert not has_negation(hunter)
    assert not has_negation("Officials, who did not give their names, said 40 soldiers were killed")
    assert has_negation("The army said that it did not fire on the protesters")
    assert _stance("Border Patrol agents caught them", hunter)[1] != "denies"


def test_a_stance_conflict_counts_claims_not_figures():
    """The conflicts view titles a stance conflict with its claims (the Anbar police chief's
    denial beside an MP's report of the chlorine attack, FNC-1 bodies)."""
    from dataclasses import asdict

    from rich.console import Console

    from claimledger.display_links import conflicts_view

    members = [
        {"doc_id": "a", "claim_id": "a:0", "stance": "reports", "source": "MP Ali al-Badri",
         "text": "ISIS used chlorine gas for the first time in the region of Saqlawiyah", "start": 0, "end": 70},
        {"doc_id": "b", "claim_id": "b:0", "stance": "denies", "source": "Anbar police",
         "text": "chlorine gas had not been used on the soldiers in the province", "start": 0, "end": 62},
    ]
    conflict = stance_conflict(7, members[0]["text"], members)
    assert conflict is not None
    view = {k: v for k, v in asdict(conflict).items() if k != "terms"}
    console = Console(width=160, record=True)
    console.print(conflicts_view([view]))
    out = console.export_text()
    assert "2 sources, 2 claims" in out and "figures" not in out.splitlines()[0]


def test_not_being_able_to_verify_is_saying_nothing():
    """FNC-1 bodies on a tape CNN aired: "could not be independently verified" was set as a
    denial against "CNN cannot independently verify the authenticity of the tape" — neither
    denies anything, and a company "not immediately available for comment" says nothing."""
    for said_nothing in ("The authenticity of the official directive could not be independently verified",
                         "CNN cannot independently verify the authenticity of the tape",
                         "CNN aired the tape Monday but was unable to independently verify its authenticity",
                         "Amazon was not immediately available for comment"):
        assert not has_negation(said_nothing), said_nothing
    assert has_negation("The army cannot win this war")
    assert _stance("CNN cannot independently verify the authenticity of the tape",
                   "The authenticity of the tape could not be independently verified")[1] != "denies"


def test_a_negated_conjunct_or_an_open_question_is_no_denial():
    """GeoVirus (WikiNews on epidemics): "can be transmitted to humans, but not as easily … as
    the H5N1 strain" was read as denying what is said of H5N1; "to discover if the case is
    isolated or related" as denying that "the three cases are not related"."""
    assert not has_negation("The H7N7 strain can be transmitted to humans, but not as easily or as lethally as the "
                            "H5N1 strain")
    assert not has_negation("So far all those infected appear to be horses used for recreational purposes and not "
                            "thoroughbred race horses")
    assert has_negation("It was a hoax and not a real attack")
    question = "to discover if the case is isolated or related to the nationwide incident"
    assert _stance("the three cases are not related and isolated from one another", question)[1] != "denies"
    assert _stance("the case is not related to the nationwide incident",
                   "the case is related to the nationwide incident")[1] == "denies"


def test_what_a_source_declined_to_say_is_no_claim_to_deny():
    """ECB+ (a church fire): "The pastor … declined to say whether | the church had received any
    recent threats" was set against the fire chief's "there hadn't been any recent threats".  The
    word before the span opens a question: nothing is asserted, nothing denied.  An emphatic
    "none more so" is no negation either."""
    before = "The pastor, Larry Kroon, declined to say whether "
    assert lead_cue(before) == "whether"
    g = ClaimGrouper()
    g.add(_claim("pastor:0", "the church had received any recent threats", "2015-01-01", lead=lead_cue(before)))
    chief = g.add(_claim("chief:0", "there hadn't been any recent threats to the church", "2015-01-02"))
    g.finalize()
    assert chief.stance != "denies"
    assert not has_negation("Reid, 33, with a reputation as one who drinks and parties long and hard, none more so "
                            "when she was photographed on the red carpet")


def test_a_bound_or_an_admission_is_no_negation():
    """FNC-1 bodies: "No less than seven school girls fell pregnant" (at least seven) and "one
    simply cannot deny the raw material value" (affirms it) were read as denials."""
    assert not has_negation("No less than seven school girls fell pregnant during a five day school trip recently")
    assert not has_negation("one simply cannot deny the raw material value in a gold watch case")
    assert has_negation("The ministry denied the report")


def test_rejecting_a_thing_is_no_denial():
    """PTC: "people who had their mail-in ballots rejected" denied nothing the other claim about
    lists of voters said; rejecting or dismissing a claim still denies it."""
    assert not has_negation("Political parties can get daily lists of people who had their mail-in ballots rejected")
    assert not has_negation("The agency has rejected anything with a whiff of science")
    assert not has_negation("The judge dismissed the case")
    assert has_negation("Moscow rejected the accusations")
    assert has_negation("The ministry dismissed the reports as fake")
    assert has_negation("He rejected claims that he had met the envoy")
    grouped, stance = _stance("During pre-Election Day absentee and mail-in voting, political parties have access "
                              "to lists of people", "Political parties can get daily lists of people who had "
                              "their mail-in ballots rejected")
    assert stance != "denies"


def test_the_denial_is_the_claim_that_denies():
    """PTC: "Austrian bishop forcefully rejects [German Bishops' idea of blessing homosexual
    unions]" came first; the bishops who "opened up to [the idea to offer homosexual couples a
    blessing]" were shown as denying it.  The group's reference is the claim stating the idea,
    and the rejection is the denial."""
    g = ClaimGrouper()
    rejection = ClaimItem(claim_id="a:0", doc_id="a", index=0, published="2018-02-01",
                          claim=Claim(0, 50, "German Bishops’ idea of blessing homosexual unions", certainty="denied"))
    opening = g.add(_claim("b:0", "Cardinal Marx and Bishop Bode have opened up to the idea of blessing "
                                  "homosexual unions", "2018-02-02"))
    rejected = g.add(rejection)
    rows, _, _ = g.finalize()
    assert opening.group == rejected.group
    assert (rejected.stance, opening.stance) == ("denies", "supports")
    assert rows[0].first == "b:0"


def test_a_negation_conceded_conditional_or_of_another_time_is_no_denial():
    """Pages of the extraction benchmark: a scientist's "While scientists have not yet detected
    liquid water directly, we've found the next best thing" denied "researchers have now detected
    one such plume's water vapor directly"; "if no deal is reached" and "Twelve months ago there
    was no wireless charging case" made two more stance conflicts.  None asserts a negation now."""
    conceded = '"While scientists have not yet detected liquid water directly, we\'ve found the next best thing"'
    assert not has_negation(conceded)
    assert _stance("researchers have now detected one such plume's water vapor directly for the first time",
                   conceded)[1] != "denies"
    assert not has_negation("he would raise tariffs on Chinese imports if no deal is reached with Beijing")
    assert not has_negation("Twelve months ago there was no wireless charging case for AirPods")
    # ECB+: a number sign and a permit refused deny nothing
    assert not has_negation("The Colts (11-4) secured the No. 5 seed in the AFC playoffs")
    assert not has_negation("LaCalamita was denied a handgun permit in March, said Scherlinck, who would not say why "
                            "the permit was denied")
    # GeoVirus (measles): set against "78 million children under five will be vaccinated"
    assert not has_negation("Efforts last year failed to halt the disease because not enough children were vaccinated")
    assert has_negation("Russia has not withdrawn its troops")
    assert has_negation("There is no evidence of chemical weapons")


def test_a_claim_cut_after_its_concession_keeps_it():
    """PTC: one outlet's claim "although | it may not yet be the perfect objective model" (the
    concession left outside the span) was read as negated and denied the same words quoted with
    their "even though"."""
    assert lead_cue("… amid the mass of impediments, although") == "although"
    assert _together_without_denial("it may not yet be the perfect objective model", "although",
                                    "even though it may not yet be the perfect objective model")


def test_a_forged_thing_a_recurrence_or_not_being_able_to_say_is_no_denial():
    """FNC-1 bodies read as one ledger: "travelling with a fake ID", "fake quotes from police
    officers", "This was not the first time that rumors of Baghdadi's death have surfaced", "Apple
    was not immediately available to comment", "We still can't talk about an exact number of
    bodies", a request ("He asks | his parents not to accept …"), "I honestly don't know" and "It
    is not clear if … nor if …" were denials in stance conflicts."""
    for text in ["the woman and child who were detained in northern Lebanon travelling with a fake ID are in fact "
                 "the ex wife and daughter of the terrorist leader",
                 "It also includes fake quotes from police officers",
                 "This was not the first time that rumors of Baghdadi's death have surfaced",
                 "Apple was not immediately available to comment",
                 "We still can't talk about an exact number of bodies",
                 "this isn’t the first time a Macedonian man has chopped off his penis",
                 "his parents not to accept “any meager compensation from the same people”",
                 "I honestly don’t know",
                 "It is not clear if the jets are equipped with weaponry nor if the pilots are able to fly"]:
        assert not has_negation(text), text
    assert has_negation("the internet was aflame with reactions after fake news that Willie Nelson had died")
    assert has_negation("officials dismissed the photos as fake")


def test_a_request_not_to_a_statement_not_made_or_a_negative_source_is_no_denial():
    """FNC-1 bodies read as one ledger: the Met's "We have previously asked media outlets not to
    speculate …" denied its own quote cut after "asked"; "Ahmadu didn't explicitly say that Boko
    Haram had agreed to a ceasefire, and he did not give details of the girls' release" denied the
    ceasefire; "No one can say | they knew me as a man" was the reference of its group (a claim of
    no one), so every full quote of the sentence denied it."""
    for text in ["We have previously asked media outlets not to speculate about the details of our investigation "
                 "on the basis that life is at risk",
                 "During an interview on Friday, Ahmadu didn’t explicitly say that Boko Haram had agreed to a ceasefire, "
                 "and he did not give details of the girls’ release"]:
        assert not has_negation(text), text
    assert has_negation("Anbar police also said that chlorine gas had not been used on the soldiers in the province")
    from claimledger.link.negation import claim_lead

    assert claim_lead("No one can say ", "No one") == "no"
    assert claim_lead("told the BBC ", "No. 10 Downing Street") == ""
    together, stance = _stance("they knew me as a man or produce a photo of me as a man",
                               "No one can say they knew me as a man or produce a photo of me as a man")
    assert together and stance == "denies"  # without the lead: the plain content was a claim of its own
    assert _together_without_denial("they knew me as a man or produce a photo of me as a man", "no",
                                    "No one can say they knew me as a man or produce a photo of me as a man")


def test_a_negation_of_another_clause_an_idiom_or_a_forged_thing_is_no_denial():
    """Stance conflicts of the FNC-1 ledger, each one denial that was none: a negation in a clause
    before the shared words ("It still wasn't enough, and now we are hoping to raise cash from the
    sale of our son"), idioms ("nothing more than a stunt", "a strict no food or drinks policy",
    "has not been seen in public since September 3" = last seen then), a negated conjunct with its
    auxiliary ("but did not acknowledge the first lady", "and did not report to work thereafter"),
    "without sunlight", and cases dismissed ("has dismissed 849 misdemeanor marijuana cases that
    involved arrest": the relative "that" is no claim rejected)."""
    pairs = [("now we are hoping to raise cash from the sale of our son",
              "It still wasn't enough, and now we are hoping to raise cash from the sale of our son."),
             ("the video was just a stunt to bring in tourists",
              "some observers claiming that the sighting is nothing more than a stunt designed to bring tourists"),
             ("a strict policy restricting food and drinks has been issued and enforced until the infestation "
              "problem is resolved",
              "A strict no food or drinks policy at people’s work stations has been issued until the infestation is gone."),
             ("He was last seen on 3 September during a concert flanked by his wife",
              "He has not been seen in public since September 3, when he attended a concert with his wife."),
             ("The new king shook hands with President Obama at the Erga Palace but didn’t acknowledge the first lady",
              "The new Saudi king shook hands with President Obama at the Erga Palace but did not acknowledge the "
              "first lady at all"),
             ("Assistant executive engineer A.K Verma went on leave in 1990 after joining India’s central public "
              "works department (CPWD) a decade earlier",
              "Mr. Verma, who joined the CPWD as an assistant executive engineer in 1980, went on leave in December "
              "1990 and did not report to work thereafter."),
             ("\"dust and space debris to become plentiful and thus block 90% sunlight\"",
              "The world will remain, during these three days, without sunlight due to a solar storm, which will "
              "cause dust and space debris to become plentiful and thus, block 90% sunlight."),
             ("The Brooklyn district attorney's office has dismissed 849 marijuana cases since July",
              "The Brooklyn DA’s office has dismissed 849 misdemeanor marijuana cases that involved arrest out of "
              "2,526 such cases since July")]
    for reference, other in pairs:
        together, stance = _stance(reference, other)
        assert together and stance != "denies", other
    assert has_negation("He rejected that") and has_negation("Macaulay Culkin is not dead")
    # ", which is not a problem": the speaker's own negation, as in "there would be no problem"
    assert has_negation("“We will solely rely on artificial light for the six days, which is not a problem at all”")
    assert not has_negation("the town which was not shelled")
    # PTC (the Kavanaugh hearings): doubting a denial sides with what was denied
    assert not has_negation("she does not believe Judge Kavanaugh’s denial of the sexual misconduct allegations")
    assert has_negation("Judge Kavanaugh denied the allegations")
    # FNC-1 (the Indian engineer on leave): a passive relative after the comma tells of the noun
    assert not has_negation("\"He went on seeking extension of leave, which was not sanctioned, and defied directions "
                            "to report to work,\" the government said")
    together, stance = _stance("Doctors were initially unable to re-attach his penis",  # "unable" = "couldn't"
                               "After doctors couldn't re-attach his penis in Kochani he was transferred to Skopje")
    assert stance != "denies"


def test_polarity_reads_the_analysis_denial():
    """The linker takes a claim's denial from analysis: "It also includes fake quotes from police
    officers" (FNC-1; forged quotes deny no claim) does not stand against "The detainees include
    22 police officers and gang members"; "The claims in the report are false" and a claim
    under "Officials denied that" are negated."""
    from claimledger.analyze import analyze_document
    from claimledger.clean import clean_text
    from claimledger.link.claim_groups import polarity

    def item(text: str) -> ClaimItem:
        claim = analyze_document(clean_text(text)).claims[0]
        return ClaimItem(claim_id="a:0", doc_id="a", index=0, claim=claim)

    assert not polarity(item("It also includes fake quotes from police officers."))
    assert polarity(item("The claims in the report are false."))
    assert polarity(item("Officials denied that the reports were accurate."))


def test_saying_nothing_or_keeping_from_is_no_denial_and_a_negated_purpose_is_one():
    """PolNeAR campaign pages read as one ledger: "Davis did not immediately return a request
    seeking comment", "Manafort did not directly respond", "We don't yet know exactly what's going
    to work best", "I don't know, exactly." and "… denying him the nomination" (keeping it from
    him) were denials; "the goal was not to 'make America great again'" was read as a request
    cut after its subject and lost its negation."""
    for text in ["Davis did not immediately return a request seeking comment.",
                 "Manafort did not directly respond to AP's requests to discuss the work",
                 "We don't yet know exactly what's going to work best",
                 "I don't know, exactly.",
                 "a better chance of beating Trump head-to-head and denying him the nomination"]:
        assert not has_negation(text), text
    assert has_negation("the goal was not to “make America great again” but to “make America whole again.”")
    assert not has_negation("his parents not to accept “any meager compensation from the same people”")



def test_a_no_that_opens_the_subject_negates_the_predicate():
    """FNC-1: "No Islamic State militants were killed in the airstrikes, the statement further
    claimed" denied "A masked militant claims the murder is in retaliation for American airstrikes
    against the Islamic State militants in Iraq": the "No" was read as negating "Islamic", a word
    both say; it negates "were killed", which the other does not say."""
    from claimledger.link.negation import bears_on

    features = frozenset({"masked", "militant", "claim", "murder", "retaliation", "american", "airstrike",
                          "islamic", "state", "iraq"})
    assert not bears_on("No Islamic State militants were killed in the airstrikes", features)
    assert bears_on("No Islamic State militants were killed in the airstrikes",
                    frozenset({"islamic", "state", "militant", "kill", "killed", "airstrike"}))
    # PTC (the Uranium One case): "none of that evidence | got aired before …" negates the airing,
    # not the evidence the other claim says the case got
    evidence = frozenset({"know", "criminal", "case", "got", "first", "evidence", "2009", "whole", "year", "uranium",
                          "one", "deal", "approved", "obama", "administration"})
    assert not bears_on("none of that evidence got aired before the Obama administration made those decisions",
                        evidence)
