"""Head classes of counted phrases and figures changed in a copy."""

from __future__ import annotations

from dataclasses import replace

from claimledger.clean import clean_text
from claimledger.link.conflicts import changed_figures, head_class
from claimledger.link.units import paragraphs


def test_head_classes():
    assert head_class("Russian soldiers") == head_class("troops") == head_class("servicemen") == "troops"
    assert head_class("top Russian commanders") == head_class("generals") == "commanders"
    assert head_class("tanks and armoured fighting vehicles") == "tank"


def test_changed_figure_in_a_copy(express):
    doc = express.document
    changed = clean_text(doc.text.replace("15,000", "25,000"))
    c = changed_figures(doc, express.segments, changed.document, changed.segments)
    assert c is not None and c.kind == "changed_figure"
    [change] = c.evidence["changes"]
    assert (change["src_text"], change["dst_text"]) == ("15,000", "25,000")
    assert changed.document.text[change["dst_start"]:change["dst_end"]] == "25,000"
    assert doc.text[change["src_start"]:change["src_end"]] == "15,000"
    same = clean_text(doc.text + "\n\nAdvertisement")
    assert changed_figures(doc, express.segments, same.document, same.segments) is None
    assert paragraphs(doc, express.segments)


def test_number_prints_pass_the_links_that_change_a_figure(express):
    """The copy-change step reads the two texts of a link only when their number prints show a
    number of the copy whose context the source has once, with other digits: the changed copy is
    read, a copy that changes no number (an added line, a "15,000" written "15000") is not."""
    from claimledger.link.copy_changes import may_differ, number_prints

    doc = express.document
    source = number_prints(doc, express.segments)
    changed = clean_text(doc.text.replace("15,000", "25,000"))
    assert may_differ(source, number_prints(changed.document, changed.segments))
    for text in (doc.text + "\n\nAdvertisement", doc.text.replace("15,000", "15000")):
        copy = clean_text(text)
        assert not may_differ(source, number_prints(copy.document, copy.segments))
        assert changed_figures(doc, express.segments, copy.document, copy.segments) is None


def test_a_copy_that_changes_a_date_changed_no_figure(express):
    """Templated copies differ in their dates ("UPDATE 24/02/2015" vs "03/12/2014", FNC-1 hoax
    pages): with the copy's analysis, only numbers inside its figures are compared."""
    from claimledger.analyze.pipeline import analyze_document

    doc = express.document
    redated = clean_text(doc.text.replace("on 24 February", "on 23 February").replace("15,000", "25,000"))
    c = changed_figures(doc, express.segments, redated.document, redated.segments, None, analyze_document(redated))
    assert c is not None
    assert [(ch["src_text"], ch["dst_text"]) for ch in c.evidence["changes"]] == [("15,000", "25,000")]


def test_lives_lost_count_people():
    """"has helped claim hundreds of lives" (an FNC-1 body): the lives are people, not a class called "live"."""
    assert head_class("lives") == "people"
    assert head_class("Ukrainian lives") == "people"


def test_a_conflict_label_reads_as_english_and_names_each_value_once():
    """The fresh FNC-1 ledger's labels read "girls hostages: 219 vs 215" and "militants killed:
    10 vs six vs Six"."""
    from claimledger.link.estimates import FigureConflict
    from claimledger.link.figure_record import Figure

    def figure(text: str, value: float) -> Figure:
        return Figure(doc_id="d", quantity=0, start=0, end=len(text), text=text, value=value, low=value, high=value,
                      modifier="exact", measure="hostages", population="girls", side=None, scope="incident",
                      since=None, as_of=None, polarity="asserted", rate_unit=None, counted=None,
                      source="the article", source_kind="outlet")

    held = FigureConflict("c", "i", ("hostages", "girls", "", ""), [figure("219", 219), figure("215", 215)], [])
    assert held.label == "girls held hostage: 219 vs 215"
    killed = FigureConflict("c", "i", ("killed", "militants", "", ""),
                            [figure("10", 10), figure("six", 6), figure("Six", 6)], [])
    assert killed.label == "militants killed: 10 vs six"
    # the old ledger's "Japanese hostages hostages": the counted noun already says the measure
    hostages = FigureConflict("c", "i", ("hostages", "hostages", "", ""), [figure("nine", 9), figure("two", 2)], [])
    assert hostages.label == "hostages: nine vs two"
    # PTC: "the tally of murders had risen to 9,850" was labelled "murder killed"
    murders = FigureConflict("c", "i", ("killed", "murder", "", ""), [figure("9,140", 9140), figure("9,850", 9850)], [])
    assert murders.label == "murders: 9,140 vs 9,850"
    # PTC: "Jews people killed: four thousand vs six million"
    jews = [replace(figure("four thousand", 4000), side="Jews"), replace(figure("six million", 6e6), side="Jews")]
    assert FigureConflict("c", "i", ("killed", "people", "", ""), jews, []).label == \
        "Jews killed: four thousand vs six million"


def test_counts_of_two_named_groups_are_no_conflict():
    """FNC-1: "the nine male hostages and Kasasbeh" (the Guardian) and "two Japanese hostages" (the
    Mail) were listed as a conflict "nine vs two"; "some say 215, some say 219" still is one."""
    from claimledger.link.estimates import different_groups
    from claimledger.link.figure_record import Figure

    def figure(counted: str, value: float, side: str | None = None, doc_id: str = "d") -> Figure:
        return Figure(doc_id=doc_id, quantity=0, start=0, end=1, text=str(value), value=value, low=value,
                      high=value, modifier="exact", measure="hostages", population=counted.split()[-1],
                      side=side, scope="incident", since=None, as_of=None, polarity="asserted", rate_unit=None,
                      counted=counted, source="the article", source_kind="outlet")

    assert different_groups(figure("male hostages and Kasasbeh", 9), figure("Japanese hostages", 2, "Japanese", "e"))
    assert not different_groups(figure("girls", 215), figure("girls", 219))
    assert not different_groups(figure("Nigerian girls", 276, "Nigerian"), figure("kidnapped girls", 219))
    assert not different_groups(figure("Nigerian girls", 276, "Nigerian"), figure("Chibok girls", 219))


def _figures_of(text: str):
    from claimledger.analyze.pipeline import analyze_document
    from claimledger.link.figures import figures_in

    cleaned = clean_text(text)
    return {f.text: f for f in figures_in(cleaned.document, cleaned.segments, analyze_document(cleaned))}


def test_tolls_counted_over_different_places_are_no_conflict():
    """GeoVirus (WikiNews on epidemics): Brazil's 899 swine-flu deaths and Argentina's 512, and the
    208 cholera deaths in Harare beside the 978 in Zimbabwe, were listed as conflicts.  Counts over
    different countries, or a smaller count in a town beside the country's, cannot contradict each
    other; two counts for one country still can, and so can a town's count above the country's."""
    from claimledger.link.estimates import FigureConflict, different_scopes

    flu = _figures_of("As of Wednesday, Brazil has registered 899 deaths from the swine flu, making it the hardest-hit "
                      "country in terms of fatalities. Argentina, Brazil's neighbour to the south, has 512 deaths "
                      "from the H1N1 virus.")
    assert different_scopes(flu["899"], flu["512"])
    cholera = _figures_of("The United Nations has reported that a total of 978 people have been killed by a cholera "
                          "epidemic in the African nation of Zimbabwe, an increase of 25% from just three days ago. "
                          "The area worst affected by cholera is Zimbabwe's capital of Harare, where 208 people died "
                          "out of 8,454 suspected cases. Officials in Zimbabwe said 3,000 people had died of cholera.")
    assert different_scopes(cholera["978"], cholera["208"])
    assert not different_scopes(cholera["978"], cholera["3,000"])
    assert not different_scopes(cholera["3,000"], _figures_of("In Harare, 4,000 people died of cholera.")["4,000"])
    assert FigureConflict("c", "i", ("killed", flu["899"].population, "", ""), [flu["899"]], []).label == "deaths: 899"


def test_a_part_of_the_deaths_stays_a_part_beside_a_later_count():
    """GeoVirus (Mexico, H1N1): "at least 20 of the deaths have been confirmed ... while the WHO says
    that 71 people have died" — the 20 are a part of the deaths, not a count of them set against
    other outlets' fifteen; the 71 later in the sentence is not their whole."""
    found = _figures_of("Dr. Jose A. Cordova Villalobos, the health secretary of Mexico, said that at least 20 of the "
                        "deaths have been confirmed as swine flu related deaths while the World Health Organization "
                        "(WHO) says that 71 people have died from complications caused by the disease. Authorities "
                        "say three students were among six people killed in the September 26 violence.")
    assert found["at least 20"].part and not found["71"].part
    assert not found["three"].part  # "three students were among six people": a count of students in full


def test_tolls_of_two_named_years_are_no_conflict():
    """PTC (a Remnant article on the death penalty): the 56 executed in 1960 and the 7 executed
    in 1965 were listed as one toll's conflicting counts; a year's toll is over its year."""
    from claimledger.link.incident_similarity import compatible

    years = _figures_of("According to statistics published in the National Review, in 1960 just before the "
                        "Council, 56 persons were executed. In 1965, the year the Council closed, although the "
                        "tally of murders had risen to 9,850, only 7 were executed.")
    assert years["56"].cumulative and years["7"].cumulative
    assert not compatible(years["56"], years["7"])
    same_year = _figures_of("In 1960, 56 persons were executed. Officials later said 60 were executed in 1960.")
    assert compatible(same_year["56"], same_year["60"])


def test_a_days_new_count_is_compared_with_nothing():
    """GeoVirus (Angola's cholera): "546 new cases and 31 deaths reported in the last 24 hours"
    was compared, as the outbreak's toll, with "Two deaths had been confirmed in Luanda"."""
    daily = _figures_of("The UN say the epidemic continues to rage on with 546 new cases and 31 deaths reported in "
                        "the last 24 hours.")
    assert daily["31"].increment
    assert not _figures_of("Two deaths had been confirmed in Luanda, Angola's capital.")["Two"].increment


def test_deaths_from_disease_and_from_clashes_are_two_incidents():
    """GeoVirus (floods in India): "An estimated 1,400 have been killed across the region, as
    waterborne diseases have proliferated" and "Clashes with police in Bihar have left ... one man
    dead, since many are staging protests" were one toll in conflict.  A disease's deaths are not
    a clash's, and a "since" that gives a reason starts no span."""
    from claimledger.link.incident_similarity import compatible

    floods = _figures_of("An estimated 1,400 have been killed across the region, as waterborne diseases have "
                         "proliferated and become highly virulent in the humid and wet conditions. Clashes with "
                         "police in Bihar have left 20 villagers injured and one man dead, since many are staging "
                         "protests after being forced from their homes.")
    assert floods["one"].scope == "incident"
    assert not compatible(floods["An estimated 1,400"], floods["one"])
    assert _figures_of("40 people have been killed since fighting has spread.")["40"].scope == "war_to_date"
    # ECB+ 20_2ecb / 20_3ecb: a quake's injured, one sentence naming no event ("The tremor struck"),
    # stay one incident: an unnamed event reads as "attack", which is no named violence
    tremor = _figures_of("The tremor struck an area around the town of Dargahan on Qeshm island, injuring five "
                         "people and damaging buildings.")["five"]
    quake = _figures_of("According to the student ISNA news agency, the quake on the outskirts of Dargahan, a "
                        "small town on the island, injured two people.")["two"]
    assert compatible(tremor, quake)


def test_counts_a_hundredfold_apart_are_no_conflict():
    """PTC (an article on a new Ebola outbreak): "New outbreak of Ebola kills 17 in northwest DR
    Congo" and "That outbreak killed more than 11,300 people" (the West African one) were listed as
    one toll's counts; so were 4,000 Jews killed in Granada in 1066 and the Holocaust's six million.
    Sides thirtyfold apart, as in the Vuhledar sample (498 vs 15,000), still conflict."""
    from claimledger.link.estimates import disagreement
    from claimledger.link.figure_record import orders_apart

    ebola = _figures_of("New outbreak of Ebola kills 17 in northwest DR Congo. That outbreak killed more than 11,300 "
                        "people out of nearly 29,000 registered cases, according to WHO estimates.")
    assert orders_apart(ebola["17"], ebola["more than 11,300"])
    tolls = _figures_of("Kyiv said 498 soldiers were killed. Moscow said 15,000 soldiers were killed.")
    assert disagreement(tolls["498"], tolls["15,000"]) and not orders_apart(tolls["498"], tolls["15,000"])


def test_counts_a_hundredfold_apart_do_not_join_one_incident():
    """PTC: "The most recent outbreak came in May 2017 and killed four people" joined "Ebola ...
    killed at least 11,000 across the world" in one incident whose best estimate became 11,000."""
    from claimledger.link.incident_similarity import compatible

    found = _figures_of("The most recent outbreak came in May 2017 and killed four people before it was contained. "
                        "Ebola, a haemorrhagic fever, killed at least 11,000 across the world after it decimated West "
                        "Africa and spread rapidly over the space of two years.")
    assert not compatible(found["four"], found["at least 11,000"])


def test_a_number_deep_in_a_long_paragraph_keeps_its_context_words(express):
    """The words around a number are read from a window of its paragraph: a change far into one
    long paragraph is found with the same four words on each side as the whole paragraph gives."""
    import re

    from claimledger.link.conflicts import CONTEXT_REACH

    one = clean_text(" ".join(express.document.text.split()))  # the whole article as one paragraph
    changed = clean_text(one.document.text.replace("15,000", "25,000"))
    c = changed_figures(one.document, one.segments, changed.document, changed.segments)
    assert c is not None
    [change] = c.evidence["changes"]
    text, start, end = changed.document.text, change["dst_start"], change["dst_end"]
    segment = next(s for s in changed.segments if s.start <= start < s.end)
    assert start - segment.start > CONTEXT_REACH and segment.end - end > CONTEXT_REACH
    before = re.findall(r"\w+", text[segment.start:start].casefold())[-4:]
    after = re.findall(r"\w+", text[end:segment.end].casefold())[:4]
    assert change["context"] == " ".join(before) + " … " + " ".join(after)


def test_a_toll_that_has_now_risen_is_a_lower_bound():
    """PTC, three undated pages on Madagascar's plague: "killed 143" (the outbreak "has already
    infected 2,000"), "165 people have now lost their lives" and "at least 171 people died" were
    one conflict; each is a toll still rising, so the three agree. A toll told as final still
    conflicts with another."""
    from claimledger.link.estimates import disagreement

    first = _figures_of("The pneumonic plague has already infected 2,000 in Madagascar and killed 143 in the "
                        "country's worst outbreak in 50 years.")["143"]
    later = _figures_of("Official figures reveal 165 people have now lost their lives in Madagascar's worst outbreak "
                        "in 50 years.")["165"]
    rose = _figures_of("The death toll from the plague in Madagascar rose to 171, officials said.")["171"]
    assert first.partial and later.partial and rose.partial
    assert disagreement(first, later) is None and disagreement(later, rose) is None
    final = _figures_of("The plague killed 120 people in Madagascar, officials said.")["120"]
    assert disagreement(final, later)


def test_an_outbreaks_running_toll_on_an_undated_page_is_a_snapshot():
    """GeoVirus (WikiNews, undated): Haiti's cholera "At least 259 people are dead" and the CDC's
    "Nearly 200 people are confirmed dead", the DRC's plague that "has killed 61 people as of
    February 15" and "To date, the illness has killed more than 100" were conflicts; each is a
    running count seen at an unknown time.  A dated page's toll, and a toll told as past, stay exact."""
    from claimledger.analyze.pipeline import analyze_document
    from claimledger.link.estimates import disagreement
    from claimledger.link.figures import figures_in

    haiti = _figures_of("At least 259 people are dead and over 3000 people have been infected in the Haitian "
                        "cholera outbreak.")["At least 259"]
    cdc = _figures_of("Nearly 200 people are confirmed dead and approximately 2600 are ill in a central Haitian "
                      "cholera outbreak, according to the Centers for Disease Control (CDC), the U.S.")["Nearly 200"]
    assert haiti.snapshot and cdc.snapshot and not (haiti.partial or cdc.partial)  # joins no incident by it
    assert disagreement(haiti, cdc) is None
    plague = _figures_of("An outbreak of pneumonic plague has killed 61 people as of February 15 in the Democratic "
                         "Republic of the Congo, according to the World Health Organisation (WHO).")["61"]
    to_date = _figures_of("To date, the illness has killed more than 100 people.")["more than 100"]
    assert disagreement(plague, to_date) is None
    cleaned = clean_text("Nearly 200 people are confirmed dead and approximately 2600 are ill in a central Haitian "
                         "cholera outbreak, according to the Centers for Disease Control (CDC).", published="2010-10-23")
    dated = {f.text: f for f in figures_in(cleaned.document, cleaned.segments, analyze_document(cleaned))}
    assert not dated["Nearly 200"].snapshot
    past = _figures_of("The cholera outbreak in Haiti killed 150 people, officials said.")["150"]
    assert not past.snapshot


def test_a_toll_after_a_historical_date_takes_that_date():
    """Extraction benchmark (Express, 19 Nov 2019, plague cases in China): "In the 14th century the
    Black Death spread across the Mediterranean and Europe ... More than 100 million people may
    have perished" joined the 2019 Beijing outbreak and made its best estimate 100 million. With
    no date of its own, the toll takes the historical date of the sentence before it; a sentence
    before it that tells of the day's news gives it nothing."""
    from claimledger.analyze.pipeline import analyze_document
    from claimledger.link.figures import figures_in

    def figures_of(text: str) -> dict:
        cleaned = clean_text(text, published="2019-11-19")
        return {f.text: f for f in figures_in(cleaned.document, cleaned.segments, analyze_document(cleaned))}

    history = figures_of("Two people contracted pneumonic plague in Beijing this month.\n\nIn the 14th century the "
                         "Black Death spread across the Mediterranean and Europe, killing up to 60 percent of "
                         "Europe's total population.\n\nMore than 100 million people may have perished.")
    dates = history["More than 100 million"].dates
    assert dates and all((until or begin) < "1400" for begin, until in dates)
    today = figures_of("On Monday the health commission confirmed a third case of plague. Two people died in "
                       "Beijing.")
    assert not any((until or begin) < "2019" for begin, until in today["Two"].dates)


def test_people_in_no_event_join_no_incident_across_pages():
    """PolNeAR campaign pages: "the two men spoke", "two Democrats", "millions of workers" on
    23 pages were one incident ("attack in Cincinnati", 38 figures) through the pages' shared
    political words; such groups now join only a group that counts a loss or tells an event."""
    from claimledger.link.incident_groups import Group
    from claimledger.link.incident_similarity import figure_vectors, group_similarity
    from claimledger.link.weights import term_idf

    men = list(_figures_of("Donald Trump met Ted Cruz in Washington, and the two men spoke about the Republican "
                           "convention and the campaign.").values())
    women = list(_figures_of("Hillary Clinton met Elizabeth Warren in Cincinnati, and the two women spoke about the "
                             "Democratic convention and the campaign.").values())
    killed = list(_figures_of("Hillary Clinton spoke in Cincinnati after two women were killed in a shooting "
                              "during the Democratic campaign.").values())
    assert [f.measure for f in men] == ["other"] and [f.measure for f in killed] == ["killed"]
    vecs = figure_vectors(men + women + killed, term_idf)

    def group(figures: list) -> Group:
        g = Group(figures=figures)
        for f in figures:
            for term, weight in vecs[f.key].items():
                g.vec[term] = g.vec.get(term, 0.0) + weight
        return g

    assert group_similarity(group(men), group(women)) == 0.0
    assert group_similarity(group(women), group(killed)) > 0.0


def test_the_dead_of_a_quake_named_the_sentence_before_are_a_disasters():
    """ECB+ (Qeshm island, 2005): "The 5.9-magnitude quake struck Qeshm island …" | "… four villages had
    been destroyed and three people killed": the three are a quake's dead, not an attack's."""
    three = _figures_of("The 5.9-magnitude quake struck Qeshm island, home to 120,000 people, and the city of "
                        "Bandar Abbas, state media said. The governor of Qeshm island told the AFP news agency four "
                        "villages had been destroyed and three people killed.")["three"]
    assert three.event == "disaster"


def test_counts_of_different_kinds_of_arms_are_no_conflict():
    """ECB+ (pirates caught in the Gulf of Aden): "seven AK-47 assault rifles, two other rifles",
    "12 AK 47 guns, three rifles" and "Nine assault rifles" were listed as "seven vs three vs Nine"
    rifles lost: counts of three kinds of arms.  Two counts of one kind still conflict."""
    from claimledger.link.estimates import different_groups

    seized = _figures_of("The Naval commandos also boarded the pirates' boats and seized seven AK-47 assault rifles, "
                         "two other rifles, a grenade launcher and 13 fully loaded magazines of ammunition.")
    recovered = _figures_of("The Indian commandos also recovered 12 AK 47 guns, three rifles, two grenades along "
                            "with other ammunition.")
    nine = _figures_of("Nine assault rifles, a grenade launcher, 13 fully loaded magazines and a GPS receiver were "
                       "seized from the pirates.")["Nine"]
    assert different_groups(seized["seven"], recovered["three"])
    # the 13 magazines are no figure: no one was taken ("loaded" onto trucks is said of people)
    assert "13" not in seized
    assert different_groups(seized["seven"], nine) and different_groups(recovered["three"], nine)
    assert not different_groups(seized["seven"], _figures_of("The navy seized seven AK-47 assault rifles from "
                                                             "the pirates.")["seven"])
