"""Figures on incidents_dev-style gold: found, measure, value bounds, scope, extra people-figures.

    python benchmarks/figures.py [GOLD_DIR]      (default ../shared/data/incidents_dev)

Each ``docs/<id>.txt`` goes through the library path ingest uses (``clean_text`` then
``analyze_documents``), so offsets point into the stored text.  A gold figure is *found*
when a predicted quantity's span overlaps the ``occurrence``-th match of its ``text``
narrowed to ``number_text`` (the largest overlap wins).  Printed in one table:

* found = found gold figures / gold figures;
* measure accuracy = found figures with the gold measure / all gold figures (overall and
  per story cluster: documents joined by a shared incident form one cluster);
* value / low / high agreement on found figures (each compared exactly, nulls included);
* scope sanity on found figures: a figure of a gold "cumulative toll" incident should not
  have scope ``incident``, a figure of a "single event" should have ``incident`` or ``day``;
* extra people-figures: predicted quantities without the ``non_casualty`` flag that overlap
  no gold figure (gold annotates every people-count, so these are false positives or
  unannotated generic mentions).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimledger.analyze.pipeline import analyze_documents  # noqa: E402
from claimledger.clean import clean_text  # noqa: E402
from claimledger.records import Quantity  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "incidents_dev"
CUMULATIVE_SCOPES = {"since", "year_to_date", "war_to_date", "period"}


def gold_span(text: str, fig: dict) -> tuple[int, int] | None:
    """Character span of the figure's number: occurrence-th ``text``, narrowed to ``number_text``."""
    pos = -1
    for _ in range(int(fig.get("occurrence", 1))):
        pos = text.find(fig["text"], pos + 1)
        if pos < 0:
            return None
    inner = _word_find(fig["text"], fig["number_text"])
    start = pos + max(inner, 0)
    return start, start + len(fig["number_text"])


def _word_find(text: str, word: str) -> int:
    """First occurrence of ``word`` not glued to a letter, digit or hyphen ("two", not "Twenty-two")."""
    for m in re.finditer(re.escape(word), text):
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if not (before.isalnum() or before == "-") and not after.isalnum():
            return m.start()
    return text.find(word)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def clusters(gold: dict) -> dict[str, str]:
    """Document -> cluster name: documents sharing an incident are joined (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    by_incident: dict[str, list[str]] = defaultdict(list)
    for fig in gold["figures"]:
        by_incident[fig["incident"]].append(fig["doc"])
    for docs in by_incident.values():
        for d in docs[1:]:
            parent[find(d)] = find(docs[0])
    groups: dict[str, list[str]] = defaultdict(list)
    for fig in gold["figures"]:
        groups[find(fig["doc"])].append(fig["incident"])
    names = {root: min(incs, key=lambda i: int(i.lstrip("I")) if i.lstrip("I").isdigit() else 0)
             for root, incs in groups.items()}
    return {fig["doc"]: f"cluster of {names[find(fig['doc'])]}" for fig in gold["figures"]}


def analyse(gold_dir: Path, doc_ids: list[str]) -> dict[str, tuple[str, list[Quantity]]]:
    cleaned = [clean_text((gold_dir / "docs" / f"{d}.txt").read_text(encoding="utf-8"), source=d) for d in doc_ids]
    out = {}
    for c, analysis in analyze_documents(cleaned):
        out[c.document.source] = (c.document.text, analysis.quantities)
    return out


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


class Score:
    def __init__(self) -> None:
        self.n = self.found = self.measure = 0
        self.values = {"value": 0, "low": 0, "high": 0}
        self.scope_ok = self.scope_n = 0
        self.cluster: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.misses: list[str] = []

    def add(self, fig: dict, q: Quantity | None, kind: str, cluster: str) -> None:
        self.n += 1
        self.cluster[cluster][1] += 1
        if q is None:
            self.misses.append(f"MISS {fig['id']} {fig['doc']}: {fig['text']!r}")
            return
        self.found += 1
        if q.measure == fig["measure"]:
            self.measure += 1
            self.cluster[cluster][0] += 1
        else:
            self.misses.append(f"MEASURE {fig['id']} {fig['doc']}: {fig['text']!r} gold {fig['measure']} "
                               f"got {q.measure} ({q.text!r})")
        for key in self.values:
            if same(getattr(q, key), fig[key]):
                self.values[key] += 1
            else:
                self.misses.append(f"{key.upper()} {fig['id']}: {fig['number_text']!r} gold {fig[key]} got "
                                   f"{getattr(q, key)} ({q.text!r})")
        if kind.startswith("cumulative") or kind == "single event":
            self.scope_n += 1
            ok = q.scope in CUMULATIVE_SCOPES if kind.startswith("cumulative") else q.scope in ("incident", "day")
            self.scope_ok += ok
            if not ok:
                self.misses.append(f"SCOPE {fig['id']}: {fig['text']!r} gold {kind} got {q.scope}")


def evaluate(gold_dir: Path) -> tuple[Score, int, float]:
    gold = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
    kinds = {i["id"]: i["kind"] for i in gold["incidents"]}
    doc_cluster = clusters(gold)
    doc_ids = sorted({f["doc"] for f in gold["figures"]} | set(gold.get("docs", [])))
    t0 = time.perf_counter()
    analysed = analyse(gold_dir, doc_ids)
    seconds = time.perf_counter() - t0
    score, used = Score(), defaultdict(set)
    for fig in gold["figures"]:
        text, quantities = analysed[fig["doc"]]
        span = gold_span(text, fig)
        best = None
        if span is not None:
            hits = [(overlap(span, (q.start, q.end)), i) for i, q in enumerate(quantities)]
            hits = [h for h in hits if h[0] > 0]
            if hits:
                best = max(hits)[1]
                used[fig["doc"]].add(best)
        score.add(fig, quantities[best] if best is not None else None, kinds.get(fig["incident"], ""),
                  doc_cluster.get(fig["doc"], "?"))
    extra = 0
    for doc_id, (_, quantities) in analysed.items():
        for i, q in enumerate(quantities):
            if i not in used[doc_id] and "non_casualty" not in q.flags:
                extra += 1
                score.misses.append(f"EXTRA {doc_id}: {q.text!r} {q.measure} counted={q.counted!r}")
    return score, extra, seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", nargs="?", default=str(DEFAULT_GOLD))
    ap.add_argument("--errors", action="store_true", help="also list misses and disagreements")
    args = ap.parse_args(argv)
    gold_dir = Path(args.gold_dir)
    if not (gold_dir / "gold.json").exists():
        print(f"no gold.json under {gold_dir}", file=sys.stderr)
        return 2
    score, extra, seconds = evaluate(gold_dir)
    if args.errors:
        for line in score.misses:
            print(line)
    table = Table(title=f"Figures on {gold_dir.name}: {score.n} gold figures ({seconds:.0f} s analysis)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    found = max(score.found, 1)
    rows = [("found", f"{score.found / max(score.n, 1):.3f} ({score.found}/{score.n})"),
            ("measure accuracy", f"{score.measure / max(score.n, 1):.3f} ({score.measure}/{score.n})")]
    for name, (ok, n) in sorted(score.cluster.items()):
        rows.append((f"  measure accuracy, {name}", f"{ok / max(n, 1):.3f} ({ok}/{n})"))
    for key, ok in score.values.items():
        rows.append((f"{key} agreement (found)", f"{ok / found:.3f} ({ok}/{score.found})"))
    rows.append(("scope sanity (found, single/cumulative)",
                 f"{score.scope_ok / max(score.scope_n, 1):.3f} ({score.scope_ok}/{score.scope_n})"))
    rows.append(("extra people-figures (no gold)", str(extra)))
    for name, value in rows:
        table.add_row(name, value)
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
