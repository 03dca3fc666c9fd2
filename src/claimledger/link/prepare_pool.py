"""The new documents of a linking run, read and prepared in order — in worker processes when the run
is large enough to pay for them.

Reading a document's text and analysis and preparing it (``claimledger.link.prepare``) is about
half of what linking a document costs and needs no index, so a worker process does it for the
next chunks while the linker indexes the current one: the two cores of a small machine both
work.  At most ``AHEAD`` chunks per worker wait prepared, so memory stays bounded.  The documents
come back in the order asked for, and prepared in another process they are the same values, so
the links are the same with or without workers.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Iterator

from claimledger.link.doc_reader import LedgerDocs
from claimledger.link.prepare import Prepared, prepare

DocRow = tuple[str, int, str]  # (document id, ingest seq, status)
CHUNK = 100  # documents a worker reads and prepares at a time
AHEAD = 3  # chunks per worker prepared ahead of the linker
MIN_DOCUMENTS = 1000  # fewer new documents than this: preparing them here costs less than starting a worker

_opened: dict[str, Any] = {}  # in a worker: ledger URL -> its Ledger, opened once


def shareable_url(ledger: Any) -> str | None:
    """The URL another process opens the ledger by; None for an in-memory SQLite ledger."""
    url = ledger.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def pool(ledger: Any, new_documents: int, workers: int) -> AbstractContextManager[ProcessPoolExecutor | None]:
    """Worker processes for a run linking ``new_documents``, or None where they would not pay."""
    if workers <= 0 or new_documents < MIN_DOCUMENTS or shareable_url(ledger) is None:
        return nullcontext(None)
    # spawned, not forked: a worker does not share (and count again) the linker's indexes
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def _prepare_chunk(url: str, rows: list[DocRow]) -> list[Prepared]:
    """In a worker: read a chunk's documents and analyses in bulk and prepare each."""
    from claimledger.store import Ledger
    from claimledger.store.link_rows import load_analyses, load_cleaned

    ledger = _opened.get(url)
    if ledger is None:
        ledger = _opened[url] = Ledger(url)
    cleaned = load_cleaned(ledger, [d for d, _, _ in rows])
    analyses = load_analyses(ledger, [d for d, _, status in rows if status == "analyzed"], assessments=False)
    return [prepare(*cleaned[d], seq, analyses.get(d)) for d, seq, _ in rows]


def prepared_documents(ledger: Any, docs: LedgerDocs, todo: list[DocRow], workers: ProcessPoolExecutor | None,
                       count: int = 1) -> Iterator[Prepared]:
    """The documents of ``todo`` prepared, in order: by the ``count`` processes of ``workers`` when
    given, else here, read in chunks through ``docs``."""
    if workers is None:
        docs.expect([d for d, _, _ in todo])
        for doc_id, seq, _status in todo:
            doc, segments = docs.get(doc_id)
            yield prepare(doc, segments, seq, docs.analysis(doc_id))
        return
    url = shareable_url(ledger)
    chunks = iter([todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)])
    waiting: deque[Future[list[Prepared]]] = deque()
    ahead = AHEAD * max(1, count)
    for chunk in chunks:
        waiting.append(workers.submit(_prepare_chunk, url, chunk))
        if len(waiting) >= ahead:
            break
    while waiting:
        done = waiting.popleft().result()
        following = next(chunks, None)
        if following is not None:
            waiting.append(workers.submit(_prepare_chunk, url, following))
        for prepared in done:
            yield prepared.intern()
