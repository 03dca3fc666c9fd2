"""A stance conflict needs a denial said of what the other claim names.

Real claims: the stance conflicts of a PolNeAR ledger (political news, 923 articles) that set
opinions, contrasts and one speaker's own lines against each other, and the FNC-1 and PolNeAR
denials of record that must stay listed."""

from __future__ import annotations

from claimledger.link.conflicts import stance_conflict
from claimledger.link.negation import negated_subject, opposes


def _pair(denier: str, denier_source: str, other: str, other_source: str, certainty: str | None = None) -> bool:
    """Whether two claims of two documents, the first denying the group's claim, are listed as a conflict
    (``certainty``: the denier's, "denied" where its attribution cue, not its words, denies)."""
    members = [
        {"doc_id": "a", "claim_id": "a:0", "stance": "reports", "source": other_source, "text": other,
         "start": 0, "end": len(other)},
        {"doc_id": "b", "claim_id": "b:0", "stance": "denies", "source": denier_source, "text": denier,
         "start": 0, "end": len(denier), **({"certainty": certainty} if certainty else {})},
    ]
    return stance_conflict(1, other, members) is not None


def test_denials_of_record_stay_listed():
    # Clinton's "I" is the source's: she names the server's emails the intelligence community counts
    assert _pair("I did not email any classified material to anyone on my email", "Clinton",
                 "\"top secret\" information was included in 22 emails that went through Clinton's private server "
                 "while she was in office", "The intelligence community")
    assert _pair("the face of Michelle Obama was not blurred by the State TV", "officials",
                 "Saudi TV allegedly blurred Michelle Obama's face", "(publisher)")
    # "there was never a …": what is denied follows the cue
    assert _pair("There was never a domestic violence panel planned for MNF tonight", "ESPN",
                 "it will hold a panel on domestic violence Monday night", "Esquire")


def test_a_contrast_or_a_framing_denies_no_fact():
    assert not _pair("at the state’s convention in April, it was Cruz, not Trump, who swept all of the delegates",
                     "(publisher)", "FARGO, N.D. — Ted Cruz’s preferred candidates won the vast majority of convention "
                     "delegates available in North Dakota over the weekend", "(publisher)")
    assert not _pair("They're talking about the size of a candidate's hands, not income inequality", "Menaka Guruswamy",
                     "Bernie has been talking about income inequality since 1981", "Representative Peter Welch")
    assert not _pair("For Sanders, there seemingly will be no path to the nomination other than the unlikely strategy "
                     "of trying to persuade superdelegates to go against the will of Democratic voters", "(publisher)",
                     "Sanders’ only path to the nomination is now to convince enough of the superdelegates", "(publisher)")
    assert negated_subject("It's clear that the issue with him is not that he didn't have executive experience",
                           "Mr. Rubio") == frozenset()


def test_a_hedge_or_a_gerund_denies_no_fact():
    assert not _pair("Trump might not win the general election", "David Andersen",
                     "Mr. Trump has played down the idea in recent weeks as he attempts to win over swing voters for "
                     "the general election", "(publisher)")
    assert negated_subject("Mr. Trump's debate interjection that not paying taxes made him ''smart", "Biden") == frozenset()
    # a progressive's "not" is the verb's: "he is not paying taxes" denies his paying them
    assert negated_subject("he is not paying taxes", "Reid") == frozenset({"reid"})


def test_an_opinion_of_someone_else_opposes_nothing_the_other_names():
    # the other claim names neither the speaker nor anyone "he" could stand for
    assert not _pair("He would not be the commander in chief we need to keep our country safe", "Bush",
                     "“I think you need the judgment on day one to be both president and commander in chief.”",
                     "Hillary Clinton")
    assert not opposes("You are not going to win this general election by proposing incremental changes", None,
                       "they think she could win a general election")


def test_one_speakers_two_lines_are_no_dispute():
    assert not _pair("We don't want to be like the rest of the world; we want to be the United States of America",
                     "Marco Rubio", "He wants America to become more like the rest of the world", "Marco Rubio")
    # one speaker however named: "Mr. Rubio" on one page, "Marco Rubio" on another
    assert not _pair("\"This notion that Barack Obama doesn't know what he's doing is just not true", "Marco Rubio",
                     "let's dispel once and for all with this fiction that Barack Obama doesn't know what he's doing",
                     "Mr. Rubio")


def test_a_denial_at_a_place_the_other_does_not_name_opposes_nothing():
    # GeoVirus: a round-up of swine flu's spread; "the country" is one the page named before, and
    # the other pages count cases in Kenya and the UK
    assert not _pair("No cases of swine flu have yet been reported in the country", "(publisher)",
                     "If confirmed they will bring the total number of swine flu cases reported in Kenya to 20",
                     "(publisher)")
    assert not _pair("No cases of swine flu have yet been reported in Kenya", "(publisher)",
                     "confirmed swine flu cases in the UK had reached 1004", "the Health Protection Agency")
    # the same named place: a denial of record
    assert _pair("No cases of swine flu have yet been reported in Kenya", "(publisher)",
                 "If confirmed they will bring the total number of swine flu cases reported in Kenya to 20",
                 "(publisher)")


def test_a_claim_that_denies_the_same_thing_agrees():
    # GeoVirus: two pages on equine flu in Australia, both saying no thoroughbred is infected
    assert not _pair("So far none of those confirmed infected have been thoroughbred race horses", "(publisher)",
                     "So far all those infected appear to be horses used for recreational purposes and not "
                     "thoroughbred race horses", "(publisher)")
    assert _pair("So far none of those confirmed infected have been thoroughbred race horses", "(publisher)",
                 "So far all those infected appear to be thoroughbred race horses", "(publisher)")


def test_ecb_stance_false_alarms_are_not_conflicts():
    """The ECB+ ledger's stance conflicts, all false: a headline run into its first line, information
    not yet released, a charge and the accused's denial."""
    # "It's not Patch Tuesday": the pronoun opens the denied clause; the headline before it is not denied
    assert not _pair("Microsoft rushes urgent fix for Internet Explorer It ’ s not Patch Tuesday", "(publisher)",
                     "Microsoft releases security patch for Internet Explorer", "(publisher)")
    # results not yet given out deny nothing of them being given out later
    assert not _pair("Results of Williams' blood - alcohol test have not been released", "(publisher)",
                     "Results from a blood - alcohol test administered when Williams was arrested were released "
                     "Wednesday, showing a level of 0. 07 percent", "California Highway Patrol Officer Brian Pennings")
    # the man denies arson; that he was charged with it stands
    assert not _pair("A man has denied arson following a fire at a Somerset supermarket early on Sunday", "A man",
                     "Robert Pitman, aged 24 and from Wellington, was charged with arson following the fire at the "
                     "Waitrose supermarket in the Somerset town at the weekend", "(publisher)")


def test_war_denials_still_conflict():
    # a side accused of an attack and denying it
    assert _pair("Russia denied attacking the hospital in Mariupol", "the Russian defence ministry",
                 "Ukraine accused Russia of attacking the hospital in Mariupol", "Ukrainian officials")
    # "did not attack" negates "attacked"; "Russia said it" keeps the speaker Russia
    assert _pair("Russia said it did not attack the hospital in Mariupol", "(publisher)",
                 "Russia attacked the hospital in Mariupol on Wednesday", "(publisher)")
    # people held, not information: "have not been released" still denies a release
    assert _pair("The hostages have not been released, the army said", "(publisher)",
                 "The hostages were released on Tuesday", "(publisher)")


def test_an_accused_denying_his_guilt_does_not_deny_the_crime():
    """ECB+ (Waitrose fire): "A man has denied | arson" (the claim's certainty is the denial) stands
    against no report of the fire; a denial of the charge by the one named stays a conflict."""
    denied = "arson following a fire at a Somerset supermarket early on Sunday"
    assert not _pair(denied, "A man", "Fire at Waitrose supermarket may have been arson Police are continuing to "
                     "investigate a fire at a Waitrose supermarket in Wellington", "(publisher)", "denied")
    assert _pair("charges of shelling the hospital", "the Russian defence ministry",
                 "the Russian defence ministry ordered the shelling of the hospital, the charges say", "(publisher)",
                 "denied")


def test_fnc1_agreements_read_as_denials_are_not_conflicts():
    """FNC-1 stance conflicts whose two claims say the same thing."""
    # "does not come with furnishing" and "comes unfurnished": one fact, two wordings
    assert not _pair("However, potential buyers will have to bring their own clubs as the main building does not "
                     "come with furnishing", "(publisher)", "potential buyers will have to bring their own clubs as "
                     "the main building comes unfurnished", "(publisher)")
    # "has not yet set a firm release date" denies the date, not that the watch is "set to launch"
    assert not _pair("Apple has not yet set a firm release date for Apple Watch, but holds to an \"early 2015\" launch",
                     "(publisher)", "The Apple Watch is set to launch in \"early 2015\"", "an internal video")
    # the hoax is the page, which both say started the rumours
    assert not _pair("That rumor was based on a Facebook hoax memorial page set up for the star", "(publisher)",
                     "A Facebook memorial page announcing the actor's death sparked the rumors", "Snopes")
    # a payment is told by what is paid: taxes not paid deny no one's "paid the price" (PolNeAR)
    assert not _pair("he had a well-connected source who told him the GOP presidential nominee hadn’t paid any taxes "
                     "for 10 years", "Reid", "John McCain, the 2008 GOP presidential nominee, paid the price",
                     "(publisher)")
    # a light verb's object is what is denied: "did not make $72 million" still denies making it
    assert _pair("he did not make $72 million from trading stocks", "Mohammed Islam",
                 "Mohammed Islam, from Queens, New York, has already made an estimated $72million - from trading "
                 "stocks on his lunch breaks at school", "New York magazine")


def test_a_spokesperson_speaks_as_the_company():
    from claimledger.link.conflicts import _named_source

    assert _named_source({"source": "a Durex spokesperson"}) == _named_source({"source": "Durex"}) == "durex"
    assert _named_source({"source": "Marco Rubio"}) == "rubio"


def test_a_question_cut_from_its_sentence_asserts_nothing():
    """FNC-1: "It is not known at | what point the man began recording the message that captured the
    gun shots" stood against "It captured nothing before the shots began"."""
    from claimledger.link.negation import asserts_nothing

    assert asserts_nothing("what point the man began recording the message that captured the gun shots")
    assert not asserts_nothing("the man began recording the message before the gun shots")


def test_i_stands_for_the_speakers_name_not_its_apposition():
    """PolNeAR: Senator Kirk's "I cannot and will not support my party's nominee" stood against Ryan's
    "he will support the party's nominee, …" through "Mr. Trump" in Kirk's apposition."""
    assert not _pair("I cannot and will not support my party's nominee for president",
                     "Senator Mark S. Kirk, Republican of Illinois, becoming the first Republican senator running "
                     "for re-election to break with Mr. Trump",
                     "he will support the party's nominee, even as he has taken frequent shots at Mr. Trump's "
                     "comments", "Mr. Ryan")


def test_a_denial_of_one_conjunct_leaves_the_other_asserted():
    """FNC-1: Shekau's video calls the ceasefire claims false "and that the schoolgirls had converted":
    it denies the ceasefire, not the conversion that others report; the ceasefire report stays opposed."""
    video = ("claims in the video that earlier claims of a ceasefire between Boko Haram and the government are "
             "false, and that the schoolgirls had converted to Islam and been married off")
    assert not _pair(video, "Shekau", "Nigeria's kidnapped schoolgirls have all been converted to Islam and married",
                     "the leader of Islamist militants")
    assert _pair(video, "Shekau", "Nigeria has reached a ceasefire deal with Boko Haram", "(publisher)")


def test_a_denial_of_what_that_stood_for_denies_nothing_the_claim_says():
    """FNC-1: forum users' "that's not the case as certain iCloud documents also vanished …" stood against
    advice to avoid the reset: "that" was said before the claim; "it is not true that …" still denies."""
    assert not _pair("that's not the case as certain iCloud documents also vanished after they reset all settings",
                     "several forum users", "For now, iOS 8 users who have iCloud Drive enabled should probably avoid "
                     "using the \"Reset All Settings\" option", "(publisher)")
    assert _pair("It is not true that Russia attacked the hospital in Mariupol", "the ministry",
                 "Russia attacked the hospital in Mariupol", "Ukrainian officials")
