"""The parent stores a batch's documents in one transaction; when that fails, each document is
stored on its own, so the one that cannot be stored fails alone with its reason."""

from __future__ import annotations

import claimledger.store.ledger as ledger_module
from claimledger.demo import sample_text
from claimledger.ingest import ingest
from claimledger.store import Ledger


def _inputs(tmp_path):
    express, telegraph = sample_text("express"), sample_text("telegraph")
    texts = {"express.txt": express, "telegraph.txt": telegraph, "express-half.txt": express[: len(express) // 2],
             "express-copy.txt": express}  # the same document again: a duplicate
    for name, body in texts.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    return [str(tmp_path / name) for name in texts]


def test_a_batch_is_stored_in_one_transaction(tmp_path, monkeypatch):
    ledger = Ledger(tmp_path / "ledger.db")
    calls = []
    original = ledger_module.insert_documents
    monkeypatch.setattr(ledger_module, "insert_documents", lambda s, d, docs, *a: calls.append(len(docs)) or original(s, d, docs, *a))
    report = ingest(_inputs(tmp_path), ledger, analyze=False, link=False)
    assert report.ok and len(report.added) == 3 and len(report.duplicates) == 1
    assert calls == [3] and ledger.count() == 3


def test_a_document_that_cannot_be_stored_fails_alone(tmp_path, monkeypatch):
    ledger = Ledger(tmp_path / "ledger.db")
    original = ledger_module.insert_documents

    def refuse_telegraph(session, dialect, docs, *rest):
        if any("Vuhledar" in d.cleaned.document.text or "Vugledar" in d.cleaned.document.text for d in docs):
            raise ValueError("no room for this one")
        return original(session, dialect, docs, *rest)

    monkeypatch.setattr(ledger_module, "insert_documents", refuse_telegraph)
    report = ingest(_inputs(tmp_path), ledger, analyze=False, link=False)
    assert [f.source.rsplit("/", 1)[-1] for f in report.failures] == ["telegraph.txt"]
    assert "storing failed (ValueError: no room for this one)" in report.failures[0].reason
    assert len(report.added) == 2 and len(report.duplicates) == 1 and ledger.count() == 2
