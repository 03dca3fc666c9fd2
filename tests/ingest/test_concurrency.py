"""Concurrent writers store every document once; pooled workers survive crashing and hanging inputs."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, text

from claimledger.demo import sample_path
from claimledger.ingest import RawInput, ingest, iter_inputs
from claimledger.ingest.batch import Options, Ready, clean_input
from claimledger.ingest.engines import Batch, ProcessEngine
from claimledger.store import Ledger
from tests.helpers.synth import article_bodies, synthetic_records, write_jsonl

CLI = [sys.executable, "-m", "claimledger.cli", "ingest", "--no-analyze", "--no-link", "-q"]


def _overlapping_dumps(folder: Path, parts: int, size: int = 80, overlap: int = 40) -> tuple[list[Path], set[str]]:
    """``parts`` JSONL dumps sharing records (every other one reversed, so writers meet on the same ids)."""
    total = size + (parts - 1) * (size - overlap)
    records = list(synthetic_records(total, article_bodies(limit=200), seed=21, duplicate_share=0.02))
    paths = []
    for i in range(parts):
        chunk = records[i * (size - overlap): i * (size - overlap) + size]
        paths.append(folder / f"dump{i}.jsonl")
        write_jsonl(chunk[::-1] if i % 2 else chunk, paths[-1])
    write_jsonl(records, folder / "all.jsonl")
    expected = {clean_input(item).document.id for item in iter_inputs([str(folder / "all.jsonl")])
                if isinstance(item, RawInput)}
    return paths, expected


def _run_together(paths: list[Path], db: str) -> None:
    procs = [subprocess.Popen(CLI + [str(p), "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in paths]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err[-2000:]


def _assert_each_once(ledger: Ledger, expected: set[str]) -> None:
    ids = [d["id"] for d in ledger.documents()]
    assert len(ids) == len(set(ids)) == len(expected) and set(ids) == expected
    with ledger.engine.connect() as conn:
        segments = dict(conn.execute(text("SELECT doc_id, count(*) FROM segments GROUP BY doc_id")).all())
    for doc_id in ids:  # no document written twice over itself or half-written
        assert segments[doc_id] == len(ledger.segments(doc_id)) > 0


def test_two_processes_into_one_sqlite_ledger(tmp_path):
    paths, expected = _overlapping_dumps(tmp_path, 2)
    db = tmp_path / "shared.db"
    Ledger(db)  # created before the race, as a team's ledger would be
    _run_together(paths, str(db))
    ledger = Ledger(db)
    _assert_each_once(ledger, expected)
    with ledger.engine.connect() as conn:
        fts = conn.execute(text("SELECT count(*) FROM segments_fts")).scalar()
        segments = conn.execute(text("SELECT count(*) FROM segments")).scalar()
    assert fts == segments


def test_several_processes_into_postgresql(tmp_path, pg_url):
    paths, expected = _overlapping_dumps(tmp_path, 3, size=50, overlap=25)
    Ledger(pg_url)
    _run_together(paths, pg_url)
    _assert_each_once(Ledger(pg_url), expected)


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'race.db'}"
    return request.getfixturevalue("pg_url")


def test_same_document_stored_meanwhile_by_another_writer_is_a_duplicate(ledger_url, express):
    mine, theirs = Ledger(ledger_url), Ledger(ledger_url)
    raced = []

    @event.listens_for(mine.engine, "before_cursor_execute")
    def other_writer_first(conn, cursor, statement, params, context, executemany):
        # between this writer's "is it stored?" check and its insert, the other one stores it
        if statement.lstrip().upper().startswith("INSERT INTO DOCUMENTS") and not raced:
            raced.append(theirs.add(express))

    assert mine.add(express, input_key="key-of-the-raw-input") == "duplicate"
    assert raced == ["added"]
    assert mine.count() == 1 and len(mine.segments(express.document.id)) == len(express.segments)
    assert set(mine.known_inputs(["key-of-the-raw-input", "other"])) == {"key-of-the-raw-input"}


def _items(texts: list[str]) -> list[RawInput]:
    return [RawInput(f"in{i}", t, "text") for i, t in enumerate(texts)]


def test_worker_crash_and_hang_fail_only_their_input():
    good = "Shelling hit Kherson overnight, the regional governor said on {}.\n"
    texts = [good.format(day) for day in ("Monday", "Tuesday")] + ["CRASH-WORKER " + good.format("Friday")]
    texts += [good.format("Wednesday"), "HANG-WORKER " + good.format("Sunday"), good.format("Thursday")]
    engine = ProcessEngine(Options(analyze=False, plugins=("_ingest_faults",)), workers=2, item_timeout=3)
    batches = [Batch(_items(texts[:3])), Batch(_items(texts[3:]))]
    out = [outcome for _, outcomes in engine.run(batches) for outcome in outcomes]
    assert [type(o).__name__ for o in out] == ["Ready", "Ready", "InputFailure", "Ready", "InputFailure", "Ready"]
    assert "worker process died" in out[2].reason and "timed out" in out[4].reason
    assert [o.cleaned.document.text for o in out if isinstance(o, Ready)] == [t for t in texts if "-WORKER" not in t]


def test_engine_pulls_batches_only_as_the_window_allows():
    pulled = itertools.count()

    def endless():
        for n in pulled:
            yield Batch(_items([f"Report {n}: troops advanced near Bakhmut, officials said.\n"]))

    engine = ProcessEngine(Options(analyze=False), workers=2, window=4)
    results = engine.run(endless())
    for _ in range(10):
        next(results)
    results.close()  # stops the workers
    assert next(pulled) <= 10 + 4 + 1


def test_worker_processes_analyse_like_one_process(tmp_path):
    targets = [str(sample_path("express")), str(sample_path("telegraph"))]  # one batch: one worker loads spaCy
    one, pooled = Ledger(tmp_path / "one.db"), Ledger(tmp_path / "pooled.db")
    expected = ingest(targets, one, analyze=True, link=False)
    report = ingest(targets, pooled, analyze=True, workers=2, link=False)
    assert report.added == expected.added and len(report.added) == 2
    assert [(f.source, f.reason) for f in report.failures] == [(f.source, f.reason) for f in expected.failures]
    for doc_id in report.added:
        assert pooled.status(doc_id) == one.status(doc_id)
        assert pooled.analysis(doc_id).to_dict() == one.analysis(doc_id).to_dict()
        assert pooled.document(doc_id) == one.document(doc_id)


def test_an_input_over_the_memory_budget_fails_alone():
    good = "Shelling hit Kherson overnight, the regional governor said on {}.\n"
    texts = [good.format("Monday"), "HOG-MEMORY " + good.format("Friday"), good.format("Tuesday")]
    engine = ProcessEngine(Options(analyze=False, plugins=("_ingest_faults",)), workers=1, item_timeout=60,
                           memory_budget=400 << 20)
    out = [outcome for _, outcomes in engine.run([Batch(_items(texts))]) for outcome in outcomes]
    assert [type(o).__name__ for o in out] == ["Ready", "InputFailure", "Ready"]
    assert "over the memory budget" in out[1].reason


def test_one_isolated_worker_keeps_the_budgets():
    from claimledger.ingest.engines import make_engine

    engine = make_engine("local", Options(analyze=False), workers=1, isolate=True, item_timeout=5,
                         memory_budget=1 << 30)
    assert isinstance(engine, ProcessEngine) and engine.item_timeout == 5 and engine.memory_budget == 1 << 30
