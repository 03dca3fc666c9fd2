"""Figure conflicts on hand-judged ECB+ topics: how many judged conflicts the ledger still lists.

    python benchmarks/conflict_audit.py DATA_DIR FIXTURE
    python benchmarks/conflict_audit.py ../shared/data/news_clustering tests/fixtures/conflict_audit.json

Each topic of the fixture is ingested into its own fresh ledger with the default stages
(each document as ``realnews_docs.page_text``, saved as ``<doc_id>.txt``).  A judged pair
is *listed* when one figure conflict pairs two figures whose spans overlap the judged
spans (same document).  Pairs the ledger lists that nobody judged are counted as unjudged:
read them and add them to the fixture.  One table: per topic, judged true / false pairs
still listed, unjudged pairs, and the precision of the judged pairs listed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimledger.ingest import ingest
from claimledger.store import Ledger
from claimledger.store import incidents as stored_incidents
from claimledger.store.incidents import conflict_record

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the repository: benchmarks/ helpers
from benchmarks.realnews_docs import load_train, page_text  # noqa: E402

Span = tuple[str, int, int]


def listed_pairs(ledger: Ledger) -> set[frozenset[Span]]:
    """Every figure pair the ledger's figure conflicts set against each other, as (doc, start, end)."""
    names = {d: Path(src or "").stem for d, (src, _) in stored_incidents.document_sources(ledger).items()}
    out = set()
    for c in ledger.conflicts(kind="figures", limit=100000):
        record = conflict_record(c.to_dict())
        figs = [(names[f["doc_id"]], f["start"], f["end"]) for f in record["figures"]]
        out |= {frozenset((figs[i], figs[j])) for i, j in record["pairs"]}
    return out


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def judged_listed(judged: dict, listed: set[frozenset[Span]]) -> frozenset[Span] | None:
    """The listed pair matching a judged pair, or None when the ledger no longer lists it."""
    want = [(f["doc"], f["start"], f["end"]) for f in judged["figures"]]
    for pair in listed:
        a, b = sorted(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
        if (_overlaps(a, want[0]) and _overlaps(b, want[1])) or (_overlaps(a, want[1]) and _overlaps(b, want[0])):
            return pair
    return None


def audit_topic(docs: dict[str, dict], doc_ids: list[str], judged: list[dict]) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for doc_id in doc_ids:
            (folder / f"{doc_id}.txt").write_text(page_text(docs[doc_id]), encoding="utf-8")
        ledger = Ledger(str(Path(tmp) / "ledger.db"))
        ingest([str(p) for p in sorted(folder.glob("*.txt"))], ledger)
        listed = listed_pairs(ledger)
    row = {"true": 0, "false": 0, "judged_true": 0, "judged_false": 0}
    seen = set()
    for j in judged:
        row["judged_" + j["verdict"]] += 1
        hit = judged_listed(j, listed)
        if hit is not None:
            row[j["verdict"]] += 1
            seen.add(hit)
    row["unjudged"] = len(listed - seen)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", help="ECB+ folder (ecbplus_documents_train.jsonl)")
    parser.add_argument("fixture", help="judgements, e.g. tests/fixtures/conflict_audit.json")
    args = parser.parse_args()
    fixture = json.loads(Path(args.fixture).read_text(encoding="utf-8"))
    docs = load_train(Path(args.data_dir))
    table = Table(title="Judged figure conflicts still listed (true = real disagreement)")
    for col in ("topic", "docs", "true listed", "false listed", "unjudged listed", "precision (judged)"):
        table.add_column(col, justify="right")
    total = {"true": 0, "false": 0, "judged_true": 0, "judged_false": 0, "unjudged": 0}
    for topic, info in fixture["topics"].items():
        judged = [c for c in fixture["conflicts"] if c["topic"] == topic]
        row = audit_topic(docs, info["docs"], judged)
        total = {k: total[k] + row[k] for k in total}
        table.add_row(topic, str(len(info["docs"])), *_cells(row))
    table.add_row("all", str(sum(len(v["docs"]) for v in fixture["topics"].values())), *_cells(total))
    Console(width=120).print(table)


def _cells(row: dict[str, int]) -> list[str]:
    listed = row["true"] + row["false"]
    precision = f"{row['true'] / listed:.2f}" if listed else "-"
    return [f"{row['true']}/{row['judged_true']}", f"{row['false']}/{row['judged_false']}", str(row["unjudged"]),
            precision]


if __name__ == "__main__":
    main()
