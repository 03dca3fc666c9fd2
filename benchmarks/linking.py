"""Cross-source linking: story clustering accuracy and linking at corpus scale.

Prints one table with three sections:

1. **emergent** — the Emergent article headlines (``../shared/data/emergent``), grouped
   into stories *without* their claim ids, scored against the claim ids with B-cubed
   precision / recall / F1 and the adjusted Rand index.  Dev split by hash: claims with
   ``md5(claimId) % 2 == 0`` were used to choose the thresholds, the ``== 1`` half is
   the reported dev figure (the whole set is shown too).
2. **ecb+ dev** — ECB+ dev topics (``../shared/data/news_clustering``, 197 documents, 16
   event clusters ``<topic>_<subtopic>``; thresholds were chosen on the train topics).
   The two sub-topics of one topic are the same kind of event (two celebrity rehab
   entries...), so this measures event-level, not topic-level, clustering.
3. **scale** — 20,000 documents: every article body in ../shared/data (FNC-1 train
   bodies, ECB+ train+dev documents, Emergent headlines), each repeated up to seven
   times with deterministic perturbations (original; a paragraph dropped and a figure
   changed; new furniture and only the first 60 % kept; sentences of each paragraph
   reordered; every 9th word dropped; both of the last two; a dateline added and the
   first paragraph dropped), the first 20,000 distinct texts in stream order.  Cleaned with ``clean_text``, then linked
   (near-duplicates + stories) by the same ``Linker`` ``link_documents`` uses; the
   spaCy analysis is skipped and entities come from the capitalised-name proxy
   (``claimledger.link.units.proxy_entities``).  Reports clean and link time, peak
   RSS (``resource.getrusage``), copy links found, the recall of (original, variant)
   pairs and the links between different originals.

Streams are ordered by ``md5(id)`` (a fixed, realistic interleaving); every run gives
the same figures.

Complexity (n documents): sketching is O(length); duplicate candidates come from 32
LSH bands and paragraph anchors (a pair shares a tenth of the fewer anchors); story candidates from the postings of a
unit's top 15 terms (terms common in the fixed corpus never key), skipping units already
in the same story.  Stories are connected components of pairwise links whose score is a
function of the two units alone (fixed idf), so the clusters do not depend on the stream
order; ``cluster`` adds every item, then ``finalize`` names the components.

    python benchmarks/linking.py            # all three sections
    python benchmarks/linking.py --n 2000   # a smaller scale run
    python benchmarks/linking.py --skip-scale --proxy

A last row links the first ``--ledger-n`` (2,000) of those documents through a SQLite
ledger with ``link_documents`` (reads, linking and writes timed; storing them is not),
then links the second half into a ledger that already holds the first half.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import resource
import sys
import time
from collections import defaultdict

from rich.console import Console
from rich.table import Table
from sklearn.metrics import adjusted_rand_score

from claimledger.clean import clean_text, document_id
from claimledger.link.duplicates import compare
from claimledger.link.linker import Linker
from claimledger.link.stories import StoryIndex
from claimledger.link.units import build_units
from claimledger.paths import shared_data

csv.field_size_limit(10**9)


def _h(value: str) -> str:
    return hashlib.md5(value.encode("utf-8")).hexdigest()


def bcubed(gold: list, pred: list) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998), averaged over items."""
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, pred)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    precision = recall = 0.0
    for i, (g, p) in enumerate(zip(gold, pred)):
        both = len(by_gold[g] & by_pred[p])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --- data ------------------------------------------------------------------------------------

def emergent_items() -> list[tuple[str, str, str]]:
    """(article id, headline, claim id) in stream order."""
    path = shared_data("emergent") / "url-versions-2015-06-14-clean-train.minus-fnc1-test.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    items = [(r["articleId"], r["articleHeadline"], r["claimId"]) for r in rows if r["articleHeadline"].strip()]
    return sorted(items, key=lambda it: _h(it[0]))


def ecb_items(split: str) -> list[tuple[str, str, str]]:
    """(doc id, text, cluster id): sentences joined as paragraphs, the page URL line left out."""
    path = shared_data("news_clustering") / f"ecbplus_documents_{split}.jsonl"
    items = []
    for line in path.open(encoding="utf-8"):
        d = json.loads(line)
        sentences = d["sentences"][d["first_sentence_index"]:]
        if sentences:
            items.append((d["doc_id"], "\n\n".join(sentences), d["cluster_id"]))
    return sorted(items, key=lambda it: _h(it[0]))


def fnc1_bodies() -> list[tuple[str, str]]:
    path = shared_data("fnc1") / "train_bodies.csv"
    return [(f"fnc1-{r['Body ID']}", r["articleBody"]) for r in csv.DictReader(path.open(encoding="utf-8"))]


# --- clustering accuracy ----------------------------------------------------------------------------

def _entity_analyses(texts: list[str]):
    """spaCy-backed analyses (mentions) when the analysis stage is available, else None."""
    try:
        from claimledger.analyze.pipeline import analyze_documents
    except ImportError:
        return None
    cleaned = [clean_text(t) for t in texts]
    return [a for _, a in analyze_documents(cleaned)]


def cluster(items: list[tuple[str, str, str]], analyses=None) -> tuple[list[str], list[int]]:
    index = StoryIndex()
    gold, assigned = [], []
    for i, (doc_id, text, label) in enumerate(items):
        cleaned = clean_text(text)
        units = build_units(cleaned.document, cleaned.segments, i + 1, analyses[i] if analyses else None)
        # an ECB+/Emergent item is one unit (no live blogs there)
        assigned.append(index.add(units[0]))
        gold.append(label)
    index.finalize()  # stories are the components once every item is in
    return gold, [a.story for a in assigned]


def accuracy_rows(proxy: bool) -> list[list[str]]:
    rows = []
    sets = []
    if shared_data("emergent").exists():
        em = emergent_items()
        sets += [("emergent (dev half)", [it for it in em if int(_h(it[2]), 16) % 2 == 1]),
                 ("emergent (all)", em)]
    if shared_data("news_clustering").exists():
        sets.append(("ecb+ dev", ecb_items("dev")))
    for name, items in sets:
        for entities in (["proxy"] if proxy else ["proxy", "spaCy NER"]):
            analyses = None
            if entities != "proxy":
                analyses = _entity_analyses([t for _, t, _ in items])
                if analyses is None:
                    continue
            began = time.perf_counter()
            gold, pred = cluster(items, analyses)
            seconds = time.perf_counter() - began
            p, r, f = bcubed(gold, pred)
            ari = adjusted_rand_score(gold, pred)
            rows.append([name, entities, f"{len(items)}", f"{len(set(gold))}", f"{len(set(pred))}", f"{p:.3f}",
                         f"{r:.3f}", f"{f:.3f}", f"{ari:.3f}", f"{seconds:.1f}s", "thresholds chosen on the other half"
                         if "dev half" in name else "thresholds chosen on train topics" if "ecb" in name else ""])
    return rows


# --- scale ---------------------------------------------------------------------------------------------

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'])")
_NUM = re.compile(r"\b\d[\d,]*\b")
VARIANTS = 7
FURNITURE = ["Sign up to our newsletter for the latest headlines", "Read more: related coverage [LATEST]",
             "Advertisement"]


def perturb(text: str, variant: int, rng: random.Random) -> str:
    paras = [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()] or [text]
    if variant == 1:  # a paragraph dropped, a figure changed
        if len(paras) > 2:
            paras.pop(rng.randrange(1, len(paras)))
        out = "\n\n".join(paras)
        nums = _NUM.findall(out)
        if nums:
            old = rng.choice(nums)
            out = out.replace(old, str(int(old.replace(",", "")) + rng.randint(1, 9) * 10), 1)
        return out
    if variant == 2:  # new furniture, first 60 % kept
        keep = paras[:max(1, round(len(paras) * 0.6))]
        return "\n\n".join([FURNITURE[0], *keep, FURNITURE[1], FURNITURE[2]])
    if variant == 3:  # sentences of each paragraph reordered
        out = []
        for p in paras:
            sentences = _SENT.split(p)
            rng.shuffle(sentences)
            out.append(" ".join(sentences))
        return "\n\n".join(out)
    if variant == 4:  # every 9th word dropped
        return "\n\n".join(" ".join(w for i, w in enumerate(p.split()) if i % 9 != 8) for p in paras)
    if variant == 5:  # sentences reordered and every 9th word dropped
        return perturb(perturb(text, 3, rng), 4, rng)
    if variant == 6:  # a dateline added, the first paragraph dropped when there are others
        day = rng.randint(1, 28)
        return "\n\n".join([f"Updated {day} March", *(paras[1:] if len(paras) > 2 else paras)])
    return text


def scale_corpus(n: int) -> list[tuple[str, str, str]]:
    """(doc key, text, base id): originals and their variants, ``n`` in all, in stream order."""
    bases = fnc1_bodies()
    if shared_data("news_clustering").exists():
        bases += [(d, t) for split in ("train", "dev") for d, t, _ in ecb_items(split)]
    if shared_data("emergent").exists():
        bases += [(f"em-{a}", h) for a, h, _ in emergent_items()]
    docs = []
    for base_id, text in bases:
        for variant in range(VARIANTS):
            key = f"{base_id}/v{variant}"
            docs.append((key, base_id, text, variant))
    docs.sort(key=lambda d: _h(d[0]))
    out, seen = [], set()
    for key, base_id, text, variant in docs:
        rng = random.Random(int(_h(key)[:8], 16))
        body = perturb(text, variant, rng)
        body = body if body.strip() else text
        doc_id = document_id(body)
        if doc_id in seen:  # a variant that changed nothing would be skipped at ingest
            continue
        seen.add(doc_id)
        out.append((key, body, base_id))
        if len(out) == n:
            break
    return out


def scale_row(n: int) -> list[list[str]]:
    corpus = scale_corpus(n)
    began = time.perf_counter()
    cleaned = []
    for key, text, base in corpus:
        try:
            cleaned.append((clean_text(text, source=key), base))
        except ValueError:
            continue
    clean_s = time.perf_counter() - began
    linker = Linker()
    began, cpu = time.perf_counter(), time.process_time()
    links = []
    units = 0
    seen: dict[str, str] = {}
    for seq, (c, base) in enumerate(cleaned, 1):
        if c.document.id in seen:  # an identical text is a duplicate at ingest, never linked
            continue
        seen[c.document.id] = base
        step = linker.add(c.document, c.segments, seq)
        links += step.links
        units += len(step.assignments)  # one assignment per story unit
    settled = linker.finalize()
    link_s, link_cpu = time.perf_counter() - began, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # candidate recall: among variant pairs of one original that the exact check accepts as
    # copies (Jaccard >= 0.5 or containment >= 0.6), the share LSH + anchors proposed and linked
    by_base: dict[str, list[str]] = defaultdict(list)
    for doc_id, base in seen.items():
        by_base[base].append(doc_id)
    linked = {(l.src, l.dst) for l in links} | {(l.dst, l.src) for l in links}
    sketches = linker.duplicates.sketches
    pairs = hits = 0
    for ids in by_base.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                sa, sb = sketches[a], sketches[b]
                if compare(sa, sb, sa.shingles, sb.shingles, ["exact"]) is None:
                    continue
                pairs += 1
                hits += (a, b) in linked
    cross = sum(1 for l in links if seen[l.src] != seen[l.dst])
    stories = len(settled.stories)
    docs = len(seen)
    notes = (f"{len(links):,} copy links; copy-pair recall {hits / pairs:.3f} over {pairs:,} pairs the exact check "
             f"accepts; {cross} links between different originals; clean_text {clean_s:.1f}s; "
             f"peak RSS {peak_mb:,.0f} MB; {docs / link_cpu:,.0f} docs per CPU-second")
    return [["scale", "proxy", f"{docs:,} docs", f"{len(by_base):,} originals", f"{stories:,} stories", "–", "–", "–",
             "–", f"{link_s:.1f}s wall / {link_cpu:.1f}s CPU", notes]]


def ledger_row(n: int) -> list[list[str]]:
    """The first ``n`` scale documents stored in a SQLite ledger, then ``link_documents`` (reads and writes timed)."""
    import tempfile

    from claimledger.link import link_documents
    from claimledger.store import Ledger
    from claimledger.store.links import list_stories

    with tempfile.TemporaryDirectory(prefix="claimledger-bench-") as tmp:
        ledger = Ledger(f"{tmp}/scale.db")
        began = time.perf_counter()
        for key, text, _ in scale_corpus(n):
            try:
                ledger.add(clean_text(text, source=key))
            except ValueError:
                continue
        store_s = time.perf_counter() - began
        began, cpu = time.perf_counter(), time.process_time()
        report = link_documents(ledger)
        link_s, link_cpu = time.perf_counter() - began, time.process_time() - cpu
        half = report.documents[len(report.documents) // 2:]
        # incremental: the second half again, into a ledger that already holds the first half
        ledger2 = Ledger(f"{tmp}/inc.db")
        for key, text, _ in scale_corpus(n):
            try:
                ledger2.add(clean_text(text, source=key))
            except ValueError:
                continue
        link_documents(ledger2, [d for d in report.documents if d not in set(half)])
        began = time.perf_counter()
        second = link_documents(ledger2, half)
        inc_s = time.perf_counter() - began
        stories = len(list_stories(ledger, limit=None))
    notes = (f"store (clean + Ledger.add, not linking) {store_s:.1f}s; {len(report.doc_links):,} copy links; "
             f"second half linked into a ledger holding the first: {len(second.documents):,} docs in {inc_s:.1f}s")
    return [["ledger", "proxy", f"{len(report.documents):,} docs", "–", f"{stories:,} stories", "–", "–", "–", "–",
             f"{link_s:.1f}s wall / {link_cpu:.1f}s CPU", notes]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20000, help="documents in the scale run")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--ledger-n", type=int, default=2000,
                        help="documents linked through a SQLite ledger with link_documents (0: skip)")
    parser.add_argument("--proxy", action="store_true", help="accuracy with the entity proxy only (no spaCy)")
    args = parser.parse_args(argv)
    if not shared_data().exists():
        print(f"shared data not found at {shared_data()} (set CLAIMLEDGER_SHARED)", file=sys.stderr)
        raise SystemExit(2)
    rows = [] if args.skip_accuracy else accuracy_rows(args.proxy)
    if not args.skip_scale:
        rows += scale_row(args.n)
        if args.ledger_n:
            rows += ledger_row(args.ledger_n)
    table = Table(title="claimledger linking: story clustering (B-cubed, ARI) and scale")
    for col in ("section", "entities", "items", "gold groups", "predicted", "B3 precision", "B3 recall", "B3 F1",
                "ARI", "time", "notes"):
        table.add_column(col, ratio=3 if col == "notes" else None)
    for row in rows:
        table.add_row(*row)
    import os
    table.caption = f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    Console(width=220).print(table)


if __name__ == "__main__":
    main()
