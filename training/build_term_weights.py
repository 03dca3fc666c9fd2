"""Build the fixed term weights the linker uses: models/term_df.json + its card.

Linking must give the same stories and claim groups whatever order documents arrive in,
so its term weights cannot grow with the ledger.  They come from one fixed corpus, the
FNC-1 train bodies (../shared/data/fnc1/train_bodies.csv: 1,683 news articles, many of
them on wars and armed groups): the document frequency of every term (the linker's own
tokeniser and stemming, ``claimledger.link.stories.terms``) and of every capitalised name
(``claimledger.link.units.proxy_entities``) found in at least ``MIN_DF`` bodies.  A term
absent from the table counts as rarer than any in it.

    python training/build_term_weights.py
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimledger import paths  # noqa: E402
from claimledger.link.stories import terms  # noqa: E402
from claimledger.link.units import proxy_entities  # noqa: E402

MIN_DF = 2  # a term seen once says nothing about its frequency; it stays out (rare)
OUT = paths.MODELS_DIR / "term_df.json"


def bodies() -> list[str]:
    csv.field_size_limit(10**9)
    path = paths.shared_data("fnc1") / "train_bodies.csv"
    return [r["articleBody"] for r in csv.DictReader(path.open(encoding="utf-8"))]


def main() -> None:
    texts = bodies()
    df: Counter = Counter()
    names: Counter = Counter()
    for text in texts:
        df.update(terms(text).keys())
        names.update(proxy_entities(text))
    table = {"source": "FNC-1 train bodies", "n": len(texts), "min_df": MIN_DF,
             "terms": {t: c for t, c in sorted(df.items()) if c >= MIN_DF},
             "names": {t: c for t, c in sorted(names.items()) if c >= MIN_DF}}
    OUT.write_text(json.dumps(table, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    card = OUT.with_name("term_df.card.md")
    card.write_text(
        "# term_df — fixed document frequencies for linking\n\n"
        f"- **Data**: FNC-1 train bodies ({len(texts):,} articles, ../shared/data/fnc1/train_bodies.csv).\n"
        f"- **Content**: document frequency of {len(table['terms']):,} stemmed terms and "
        f"{len(table['names']):,} capitalised names seen in >= {MIN_DF} bodies.\n"
        "- **Use**: idf = ln((n + 1) / (df + 1)) + 1 in story and claim-group similarity; fixed, so the\n"
        "  links are a function of the documents, not of the order they arrived in.\n"
        f"- **Size**: {OUT.stat().st_size / 1e6:.2f} MB.  **Deterministic** (sorted keys).\n"
        f"- **Built**: {dt.date.today().isoformat()} by `python training/build_term_weights.py`.\n",
        encoding="utf-8")
    print(f"{OUT}: {len(table['terms']):,} terms, {len(table['names']):,} names from {len(texts):,} bodies")


if __name__ == "__main__":
    main()
