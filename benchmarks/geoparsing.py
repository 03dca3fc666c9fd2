"""Geoparsing: toponym recognition and resolution, scored against an annotated XML file.

    python benchmarks/geoparsing.py FILE.xml [--split all|dev|tune] [--limit N] [--errors N]

FILE is GeoWebNews (``../shared/data/geoparsing/GWN.xml``), GeoVirus, or a file of the
gaztag layout (see ``claimledger.analyze.places_eval``).  GeoWebNews is split by a hash of
each article's ``file`` attribute (``split_of``: SHA-1 mod 4 == 0 is ``dev``, about a
quarter; the rest is ``tune``, the only part looked at while tuning); ``--split all``
(the default) prints one row per part and one for the whole file.

Pipeline: spaCy parse, ``extract_mentions``, ``normalise_mentions``, the document's country
context, ``geocode_places`` — the analyze stage's places, one Doc per article.
Convention: countries and first-level regions get the GeoNames point of the country
(``lexicons/country_points.tsv``) or a point derived from the region's GeoNames cities
(``lexicons/admin_regions.tsv``: the middle of the box around them); seas and macro-regions their
GeoNames point as GeoWebNews *tune* annotates it (``lexicons/macro_region_points.tsv``, built by
``training/build_macro_points.py``; none for compass words); demonyms are places (their
country) when they stand as a place mention.

Demonyms and place-named organisations are optional predictions (right on gold, never
wrong elsewhere: schemes differ on them); "P strict" counts them wrong off gold.
Printed columns: gold spans (with coordinates), geotagging P / P strict / R / F1 by overlap,
acc@161 km on the gold spans found, median error km, end to end (found and within 161 km /
all gold spans).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimledger.analyze.pipeline import load_nlp  # noqa: E402
from claimledger.analyze.places_eval import Score, load_articles, predict_places, split_of  # noqa: E402


def evaluate(path: Path, limit: int | None = None, show_errors: int = 0) -> tuple[dict[str, Score], float]:
    articles = load_articles(path)[:limit]
    keyed = any(not a.key.isdigit() for a in articles) or path.name.lower().startswith("gwn")
    nlp = load_nlp()
    scores: dict[str, Score] = {"all": Score()}
    t0 = time.perf_counter()
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=8)):
        part = split_of(article.key) if keyed else "all"
        predicted = predict_places(doc)
        rows = scores["all"].add(article, predicted)
        if part != "all":
            scores.setdefault(part, Score()).add(article, predicted)
        if show_errors:
            _print_errors(article, rows, show_errors)
    return scores, time.perf_counter() - t0


def _print_errors(article, rows, limit: int) -> None:
    for gold, pred, dist in rows[:limit]:
        if pred is None:
            print(f"MISS\t{article.key}\t{article.text[gold.start:gold.end]!r}")
        elif dist is None or dist > 161:
            print(f"FAR\t{article.key}\t{article.text[gold.start:gold.end]!r}\t{dist}\t"
                  f"{(pred.lat, pred.lon)} gold {(gold.lat, gold.lon)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", type=int, default=0, help="print up to N missed/far gold spans per article")
    args = ap.parse_args(argv)
    if not args.file.exists():
        print(f"{args.file} not found", file=sys.stderr)
        return 2
    scores, seconds = evaluate(args.file, args.limit, args.errors)
    table = Table(title=f"Geoparsing on {args.file.name} ({seconds:.0f} s)")
    table.add_column("part")
    for col in ("articles", "gold", "P", "P strict", "R", "F1", "acc@161 found", "median km", "end to end"):
        table.add_column(col, justify="right")
    for part in sorted(scores, key=lambda p: ("dev", "tune", "all").index(p)):
        s = scores[part]
        table.add_row(part, str(s.articles), str(s.gold), f"{s.precision:.3f}", f"{s.strict_precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                      f"{s.accuracy_found:.3f}", f"{s.median_km:.0f}", f"{s.end_to_end:.3f}")
    Console(width=140).print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
