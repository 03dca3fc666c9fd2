"""Imported by the ingest forkserver when the workers analyse (``engines._context``).

The spaCy pipeline and the assess models are loaded there once; every worker forked from the
server starts with them in shared, copy-on-write memory instead of loading its own (about two
CPU seconds a worker, paid again whenever a worker is replaced).  One bundled sample page is
then analysed and assessed there too, so what the extractors build on first use (compiled
patterns, gazetteers, lexicons: about half a CPU second) is built once, not once a worker.
Last, the heap is frozen (``freeze_heap``).  Before all that, glibc's allocator is set for
batch work (``ingest.allocator``), which the forked workers inherit.  A model that fails to
load here is simply loaded by the workers, which report the error as they always did.
"""

from __future__ import annotations

import gc

from claimledger.ingest.allocator import tune_allocator


def warm_models() -> None:
    from claimledger.analyze.pipeline import load_nlp
    from claimledger.assess import preload_ingest_models

    load_nlp()
    preload_ingest_models()


def warm_extractors() -> None:
    """Clean, analyse and assess one bundled page (the outcome is dropped), and parse one
    date through dateparser (it compiles its time-zone patterns on first use, which the page
    does not reach)."""
    from claimledger.analyze.times import prepare_date_parser
    from claimledger.demo import sample_text
    from claimledger.ingest.batch import Options, process_batch
    from claimledger.ingest.sources import RawInput

    process_batch([RawInput("warm-up", sample_text("express"), "text", {})], Options())
    prepare_date_parser()


def freeze_heap() -> None:
    """Collect, then move every object alive to the collector's permanent generation: the
    workers' collections no longer walk the models' millions of objects (about 3 CPU ms a
    document, a fifth of it left), nor write to their pages (copy-on-write stays shared)."""
    gc.collect()
    gc.freeze()


tune_allocator()  # before the models load: the workers fork with the allocator set
try:
    warm_models()
    warm_extractors()
except Exception:  # noqa: BLE001 — the workers load (and report) what could not be loaded here
    pass
freeze_heap()
