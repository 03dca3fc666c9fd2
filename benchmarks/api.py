"""API latency on a ledger of >= 10,000 documents: p50 / p95 / p99 over 1,000 mixed queries.

The ledger is built from the article bodies in ../shared/data (cleaned, then ``Ledger.add``):

- every FNC-1 body (``fnc1/train_bodies.csv``), every ECB+ document
  (``news_clustering/ecbplus_documents_*.jsonl``, outlet = host of its source URL) and
  every PTC article (``ptc_semeval2020_t11/train-articles``);
- then FNC-1 headline + body pairs (``train_stances.csv``: each headline over the body it
  was written for — a distinct document) until ``--docs`` is reached, taken in order of
  the SHA-1 of headline + body id, so the same documents are chosen on every run.

The first ``--analyzed`` documents (default 500) go through the analysis stage, so the
claim, figure and entity queries find rows; then every document is linked (copies, stories,
claim groups, conflicts).  An existing ledger given with ``--db`` that already holds
``--docs`` documents is reused as it is.
The server runs in its own process (``claimledger.serve.serve``, uvicorn, one worker) on a
free loopback port; one client (httpx, keep-alive) sends ``--queries`` requests, one at
a time, drawn with a fixed seed from the mix in ``MIX`` (JSON listings, documents, full-text
search, claims and figures with filters, and the server-rendered pages).  Latency is the
client's wall time per request, response fully read.  Goal: p95 < 50 ms.

    python benchmarks/api.py                      # builds /tmp/claimledger-bench-api.db once
    python benchmarks/api.py --db ledger.db --docs 10000 --queries 1000
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from typing import Iterator
from urllib.parse import urlsplit

import httpx
import numpy as np
from rich.console import Console
from rich.table import Table

from claimledger.clean import CleanError, clean_text
from claimledger.paths import shared_data
from claimledger.records import Cleaned
from claimledger.store import Ledger

MIX = {  # query kind -> weight (of 100)
    "GET /api/documents (page, filters)": 15,
    "GET /api/documents/{id}": 15,
    "GET /api/documents/{id}/segments": 10,
    "GET /api/search?q=": 20,
    "GET /api/claims (filters)": 8,
    "GET /api/quantities, /api/entities": 5,
    "GET /api/stories, /api/conflicts": 4,
    "page /documents/{id}": 10,
    "page /search?q=": 5,
    "page / (documents)": 5,
    "page /claims, /conflicts": 3,
}


def _bodies() -> Iterator[tuple[str, str | None]]:
    """(text, outlet) of every article body in the shared data, in a fixed order."""
    fnc = shared_data("fnc1")
    bodies = {}
    with (fnc / "train_bodies.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            bodies[row["Body ID"]] = row["articleBody"]
            yield row["articleBody"], None
    for path in sorted(shared_data("news_clustering").glob("ecbplus_documents_*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                url = doc.get("source_url")
                yield "\n\n".join(doc["sentences"]), (urlsplit(url).hostname if url else None)
    for path in sorted((shared_data("ptc_semeval2020_t11") / "train-articles").glob("*.txt")):
        yield path.read_text(encoding="utf-8"), None
    with (fnc / "train_stances.csv").open(encoding="utf-8") as fh:
        pairs = {(r["Headline"], r["Body ID"]) for r in csv.DictReader(fh)}
    for headline, body_id in sorted(pairs, key=lambda p: hashlib.sha1(f"{p[0]}\t{p[1]}".encode()).hexdigest()):
        yield f"{headline}\n\n{bodies[body_id]}", None


def _cleaned() -> Iterator[Cleaned]:
    for text, outlet in _bodies():
        try:
            yield clean_text(text, outlet=outlet, source="shared/data")
        except CleanError:
            continue


def build(ledger: Ledger, docs: int, analyzed: int) -> float:
    """Fill the ledger up to ``docs`` documents, the first ``analyzed`` with analysis, then link; seconds."""
    start = time.perf_counter()
    have = ledger.count()
    stream = _cleaned()
    if analyzed and have < analyzed:
        from claimledger.analyze.pipeline import analyze_documents

        for cleaned, analysis in analyze_documents(itertools.islice(stream, analyzed - have), n_process=2):
            have += ledger.add(cleaned, analysis) == "added"
    for cleaned in stream:
        if have >= docs:
            break
        have += ledger.add(cleaned) == "added"
    from claimledger.link import link_documents

    link_documents(ledger)
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(db: str, port: int) -> subprocess.Popen:
    code = f"from claimledger.serve import serve; serve({db!r}, host='127.0.0.1', port={port})"
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def _queries(ledger: Ledger, n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    rows = [(d.id, d.outlet, d.title) for d in ledger.iter_documents()]
    ids = [r[0] for r in rows]
    outlets = sorted({r[1] for r in rows if r[1]}) or [None]
    words = Counter(w.lower() for r in rows[:3000] for w in re.findall(r"[A-Za-z]{5,}", r[2] or ""))
    vocab = [w for w, _ in words.most_common(400)]
    kinds = list(MIX)
    out = []
    for _ in range(n):
        kind = rng.choices(kinds, weights=[MIX[k] for k in kinds])[0]
        doc = rng.choice(ids)
        q = " ".join(rng.sample(vocab, rng.choice((1, 2))))
        if kind.startswith("GET /api/documents (page"):
            url = f"/api/documents?limit=20&offset={rng.randrange(0, len(ids) - 20)}"
            url += rng.choice(("", "", f"&outlet={outlets[0]}", "&kind=article", "&since=2015-01&until=2015-12"))
        elif kind == "GET /api/documents/{id}":
            url = f"/api/documents/{doc}"
        elif kind.endswith("/segments"):
            url = f"/api/documents/{doc}/segments?limit=50"
        elif kind == "GET /api/search?q=":
            url = f"/api/search?q={q}&limit=20" + rng.choice(("", "&kind=body", "&offset=20"))
        elif kind.startswith("GET /api/claims"):
            url = f"/api/claims?q={q.split()[0]}" + rng.choice(("", "&min_certainty=reported",
                                                                  "&sort=checkworthiness", "&place=ukraine"))
        elif kind.startswith("GET /api/quantities"):
            url = rng.choice(("/api/quantities?category=killed", f"/api/entities?q={q.split()[0][:4]}",
                              "/api/places?limit=20"))
        elif kind.startswith("GET /api/stories"):
            url = rng.choice(("/api/stories?limit=20", "/api/conflicts?limit=20", "/api/claim-groups?limit=20",
                              f"/api/conflicts?entity={q.split()[0]}"))
        elif kind.startswith("page /claims"):
            url = rng.choice((f"/claims?q={q.split()[0]}", "/claims?min_certainty=reported", "/conflicts?category=killed",
                              "/stories"))
        elif kind == "page /documents/{id}":
            url = f"/documents/{doc}"
        elif kind == "page /search?q=":
            url = f"/search?q={q}"
        else:
            url = f"/?offset={rng.randrange(0, len(ids) - 25)}"
        out.append((kind, url))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="/tmp/claimledger-bench-api.db")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--analyzed", type=int, default=500, help="documents that get the analysis stage")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not shared_data("fnc1").exists():
        raise SystemExit(f"shared data not found at {shared_data()} (set CLAIMLEDGER_SHARED)")
    ledger = Ledger(args.db)
    built = build(ledger, args.docs, args.analyzed) if ledger.count() < args.docs else 0.0
    count = ledger.count()
    plan = _queries(ledger, args.queries, args.seed)
    port = _free_port()
    server = _start_server(args.db, port)
    times: dict[str, list[float]] = {k: [] for k in MIX}
    loads: list[float] = []
    errors = 0
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _, url in plan[:50]:  # warm the server's caches and the OS page cache
                client.get(url)
            for kind, url in plan:
                start = time.perf_counter()
                response = client.get(url)
                _ = response.content
                times[kind].append((time.perf_counter() - start) * 1000)
                errors += response.status_code != 200
                if len(times[kind]) % 50 == 0:
                    loads.append(os.getloadavg()[0])
    finally:
        server.terminate()
        server.wait(timeout=10)
    load = max(loads) if loads else os.getloadavg()[0]
    table = Table(title=f"API latency: {count:,} documents ({ledger.dialect}), {len(plan):,} mixed queries on loopback "
                        f"— goal p95 < 50 ms",
                  caption=f"one client, keep-alive, sequential; ledger built in {built:.0f} s"
                          f"{' (reused)' if not built else ''}; non-200 responses: {errors}; "
                          f"load average during the run {load:.1f} on {os.cpu_count()} cores")
    for col in ("query", "n", "p50 ms", "p95 ms", "p99 ms", "max ms"):
        table.add_column(col, justify="left" if col == "query" else "right")
    every = [t for ts in times.values() for t in ts]
    for kind, ts in list(times.items()) + [("all", every)]:
        if not ts:
            continue
        p50, p95, p99 = np.percentile(ts, [50, 95, 99])
        style = "bold" if kind == "all" else None
        table.add_row(kind, str(len(ts)), f"{p50:.1f}", f"{p95:.1f}", f"{p99:.1f}", f"{max(ts):.1f}", style=style)
    Console().print(table)


if __name__ == "__main__":
    main()
