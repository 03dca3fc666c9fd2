"""An offline map of places as inline SVG, drawn on the server (no tiles, no scripts, no network).

The land is Natural Earth's 1:110m outline (public domain), copied into ``static/`` as the
TopoJSON of the npm package world-atlas 2.0.2 and decoded here.  The projection is
equirectangular (x from longitude, y from latitude), with a light graticule; each place is
a circle whose area grows with how many claims name it, linked to those claims.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup, escape

HERE = Path(__file__).resolve().parent  # the serve package: its templates and static files


LAND = HERE / "static" / "land-110m.json"
WORLD = (-180.0, 180.0, -58.0, 84.0)  # west, east, south, north: the inhabited latitudes
MIN_SPAN = 12.0  # degrees: a zoomed map never narrower than this
LABELLED = 12  # the places with most claims carry a name label


@dataclass
class Place:
    name: str
    lat: float
    lon: float
    claims: int = 0  # how many claims name it (sets the circle's size)
    href: str = ""


@lru_cache(maxsize=1)
def land_rings() -> tuple[tuple[tuple[float, float], ...], ...]:
    """The land outline as rings of (longitude, latitude), decoded from the TopoJSON."""
    topo = json.loads(LAND.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:  # quantised and delta-encoded
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    rings = []
    for geometry in topo["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                points = []
                for i in ring:
                    part = arcs[i] if i >= 0 else arcs[~i][::-1]
                    points += part if not points else part[1:]
                rings.append(tuple(points))
    return tuple(rings)


@dataclass
class _View:
    west: float
    east: float
    south: float
    north: float
    width: float

    @property
    def height(self) -> float:
        return self.width * (self.north - self.south) / (self.east - self.west)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) / (self.east - self.west) * self.width,
                (self.north - lat) / (self.north - self.south) * self.height)

    @classmethod
    def around(cls, places: list[Place], width: float) -> "_View":
        """The whole world, or for a few places close together, the box around them with a margin."""
        lons, lats = [p.lon for p in places], [p.lat for p in places]
        span = max(max(lons) - min(lons), max(lats) - min(lats), MIN_SPAN) * 1.4
        if span >= 120:
            return cls(*WORLD, width)
        lon, lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
        west = min(max(lon - span / 2, -180.0), 180.0 - span)
        south = min(max(lat - span / 3, -90.0), 90.0 - span / 1.5)
        return cls(west, west + span, south, south + span / 1.5, width)


def _unwrapped(ring: tuple[tuple[float, float], ...]) -> list[tuple[float, float]]:
    """The ring with no jump across the antimeridian (Chukotka, Fiji): longitudes may pass ±180."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        out.append((lon + 360.0 * round((out[-1][0] - lon) / 360.0), lat))
    return out


def _land(v: _View) -> str:
    paths = []
    for ring in land_rings():
        whole = _unwrapped(ring)
        for shift in (0.0, -360.0, 360.0):  # a ring passing ±180 shows again on the other side
            moved = [(lon + shift, lat) for lon, lat in whole]
            if not any(v.west - 30 <= lon <= v.east + 30 and v.south - 30 <= lat <= v.north + 30
                       for lon, lat in moved):
                continue
            points = [v.xy(lon, lat) for lon, lat in moved]
            paths.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return f'<path class="land" d="{"".join(paths)}"/>'


def _graticule(v: _View) -> str:
    step = 30 if v.east - v.west > 90 else 10 if v.east - v.west > 25 else 5
    lines = []
    for lon in range(-180, 181, step):
        if v.west <= lon <= v.east:
            x, _ = v.xy(lon, 0)
            lines.append(f"M{x:.1f},0V{v.height:.1f}")
    for lat in range(-90, 91, step):
        if v.south <= lat <= v.north:
            _, y = v.xy(0, lat)
            lines.append(f"M0,{y:.1f}H{v.width:.1f}")
    return f'<path class="graticule" d="{"".join(lines)}"/>'


Box = tuple[float, float, float, float]


def _fits(box: Box, taken: list[Box]) -> bool:
    x0, y0, x1, y1 = box
    return all(x1 < a or x0 > c or y1 < b or y0 > d for a, b, c, d in taken)


def _marks(v: _View, places: list[Place]) -> list[str]:
    most = max(p.claims for p in places) or 1
    taken: list[Box] = []  # the name labels drawn so far: none overlaps another
    parts, labels = [], []
    for n, p in enumerate(sorted(places, key=lambda p: (-p.claims, p.name))):  # small circles last, on top
        x, y = v.xy(p.lon, p.lat)
        r = 3 + 9 * math.sqrt(p.claims / most)
        tip = escape(f"{p.name}: {p.claims} claim{'s' if p.claims != 1 else ''}")
        box = (x + r + 2, y - 8, x + r + 2 + 6.5 * len(p.name), y + 6)
        if n < LABELLED and _fits(box, taken):
            taken.append(box)
            labels.append(f'<text x="{box[0]:.1f}" y="{y + 4:.1f}" class="place-name">{escape(p.name)}</text>')
        circle = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" class="place"><title>{tip}</title></circle>'
        parts.append(f'<a href="{escape(p.href)}">{circle}</a>' if p.href else circle)
    return parts + labels  # the names over every circle


def places_map(places: list[Place], *, title: str = "places named in the claims", width: float = 960) -> Markup:
    """The map as an ``<svg>`` element (empty when no place has coordinates)."""
    places = [p for p in places if -90 <= p.lat <= 90 and -180 <= p.lon <= 180]
    if not places:
        return Markup("")
    v = _View.around(places, width)
    head = (f'<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {v.width:.0f} {v.height:.0f}" '
            f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
            f'<rect class="sea" width="{v.width:.0f}" height="{v.height:.0f}"/>')
    return Markup("".join([head, _land(v), _graticule(v), *_marks(v, places), "</svg>"]))


def claims_href(name: str) -> str:
    """The claims page of a place (its filter takes any name of the place)."""
    return f"/claims?place={quote(name)}"
