"""ingest: inputs → clean → analyze → assess → store → link, the one pipeline entry.

``ingest(inputs, ledger, options)`` is what ``claimledger ingest``, ``claimledger demo`` and
the HTTP API (through ``ingest_document``) call.  Inputs are read one at a time, grouped in
small batches and handed to an engine (this process, ``workers`` processes, or Ray) that
cleans, analyses and assesses them; this process stays the only writer and stores a batch's
documents in one transaction (each in its own where that fails), with the keys of their raw
inputs.  So memory stays flat as the corpus grows, and a batch killed at any moment is
finished by running it again (stored inputs are skipped unread).  Each input becomes a stored document, a duplicate (same
content hash) or a failure with its reason; a failure never stops the batch or touches
what is stored.  Unless ``options.link`` is off, the documents are linked too: with worker
processes, in passes on a thread of this process while the workers analyse the next ones
(``link_along``); last, every stored document not linked yet is linked — the rest of this
run and those a killed run left behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from claimledger import timings
from claimledger.errors import bounded
from claimledger.ingest.batch import Options, Ready, clean_input, input_key
from claimledger.ingest.engines import Batch, Engine, batch_gc, make_engine
from claimledger.ingest.link_along import LinkAlong
from claimledger.ingest.options import IngestOptions, ProgressFn
from claimledger.ingest.sources import InputFailure, RawInput, iter_inputs, storable
from claimledger.store import Ledger, NewDocument
from claimledger.store.ingest_runs import KEPT_FAILURES

if TYPE_CHECKING:
    from claimledger.link import LinkReport

__all__ = ["IngestOptions", "IngestReport", "clean_input", "ingest", "ingest_document", "ingest_items"]

API_SOURCE = "api:POST /api/documents"


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # document ids, in order
    duplicates: list[str] = field(default_factory=list)  # sources skipped as already stored
    failures: list[InputFailure] = field(default_factory=list)
    keep_ids: bool = True  # False: count added/duplicates without keeping them (huge batches)
    n_added: int = 0
    n_duplicates: int = 0
    linked: LinkReport | None = None  # what the link stage did at the end (None: not run)
    link_error: str | None = None  # why linking failed (the documents stay stored; `claimledger link`)
    link_retried: list[str] = field(default_factory=list)  # why passes linked along the way failed (linked again at the end)
    duplicate_ids: list[str] = field(default_factory=list)  # ids of the stored documents the duplicates are
    timings: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage (``options.timings``)

    @property
    def ok(self) -> bool:
        return not self.failures and self.link_error is None

    def summary(self) -> str:
        added, duplicates = (len(self.added), len(self.duplicates)) if self.keep_ids else (self.n_added, self.n_duplicates)
        return f"{added} ingested, {duplicates} skipped as duplicate, {len(self.failures)} failed"

    def _add(self, doc_id: str) -> None:
        self.n_added += 1
        if self.keep_ids:
            self.added.append(doc_id)

    def _duplicate(self, source: str, doc_id: str | None = None) -> None:
        self.n_duplicates += 1
        if self.keep_ids:
            self.duplicates.append(source)
            if doc_id:
                self.duplicate_ids.append(doc_id)

    def _fail(self, failure: InputFailure, note: ProgressFn) -> None:
        self.failures.append(failure)
        note(failure.source, "failed")


def _options(options: IngestOptions | None, overrides: dict[str, Any]) -> IngestOptions:
    """``options`` with keyword overrides (``ingest(paths, ledger, analyze=False)`` still works)."""
    opts = replace(options or IngestOptions(), **overrides) if overrides else (options or IngestOptions())
    opts.check()
    return opts


def ingest(inputs: Iterable[str], ledger: Ledger, options: IngestOptions | None = None,
           **overrides: Any) -> IngestReport:
    """Ingest everything ``inputs`` names (paths, folders, globs, ``-``, URLs) into ``ledger``, then link.

    Keyword ``overrides`` replace fields of ``options`` (see ``IngestOptions``).
    """
    opts = _options(options, overrides)
    targets = [str(t) for t in inputs]
    items = iter_inputs(targets, allow_private=opts.allow_private, max_bytes=opts.max_bytes, stdin=opts.stdin)
    return ingest_items(items, ledger, opts, targets=targets)


def ingest_document(ledger: Ledger, body: str, *, kind: str = "text", fields: dict[str, str] | None = None,
                    source: str | None = None, options: IngestOptions | None = None) -> IngestReport:
    """Ingest one document given as text or HTML (the API's POST): the same path as ``ingest``."""
    fields = {k: v for k, v in (fields or {}).items() if v}
    item = RawInput(source or fields.get("url") or API_SOURCE, body, kind, fields)
    return ingest_items([item], ledger, options, targets=[item.source])


def ingest_items(items: Iterable[RawInput | InputFailure], ledger: Ledger, options: IngestOptions | None = None,
                 *, targets: list[str] | None = None) -> IngestReport:
    """Clean, analyse, store (and link) already read inputs; the stage every entry above ends in."""
    opts = options or IngestOptions()
    was_on = timings.enabled()
    timings.enable(opts.timings or was_on)
    runner = _engine(ledger, opts)
    runner.prepare()  # worker processes load their models while this one sets up the linking
    along = _link_along(ledger, opts)
    was_per_thread = timings.per_thread(along is not None)  # the link thread's CPU is not the store's
    with batch_gc(freeze=True):  # records by the ten thousand, few kept (restored on return)
        return _run(runner, along, items, ledger, opts, targets or [], was_on, was_per_thread)


def _run(runner: Engine, along: LinkAlong | None, items: Iterable[RawInput | InputFailure], ledger: Ledger,
         opts: IngestOptions, targets: list[str], was_on: bool, was_per_thread: bool) -> IngestReport:
    try:
        try:
            report = _store_all(runner, items, ledger, opts, targets, along)
        except BaseException:
            if along:
                along.stop(drop_queued=True)
            raise
        if opts.link:
            start = timings.now()
            _link(ledger, report, opts, along)
            timings.lap("link", start)
    finally:
        timings.enable(was_on)
        timings.per_thread(was_per_thread)
    if opts.timings:
        report.timings = timings.take()
    return report


def _link_along(ledger: Ledger, opts: IngestOptions) -> LinkAlong | None:
    """A thread linking the stored documents in passes while worker processes analyse the next
    ones; None where linking waits for the end: no link stage, no worker processes (a thread
    of this process would take the analysis's time), or a ledger one connection holds (in memory)."""
    pooled = opts.engine == "ray" or opts.workers > 1 or opts.isolate
    if not (opts.link and pooled and _readable_url(ledger)):
        return None
    return LinkAlong(ledger, use_model=opts.use_model)


def _link(ledger: Ledger, report: IngestReport, opts: IngestOptions, along: LinkAlong | None) -> None:
    """Link every stored, unlinked document; a failure is reported, the documents stay stored."""
    from claimledger.link import link_documents

    try:
        if along is not None:
            report.linked = along.finish(progress=opts.on_link)
            report.link_retried = [bounded(why) for why in along.failed]
        else:
            report.linked = link_documents(ledger, use_model=opts.use_model, progress=opts.on_link)
    except Exception as exc:  # noqa: BLE001 — reported; `claimledger link` finishes it later
        report.link_error = bounded(f"linking failed ({type(exc).__name__}: {exc}); run `claimledger link`")


def _engine(ledger: Ledger, opts: IngestOptions) -> Engine:
    worker_options = Options(analyze=opts.analyze, year=opts.year, ledger_url=_readable_url(ledger),
                             timings=opts.timings)
    return make_engine(opts.engine, worker_options, workers=opts.workers, address=opts.address,
                       item_timeout=opts.item_timeout, runtime_env=opts.ray_runtime_env,
                       isolate=opts.isolate, memory_budget=opts.memory_budget,
                       known=lambda ids: {i for i in ids if ledger.has(i)})


def _store_all(runner: Engine, items: Iterable[RawInput | InputFailure], ledger: Ledger, opts: IngestOptions,
               targets: list[str], along: LinkAlong | None = None) -> IngestReport:
    report = IngestReport(keep_ids=opts.keep_ids)
    note = opts.on_document or (lambda source, outcome: None)
    run_id = ledger.start_ingest_run([storable(t) for t in targets], opts.engine)
    status = "interrupted"
    try:
        waiting: dict[str, list[str]] = {}  # key of an input in flight → sources of its later copies
        batches = _batches(items, ledger, report, note, waiting, opts.batch_size, along.closing if along else None)
        for batch, outcomes in runner.run(batches):
            start = timings.now()
            stored = _store_batch(ledger, list(zip(batch.keys, outcomes)))
            for key, outcome in zip(batch.keys, outcomes):
                doc_id = _store(ledger, report, note, key, outcome, waiting.pop(key, []), stored.get(key))
                if doc_id and along:
                    along.stored(doc_id)
            timings.lap("store", start)
        status = "done"
    finally:
        try:
            ledger.finish_ingest_run(run_id, added=report.n_added, duplicates=report.n_duplicates,
                                     failed=len(report.failures), status=status, failures=_kept(report.failures))
        except Exception:
            if status == "done":  # else the error that stopped the batch is the one to see
                raise
    return report


def _kept(failures: list[InputFailure]) -> list[tuple[str, str]]:
    """The failures a run record keeps, as storable (source, reason) pairs."""
    return [(storable(f.source), storable(f.reason)) for f in failures[:KEPT_FAILURES]]


def _readable_url(ledger: Ledger) -> str | None:
    """The ledger's URL if worker processes can open it too (not an in-memory SQLite)."""
    url = ledger.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def _batches(items: Iterable[RawInput | InputFailure], ledger: Ledger, report: IngestReport,
             note: ProgressFn, waiting: dict[str, list[str]], size: int,
             at_end: Callable[[], None] | None = None) -> Iterator[Batch]:
    """New inputs in batches of ``size``; failures, stored inputs and copies of inputs in flight are
    settled here.  ``at_end()`` is called once the last batch is handed out."""
    pending: list[tuple[str, RawInput]] = []

    def flush() -> Batch | None:
        stored = ledger.known_inputs([key for key, _ in pending])
        batch = Batch([])
        for key, item in pending:
            if key in stored:
                for source in [item.source] + waiting.pop(key, []):
                    report._duplicate(source, stored[key])
                    note(source, "duplicate")
            else:
                batch.items.append(item)
                batch.keys.append(key)
        pending.clear()
        return batch if batch.items else None

    for item in items:
        if isinstance(item, InputFailure):
            report._fail(item, note)
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
    if at_end:
        at_end()


def _store_batch(ledger: Ledger, outcomes: list[tuple[str, Ready | InputFailure]]) -> dict[str, str]:
    """Store a batch's ready documents in one transaction (one statement per table, not per
    document); input key → "added" or "duplicate".  Empty when that failed: nothing is written,
    and each document is then stored in a transaction of its own, so one bad document fails alone."""
    ready = [(key, o) for key, o in outcomes if isinstance(o, Ready)]
    if len(ready) < 2:
        return {}
    try:
        results = ledger.add_many([NewDocument(o.cleaned, o.analysis, o.raw, key) for key, o in ready])
    except Exception:  # noqa: BLE001 — redone document by document, each failure with its own reason
        return {}
    return {key: result for (key, _), result in zip(ready, results)}


def _store(ledger: Ledger, report: IngestReport, note: ProgressFn, key: str,
           outcome: Ready | InputFailure, copies: list[str], stored: str | None = None) -> str | None:
    """Store one outcome (its own transaction, unless ``stored`` says how the batch's stored it)
    and settle the copies of the same input with it; the id of the document when it was added."""
    if isinstance(outcome, InputFailure):
        for failure in [outcome] + [InputFailure(source, outcome.reason) for source in copies]:
            report._fail(failure, note)
        return None
    doc = outcome.cleaned.document
    try:
        result = stored or ledger.add(outcome.cleaned, outcome.analysis, raw=outcome.raw, input_key=key)
    except Exception as exc:  # the transaction rolled back: nothing half-written
        reason = f"storing failed ({type(exc).__name__}: {exc})"
        for source in [outcome.source] + copies:
            report._fail(InputFailure(source, reason), note)
        return None
    if result == "added":
        report._add(doc.id)
        if outcome.problem:
            report.failures.append(InputFailure(outcome.source, outcome.problem))
    else:
        report._duplicate(outcome.source, doc.id)
    note(outcome.source, result)
    for source in copies:
        report._duplicate(source, doc.id)
        note(source, "duplicate")
    return doc.id if result == "added" else None
