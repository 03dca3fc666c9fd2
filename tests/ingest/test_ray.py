"""The Ray engine on a local Ray instance writes the same ledger as the local engine."""

from __future__ import annotations

import importlib.util

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.demo import sample_path
from claimledger.ingest import ingest
from claimledger.ingest.engines import ray_available
from claimledger.store import Ledger
from tests.helpers.synth import article_bodies, synthetic_records, write_jsonl

needs_ray = pytest.mark.skipif(not ray_available(), reason='Ray is not installed (pip install "claimledger[ray]")')


@pytest.fixture(scope="module")
def local_ray():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def _inputs(folder) -> list[str]:
    write_jsonl(synthetic_records(40, article_bodies(limit=100), seed=8, html_share=0.2, duplicate_share=0.1),
                folder / "dump.jsonl")
    (folder / "broken.html").write_bytes(b"\x00\x01binary" * 50)
    return [str(sample_path("telegraph")), str(folder / "dump.jsonl"), str(folder / "broken.html"),
            str(sample_path("express"))]


def _snapshot(ledger: Ledger, with_analysis: bool = False) -> list:
    out = []
    for row in ledger.documents():
        doc = ledger.document(row["id"])
        segments = [s.to_dict() for s in ledger.segments(row["id"])]
        analysis = ledger.analysis(row["id"]).to_dict() if with_analysis else None
        out.append((row, doc.to_dict(), segments, analysis))
    return out


@needs_ray
def test_ray_engine_writes_the_same_ledger_as_the_local_engine(tmp_path, local_ray):
    targets = _inputs(tmp_path)
    local, distributed = Ledger(tmp_path / "local.db"), Ledger(tmp_path / "ray.db")
    expected = ingest(targets, local, analyze=False, link=False)
    report = ingest(targets, distributed, analyze=False, engine="ray", workers=2, batch_size=8, link=False)
    assert report.added == expected.added and report.duplicates == expected.duplicates
    assert [(f.source, f.reason) for f in report.failures] == [(f.source, f.reason) for f in expected.failures]
    assert len(report.added) > 30 and report.failures
    assert _snapshot(distributed) == _snapshot(local)


@needs_ray
@pytest.mark.skipif(importlib.util.find_spec("claimledger.analyze.pipeline") is None,
                    reason="the analysis stage (claimledger.analyze.pipeline) is not installed")
def test_ray_engine_analyses_like_the_local_engine(tmp_path, local_ray):
    targets = [str(sample_path("express"))]
    local, distributed = Ledger(tmp_path / "local.db"), Ledger(tmp_path / "ray.db")
    expected = ingest(targets, local, analyze=True, link=False)
    report = ingest(targets, distributed, analyze=True, engine="ray", workers=1, link=False)
    assert report.added == expected.added
    assert [(f.source, f.reason) for f in report.failures] == [(f.source, f.reason) for f in expected.failures]
    assert distributed.status(report.added[0]) == local.status(report.added[0])
    assert _snapshot(distributed, with_analysis=True) == _snapshot(local, with_analysis=True)


def test_cli_rejects_an_unknown_engine_or_a_stray_address(tmp_path):
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    for extra in (["--engine", "spark"], ["--address", "ray://head:10001"]):
        result = runner.invoke(app, ["ingest", str(sample_path("express")), "--db", db, "--no-analyze", *extra])
        assert result.exit_code == 2
    assert Ledger(db).count() == 0
