"""An ingest tunes the garbage collector for its batch and leaves it as it found it."""

from __future__ import annotations

import gc

from claimledger.demo import sample_text
from claimledger.ingest.engines import BATCH_GC_THRESHOLDS, batch_gc
from claimledger.ingest.pipeline import ingest_document
from claimledger.store import Ledger


def test_ingest_restores_the_callers_collector_settings(tmp_path):
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    gc.set_threshold(1234, 11, 12)
    try:
        ledger = Ledger(tmp_path / "ledger.db")
        report = ingest_document(ledger, sample_text("express"), source="express")
        assert report.ok and len(report.added) == 1
        assert ledger.has(report.added[0])
        assert gc.get_threshold() == (1234, 11, 12)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.set_threshold(*before)


def test_batch_gc_freezes_what_exists_and_unfreezes_it_even_after_an_error():
    if gc.get_freeze_count():  # another test froze the heap (the forkserver preload): nothing to see here
        gc.unfreeze()
    try:
        with batch_gc(freeze=True):
            assert gc.get_freeze_count() > 0 and gc.get_threshold() == BATCH_GC_THRESHOLDS
            raise ValueError("a batch that fails")
    except ValueError:
        pass
    assert gc.get_freeze_count() == 0 and gc.get_threshold() != BATCH_GC_THRESHOLDS
