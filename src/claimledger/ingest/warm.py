"""Imported by the ingest forkserver when the workers analyse (``engines._context``).

The spaCy pipeline and the assess models are loaded there once; every worker forked from the
server starts with them in shared, copy-on-write memory instead of loading its own (about two
CPU seconds a worker, paid again whenever a worker is replaced).  A model that fails to load
here is simply loaded by the workers, which report the error as they always did.
"""

from __future__ import annotations


def warm_models() -> None:
    from claimledger.analyze.pipeline import load_nlp
    from claimledger.assess import preload_ingest_models

    load_nlp()
    preload_ingest_models()


try:
    warm_models()
except Exception:  # noqa: BLE001 — the workers load (and report) what could not be loaded here
    pass
