"""Calibrate the namesake-ranking weights of ``claimledger.analyze.places`` on GeoWebNews *tune*.

    python training/tune_places.py ../shared/data/geoparsing/GWN.xml

Parses the tune part once (``places_eval.split_of``: the three quarters not in ``dev``),
then re-geocodes the same mentions under each combination of weights and prints end-to-end
accuracy per combination, best first.  The dev quarter is never read.  The chosen values
are written by hand into ``places.py`` (module constants), so a run changes nothing.
"""

from __future__ import annotations

import copy
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimledger.analyze import places  # noqa: E402
from claimledger.analyze.entities import extract_mentions  # noqa: E402
from claimledger.analyze.entities_norm import normalise_mentions  # noqa: E402
from claimledger.analyze.pipeline import load_nlp  # noqa: E402
from claimledger.analyze.places_eval import PredictedPlace, Score, load_articles, split_of  # noqa: E402

GRID = {
    "CONTEXT_WEIGHT": (2.0, 3.0, 4.0),
    "WORLD_CITY_BONUS": (2.0, 3.0),
    "NAMED_REGION_BONUS": (1.0, 2.0, 3.0),
    "CITY_REGION_BONUS": (0.75, 1.0, 2.0),
    "FOUND_REGION_BONUS": (0.0, 0.75, 1.5),
}


def main(argv: list[str]) -> int:
    articles = [a for a in load_articles(argv[0]) if split_of(a.key) == "tune"]
    nlp = load_nlp()
    parsed = []
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=8)):
        mentions = extract_mentions(doc)
        normalise_mentions(mentions)
        parsed.append((article, mentions))
    results = []
    for values in itertools.product(*GRID.values()):
        for name, value in zip(GRID, values):
            setattr(places, name, value)
        score = Score()
        for article, mentions in parsed:
            ms = copy.deepcopy(mentions)
            places.geocode_places(ms, places.document_country_context(ms))
            score.add(article, [PredictedPlace(m.start, m.end, m.attrs.get("lat"), m.attrs.get("lon"))
                                for m in ms if m.label in places.PLACE_LABELS or m.attrs.get("lat") is not None])
        results.append((score.end_to_end, score.accuracy_found, dict(zip(GRID, values))))
    for e2e, acc, combo in sorted(results, key=lambda r: (-r[0], -r[1], str(r[2])))[:15]:
        print(f"{e2e:.4f}\t{acc:.4f}\t{combo}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
