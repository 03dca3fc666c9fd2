"""API latency on a large ledger: p50 / p95 / p99 and requests/s, one client and many at once.

The ledger is built in one of two ways (an existing ``--db`` that already holds ``--docs``
documents is reused as it is):

- ``--from-ledger SRC``: every analysed document of SRC (a ledger ``claimledger ingest`` filled)
  as it is, with its links (stories, claim groups, conflicts, incidents), then copies of them
  with all their records (segments, full-text index, mentions, figures, attributions, times,
  claims, assessments) under fresh ids until ``--docs`` is reached (copy k of document D has
  id sha1(D:k)).  The copies are not linked unless ``--link-copies`` (each duplicates a linked
  document; linking at scale is ``benchmarks/linking.py``'s question).  This is how a
  100,000-document ledger where every document is analysed is made in minutes; the table
  says how many distinct documents it holds.
- otherwise from the article bodies in ../shared/data (cleaned, then ``Ledger.add``): every
  FNC-1 body, ECB+ document and PTC article, then FNC-1 headline + body pairs (in SHA-1
  order) until ``--docs``; the first ``--analyzed`` (default 500) go through analysis.

The server runs in its own process (``claimledger.serve.serve``, uvicorn, one worker) on a
free loopback port.  ``--queries`` requests are drawn with a fixed seed from ``MIX``: the
analyst's queries (document page, claims by entity / place / certainty, search, incidents,
conflicts, stories) and the JSON listings.  They are sent first by one client (httpx,
keep-alive, one at a time), then by ``--clients`` concurrent clients (asyncio, one
connection each).  Latency is the client's wall time per request, response fully read; on
Linux the one-client run also gives the server's CPU time per request (from /proc), which a
busy machine does not inflate as it does the wall time.
Goal: p95 < 50 ms with one client.

    python benchmarks/api.py                      # builds /tmp/claimledger-bench-api.db once
    python benchmarks/api.py --db /tmp/api100k.db --from-ledger /tmp/fnc1.db --docs 100000
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
import sqlite3
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
    "page /documents/{id}": 14,
    "GET /api/documents/{id}": 8,
    "GET /api/claims?entity=": 10,
    "GET /api/claims?place=": 10,
    "GET /api/claims?certainty=": 8,
    "GET /api/search?q=": 12,
    "page /search?q=": 4,
    "GET /api/incidents": 6,
    "page /incidents": 3,
    "GET /api/conflicts": 6,
    "page /conflicts": 3,
    "GET /api/stories": 5,
    "page /stories": 2,
    "GET /api/documents (page, filters)": 9,
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


COPIED = ("segments", "mentions", "quantities", "attributions", "times", "claims", "claim_mentions", "claim_forms")
LINKS = ("link_sketches", "link_state", "doc_links", "stories", "story_members", "claim_groups",
         "claim_group_members", "conflicts", "incidents", "incident_figures")


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    """The columns both ledgers' ``table`` has (the source may be an older revision)."""
    mine = {r[1] for r in con.execute(f"PRAGMA main.table_info({table})")}
    return [r[1] for r in con.execute(f"PRAGMA src.table_info({table})") if r[1] in mine]


def _copy_statements(con: sqlite3.Connection) -> list[str]:
    """INSERT ... SELECT statements copying one source document (``:old``) as ``:new``."""
    cols = _columns(con, "documents")
    picked = ", ".join(":new" if c == "id" else ":seq" if c == "seq" else f'"{c}"' for c in cols)
    out = [f"INSERT INTO documents ({', '.join(repr(c) for c in cols)}) SELECT {picked} FROM src.documents WHERE id = :old"]
    for table in COPIED:
        cols = _columns(con, table)
        picked = ", ".join(":new" if c == "doc_id" else ":seq" if c == "seq" else f'"{c}"' for c in cols)
        out.append(f"INSERT INTO {table} ({', '.join(repr(c) for c in cols)}) "
                   f"SELECT {picked} FROM src.{table} WHERE doc_id = :old")
    out.append("INSERT INTO segments_fts (text, doc_id, ord) SELECT text, :new, ord FROM src.segments WHERE doc_id = :old")
    return out


def build_from_ledger(ledger: Ledger, db: str, source: str, docs: int, link: bool) -> tuple[float, int]:
    """Fill ``db`` up to ``docs`` documents: the analysed documents of ``source`` as they are, with
    their links, then copies of them under fresh ids (copy k of D: sha1(D:k)); with ``link`` the
    copies are linked too, else they stay unlinked.  (seconds, distinct documents)"""
    start = time.perf_counter()
    Ledger(source)  # at the newest revision, like the ledger it is copied into
    con = sqlite3.connect(db)
    con.execute("ATTACH DATABASE ? AS src", (source,))
    originals = [r[0] for r in con.execute("SELECT id FROM src.documents WHERE status = 'analyzed' ORDER BY seq")]
    if not originals:
        raise SystemExit(f"{source} holds no analysed documents")
    statements = _copy_statements(con)
    # the forms claims are named by, as the source numbers them (the copies' claims link to these ids)
    forms = ", ".join(_columns(con, "name_forms"))
    con.execute(f"INSERT OR IGNORE INTO name_forms ({forms}) SELECT {forms} FROM src.name_forms")
    have = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    seq = con.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0]
    for copy in itertools.count():
        for old in originals:
            if have >= docs:
                break
            new = old if copy == 0 else hashlib.sha1(f"{old}:{copy}".encode()).hexdigest()[:len(old)]
            if con.execute("SELECT 1 FROM documents WHERE id = ?", (new,)).fetchone():
                continue  # copied by an earlier, interrupted build
            seq += 1
            for statement in statements:
                con.execute(statement, {"old": old, "new": new, "seq": seq})
            have += 1
        if copy == 0:  # the originals' links, for the documents that are there
            for table in LINKS:
                cols = ", ".join(f'"{c}"' for c in _columns(con, table))
                con.execute(f"INSERT OR IGNORE INTO {table} ({cols}) SELECT {cols} FROM src.{table}")
        con.commit()
        if have >= docs:
            break
    con.close()
    if link:
        from claimledger.link import link_documents

        link_documents(ledger)
    return time.perf_counter() - start, len(originals)


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


def _vocab(db: str) -> dict[str, list[str]]:
    """Words, entity names and place names the ledger holds, most frequent first (the query parameters)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        titles = [r[0] or "" for r in con.execute("SELECT text FROM segments WHERE kind = 'headline' LIMIT 3000")]
        words = Counter(w.lower() for t in titles for w in re.findall(r"[A-Za-z]{5,}", t))
        if not words:
            words = Counter(w.lower() for (t,) in con.execute("SELECT text FROM claims LIMIT 3000")
                            for w in re.findall(r"[A-Za-z]{5,}", t))

        def names(labels: str) -> list[str]:
            return [r[0] for r in con.execute(
                f"SELECT norm, count(*) AS n FROM mentions WHERE label IN ({labels}) "
                "GROUP BY norm ORDER BY n DESC, norm LIMIT 200")]
        return {"words": [w for w, _ in words.most_common(400)] or ["attack"],
                "entities": names("'PERSON', 'ORG', 'NORP'") or ["army"],
                "places": names("'GPE', 'LOC'") or ["ukraine"]}


def _url(kind: str, rng: random.Random, ids: list[str], vocab: dict[str, list[str]]) -> str:
    doc = rng.choice(ids)
    q = " ".join(rng.sample(vocab["words"], min(len(vocab["words"]), rng.choice((1, 2)))))
    entity, place = rng.choice(vocab["entities"][:50]), rng.choice(vocab["places"][:50])
    return {
        "page /documents/{id}": f"/documents/{doc}",
        "GET /api/documents/{id}": f"/api/documents/{doc}",
        "GET /api/claims?entity=": f"/api/claims?entity={entity}&limit=20",
        "GET /api/claims?place=": f"/api/claims?place={place}&limit=20",
        "GET /api/claims?certainty=": "/api/claims?limit=20&certainty=" + rng.choice(
            ("hedged", "denied", "contested", "reported,asserted")) + rng.choice(("", f"&place={place}")),
        "GET /api/search?q=": f"/api/search?q={q}&limit=20" + rng.choice(("", "&kind=body", "&offset=20")),
        "page /search?q=": f"/search?q={q}",
        "GET /api/incidents": "/api/incidents?limit=20" + rng.choice(("", f"&place={place}", "&kind=single_event")),
        "page /incidents": "/incidents",
        "GET /api/conflicts": "/api/conflicts?limit=20" + rng.choice(("", f"&place={place}", f"&entity={entity}")),
        "page /conflicts": "/conflicts" + rng.choice(("", "?category=killed")),
        "GET /api/stories": "/api/stories?limit=20" + rng.choice(("", f"&offset={rng.randrange(0, 200)}")),
        "page /stories": "/stories",
        "GET /api/documents (page, filters)": f"/api/documents?limit=20&offset={rng.randrange(0, max(1, len(ids) - 20))}"
                                              + rng.choice(("", "&kind=article", "&since=2015-01&until=2015-12")),
    }[kind]


def _queries(db: str, n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM documents ORDER BY seq")]
    vocab = _vocab(db)
    kinds = list(MIX)
    plan = []
    for _ in range(n):
        kind = rng.choices(kinds, weights=[MIX[k] for k in kinds])[0]
        plan.append((kind, _url(kind, rng, ids, vocab)))
    return plan


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, all threads) the process has used so far; None off Linux."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _sequential(base: str, plan: list[tuple[str, str]], pid: int
                ) -> tuple[dict[str, list[float]], float, int, dict[str, float]]:
    """One client, one request at a time: latencies (ms) per kind, wall seconds, non-200 responses,
    and the server's CPU time per kind (ms; summed over the kind's requests, read from /proc)."""
    times: dict[str, list[float]] = {k: [] for k in MIX}
    cpu: dict[str, float] = {k: 0.0 for k in MIX}
    errors = 0
    with httpx.Client(base_url=base, timeout=60) as client:
        for _, url in plan[:50]:  # warm the server's caches and the OS page cache
            client.get(url)
        began = time.perf_counter()
        for kind, url in plan:
            used = _cpu_seconds(pid)
            start = time.perf_counter()
            try:
                errors += client.get(url).status_code != 200  # the body is read by get()
            except httpx.HTTPError:
                errors += 1
            times[kind].append((time.perf_counter() - start) * 1000)
            if used is not None:
                cpu[kind] += ((_cpu_seconds(pid) or used) - used) * 1000
    return times, time.perf_counter() - began, errors, cpu


def _concurrent(base: str, plan: list[tuple[str, str]], clients: int) -> tuple[dict[str, list[float]], float, int]:
    """``clients`` clients at once, each with its own connection, sharing the plan."""
    import asyncio

    times: dict[str, list[float]] = {k: [] for k in MIX}
    errors = 0
    todo = iter(plan)

    async def client_loop() -> None:
        nonlocal errors
        limits = httpx.Limits(max_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
            for kind, url in todo:
                start = time.perf_counter()
                try:
                    errors += (await client.get(url)).status_code != 200  # the body is read by get()
                except httpx.HTTPError:  # counted, not fatal: the run reports how many failed
                    errors += 1
                times[kind].append((time.perf_counter() - start) * 1000)

    async def run_all() -> float:
        began = time.perf_counter()
        await asyncio.gather(*(client_loop() for _ in range(clients)))
        return time.perf_counter() - began

    return times, asyncio.run(run_all()), errors


def _rows(table: Table, label: str, times: dict[str, list[float]], wall: float, per_kind: bool,
          cpu: dict[str, float] | None = None) -> None:
    every = [t for ts in times.values() for t in ts]
    rows = (list(times.items()) if per_kind else []) + [(f"all — {label}", every)]
    for kind, ts in rows:
        if not ts:
            continue
        p50, p95, p99 = np.percentile(ts, [50, 95, 99])
        bold = kind.startswith("all")
        used = (sum(cpu.values()) if bold else cpu.get(kind, 0.0)) if cpu else None
        table.add_row(kind, str(len(ts)), f"{p50:.1f}", f"{p95:.1f}", f"{p99:.1f}", f"{max(ts):.1f}",
                      f"{len(ts) / wall:.0f}" if bold else "", f"{used / len(ts):.1f}" if used is not None else "",
                      style="bold" if bold else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="/tmp/claimledger-bench-api.db")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--from-ledger", help="copy the analysed documents of this ledger (with fresh ids)")
    parser.add_argument("--link-copies", action="store_true", help="link the copies too (slow: each is a duplicate)")
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients in the second run (0: none)")
    parser.add_argument("--analyzed", type=int, default=500, help="documents that get the analysis stage")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    ledger = Ledger(args.db)
    built, distinct = 0.0, None
    if ledger.count() < args.docs:
        if args.from_ledger:
            built, distinct = build_from_ledger(ledger, args.db, args.from_ledger, args.docs, args.link_copies)
        else:
            if not shared_data("fnc1").exists():
                raise SystemExit(f"shared data not found at {shared_data()} (set CLAIMLEDGER_SHARED)")
            built = build(ledger, args.docs, args.analyzed)
    count, analysed = ledger.count(), _analysed(args.db)
    plan = _queries(args.db, args.queries, args.seed)
    port = _free_port()
    server = _start_server(args.db, port)
    base = f"http://127.0.0.1:{port}"
    loads = [os.getloadavg()[0]]
    try:
        one = _sequential(base, plan, server.pid)
        loads.append(os.getloadavg()[0])
        many = _concurrent(base, plan, args.clients) if args.clients else None
        loads.append(os.getloadavg()[0])
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    how = (f"{distinct:,} distinct analysed documents (linked) and copies of them with fresh ids"
           f"{' (linked)' if args.link_copies else ' (not linked)'}" if distinct
           else f"built {'now' if built else 'before (reused)'}")
    table = Table(title=f"API latency: {count:,} documents ({analysed:,} analysed; {ledger.dialect}), "
                        f"{len(plan):,} queries on loopback — goal p95 < 50 ms with one client",
                  caption=f"ledger {how}{f' in {built:.0f} s' if built else ''}; non-200 responses: "
                          f"{one[2]} (one client), {many[2] if many else 0} ({args.clients} clients); "
                          f"load average up to {max(loads):.1f} on {os.cpu_count()} cores; server: uvicorn, one process; "
                          "cpu ms: the server's CPU time per request (mean, user + system, from /proc)")
    for col in ("query", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s", "cpu ms"):
        table.add_column(col, justify="left" if col == "query" else "right")
    _rows(table, "one client", one[0], one[1], per_kind=True, cpu=one[3] if any(one[3].values()) else None)
    if many:
        _rows(table, f"{args.clients} concurrent clients", many[0], many[1], per_kind=False)
    Console(width=112).print(table)


def _analysed(db: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return con.execute("SELECT count(*) FROM documents WHERE status = 'analyzed'").fetchone()[0]


if __name__ == "__main__":
    main()
