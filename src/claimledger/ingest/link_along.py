"""Linking while the workers analyse: no serial link stage at the end of an ingest.

``LinkAlong`` takes the id of each document the parent stores and, every ``pass_documents``
of them, links them on a thread of its own with one ``LinkSession`` (its indexes loaded
once), while the worker processes go on analysing and the main thread goes on storing.  At
the end only what is left — the last short pass, and documents a killed run left unlinked —
is linked.  Linking is order- and batch-free, so the ledger is the one a single link at the
end gives.  A pass that fails is only logged as failed: the final run links its documents
again and reports the error if it fails too.
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING

from claimledger import timings

if TYPE_CHECKING:
    from claimledger.link import LinkProgress, LinkReport
    from claimledger.store import Ledger

PASS_DOCUMENTS = 256  # stored documents per pass: the last one is all the link work left at the end
TAIL_PASS_DOCUMENTS = 64  # per pass once every input is handed out: less left to link after the last store


class LinkAlong:
    def __init__(self, ledger: Ledger, *, use_model: bool = False, pass_documents: int | None = None):
        from claimledger.link import LinkSession

        self.session = LinkSession(ledger, use_model=use_model)
        self.pass_documents = max(1, pass_documents or PASS_DOCUMENTS)
        self.passes = 0  # passes linked on the thread
        self.failed: list[str] = []  # why passes failed (their documents are linked again at the end)
        self._waiting: list[str] = []
        self._queue: queue.Queue[list[str] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="claimledger-link-along", daemon=True)
        self._thread.start()

    def stored(self, doc_id: str) -> None:
        """A document the parent has just stored (committed): linked with the next pass."""
        self._waiting.append(doc_id)
        if len(self._waiting) >= self.pass_documents:
            self._queue.put(self._waiting)
            self._waiting = []

    def closing(self) -> None:
        """Every input is handed to the workers: shorter passes from now on, so the documents
        stored last leave little to link once the workers are done."""
        self.pass_documents = min(self.pass_documents, TAIL_PASS_DOCUMENTS)
        if len(self._waiting) >= self.pass_documents:
            self._queue.put(self._waiting)
            self._waiting = []

    def stop(self, *, drop_queued: bool = False) -> None:
        """End the thread once it has linked the passes handed to it (the pass it is in, with
        ``drop_queued``: the ingest was stopped).  Documents not linked stay stored, unlinked."""
        if drop_queued:
            while True:
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    break
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def finish(self, progress: LinkProgress | None = None) -> LinkReport:
        """After the last document is stored: every stored, unlinked document linked; every run's report."""
        self.stop()
        self.session.link(progress=progress)
        return self.session.report

    def _run(self) -> None:
        while (doc_ids := self._queue.get()) is not None:
            start = timings.now()
            try:
                self.session.link(doc_ids)
                self.passes += 1
            except Exception as exc:  # noqa: BLE001 — the final run links these documents again
                self.failed.append(f"{type(exc).__name__}: {exc}")
            timings.lap("link", start)
