"""Resume: a batch killed at any moment (SIGKILL) and run again ends with exactly the expected documents."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from claimledger.ingest import RawInput, ingest, ingest_runs, iter_inputs
from claimledger.ingest import batch as batch_module
from claimledger.ingest.batch import clean_input
from claimledger.store import Ledger
from tests.helpers.ledger_file import stored_documents
from tests.helpers.synth import article_bodies, synthetic_records, write_jsonl

CLI = [sys.executable, "-m", "claimledger.cli", "ingest", "--no-analyze", "--no-link", "-q"]


def _corpus(path: Path, n: int, seed: int = 5) -> Path:
    write_jsonl(synthetic_records(n, article_bodies(limit=300), seed=seed, html_share=0.05), path)
    return path


def _expected(path: Path) -> dict[str, list[tuple[str, int, int]]]:
    """Document id → its segments (kind, start, end), from cleaning every input here."""
    out = {}
    for item in iter_inputs([str(path)]):
        assert isinstance(item, RawInput)
        cleaned = clean_input(item)
        out.setdefault(cleaned.document.id, [(s.kind, s.start, s.end) for s in cleaned.segments])
    return out


def _kill_when(cmd: list[str], db: Path, stored: int) -> None:
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while stored_documents(db) < stored:
        assert proc.poll() is None, f"ingest ended before the kill: {proc.stderr.read().decode()[-2000:]}"
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def _children(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        kids = [p for p, parent in parents.items() if parent == current]
        found.extend(kids)
        frontier.extend(kids)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigkill_mid_batch_then_rerun_stores_exactly_the_expected_documents(tmp_path):
    source = _corpus(tmp_path / "dump.jsonl", 220)
    expected = _expected(source)
    db = tmp_path / "ledger.db"
    cmd = CLI + [str(source), "--db", str(db)]

    _kill_when(cmd, db, 30)  # the whole process group: killed between (or inside) document transactions
    first = stored_documents(db)
    assert 30 <= first < len(expected)

    # worker processes too, and only the parent killed (as an OOM killer would): no worker outlives it
    proc = subprocess.Popen(cmd + ["--workers", "2"], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while stored_documents(db) < first + 40:
            assert proc.poll() is None and time.monotonic() < deadline, "ingest ended or stalled before the kill"
            time.sleep(0.02)
        workers = _children(proc.pid)
        assert workers, "the engine started no worker process"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers), "orphaned workers kept running"
    finally:
        if _alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    before = stored_documents(db)
    assert before < len(expected)

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]

    ledger = Ledger(db)
    stored = [d["id"] for d in ledger.documents()]
    assert len(stored) == len(set(stored)) == len(expected)  # none lost, none twice
    assert set(stored) == set(expected)
    for doc_id in stored:  # every document whole: all its segments, nothing half-written
        assert [(s.kind, s.start, s.end) for s in ledger.segments(doc_id)] == expected[doc_id]
        assert ledger.status(doc_id) == "stored"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        fts = conn.execute("SELECT count(*) FROM segments_fts").fetchone()[0]
        assert fts == sum(len(segs) for segs in expected.values())
    runs = ingest_runs(ledger)
    assert [r["status"] for r in runs] == ["done", "interrupted", "interrupted"]
    assert runs[0]["added"] == len(expected) - before and runs[0]["failed"] == 0


def test_rerun_skips_stored_inputs_before_cleaning(tmp_path, monkeypatch):
    records = list(synthetic_records(60, article_bodies(limit=100), seed=3, duplicate_share=0))
    write_jsonl(records[:40], tmp_path / "part.jsonl")
    write_jsonl(records, tmp_path / "all.jsonl")
    ledger = Ledger(tmp_path / "ledger.db")
    first = ingest([str(tmp_path / "part.jsonl")], ledger, analyze=False)
    assert first.ok and len(first.added) == 40

    cleaned = []
    original = batch_module.clean_input
    monkeypatch.setattr(batch_module, "clean_input", lambda item, **kw: cleaned.append(item.source) or original(item, **kw))
    second = ingest([str(tmp_path / "all.jsonl")], ledger, analyze=False)
    assert second.ok and len(second.added) == 20 and len(second.duplicates) == 40
    assert len(cleaned) == 20  # the 40 stored inputs were recognised by their key, not cleaned again
    assert ledger.count() == 60
    assert {ledger.status(doc_id) for doc_id in second.added} == {"stored"}  # stored, not analysed


def test_copies_of_an_input_in_flight_share_its_outcome(tmp_path):
    good = {"text": "Kharkiv was shelled overnight, the regional governor said on Friday morning.\n"}
    bad = {"html": "<html><body><script>var x = 1;</script></body></html>"}
    write_jsonl([good, bad, good, bad, good], tmp_path / "copies.jsonl")
    ledger = Ledger(tmp_path / "ledger.db")
    report = ingest([str(tmp_path / "copies.jsonl")], ledger, analyze=False)
    assert len(report.added) == 1 and len(report.duplicates) == 2
    assert sorted(f.source.rsplit(":", 1)[1] for f in report.failures) == ["2", "4"]
    assert len({f.reason for f in report.failures}) == 1
