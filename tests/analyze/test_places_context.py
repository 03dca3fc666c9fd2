"""Place names inside other names (streets, outlets, named days, organisations) and the
country a name like "Georgia" means in its document; real news from ../shared/data."""

from __future__ import annotations

import pytest

from benchmarks.realnews_docs import load_train, page_text
from claimledger.analyze.entities import extract_mentions
from claimledger.analyze.entities_norm import normalise_mentions
from claimledger.analyze.places import geocode_places
from claimledger.analyze.places_eval import load_articles
from tests.conftest import require_shared


def analysed(nlp, text):
    mentions = extract_mentions(nlp(text))
    normalise_mentions(mentions)
    geocode_places(mentions)
    return mentions


@pytest.fixture(scope="module")
def gwn():
    return {a.key: a.text for a in load_articles(require_shared("geoparsing/GWN.xml"))}


@pytest.fixture(scope="module")
def ecb():
    return load_train(require_shared("news_clustering"))


def test_a_street_named_after_a_place_is_not_the_place(nlp, gwn):
    mentions = analysed(nlp, gwn["126"])
    street = next(m for m in mentions if m.text.startswith("Northumberland"))
    assert street.label == "FAC" and street.text.startswith("Northumberland Avenue")
    assert "lat" not in street.attrs


def test_a_newspaper_name_is_not_new_york(nlp, ecb):
    text = page_text(ecb["19_6ecbplus"])
    mentions = analysed(nlp, text)
    at = text.index("New York Daily News")
    inside = [m for m in mentions if m.start < at + len("New York Daily News") and at < m.end]
    assert [m.label for m in inside] == ["ORG"] and "lat" not in inside[0].attrs
    assert inside[0].attrs["place_in_name"] == "New York City"


def test_an_organisation_keeps_the_place_it_is_named_after(nlp, gwn):
    text = gwn["223"]
    society = [m for m in analysed(nlp, text) if m.text == "Jamaica Cancer Society"]
    assert society and all(m.label == "ORG" and "lat" not in m.attrs for m in society)
    first = society[0].attrs
    assert text[first["place_in_name_start"]:first["place_in_name_end"]] == "Jamaica"
    assert first["place_in_name_country"] == "JM"


def test_georgia_in_an_atlanta_trial_is_the_state(nlp, ecb):
    mentions = analysed(nlp, page_text(ecb["3_7ecb"]))
    georgia = [m for m in mentions if m.text == "Georgia" and "lat" in m.attrs]
    assert georgia and {m.attrs["country"] for m in georgia} == {"US"}


def test_georgia_beside_azerbaijan_is_the_country(nlp, gwn):
    georgia = [m for m in analysed(nlp, gwn["246"]) if m.text == "Georgia" and "lat" in m.attrs]
    assert georgia and {m.attrs["country"] for m in georgia} == {"GE"}


def test_a_named_day_is_not_a_place(nlp):
    mentions = analysed(nlp, "He shot his girlfriend on Valentine's Day in Brooklyn.")
    assert not any(m.attrs.get("lat") is not None and "Valentine" in m.text for m in mentions)
    assert any(m.text == "Brooklyn" and m.attrs.get("country") == "US" for m in mentions)


def test_a_country_inside_a_name_and_an_army_named_after_its_country(nlp, gwn):
    bank = [m for m in analysed(nlp, gwn["181"]) if m.text.startswith("HSBC") and "Malta" in m.text]
    assert bank and bank[0].attrs["place_in_name_country"] == "MT"
    army = [m for m in analysed(nlp, gwn["161"]) if m.text == "Pakistan Army"]
    assert army and {m.attrs["place_in_name_country"] for m in army} == {"PK"}


def test_a_university_named_after_a_state_is_not_given_the_state(nlp, gwn):
    text = gwn["100"]
    named = {m.text: m for m in analysed(nlp, text)}
    assert "place_in_name" not in named["Florida Atlantic University"].attrs
    assert "lat" not in named["Florida Atlantic University"].attrs


def test_an_agency_acronym_is_no_country_code():
    from claimledger.analyze.places_gazetteer import gazetteer

    assert gazetteer().others("ATF") == [] and gazetteer().others("CAN") == []
    assert gazetteer().country_code("USA") == "US" and gazetteer().country_code("Canada") == "CA"


def test_saint_is_not_a_street():
    from claimledger.analyze.entities_context import reclassify

    text = "Albany St. was closed, said Peter St. John of Boston."
    spans = [(text.index(n), text.index(n) + len(n), label, n, {})
             for n, label in (("Albany", "GPE"), ("Peter", "PERSON"), ("Boston", "GPE"))]
    got = [(text[s:e], label) for s, e, label, *_ in reclassify(text, spans)]
    assert got == [("Albany St.", "FAC"), ("Peter", "PERSON"), ("Boston", "GPE")]
