"""Incidents and conflicts against a gold set in the format of ``incidents_dev``.

    python benchmarks/incidents.py [GOLD_DIR]        # default ../shared/data/incidents_dev

Scoring (fixed, so a hidden set in the same format is judged unchanged):

- every ``docs/*.txt`` is ingested into one fresh ledger with default settings
  (``claimledger ingest``: clean, analyze, assess, store, link);
- a gold figure is *found* when a stored figure's span overlaps the ``occurrence``-th
  match of its ``text`` narrowed to its ``number_text``; measure accuracy = found figures
  with the right measure ÷ all gold figures;
- incident clustering: B³ precision/recall/F1 over gold figures, each found figure
  labelled with its predicted incident, unfound gold figures as singletons;
- conflicts: a predicted pair counts when both of its figures match gold figures; a
  pair with an unmatched figure is a false positive; precision and recall over gold
  ``conflicts`` pairs; false alarms = predicted pairs listed in ``not_conflicts``;
- leave-one-cluster-out rows: the story clusters are the connected components of gold
  incidents across documents; the incident threshold is chosen on the other clusters'
  documents (grid below) and scored on the held-out cluster.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimledger.ingest import ingest
from claimledger.link import link_documents
from claimledger.link.doc_reader import LedgerDocs
from claimledger.link.estimates import incident_conflicts
from claimledger.link.incident_link import collect_figures
from claimledger.link.incidents import related_pairs, resolve_incidents
from claimledger.link.weights import term_idf
from claimledger.store import Ledger, link_rows
from claimledger.store import incidents as stored_incidents
from claimledger.store import links as stored_links

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the repository: benchmarks/ helpers
from benchmarks.clustering_scores import b_cubed  # noqa: E402

GRID = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4]


def gold_spans(gold: dict, texts: dict[str, str]) -> dict[str, tuple[str, int, int]]:
    """Gold figure id → (doc name, start, end) of its number in the stored text."""
    out = {}
    for f in gold["figures"]:
        text = texts.get(f["doc"])
        if text is None:
            continue
        pos = -1
        for _ in range(f.get("occurrence", 1)):
            pos = text.find(f["text"], pos + 1)
            if pos < 0:
                break
        if pos < 0:
            continue
        inner = re.search(r"(?<![\w-])" + re.escape(f["number_text"]) + r"(?![\w-])", f["text"])
        start = pos + (inner.start() if inner else max(f["text"].find(f["number_text"]), 0))
        out[f["id"]] = (f["doc"], start, start + len(f["number_text"]))
    return out


def match(gold_span: dict[str, tuple[str, int, int]], figures: list, names: dict[str, str]) -> dict[str, object]:
    """Gold figure id → the predicted figure whose span overlaps it (the closest start)."""
    by_doc = defaultdict(list)
    for fig in figures:
        by_doc[names[fig.doc_id]].append(fig)
    out = {}
    for gid, (doc, start, end) in gold_span.items():
        hits = [f for f in by_doc.get(doc, []) if f.start < end and start < f.end]
        if hits:
            out[gid] = min(hits, key=lambda f: (abs(f.start - start), f.start))
    return out


def score(gold: dict, figs_gold: set[str], matched: dict[str, object], incident_of: dict[str, str],
          pred_pairs: set[tuple[str, str]]) -> dict[str, float]:
    """All figures of one run (restricted to ``figs_gold``) against the gold."""
    gold_figs = [f for f in gold["figures"] if f["id"] in figs_gold]
    found = [f for f in gold_figs if f["id"] in matched]
    right_measure = [f for f in found if matched[f["id"]].measure == f["measure"]]
    gold_labels = {f["id"]: f["incident"] for f in gold_figs}
    pred_labels = {f["id"]: (incident_of.get(matched[f["id"]].key, "?" + f["id"]) if f["id"] in matched
                             else "unfound:" + f["id"]) for f in gold_figs}
    bp, br, bf = b_cubed(gold_labels, pred_labels)
    key_to_gold = defaultdict(set)
    for gid, fig in matched.items():
        key_to_gold[fig.key].add(gid)
    gold_pairs = {frozenset(c["figures"]) for c in gold["conflicts"] if set(c["figures"]) <= figs_gold}
    traps = {frozenset(c["figures"]) for c in gold["not_conflicts"] if set(c["figures"]) <= figs_gold}
    tp = fp = alarms = 0
    hit_gold = set()
    for a, b in pred_pairs:
        ga, gb = key_to_gold.get(a, set()), key_to_gold.get(b, set())
        if not ga or not gb:
            fp += 1
            continue
        if not (ga | gb) <= figs_gold:
            continue
        pairs = {frozenset((x, y)) for x in ga for y in gb if x != y}
        if pairs & gold_pairs:
            tp += 1
            hit_gold |= pairs & gold_pairs
        else:
            fp += 1
            alarms += bool(pairs & traps)
    n = len(gold_figs)
    return {"figures": n, "found": len(found) / n if n else 0.0, "measure": len(right_measure) / n if n else 0.0,
            "b3_p": bp, "b3_r": br, "b3_f1": bf, "pairs_p": tp / (tp + fp) if tp + fp else 0.0,
            "pairs_r": len(hit_gold) / len(gold_pairs) if gold_pairs else 0.0, "predicted": tp + fp,
            "gold_pairs": len(gold_pairs), "false_alarms": alarms, "traps": len(traps)}


def clusters_of(gold: dict) -> list[set[str]]:
    """Story clusters: documents connected through shared gold incidents."""
    parent = {d: d for d in gold["docs"]}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    docs_of = defaultdict(set)
    for f in gold["figures"]:
        docs_of[f["incident"]].add(f["doc"])
    for docs in docs_of.values():
        docs = sorted(docs)
        for d in docs[1:]:
            parent[find(d)] = find(docs[0])
    groups = defaultdict(set)
    for d in gold["docs"]:
        groups[find(d)].add(d)
    return sorted(groups.values(), key=lambda g: sorted(g)[0])


def recluster(figures: list, idf, threshold: float) -> tuple[dict[str, str], set[tuple[str, str]]]:
    incident_of, pairs = {}, set()
    for inc in resolve_incidents(figures, idf, threshold):
        for f in inc.figures:
            incident_of[f.key] = inc.id
        for c in incident_conflicts(inc.id, inc.figures, related_pairs(inc.figures, idf, vecs=inc.vectors or None)):
            pairs |= {(c.figures[i].key, c.figures[j].key) for i, j, _ in c.pairs}
    return incident_of, pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dir", nargs="?", default=str(Path(__file__).resolve().parents[1].parent / "shared/data/incidents_dev"))
    parser.add_argument("--db", help="reuse this ledger instead of ingesting into a fresh one")
    args = parser.parse_args(argv)
    gold_dir = Path(args.gold_dir)
    gold = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger(args.db or str(Path(tmp) / "incidents.db"))
        if not args.db:
            report = ingest([str(p) for p in sorted((gold_dir / "docs").glob("*.txt"))], ledger)
            if report.failures:
                print(f"{len(report.failures)} documents failed to ingest", file=sys.stderr)
        link_documents(ledger)  # links what ingest left unlinked; nothing when it linked
        seconds = time.perf_counter() - began
        sources = stored_incidents.document_sources(ledger)
        names = {doc_id: Path(source or "").stem for doc_id, (source, _) in sources.items()}
        texts = {names[d]: text for d, (_, text) in sources.items()}
        doc_ids = [d for d, _, _ in link_rows.document_seqs(ledger)]
        load = LedgerDocs(ledger).load  # the linker's loader: each document read once for both passes
        figures = collect_figures(doc_ids, load)
        quantities = collect_figures(doc_ids, load, every=True)
        matched = match(gold_spans(gold, texts), quantities, names)
        all_figs = {f["id"] for f in gold["figures"]}
        incident_of = {f"{d}:{s}": i for (d, s), i in stored_incidents.figure_incidents(ledger).items()}
        stored = score(gold, all_figs, matched, incident_of, stored_pairs(ledger))
        rows = [("all documents, as stored by ingest", stored)]
        idf = term_idf  # the fixed weights link_documents gives the incident step
        for held in clusters_of(gold):
            train_docs = set(gold["docs"]) - held
            train_figs = {f["id"] for f in gold["figures"] if f["doc"] in train_docs}
            held_figs = all_figs - train_figs
            train = [f for f in figures if names[f.doc_id] in train_docs]
            test = [f for f in figures if names[f.doc_id] in held]

            def f_train(t: float) -> float:
                inc, pairs = recluster(train, idf, t)
                s = score(gold, train_figs, matched, inc, pairs)
                return s["b3_f1"] + s["pairs_p"] + s["pairs_r"]

            best = max(GRID, key=lambda t: (f_train(t), -abs(t - 0.3)))
            inc, pairs = recluster(test, idf, best)
            name = min(held)
            rows.append((f"held out: cluster of {name} ({len(held)} docs), threshold {best}",
                         score(gold, held_figs, matched, inc, pairs)))
    table = Table(title=f"incidents and conflicts on {gold_dir} ({len(gold['docs'])} docs, ingest+link {seconds:.0f} s)")
    for col in ("run", "figures", "found", "measure acc", "B³ P", "B³ R", "B³ F1", "pairs P", "pairs R",
                "predicted", "gold pairs", "false alarms"):
        table.add_column(col, justify="left" if col == "run" else "right")
    for name, s in rows:
        table.add_row(name, str(s["figures"]), f"{s['found']:.3f}", f"{s['measure']:.3f}", f"{s['b3_p']:.3f}",
                      f"{s['b3_r']:.3f}", f"{s['b3_f1']:.3f}", f"{s['pairs_p']:.3f}", f"{s['pairs_r']:.3f}",
                      str(s["predicted"]), str(s["gold_pairs"]), f"{s['false_alarms']} / {s['traps']}")
    Console(width=200).print(table)
    return 0


def stored_pairs(ledger: Ledger) -> set[tuple[str, str]]:
    """Figure-key pairs of the stored figure conflicts."""
    pairs = set()
    for c in stored_links.list_conflicts(ledger, kind="figures", limit=None):
        figs = c["figures"]
        for i, j in c["evidence"].get("pairs", []):
            pairs.add((f"{figs[i]['doc_id']}:{figs[i]['start']}", f"{figs[j]['doc_id']}:{figs[j]['start']}"))
    return pairs


if __name__ == "__main__":
    sys.exit(main())
