"""Time expressions against a known publication date, a date without year, and none."""

from __future__ import annotations

import pytest

from claimledger.analyze.times import extract_times
from claimledger.records import PartialDate


def by_text(times, text):
    hits = [t for t in times if t.text == text]
    assert hits, f"no time {text!r} in {[t.text for t in times]}"
    return hits[0]


def test_express_with_publication_date(express_doc):
    times = extract_times(express_doc, PartialDate(2022, 3, 23))  # a Wednesday
    for t in times:
        assert express_doc.text[t.start:t.end] == t.text
    ago = by_text(times, "two weeks ago")
    assert (ago.begin, ago.until, ago.precision, ago.kind) == ("2022-03-07", "2022-03-13", "week", "relative")
    early = by_text(times, "In early March")
    assert (early.begin, early.until, early.precision) == ("2022-03-01", "2022-03-10", "month")
    last = by_text(times, "last week")
    assert (last.begin, last.until) == ("2022-03-14", "2022-03-20")
    day = by_text(times, "24 February")
    assert (day.begin, day.until, day.precision) == ("2022-02-24", "2022-02-24", "day")
    assert by_text(times, "in January").begin == "2022-01-01"
    fighting = by_text(times, "less than four weeks")
    assert (fighting.kind, fighting.duration, fighting.modifier) == ("duration", "P4W", "under")
    since = by_text(times, "since Putin launched his invasion")
    assert (since.begin, since.until, since.anchor) == ("2022-02-24", "2022-03-23",
                                                         "russia-ukraine-full-scale-invasion")


def test_express_with_unknown_year(express_doc):
    times = extract_times(express_doc, PartialDate(None, 3, 23))
    day = by_text(times, "24 February")
    assert day.begin == day.until == "XXXX-02-24"
    early = by_text(times, "In early March")
    assert (early.begin, early.until) == ("XXXX-03-01", "XXXX-03-10")
    ago = by_text(times, "two weeks ago")
    # every weekday and leap year the unknown year could have: a wider interval, no guess
    assert ago.begin.startswith("XXXX-03-0") and ago.until.startswith("XXXX-03-1")
    assert all(not (t.begin or "").startswith(("2022", "2023")) for t in times if t.anchor == "published")


def test_telegraph_mar_7(telegraph_doc):
    known = extract_times(telegraph_doc, PartialDate(2023, 3, 7))  # a Tuesday
    weekend = by_text(known, "Over the weekend")
    assert (weekend.begin, weekend.until) == ("2023-03-04", "2023-03-05")
    assault = by_text(known, "three-week")
    assert (assault.kind, assault.duration, assault.begin) == ("duration", "P3W", None)
    unknown = extract_times(telegraph_doc, PartialDate(None, 3, 7))
    weekend = by_text(unknown, "Over the weekend")
    assert weekend.begin.startswith("XXXX-0") and weekend.until == "XXXX-03-07"
    assert by_text(unknown, "Mar 7").begin == "XXXX-03-07"


def test_without_publication_date(express_doc):
    times = extract_times(express_doc, None)
    assert by_text(times, "two weeks ago").begin is None
    assert by_text(times, "24 February").begin == "XXXX-02-24"


@pytest.fixture(scope="module")
def other(nlp):
    text = (
        "Russian forces have shelled Kharkiv since the start of the full-scale invasion. On Monday, officials "
        "said 12 people died in the past 24 hours. Yesterday the mayor said the siege had lasted for more than "
        "three weeks. The city fell in mid-April 2022 after a two-month siege. Three days later, talks began; "
        "next week they resume. Earlier this month Zelensky spoke, and on March 3, 2022 the convoy stalled. "
        "Troops will march on, and she may go in May. Since 2014 Crimea has been occupied; last Friday a "
        "24-hour ceasefire failed, and in December the lines froze."
    )
    doc = nlp(text)
    return extract_times(doc, PartialDate(2022, 3, 23))


def test_other_relative(other):
    assert by_text(other, "since the start of the full-scale invasion").begin == "2022-02-24"
    assert by_text(other, "On Monday").begin == "2022-03-21"
    assert by_text(other, "last Friday").begin == "2022-03-18"
    past = by_text(other, "the past 24 hours")
    assert (past.begin, past.until, past.precision) == ("2022-03-22", "2022-03-23", "interval")
    assert by_text(other, "Yesterday").begin == "2022-03-22"
    assert (by_text(other, "next week").begin, by_text(other, "next week").until) == ("2022-03-28", "2022-04-03")
    assert by_text(other, "Earlier this month").begin == "2022-03-01"
    assert by_text(other, "Three days later").begin is None  # relative to another event


def test_other_dates_and_durations(other):
    assert (by_text(other, "in mid-April 2022").begin, by_text(other, "in mid-April 2022").until) == \
        ("2022-04-11", "2022-04-20")
    assert by_text(other, "March 3, 2022").begin == "2022-03-03"
    assert by_text(other, "in December").begin == "2021-12-01"  # last December, not nine months ahead
    since = by_text(other, "Since 2014")
    assert (since.begin, since.until, since.precision) == ("2014-01-01", "2022-03-23", "interval")
    assert by_text(other, "more than three weeks").modifier == "over"
    assert by_text(other, "two-month").duration == "P2M"
    assert by_text(other, "24-hour").duration == "PT24H"
    texts = {t.text for t in other}
    assert "in May" in texts and not any("march on" in t for t in texts)  # verb and modal are not months


def test_relative_time_resolved_against_publication(nlp):
    times = extract_times(nlp("The attack came two days ago."), PartialDate.from_iso("2024-02-10"))
    assert [(t.text, t.begin) for t in times] == [("two days ago", "2024-02-08")]


def test_spans_of_years(nlp):
    """Pages of the extraction benchmark (Smithsonian): "3,248 cases reported worldwide between
    2010 and 2015, with 584 deaths" beside China's "11 deaths between 2009 and 2018" were one toll
    in conflict; neither span was read.  A span of years is read whole, and a toll over it is a
    period's toll."""
    spans = {t.text: (t.begin, t.until) for t in extract_times(nlp(
        "There were 584 deaths between 2010 and 2015 and 11 from 2009 to 2018, the worst since the "
        "1950-53 war and the 2014–2016 outbreak."), None)}
    assert spans == {"between 2010 and 2015": ("2010-01-01", "2015-12-31"),
                     "from 2009 to 2018": ("2009-01-01", "2018-12-31"),
                     "1950-53": ("1950-01-01", "1953-12-31"), "2014–2016": ("2014-01-01", "2016-12-31")}
    assert all(t.text != "2010 and 2015" for t in extract_times(nlp("It rose in 2010 and 2015."), None))
    # the New York Post: "the Black Death pandemic that killed an estimated 25 million people in
    # Europe alone in the 14th Century" was one outbreak with Beijing's plague cases of 2019
    [century] = extract_times(nlp("The Black Death killed an estimated 25 million people in the 14th Century."), None)
    assert (century.begin, century.until) == ("1300-01-01", "1399-12-31")
    # the Sun's copy of the story spells it out: "during the fourteenth century, causing more than
    # 50 million deaths in Europe"
    [spelt] = extract_times(nlp("It was known as the Black Death during the fourteenth century."), None)
    assert (spelt.text, spelt.begin, spelt.until) == ("the fourteenth century", "1300-01-01", "1399-12-31")


def test_9_11_is_the_day_of_the_attacks(nlp):
    """PolNeAR (a debate transcript, 2016): "We lost 3,000 people on 9/11" beside "the four brave
    Americans that we lost at Benghazi" — 9/11 read no date, so nothing set the two tolls apart in
    time; a date written 9/11/2015 stays that day."""
    got = {t.text: (t.begin, t.until) for t in extract_times(nlp("We lost 3,000 people on 9/11. Since 9/11, the "
                                                                  "country has spent trillions."),
                                                             PartialDate(2016, 2, 1))}
    assert got["on 9/11"] == ("2001-09-11", "2001-09-11")
    assert got["Since 9/11"][0] == "2001-09-11"
    assert [(t.begin, t.until) for t in extract_times(nlp("The meeting is on 9/11/2015."), PartialDate(2016, 2, 1))] \
        == [("2015-09-11", "2015-09-11")]


def test_named_ages_and_wars_are_dated():
    """PTC (Madagascar's plague): "the deaths of more than 50 million people in Europe during the
    Middle Ages" was counted as the 2017 outbreak's toll; a named age or war dates its sentence."""
    from claimledger.analyze import analyze_document
    from claimledger.clean import clean_text

    def times_of(text: str) -> list[tuple[str, str | None, str | None]]:
        return [(t.text, t.begin, t.until) for t in analyze_document(clean_text(text)).times]

    assert times_of("The disease contributed to the deaths of more than 50 million people in Europe during the "
                    "Middle Ages.") == [("the Middle Ages", "0500-01-01", "1499-12-31")]
    assert times_of("During World War II, six million Jews were killed.") == [
        ("World War II", "1939-09-01", "1945-09-02")]
    assert times_of("More than 20 million people died in the First World War.")[0][1] == "1914-07-28"
    assert times_of("The war in Ukraine has killed thousands.") == []
