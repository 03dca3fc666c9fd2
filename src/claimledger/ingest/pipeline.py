"""ingest: inputs → clean → analyze → store, as a bounded stream of batches.

``ingest`` is what ``claimledger ingest`` calls.  Inputs are read one at a time, grouped in
small batches and handed to an engine (this process, ``workers`` processes, or Ray) that
cleans and analyses them; this process stays the only writer and stores each document in
its own transaction, with the key of its raw input.  So memory stays flat as the corpus
grows, and a batch killed at any moment is finished by running it again (stored inputs are
skipped unread).  Each input becomes a stored document, a duplicate (same content hash) or
a failure with its reason; a failure never stops the batch or touches what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from claimledger.ingest.batch import Options, Ready, clean_input, input_key
from claimledger.ingest.decode import DEFAULT_MAX_BYTES
from claimledger.ingest.engines import Batch, make_engine
from claimledger.ingest.resume import finish_run, known_inputs, start_run
from claimledger.ingest.sources import InputFailure, RawInput, iter_inputs
from claimledger.store import Ledger

__all__ = ["IngestReport", "clean_input", "ingest"]

DEFAULT_BATCH = 32


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # document ids, in order
    duplicates: list[str] = field(default_factory=list)  # sources skipped as already stored
    failures: list[InputFailure] = field(default_factory=list)
    keep_ids: bool = True  # False: count added/duplicates without keeping them (huge batches)
    n_added: int = 0
    n_duplicates: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        added, duplicates = (len(self.added), len(self.duplicates)) if self.keep_ids else (self.n_added, self.n_duplicates)
        return f"{added} ingested, {duplicates} skipped as duplicate, {len(self.failures)} failed"

    def _add(self, doc_id: str) -> None:
        self.n_added += 1
        if self.keep_ids:
            self.added.append(doc_id)

    def _duplicate(self, source: str) -> None:
        self.n_duplicates += 1
        if self.keep_ids:
            self.duplicates.append(source)


def ingest(
    targets: Iterable[str],
    ledger: Ledger,
    *,
    analyze: bool = True,
    year: int | None = None,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int = 1,
    on_document: Callable[[str, str], None] | None = None,
    stdin=None,
    engine: str = "local",
    address: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    item_timeout: float | None = None,
    keep_ids: bool = True,
) -> IngestReport:
    """Ingest everything ``targets`` names into ``ledger``; ``on_document(source, outcome)`` reports progress.

    ``engine="local"`` runs clean+analyze here (``workers=1``) or in ``workers`` processes;
    ``engine="ray"`` on Ray (a local instance, or the cluster at ``address``).
    ``item_timeout``: seconds a pooled worker may go without progress before its input fails.
    """
    targets = list(targets)
    report = IngestReport(keep_ids=keep_ids)
    note = on_document or (lambda source, outcome: None)
    options = Options(analyze=analyze, year=year, ledger_url=_readable_url(ledger))
    runner = make_engine(engine, options, workers=workers, address=address, item_timeout=item_timeout,
                         known=lambda ids: {i for i in ids if ledger.has(i)})
    run_id = start_run(ledger, targets, engine)
    status = "interrupted"
    try:
        items = iter_inputs(targets, allow_private=allow_private, max_bytes=max_bytes, stdin=stdin)
        waiting: dict[str, list[str]] = {}  # key of an input in flight → sources of its later copies
        for batch, outcomes in runner.run(_batches(items, ledger, report, note, waiting, max(1, batch_size))):
            for key, outcome in zip(batch.keys, outcomes):
                _store(ledger, report, note, key, outcome, waiting.pop(key, []))
        status = "done"
    finally:
        try:
            finish_run(ledger, run_id, added=report.n_added, duplicates=report.n_duplicates,
                       failed=len(report.failures), status=status)
        except Exception:
            if status == "done":  # else the error that stopped the batch is the one to see
                raise
    return report


def _readable_url(ledger: Ledger) -> str | None:
    """The ledger's URL if worker processes can open it too (not an in-memory SQLite)."""
    url = ledger.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def _batches(items: Iterable[RawInput | InputFailure], ledger: Ledger, report: IngestReport,
             note: Callable[[str, str], None], waiting: dict[str, list[str]], size: int) -> Iterator[Batch]:
    """New inputs in batches of ``size``; failures, stored inputs and copies of inputs in flight are settled here."""
    pending: list[tuple[str, RawInput]] = []

    def flush() -> Batch | None:
        stored = known_inputs(ledger, [key for key, _ in pending])
        batch = Batch([])
        for key, item in pending:
            if key in stored:
                for source in [item.source] + waiting.pop(key, []):
                    report._duplicate(source)
                    note(source, "duplicate")
            else:
                batch.items.append(item)
                batch.keys.append(key)
        pending.clear()
        return batch if batch.items else None

    for item in items:
        if isinstance(item, InputFailure):
            report.failures.append(item)
            note(item.source, "failed")
            continue
        key = input_key(item)
        if key in waiting:  # the same raw input is already on its way: settled with it
            waiting[key].append(item.source)
            continue
        waiting[key] = []
        pending.append((key, item))
        if len(pending) >= size:
            batch = flush()
            if batch:
                yield batch
    if pending:
        batch = flush()
        if batch:
            yield batch


def _store(ledger: Ledger, report: IngestReport, note: Callable[[str, str], None], key: str,
           outcome: Ready | InputFailure, copies: list[str]) -> None:
    """Store one outcome (its own transaction) and settle the copies of the same input with it."""
    if isinstance(outcome, InputFailure):
        for failure in [outcome] + [InputFailure(source, outcome.reason) for source in copies]:
            report.failures.append(failure)
            note(failure.source, "failed")
        return
    doc = outcome.cleaned.document
    try:
        result = ledger.add(outcome.cleaned, outcome.analysis, raw=outcome.raw, input_key=key)
    except Exception as exc:  # the transaction rolled back: nothing half-written
        reason = f"storing failed ({type(exc).__name__}: {exc})"
        for source in [outcome.source] + copies:
            report.failures.append(InputFailure(source, reason))
            note(source, "failed")
        return
    if result == "added":
        report._add(doc.id)
        if outcome.problem:
            report.failures.append(InputFailure(outcome.source, outcome.problem))
    else:
        report._duplicate(outcome.source)
    note(outcome.source, result)
    for source in copies:
        report._duplicate(source)
        note(source, "duplicate")
