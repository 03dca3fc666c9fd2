"""Linking after crashes and under concurrency: a resumed or concurrent ingest ends fully and consistently linked.

Issue 15, defects 1 and 2: a re-run linked only what it added itself (a killed run's
documents stayed unlinked for good), and concurrent linkers handed out the same story and
claim-group ids and overwrote each other's stories and groups.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from claimledger.ingest import IngestOptions, ingest
from claimledger.store import Ledger
from tests.helpers.ledger_file import stored_documents
from tests.helpers.synth import article_bodies, synthetic_records, write_jsonl
from tests.ingest.conftest import pg_url  # noqa: F401  (the PostgreSQL fixture)

CLI = [sys.executable, "-m", "claimledger.cli"]
PLAIN = IngestOptions(analyze=False)


def _dump(path: Path, n: int, seed: int = 7, start: int = 0) -> Path:
    records = list(synthetic_records(start + n, article_bodies(limit=200), seed=seed, duplicate_share=0.0))
    write_jsonl(records[start:], path)
    return path


def _scalar(ledger: Ledger, query: str) -> int:
    with ledger.engine.connect() as conn:
        return int(conn.execute(text(query)).scalar() or 0)


def unlinked(ledger: Ledger) -> int:
    return _scalar(ledger, "SELECT count(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM link_sketches)")


def assert_links_consistent(ledger: Ledger) -> None:
    """Every document linked once; every story's and claim group's size is its number of members."""
    assert unlinked(ledger) == 0
    assert _scalar(ledger, "SELECT count(*) FROM stories s WHERE s.size != "
                           "(SELECT count(*) FROM story_members m WHERE m.story_id = s.id)") == 0
    assert _scalar(ledger, "SELECT count(*) FROM claim_groups g WHERE g.size != "
                           "(SELECT count(*) FROM claim_group_members m WHERE m.group_id = g.id)") == 0
    assert _scalar(ledger, "SELECT count(*) FROM stories s WHERE NOT EXISTS "
                           "(SELECT 1 FROM story_members m WHERE m.story_id = s.id)") == 0
    units = _scalar(ledger, "SELECT count(*) FROM story_members")
    assert units >= _scalar(ledger, "SELECT count(*) FROM documents")  # each document has a unit at least
    assert _scalar(ledger, "SELECT count(DISTINCT seq) FROM documents") == _scalar(
        ledger, "SELECT count(*) FROM documents")


def story_partition(ledger: Ledger) -> set[frozenset[str]]:
    """Stories as sets of unit ids: comparable whatever ids the stories were given."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(text("SELECT story_id, unit_id FROM story_members")).all()
    stories: dict[int, set[str]] = {}
    for story_id, unit_id in rows:
        stories.setdefault(story_id, set()).add(unit_id)
    return {frozenset(units) for units in stories.values()}


def test_ingest_links_what_an_earlier_run_stored_but_did_not_link(tmp_path):
    dump = _dump(tmp_path / "dump.jsonl", 30)
    ledger = Ledger(tmp_path / "ledger.db")
    first = ingest([str(dump)], ledger, PLAIN, link=False)  # what a run killed before linking leaves
    assert len(first.added) == 30 and unlinked(ledger) == 30
    again = ingest([str(dump)], ledger, PLAIN)  # nothing new to store: everything is a duplicate
    assert not again.added and len(again.duplicates) == 30
    assert again.linked is not None and len(again.linked.documents) == 30
    assert_links_consistent(ledger)


def test_link_command_links_what_is_left_and_is_idempotent(tmp_path):
    dump = _dump(tmp_path / "dump.jsonl", 20)
    db = tmp_path / "ledger.db"
    env = dict(os.environ)
    stored = subprocess.run(CLI + ["ingest", str(dump), "--db", str(db), "--no-analyze", "--no-link", "-q"],
                            capture_output=True, text=True, timeout=300, env=env)
    assert stored.returncode == 0, stored.stderr[-2000:]
    assert unlinked(Ledger(db)) == 20
    first = subprocess.run(CLI + ["link", "--db", str(db)], capture_output=True, text=True, timeout=300, env=env)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "20 documents linked" in first.stdout
    second = subprocess.run(CLI + ["link", "--db", str(db)], capture_output=True, text=True, timeout=300, env=env)
    assert second.returncode == 0 and "0 documents linked" in second.stdout
    assert_links_consistent(Ledger(db))


def test_sigkill_then_rerun_ends_with_every_document_linked(tmp_path):
    dump = _dump(tmp_path / "dump.jsonl", 120)
    db = tmp_path / "ledger.db"
    cmd = CLI + ["ingest", str(dump), "--db", str(db), "--no-analyze", "-q"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while stored_documents(db) < 25:
        assert proc.poll() is None, f"ingest ended before the kill: {proc.stderr.read().decode()[-2000:]}"
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    killed_at = stored_documents(db)
    assert killed_at < 120 and unlinked(Ledger(db)) == killed_at  # stored, never linked

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    ledger = Ledger(db)
    assert ledger.count() == 120
    assert_links_consistent(ledger)


def _together(paths: list[Path], db: str, analyze: bool = False) -> None:
    procs = [subprocess.Popen(CLI + ["ingest", str(p), "--db", db, "-q"] + ([] if analyze else ["--no-analyze"]),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in paths]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]


def _parts(tmp_path: Path, parts: int, size: int) -> list[Path]:
    records = list(synthetic_records(parts * size, article_bodies(limit=200), seed=11, duplicate_share=0.0))
    paths = []
    for i in range(parts):
        paths.append(tmp_path / f"part{i}.jsonl")
        write_jsonl(records[i * size:(i + 1) * size], paths[-1])
    return paths


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    return request.getfixturevalue("pg_url")


def _relinked_in_one_pass(ledger: Ledger, tmp_path: Path) -> Ledger:
    """The same documents, stored in the same order into a new ledger and linked in one run."""
    from claimledger.link import link_documents

    fresh = Ledger(tmp_path / "one-pass.db")
    for document in ledger.iter_documents():
        fresh.add(ledger.cleaned(document.id))
    link_documents(fresh)
    return fresh


def test_concurrent_ingests_link_like_one_pass_over_the_same_documents(tmp_path, ledger_url):
    """Three ingests at once: stories as one linker would make them from the stored documents in
    their order — no story or group overwritten, no id handed out twice, nothing left unlinked."""
    paths = _parts(tmp_path, 3, 25)
    _together(paths, ledger_url)
    together = Ledger(ledger_url)
    assert together.count() == 75
    assert_links_consistent(together)
    assert story_partition(together) == story_partition(_relinked_in_one_pass(together, tmp_path))


def test_batch_boundaries_do_not_change_the_links(tmp_path):
    """The same documents in the same order, ingested in one run or in three: the same stories."""
    paths = _parts(tmp_path, 3, 25)
    split = Ledger(tmp_path / "split.db")
    for path in paths:
        ingest([str(path)], split, PLAIN)
    whole = Ledger(tmp_path / "whole.db")
    ingest([str(p) for p in paths], whole, PLAIN)
    assert_links_consistent(split)
    assert story_partition(split) == story_partition(whole)


def test_arrival_order_does_not_change_the_links(tmp_path):
    records = list(synthetic_records(40, article_bodies(limit=200), seed=11, duplicate_share=0.0))
    partitions = []
    for name, order in (("forward", records), ("reversed", records[::-1])):
        write_jsonl(order, tmp_path / f"{name}.jsonl")
        ledger = Ledger(tmp_path / f"{name}.db")
        ingest([str(tmp_path / f"{name}.jsonl")], ledger, PLAIN)
        partitions.append(story_partition(ledger))
    assert partitions[0] == partitions[1]


def test_a_ledger_linked_the_old_way_is_relinked_after_the_upgrade(tmp_path):
    """Links made by the greedy linker (schema 0003) are dropped by migration 0004; the next run
    links every document again, the order-free way."""
    from alembic import command
    from sqlalchemy import create_engine

    from claimledger.store.migrations import _config

    dump = _dump(tmp_path / "dump.jsonl", 20)
    db = tmp_path / "old.db"
    ingest([str(dump)], Ledger(db), PLAIN)  # linked at head, then taken back to 0003 with old-style rows
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        command.downgrade(_config(conn), "0003")
        doc = conn.execute(text("SELECT id FROM documents ORDER BY seq LIMIT 1")).scalar()
        conn.execute(text("INSERT INTO stories (id, label, title, size, first_seq, last_seq, state, evidence) "
                          "VALUES (7, 'old', 'old', 1, 1, 1, '{}', '{}')"))
        conn.execute(text("INSERT INTO story_members (unit_id, story_id, doc_id, entry, score, evidence) "
                          "VALUES (:d, 7, :d, NULL, 1.0, '{}')"), {"d": doc})
        conn.execute(text("INSERT INTO link_sketches (doc_id, seq, size, minhash, anchors) "
                          "VALUES (:d, 1, 0, x'', '[]')"), {"d": doc})
    engine.dispose()
    ledger = Ledger(db)  # upgraded on open: the old links are gone
    assert unlinked(ledger) == 20 and _scalar(ledger, "SELECT count(*) FROM stories") == 0
    from claimledger.link import link_documents

    assert len(link_documents(ledger).documents) == 20
    assert_links_consistent(ledger)
    fresh = Ledger(tmp_path / "fresh.db")
    ingest([str(dump)], fresh, PLAIN)
    assert story_partition(ledger) == story_partition(fresh)


def incident_partition(ledger: Ledger) -> set[frozenset[str]]:
    """Incidents as sets of figures ("doc_id:start") and the figure conflicts as sets of figures."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(text("SELECT incident_id, doc_id, start FROM incident_figures")).all()
    incidents: dict[str, set[str]] = {}
    for incident_id, doc_id, start in rows:
        incidents.setdefault(incident_id, set()).add(f"{doc_id}:{start}")
    return {frozenset(figures) for figures in incidents.values()}


def test_concurrent_analysed_ingests_give_the_incidents_of_one_run(tmp_path, ledger_url):
    """Real multi-outlet reports (incidents_dev, the Iguala story) ingested by three processes at
    once: the same incidents and figure conflicts as one sequential run over them."""
    from tests.conftest import require_shared

    docs = sorted((require_shared("incidents_dev") / "docs").glob("*.txt"))[:12]
    paths = [tmp_path / f"part{i}" for i in range(3)]
    for i, folder in enumerate(paths):
        folder.mkdir()
        for doc in docs[i::3]:
            (folder / doc.name).write_text(doc.read_text(encoding="utf-8"), encoding="utf-8")
    _together(paths, ledger_url, analyze=True)
    together = Ledger(ledger_url)
    one_run = Ledger(tmp_path / "one-run.db")
    ingest([str(d) for d in docs], one_run)
    assert together.count() == one_run.count() == 12
    assert incident_partition(together) == incident_partition(one_run) != set()
    figure_conflicts = "SELECT count(*) FROM conflicts WHERE kind = 'figures'"
    assert _scalar(together, figure_conflicts) == _scalar(one_run, figure_conflicts)
