"""Figure conflicts on hand-judged ECB+ topics: how many judged conflicts the ledger still lists.

    python benchmarks/conflict_audit.py DATA_DIR FIXTURE
    python benchmarks/conflict_audit.py ../shared/data/news_clustering tests/fixtures/conflict_audit.json

Each topic of the fixture is ingested into its own fresh ledger with the default stages
(each document as ``realnews_docs.page_text``, saved as ``<doc_id>.txt``).  A judged pair
is *listed* when one figure conflict pairs two figures whose spans overlap the judged
spans (same document).  Pairs the ledger lists that nobody judged are counted as unjudged:
read them and add them to the fixture.  One table: per topic, judged true / false pairs
still listed, unjudged pairs, and the precision of the judged pairs listed.

Stance conflicts (a claim group where one member denies what another states) are judged
the same way (the fixture's ``stance_conflicts``, on its ``topics`` and on ``stance_topics``,
topics judged for stance only): a judged one is *listed* when one stance
conflict holds both its claims, (document, claim index); a second table gives, per topic,
judged true / false stance conflicts still listed, unjudged ones and the precision over
all listed (unjudged ones count as neither: read and judge them).
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


ClaimKey = tuple[str, int]


def listed_stances(ledger: Ledger) -> list[set[ClaimKey]]:
    """The claims of each stance conflict the ledger lists, as (doc, claim index)."""
    names = {d: Path(src or "").stem for d, (src, _) in stored_incidents.document_sources(ledger).items()}
    out = []
    for c in ledger.conflicts(kind="stance", limit=100000):
        members = c.to_dict()["figures"]
        out.append({(names[m["doc_id"]], int(m["claim_id"].rpartition(":")[2])) for m in members})
    return out


def stance_row(judged: list[dict], listed: list[set[ClaimKey]]) -> dict[str, int]:
    row = {"true": 0, "false": 0, "judged_true": 0, "judged_false": 0}
    matched = set()
    for j in judged:
        row["judged_" + j["verdict"]] += 1
        want = {(m["doc"], m["claim"]) for m in j["members"]}
        hits = [i for i, claims in enumerate(listed) if want <= claims]
        row[j["verdict"]] += bool(hits)
        matched.update(hits)
    row["unjudged"] = len(listed) - len(matched)
    return row


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


def audit_topic(docs: dict[str, dict], doc_ids: list[str], judged: list[dict],
                stance_judged: list[dict] | None = None) -> dict[str, int]:
    """Figure-conflict counts of one topic; with ``stance_judged``, stance counts too (keys ``stance_*``)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for doc_id in doc_ids:
            (folder / f"{doc_id}.txt").write_text(page_text(docs[doc_id]), encoding="utf-8")
        ledger = Ledger(str(Path(tmp) / "ledger.db"))
        ingest([str(p) for p in sorted(folder.glob("*.txt"))], ledger)
        listed = listed_pairs(ledger)
        stances = listed_stances(ledger)
    row = {"true": 0, "false": 0, "judged_true": 0, "judged_false": 0}
    seen = set()
    for j in judged:
        row["judged_" + j["verdict"]] += 1
        hit = judged_listed(j, listed)
        if hit is not None:
            row[j["verdict"]] += 1
            seen.add(hit)
    row["unjudged"] = len(listed - seen)
    if stance_judged is not None:
        row |= {f"stance_{k}": v for k, v in stance_row(stance_judged, stances).items()}
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
    stance_table = Table(title="Judged stance conflicts still listed (true = a real denial of the same proposition)")
    for col in ("topic", "docs", "true listed", "false listed", "unjudged listed", "precision (judged)"):
        stance_table.add_column(col, justify="right")
    figure_total: dict[str, int] = {}
    stance_total: dict[str, int] = {}
    topics = fixture["topics"] | fixture.get("stance_topics", {})
    for topic, info in topics.items():
        judged = [c for c in fixture["conflicts"] if c["topic"] == topic]
        stance_judged = [c for c in fixture.get("stance_conflicts", []) if c["topic"] == topic]
        row = audit_topic(docs, info["docs"], judged, stance_judged)
        if topic in fixture["topics"]:  # stance_topics: stance judged only
            figure_total = {k: figure_total.get(k, 0) + v for k, v in row.items()}
            table.add_row(topic, str(len(info["docs"])), *_cells(row))
        stance_total = {k: stance_total.get(k, 0) + v for k, v in _stance_part(row).items()}
        stance_table.add_row(topic, str(len(info["docs"])), *_cells(_stance_part(row)))
    table.add_row("all", str(sum(len(v["docs"]) for v in fixture["topics"].values())), *_cells(figure_total))
    stance_table.add_row("all", str(sum(len(v["docs"]) for v in topics.values())), *_cells(stance_total))
    Console(width=120).print(table)
    Console(width=120).print(stance_table)


def _stance_part(row: dict[str, int]) -> dict[str, int]:
    return {k.removeprefix("stance_"): v for k, v in row.items() if k.startswith("stance_")}


def _cells(row: dict[str, int]) -> list[str]:
    listed = row["true"] + row["false"]
    precision = f"{row['true'] / listed:.2f}" if listed else "-"
    return [f"{row['true']}/{row['judged_true']}", f"{row['false']}/{row['judged_false']}", str(row["unjudged"]),
            precision]


if __name__ == "__main__":
    main()
