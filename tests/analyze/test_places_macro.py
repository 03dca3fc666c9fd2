"""Seas and macro-regions at their GeoNames point, formal and club names of places, and a
big city against its small namesakes; real GeoWebNews articles of the tune part."""

from __future__ import annotations

import pytest

from claimledger.analyze.entities import extract_mentions
from claimledger.analyze.entities_norm import normalise_mentions
from claimledger.analyze.places import geocode_places, resolve_place
from claimledger.analyze.places_eval import km, load_articles, split_of
from tests.conftest import require_shared


@pytest.fixture(scope="module")
def gwn():
    return {a.key: a.text for a in load_articles(require_shared("geoparsing/GWN.xml"))}


def located(nlp, text, name):
    mentions = extract_mentions(nlp(text))
    normalise_mentions(mentions)
    geocode_places(mentions)
    return [m.attrs for m in mentions if m.text == name and m.attrs.get("lat") is not None]


def within(attrs, lat, lon, limit=161):
    return km(attrs["lat"], attrs["lon"], lat, lon) <= limit


def test_the_articles_read_here_are_tuning_articles(gwn):
    assert {split_of(k) for k in ("30", "104", "123", "182", "249", "255")} == {"tune"}


def test_the_middle_east_has_its_point_not_none(nlp, gwn):
    found = located(nlp, gwn["123"], "Middle East")
    assert found and all(a["feature"] == "region" and a["country"] is None for a in found)
    assert all(within(a, 33.1, 35.9) for a in found)


def test_seas_oceans_and_continents_resolve_but_compass_words_do_not():
    assert within(vars(resolve_place("Indian Ocean", ["AU"])), -10.0, 70.0)
    assert resolve_place("South America", ["PE"]).kind == "continent"
    assert resolve_place("Western", ["TN"]) is None


def test_a_republic_of_its_name_is_the_country(nlp, gwn):
    found = located(nlp, gwn["182"], "Republic of Armenia")
    assert found and {a["country"] for a in found} == {"AM"} and {a["feature"] for a in found} == {"country"}


def test_a_club_named_city_is_its_city(nlp, gwn):
    found = located(nlp, gwn["249"], "Manchester City")
    assert found and all(a["country"] == "GB" and within(a, 53.48, -2.24) for a in found)


@pytest.mark.parametrize("key, name, lat, lon", [
    ("255", "Boston", 42.36, -71.06),  # beside New York: not Boston, New York
    ("104", "Louisville", 38.25, -85.76),  # a college final: not Louisville, Ohio
])
def test_a_big_city_beats_its_small_namesake_in_a_state_the_text_names(nlp, gwn, key, name, lat, lon):
    found = located(nlp, gwn[key], name)
    assert found and all(within(a, lat, lon) for a in found)


def test_an_organisation_name_cut_after_of_is_read_without_error():
    from claimledger.records import Mention

    # spaCy's span on a real page (article-extraction benchmark): the name ends on "of"
    text = "Rock and Roll Hall of Fame\u2019s Class of"
    org = Mention(0, len(text), text, "ORG", text)
    geocode_places([org])
    assert "place_in_name" not in org.attrs


def test_a_state_after_its_town_is_the_state_and_a_list_of_cities_stays_cities(nlp, gwn):
    state = located(nlp, gwn["30"], "Washington")  # "Tacoma, Washington"
    assert state and state[0]["feature"] == "region" and state[0]["admin1_name"] == "Washington"
    cities = located(nlp, gwn["255"], "New York")  # "stops in Washington, New York and Boston"
    assert cities and all(a["feature"] == "city" and within(a, 40.71, -74.01) for a in cities)
