"""The offline map of places: an inline SVG (equirectangular, graticule, Natural Earth land
copied into the package), each geocoded place a circle sized by the claims naming it and
linked to them; the incident page's small map of the incident's places.

The ledger is the serve fixture's (GeoNames cities of 50,000 or more found in the samples).
"""

from __future__ import annotations

import re

from claimledger.serve.reading import incident_map
from claimledger.serve.worldmap import WORLD, Place, land_rings, places_map

CIRCLE = re.compile(r'<a href="(?P<href>[^"]+)"><circle cx="(?P<x>[\d.]+)" cy="(?P<y>[\d.]+)" r="(?P<r>[\d.]+)" '
                    r'class="place"><title>(?P<title>[^<]+)</title>')


def _circles(svg: str) -> dict[str, dict[str, str]]:
    return {m["title"].split(":")[0]: m.groupdict() for m in CIRCLE.finditer(svg)}


def test_the_map_draws_each_place_sized_by_its_claims_and_linked_to_them(client, ledger):
    page = client.get("/map").text
    svg = page[page.index("<svg class=\"map\""):page.index("</svg>", page.index("<svg class=\"map\""))]
    circles = _circles(svg)
    points = {p["name"]: p for p in ledger.place_points()}
    assert set(circles) == set(points) and "Bakhmut" in circles
    bakhmut = circles["Bakhmut"]
    assert bakhmut["title"] == f"Bakhmut: {points['Bakhmut']['claims']} claims"
    assert bakhmut["href"] == "/claims?place=Bakhmut"
    smallest = min(points, key=lambda n: points[n]["claims"])
    assert float(bakhmut["r"]) > float(circles[smallest]["r"])  # more claims, a bigger circle
    west, east, south, north = WORLD  # equirectangular: x from longitude, y from latitude
    assert abs(float(bakhmut["x"]) - (points["Bakhmut"]["lon"] - west) / (east - west) * 960) < 0.2
    assert abs(float(bakhmut["y"]) - (north - points["Bakhmut"]["lat"]) / (east - west) * 960) < 0.2
    assert 'class="land"' in svg and 'class="graticule"' in svg
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)  # nothing fetched from the network
    # the link finds the claims the circle counts
    claims = client.get("/api/claims", params={"place": "Bakhmut", "limit": 100}).json()
    assert claims["total"] == points["Bakhmut"]["claims"]
    assert "Map of places" in page and ">Bakhmut</a>" in page  # the table under the map
    assert client.get("/api/places/claims").json() == ledger.place_points()
    download = client.get("/api/export/places", params={"format": "csv"})
    assert 'href="/api/export/places?format=csv"' in page and download.status_code == 200
    assert download.text.splitlines()[1].startswith(f"{ledger.place_points()[0]['name']},")


def test_the_land_is_whole_and_crosses_no_antimeridian_seam():
    """Chukotka and Fiji pass ±180: drawn as they lie, no stroke runs across the whole map."""
    rings = land_rings()
    assert len(rings) > 100 and all(len(r) > 3 for r in rings)
    svg = places_map([Place("Bakhmut", 48.59, 38.0, 4), Place("Anadyr", 64.73, 177.51, 1)])
    assert 'viewBox="0 0 960 ' in svg  # far apart: the whole world
    for ring in re.search(r'class="land" d="([^"]+)"', svg).group(1).split("M")[1:]:
        xs = [float(p.split(",")[0]) for p in ring.rstrip("Z").split("L")]
        assert all(abs(a - b) < 480 for a, b in zip(xs, xs[1:]))


def test_the_incident_page_shows_its_places_on_a_small_map(client, ledger):
    incident = dict(ledger.incidents(limit=1)[0])
    bakhmut = next(p for p in ledger.place_points() if p["name"] == "Bakhmut")
    incident["places"] = [{"id": bakhmut["geonames_id"], "name": "Bakhmut", "lat": bakhmut["lat"],
                           "lon": bakhmut["lon"]}]
    svg = incident_map(incident)
    assert list(_circles(svg)) == ["Bakhmut"] and 'viewBox="0 0 480 ' in svg  # zoomed, not the whole world
    assert _circles(svg)["Bakhmut"]["href"] == "/claims?place=Bakhmut"
    assert incident_map(dict(incident, places=[])) == ""  # no place: no map
    stored = ledger.incident(incident["id"])  # the page draws the map only for an incident with places
    page = client.get(f"/incidents/{incident['id'][4:]}").text
    assert ("Where:" in page) == any(p.get("lat") is not None for p in stored.get("places") or [])
