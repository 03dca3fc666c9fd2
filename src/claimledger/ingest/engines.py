"""Engines: run batches of raw inputs through clean (+ analyze), hand outcomes back in order.

- ``InlineEngine``: this process (``workers=1``).
- ``ProcessEngine``: N worker processes on this machine.
- ``RayEngine``: Ray actors, on a local instance or an existing cluster (``ray`` extra).

``engine.run(batches)`` is a generator of ``(batch, outcomes)`` in input order.  It pulls a
new batch only while fewer than ``window`` are open, so memory stays flat whatever the size
of the corpus.  In the pooled engines a worker that crashes (segfault, out of memory) or
hangs past ``item_timeout`` is replaced and its batch redone input by input, so the one bad
input fails alone with the reason and the rest of the batch is stored.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator, Sequence

from claimledger import timings
from claimledger.ingest.allocator import tune_allocator
from claimledger.ingest.batch import Options, Outcome, load_plugins, process_batch
from claimledger.ingest.options import ENGINES
from claimledger.ingest.sources import InputFailure, RawInput
from claimledger.store import StoredDocumentIds

__all__ = ["ENGINES", "RUNTIME_ENV_VAR", "Batch", "Engine", "InlineEngine", "ProcessEngine", "RayEngine", "batch_gc",
           "make_engine"]

RUNTIME_ENV_VAR = "CLAIMLEDGER_RAY_RUNTIME_ENV"  # JSON the CLI reads and passes as ray.init(runtime_env=...)


@dataclass
class Batch:
    """Raw inputs the engine works on, with the parent's bookkeeping (input keys) beside them."""

    items: list[RawInput]
    keys: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.items)


def default_timeout(options: Options) -> float:
    """Seconds a worker may go without progress before its input is declared hung."""
    return 600.0 if options.analyze else 120.0


class InlineEngine:
    """Everything in this process: no start-up cost, no isolation (the default for one worker)."""

    def __init__(self, options: Options, known: Callable[[list[str]], set[str]] | None = None):
        self.options = options
        self.known = known

    def prepare(self) -> None:
        """Nothing to start ahead."""

    def run(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, list[Outcome]]]:
        for batch in batches:
            yield batch, process_batch(batch.items, self.options, known=self.known)


# A batch run allocates records by the ten thousand and keeps few: a young collection every 50,000
# new objects, not 700, cuts the collector's time severalfold (a few CPU ms a document in the
# parent and in each worker) and holds no more than about a batch's records uncollected.
BATCH_GC_THRESHOLDS = (50_000, 20, 10)


@contextmanager
def batch_gc(freeze: bool = False):
    """The collector tuned for a batch run while inside; ``freeze``: the objects alive on entry
    (modules, models, the ledger's set-up) are left out of every collection until the exit
    (unless some are frozen already: their owner unfreezes them)."""
    before = gc.get_threshold()
    freeze = freeze and not gc.get_freeze_count()
    if freeze:
        gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if freeze:
            gc.unfreeze()


# --- local worker processes ----------------------------------------------------------------

_MEMORY_POLL = 0.25  # seconds between looks at the workers' memory
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pid: int | None) -> int:
    """Resident memory of process ``pid`` (Linux ``/proc``; 0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _context(options: Options):
    """forkserver where there is one (workers fork from a clean, preloaded server, which holds
    the models already when the workers analyse: ``ingest.warm``), else spawn."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["claimledger.ingest.batch"] + (["claimledger.ingest.warm"] if options.analyze else []))
        return ctx
    return mp.get_context("spawn")


def _watch_parent(parent_pid: int) -> None:
    """Exit when the parent is gone (killed with -9): no orphan keeps analysing for nobody."""
    ppid = os.getppid()
    while True:
        time.sleep(0.5)
        if os.getppid() != ppid:
            os._exit(0)
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass


def _worker_main(conn, options: Options, parent_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    tune_allocator()  # done already where the worker forks from the warmed forkserver
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    load_plugins(options)
    timings.enable(options.timings)
    known = StoredDocumentIds(options.ledger_url) if options.ledger_url and options.analyze else None
    gc.set_threshold(*BATCH_GC_THRESHOLDS)  # a worker does batch runs only, to its end
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job_id, items = message
        outcomes = process_batch(items, options, known=known, tick=lambda: conn.send(("tick", job_id)))
        try:
            conn.send(("done", job_id, outcomes, timings.take()))
        except Exception as exc:  # an outcome that cannot be sent back fails its batch, not the worker
            conn.send(("done", job_id, [InputFailure(item.source, f"result could not be returned ({exc})")
                                        for item in items], timings.take()))


@dataclass
class _Job:
    batch_no: int
    offset: int  # position of items[0] in its batch
    items: list[RawInput]


class _Worker:
    def __init__(self, ctx, options: Options):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, options, os.getpid()), daemon=True,
                                name="claimledger-ingest-worker")
        self.proc.start()
        child.close()
        self.job: _Job | None = None
        self.deadline = 0.0
        self.jobs_done = 0

    def give(self, job: _Job, timeout: float) -> None:
        self.job = job
        self.deadline = time.monotonic() + timeout
        self.conn.send((id(job), job.items))

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(timeout=2)
        self.kill()

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()


TAIL_JOBS_PER_WORKER = 4  # the last queued batches are split into this many jobs per worker


def _split_tail(queue: deque[_Job], workers: int) -> None:
    """Split the queued jobs into about ``TAIL_JOBS_PER_WORKER`` per worker (each input stays in
    its batch, at its offset): the workers then finish within a small job of each other."""
    total = sum(len(job.items) for job in queue)
    size = max(1, -(-total // (TAIL_JOBS_PER_WORKER * workers)))
    jobs = list(queue)
    queue.clear()
    for job in jobs:
        queue.extend(_Job(job.batch_no, job.offset + at, job.items[at:at + size])
                     for at in range(0, len(job.items), size))


class ProcessEngine:
    """``workers`` processes on this machine; the parent stays the only writer."""

    def __init__(self, options: Options, workers: int = 2, *, item_timeout: float | None = None,
                 window: int | None = None, recycle_after: int = 1000, memory_budget: int | None = None):
        self.options = options
        self.workers = max(1, workers)
        self.item_timeout = item_timeout or default_timeout(options)
        self.memory_budget = memory_budget  # bytes of resident memory a worker may use
        self.window = window or 2 * self.workers + 1
        self.recycle_after = recycle_after  # fresh processes now and then keep memory flat

    def prepare(self) -> None:
        """Start the forkserver now: it loads the models while this process does its own set-up
        (opening the ledger, importing the link stage), instead of after it."""
        if _context(self.options).get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()

    def run(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, list[Outcome]]]:
        ctx = _context(self.options)
        pool = [_Worker(ctx, self.options) for _ in range(self.workers)]
        try:
            yield from self._loop(iter(batches), pool, ctx)
        finally:
            for worker in pool:
                worker.stop()

    def _loop(self, source: Iterator[Batch], pool: list[_Worker], ctx):
        queue: deque[_Job] = deque()
        open_batches: deque[tuple[int, Batch]] = deque()
        results: dict[int, list[Outcome | None]] = {}
        exhausted, split, next_no = False, False, 0
        while True:
            while not exhausted and len(open_batches) < self.window:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                open_batches.append((next_no, batch))
                results[next_no] = [None] * len(batch)
                if len(batch):
                    queue.append(_Job(next_no, 0, list(batch.items)))
                next_no += 1
            if exhausted and not split:  # the last batches in small jobs: no worker idles while one finishes a whole batch
                split = True
                _split_tail(queue, self.workers)
            for worker in pool:
                if worker.job is None and queue:
                    worker.give(queue.popleft(), self.item_timeout)
            while open_batches and all(o is not None for o in results[open_batches[0][0]]):
                no, batch = open_batches.popleft()
                yield batch, results.pop(no)  # type: ignore[misc]
            if exhausted and not open_batches:
                return
            busy = [w for w in pool if w.job is not None]
            if not busy:
                continue
            now = time.monotonic()
            timeout = max(0.0, min(w.deadline for w in busy) - now)
            ready = wait([w.conn for w in busy], timeout=min(timeout, _MEMORY_POLL) if self.memory_budget else timeout)
            for index, worker in enumerate(pool):
                if worker.job is None:
                    continue
                if self._over_budget(worker):
                    pool[index] = self._lost(worker, ctx, queue, results,
                                             f"over the memory budget ({self.memory_budget / 2**30:.2g} GiB)")
                    continue
                if worker.conn in ready:
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        worker.proc.join(timeout=5)
                        pool[index] = self._lost(worker, ctx, queue, results,
                                                 f"worker process died (exit code {worker.proc.exitcode})")
                        continue
                    if message[0] == "tick":
                        worker.deadline = time.monotonic() + self.item_timeout
                        continue
                    job = worker.job
                    results[job.batch_no][job.offset:job.offset + len(job.items)] = message[2]
                    timings.merge(message[3])
                    worker.job = None
                    worker.jobs_done += 1
                    if worker.jobs_done >= self.recycle_after:
                        worker.stop()
                        pool[index] = _Worker(ctx, self.options)
                elif time.monotonic() >= worker.deadline:
                    pool[index] = self._lost(worker, ctx, queue, results,
                                             f"timed out: no progress in {self.item_timeout:.0f} s")

    def _over_budget(self, worker: _Worker) -> bool:
        return bool(self.memory_budget) and resident_bytes(worker.proc.pid) > self.memory_budget

    def _lost(self, worker: _Worker, ctx, queue: deque[_Job], results, reason: str) -> _Worker:
        """Replace a dead or hung worker; redo its inputs one by one, or fail the single one."""
        job = worker.job
        worker.kill()
        if job is not None:
            if len(job.items) > 1:
                queue.extendleft(reversed([_Job(job.batch_no, job.offset + i, [item])
                                           for i, item in enumerate(job.items)]))
            else:
                results[job.batch_no][job.offset] = InputFailure(job.items[0].source, reason)
        return _Worker(ctx, self.options)


# --- Ray -------------------------------------------------------------------------------------

class _RayWorker:
    """A Ray actor: keeps its analyser warm across batches."""

    def __init__(self, options: Options):
        tune_allocator()
        load_plugins(options)
        self.options = options
        self.known = StoredDocumentIds(options.ledger_url) if options.ledger_url and options.analyze else None

    def process(self, items: Sequence[RawInput]) -> list[Outcome]:
        return process_batch(items, self.options, known=self.known)

    def ping(self) -> bool:
        return True


def ray_available() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


class RayEngine:
    """Batches over Ray actors: ``address=None`` starts a local instance with ``workers`` CPUs,
    ``address="auto"`` or ``"ray://host:10001"`` joins an existing cluster (one actor per CPU
    unless ``workers`` says otherwise).  The parent process stays the only writer."""

    def __init__(self, options: Options, workers: int | None = None, *, address: str | None = None,
                 item_timeout: float | None = None, window: int | None = None,
                 init_kwargs: dict | None = None, runtime_env: dict | None = None):
        self.options = options
        self.runtime_env = runtime_env
        self.workers = workers
        self.address = address
        self.item_timeout = item_timeout or default_timeout(options)
        self.window = window
        self.init_kwargs = init_kwargs or {}

    def prepare(self) -> None:
        """Nothing to start ahead (Ray starts with the run)."""

    def run(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, list[Outcome]]]:
        try:
            import ray
        except ImportError:
            raise RuntimeError('the Ray engine needs Ray: pip install "claimledger[ray]"') from None
        started = False
        if not ray.is_initialized():
            kwargs = dict(self.init_kwargs)
            if self.runtime_env:  # how cluster workers get claimledger (pip, py_modules ...)
                kwargs.setdefault("runtime_env", self.runtime_env)
            if self.address:
                kwargs["address"] = self.address
            else:
                kwargs.setdefault("num_cpus", self.workers or os.cpu_count() or 1)
                kwargs.setdefault("include_dashboard", False)
            kwargs.setdefault("log_to_driver", False)
            ray.init(**kwargs)
            started = True
        actor_cls = ray.remote(num_cpus=1)(_RayWorker)
        count = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actors = [actor_cls.remote(self.options) for _ in range(count)]
        try:
            yield from self._loop(iter(batches), actors, actor_cls, ray)
        finally:
            for actor in actors:
                ray.kill(actor)
            if started:
                ray.shutdown()

    def _loop(self, source: Iterator[Batch], actors: list, actor_cls, ray):
        window = self.window or 2 * len(actors) + 1
        load = [0] * len(actors)
        open_jobs: deque = deque()  # (batch, ref, actor index)
        exhausted = False
        while True:
            while not exhausted and len(open_jobs) < window:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                index = min(range(len(actors)), key=load.__getitem__)
                load[index] += 1
                open_jobs.append((batch, actors[index].process.remote(batch.items), index, actors[index]))
            if not open_jobs:
                return
            batch, ref, index, actor = open_jobs.popleft()
            load[index] -= 1
            try:
                outcomes = ray.get(ref, timeout=3 * self.item_timeout)
            except Exception as exc:  # actor died, task failed or hung: redo input by input
                reason = _ray_reason(exc, self.item_timeout)
                if actors[index] is actor:  # not replaced already for an earlier batch it held
                    actors[index] = self._replace(actor, actor_cls, ray)
                outcomes = self._singly(batch.items, actors, index, actor_cls, ray, reason)
            yield batch, outcomes

    def _replace(self, actor, actor_cls, ray):
        try:
            ray.kill(actor)
        except Exception:
            pass
        return actor_cls.remote(self.options)

    def _singly(self, items: list[RawInput], actors: list, index: int, actor_cls, ray, reason: str) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for item in items:
            try:
                outcomes.extend(ray.get(actors[index].process.remote([item]), timeout=self.item_timeout))
            except Exception as exc:
                outcomes.append(InputFailure(item.source, _ray_reason(exc, self.item_timeout) if len(items) > 1 else reason))
                actors[index] = self._replace(actors[index], actor_cls, ray)
        return outcomes


def _ray_reason(exc: Exception, timeout: float) -> str:
    name = type(exc).__name__
    if "Timeout" in name:
        return f"timed out: no result in {timeout:.0f} s"
    if "ActorDied" in name or "ActorError" in name or "WorkerCrashed" in name:
        return "Ray worker died while processing it"
    return f"Ray task failed ({name})"


Engine = InlineEngine | ProcessEngine | RayEngine


def make_engine(name: str, options: Options, *, workers: int = 1, address: str | None = None,
                item_timeout: float | None = None, known: Callable[[list[str]], set[str]] | None = None,
                runtime_env: dict | None = None, isolate: bool = False, memory_budget: int | None = None):
    """The engine called ``name`` (``local`` or ``ray``) for ``workers`` workers.

    ``isolate``: even one worker runs in a child process, where ``item_timeout`` (seconds
    without finishing an input) and ``memory_budget`` (resident bytes) hold; without it one
    worker runs in this process, with no budget."""
    if name == "ray":
        if address:  # a cluster's workers cannot be assumed to reach this machine's ledger
            options = replace(options, ledger_url=None)
        return RayEngine(options, workers if workers > 1 or not address else None, address=address,
                         item_timeout=item_timeout, runtime_env=runtime_env)
    if name != "local":
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if address:
        raise ValueError("--address is for the ray engine")
    if workers <= 1 and not isolate:
        return InlineEngine(options, known=known)
    return ProcessEngine(options, workers, item_timeout=item_timeout, memory_budget=memory_budget)
