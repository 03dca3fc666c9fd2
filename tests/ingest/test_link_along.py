"""Ingest with worker processes links what it stored in passes while the workers analyse the
rest (``ingest.link_along``), and the ledger is the one a single link at the end makes."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from claimledger.clean import clean_text
from claimledger.demo import sample_text
from claimledger.ingest import ingest
from claimledger.link import LinkSession, link_documents
from claimledger.store import Ledger
from tests.helpers.synth import article_bodies

sys.path.insert(0, str(Path(__file__).parents[1] / "link"))
from test_order_free import links_of  # noqa: E402

import corpus as C  # noqa: E402


def _texts() -> list[str]:
    """The two sample pages, what a syndication chain makes of them, and FNC-1 bodies."""
    express, telegraph = clean_text(sample_text("express")), clean_text(sample_text("telegraph"))
    changed, _, _ = C.copy_with_changed_figure(express)
    paraphrase, _, _ = C.paraphrase(express)
    return [sample_text("express"), sample_text("telegraph"), C.excerpt(express), changed, paraphrase,
            C.entry_as_article(telegraph, 2), *article_bodies(limit=6)]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("inputs")
    paths = []
    for i, text in enumerate(_texts()):
        path = folder / f"{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_workers_ingest_links_in_passes_and_the_ledger_is_that_of_one_link(inputs, tmp_path, monkeypatch):
    from claimledger.ingest import link_along

    runs: list[tuple[str, int | None]] = []  # (thread, documents asked for; None: every unlinked one)
    link = LinkSession.link

    def recorded(self, doc_ids=None, **kwargs):
        ids = None if doc_ids is None else list(doc_ids)
        runs.append((threading.current_thread().name, None if ids is None else len(ids)))
        return link(self, ids, **kwargs)

    monkeypatch.setattr(LinkSession, "link", recorded)
    monkeypatch.setattr(link_along, "PASS_DOCUMENTS", 3)
    along = Ledger(tmp_path / "along.db")
    report = ingest(inputs, along, workers=2, batch_size=2)
    assert report.ok and len(report.added) == len(inputs)

    passes = [n for thread, n in runs if thread == "claimledger-link-along"]
    assert passes == [3] * (len(inputs) // 3)  # every full pass linked on the thread, not at the end
    assert runs[-1] == ("MainThread", None)  # the end links only what is left: here nothing
    assert sorted(report.linked.documents) == sorted(report.added)

    once = Ledger(tmp_path / "once.db")
    assert ingest(inputs, once, link=False).added == report.added
    link_documents(once)
    got, expected = links_of(along), links_of(once)
    assert any(len(s) > 1 for s in expected["stories"]) and expected["conflicts"]  # links to keep
    for key in ("stories", "claim groups", "stances", "incidents", "conflicts"):
        assert got[key] == expected[key], key
    # the summary's new stories are the stories stored (merges across passes: test_link_session)
    assert f"({len(got['stories'])} new stories)" in report.linked.summary()


def test_a_pass_that_fails_on_the_thread_is_linked_again_at_the_end_and_said(inputs, tmp_path, monkeypatch):
    from claimledger.ingest import link_along

    link = LinkSession.link
    failed = []

    def first_pass_fails(self, doc_ids=None, **kwargs):
        if doc_ids is not None and not failed:
            failed.append(list(doc_ids))
            raise OSError("disk briefly unavailable")
        return link(self, doc_ids, **kwargs)

    monkeypatch.setattr(LinkSession, "link", first_pass_fails)
    monkeypatch.setattr(link_along, "PASS_DOCUMENTS", 3)
    ledger = Ledger(tmp_path / "retried.db")
    report = ingest(inputs[:6], ledger, workers=2, batch_size=2)
    assert failed and report.ok and report.link_error is None
    assert report.link_retried == ["OSError: disk briefly unavailable"]
    assert set(failed[0]) <= set(report.linked.documents)  # the failed pass's documents linked at the end
    assert sorted(report.linked.documents) == sorted(report.added)


def test_once_every_input_is_handed_out_the_passes_are_short(inputs, tmp_path, monkeypatch):
    from claimledger.ingest import link_along

    passes: list[int | None] = []
    link = LinkSession.link

    def recorded(self, doc_ids=None, **kwargs):
        passes.append(None if doc_ids is None else len(list(doc_ids)))
        return link(self, doc_ids, **kwargs)

    monkeypatch.setattr(LinkSession, "link", recorded)
    monkeypatch.setattr(link_along, "TAIL_PASS_DOCUMENTS", 2)
    ledger = Ledger(tmp_path / "ledger.db")
    added = ingest(inputs[:7], ledger, link=False).added
    along = link_along.LinkAlong(ledger, pass_documents=4)
    for doc_id in added[:3]:
        along.stored(doc_id)
    along.closing()  # the 3 waiting make a pass now; then passes of 2
    for doc_id in added[3:]:
        along.stored(doc_id)
    report = along.finish()
    assert passes == [3, 2, 2, None]
    assert sorted(report.documents) == sorted(added)
