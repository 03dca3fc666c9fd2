"""Document-level incident clustering on ECB+ (each document's main incident vs its event).

    python benchmarks/document_incidents.py [DATA_DIR] [--split dev]

DATA_DIR holds ``ecbplus_documents_<split>.jsonl`` (default ../shared/data/news_clustering).
Every document (its sentences joined as paragraphs, the page URL line left out) is ingested
into one fresh ledger with default settings (``ingest``: clean, analyze, assess, store,
link).  Each document is then labelled three ways and scored with B³ precision / recall /
F1 against ECB+'s ``<topic>_<subtopic>`` event clusters:

- **story**: the story linking put it in;
- **main incident**: the incident holding most of its figures; documents without figures
  keep their story;
- **incident, then story**: documents with a main incident are grouped by it, but only
  within their story (an incident never joins two stories' documents);
- **document incident**: ``claimledger.link.document_incidents`` — each document read
  whole (its words and the names it gives), grouped by average linkage; its two parameters
  were tuned on ``--split train`` and are reported on dev.

Each topic of ECB+ holds two similar but different events (two celebrity rehab entries,
two earthquakes), so a topic-level clustering scores about 0.5 precision.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimledger.ingest import ingest
from claimledger.link.document_incidents import document_incidents
from claimledger.store import Ledger, link_rows

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the repository: benchmarks/ helpers
from benchmarks.clustering_scores import b_cubed  # noqa: E402


def write_documents(path: Path, out: Path) -> dict[str, str]:
    """One text file per document; file stem → gold cluster."""
    gold = {}
    for line in path.open(encoding="utf-8"):
        d = json.loads(line)
        sentences = d["sentences"][d["first_sentence_index"]:]
        if sentences:
            (out / f"{d['doc_id']}.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
            gold[d["doc_id"]] = d["cluster_id"]
    return gold


def labels(ledger: Ledger) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """File stem → story, main incident (else story), incident within story (else story), document incident."""
    names = {d: Path(src or "").stem for d, (src, _) in stored_incidents_sources(ledger).items()}
    story_of: dict[str, str] = {}
    for unit, sid in link_rows.unit_stories(ledger).items():
        doc_id = unit.split("#")[0].split(":")[0]
        story_of.setdefault(doc_id, f"story:{sid}")
    main = ledger.main_incidents()
    story = {names[d]: story_of.get(d, f"alone:{d}") for d in names}
    incident = {names[d]: main.get(d, story[names[d]]) for d in names}
    nested = {names[d]: story[names[d]] + ("|" + main[d] if d in main else "") for d in names}
    grouped = {names[d]: group for d, group in document_incidents(ledger).items()}
    return story, incident, nested, grouped


def stored_incidents_sources(ledger: Ledger) -> dict[str, tuple[str | None, str]]:
    from claimledger.store.incidents import document_sources

    return document_sources(ledger)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?",
                        default=str(Path(__file__).resolve().parents[1].parent / "shared/data/news_clustering"))
    parser.add_argument("--split", default="dev")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        gold = write_documents(Path(args.data_dir) / f"ecbplus_documents_{args.split}.jsonl", docs)
        ledger = Ledger(Path(tmp) / "ecb.db")
        began = time.perf_counter()
        ingest([str(docs)], ledger)
        seconds = time.perf_counter() - began
        story, incident, nested, grouped = labels(ledger)
    table = Table(title=f"ECB+ {args.split}: {len(gold)} documents, {len(set(gold.values()))} events "
                        f"(ingest with linking {seconds:.0f} s)")
    for col in ("documents labelled by", "B³ P", "B³ R", "B³ F1", "groups"):
        table.add_column(col, justify="left" if col.startswith("doc") else "right")
    for name, pred in (("story", story), ("main incident, else story", incident),
                       ("main incident within story", nested), ("document incident (words and names)", grouped)):
        pred = {k: pred.get(k, f"missing:{k}") for k in gold}
        p, r, f = b_cubed(gold, pred)
        table.add_row(name, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(len(set(pred.values()))))
    Console(width=120).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
