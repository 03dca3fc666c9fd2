"""The new documents of a linking run, read and prepared in order — in worker processes when the run
is large enough to pay for them.

Reading a document's text and analysis and preparing it (``claimledger.link.prepare``) is about
half of what linking a document costs and needs no index, so a worker process does it for the
next chunks while the linker indexes the current one: the two cores of a small machine both
work.  A thread per worker reads its answers as they come, so a worker never waits on the
linker: while the linker finalizes and writes a pass, the workers prepare the next pass's first
chunks.  At most ``AHEAD`` chunks per worker are asked for and not yet taken (kept pickled, about
1.4 MB a chunk), so memory stays bounded.  The documents come back in the order asked for, and
prepared in another process they are the same values, so the links are the same with or without
workers.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections import deque
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Any, Iterator

from claimledger.link.doc_reader import LedgerDocs
from claimledger.link.prepare import Prepared, prepare

DocRow = tuple[str, int, str]  # (document id, ingest seq, status)
CHUNK = 100  # documents a worker reads and prepares at a time
# chunks per worker asked for ahead of the linker: enough for a worker to stay busy through the
# linker's write, conflict and finalize steps between two passes (about 1,000 documents at 20k)
AHEAD = 12
MIN_DOCUMENTS = 1000  # fewer new documents than this: preparing them here costs less than starting a worker


def shareable_url(ledger: Any) -> str | None:
    """The URL another process opens the ledger by; None for an in-memory SQLite ledger."""
    url = ledger.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def _send(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def _receive_bytes(stream: IO[bytes]) -> bytes:
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("the worker stopped")
    return stream.read(struct.unpack("<Q", head)[0])


def _receive(stream: IO[bytes]) -> Any:
    return pickle.loads(_receive_bytes(stream))


def _drain(stream: IO[bytes], answers: queue.SimpleQueue) -> None:
    """A worker's answers, read as they come (pickled: the linker unpickles each when it needs it);
    None once its output ends."""
    while True:
        try:
            answers.put(_receive_bytes(stream))
        except (EOFError, OSError, ValueError):  # the worker exited, or the linker closed the pipe
            answers.put(None)
            return


class Workers:
    """Worker processes that prepare chunks of documents, each answering its chunks in order.

    Plain subprocesses (``python -m claimledger.link.prepare_worker``) talking pickles over their
    pipes, not ``multiprocessing``: nothing of the calling script is run again in them, and they
    share none of the linker's memory."""

    def __init__(self, url: str, count: int):
        package_root = str(Path(__file__).resolve().parents[2])  # the claimledger this process runs
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])))
        self.url = url
        self.processes = [subprocess.Popen([sys.executable, "-m", "claimledger.link.prepare_worker"], env=env,
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(count)]
        self.answers: dict[int, queue.SimpleQueue] = {}
        self.readers = []
        for proc in self.processes:
            answers: queue.SimpleQueue = queue.SimpleQueue()
            self.answers[proc.pid] = answers
            reader = threading.Thread(target=_drain, args=(proc.stdout, answers), daemon=True)
            reader.start()
            self.readers.append(reader)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """End the workers (again: nothing)."""
        for proc in self.processes:
            if proc.stdin is not None and not proc.stdin.closed:
                proc.stdin.close()  # the worker's end of input: it exits
        for proc in self.processes:
            proc.wait()
        for reader in self.readers:  # each ends at its worker's end of output
            reader.join()
        for proc in self.processes:
            if proc.stdout is not None:
                proc.stdout.close()

    def prepared(self, todo: list[DocRow]) -> Iterator[Prepared]:
        """The documents of ``todo`` prepared, in order, ``AHEAD`` chunks per worker in flight."""
        chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
        asked: deque[Any] = deque()  # the worker each chunk went to, in chunk order
        for n, chunk in enumerate(chunks):
            if len(asked) >= AHEAD * len(self.processes):
                yield from self._answer(asked.popleft())
            proc = self.processes[n % len(self.processes)]
            _send(proc.stdin, (self.url, chunk))
            asked.append(proc)
        while asked:
            yield from self._answer(asked.popleft(), last=not asked)

    def _answer(self, proc: Any, last: bool = False) -> Iterator[Prepared]:
        data = self.answers[proc.pid].get()
        if data is None:
            raise EOFError("the worker stopped")
        answer = pickle.loads(data)
        del data
        if last:  # every document is here: the workers' memory is freed before the last pass's steps
            self.close()
        if isinstance(answer, BaseException):
            raise answer
        for prepared in answer:
            yield prepared.intern()


def pool(ledger: Any, new_documents: int, workers: int) -> Workers | nullcontext[None]:
    """Worker processes for a run linking ``new_documents``, or none where they would not pay."""
    url = shareable_url(ledger)
    if workers <= 0 or new_documents < MIN_DOCUMENTS or url is None:
        return nullcontext(None)
    return Workers(url, workers)


def _prepare_chunk(ledger: Any, rows: list[DocRow]) -> list[Prepared]:
    """Read a chunk's documents and analyses in bulk and prepare each."""
    from claimledger.store.link_rows import load_analyses, load_cleaned

    cleaned = load_cleaned(ledger, [d for d, _, _ in rows])
    analyses = load_analyses(ledger, [d for d, _, status in rows if status == "analyzed"], assessments=False)
    return [prepare(*cleaned[d], seq, analyses.get(d)) for d, seq, _ in rows]


def prepared_documents(docs: LedgerDocs, todo: list[DocRow]) -> Iterator[Prepared]:
    """The documents of ``todo`` prepared here, in order, read in chunks through ``docs`` (a run
    with workers takes ``Workers.prepared`` instead)."""
    docs.expect([d for d, _, _ in todo])
    for doc_id, seq, _status in todo:
        doc, segments = docs.get(doc_id)
        yield prepare(doc, segments, seq, docs.analysis(doc_id))


READ_CACHE_KIB = 4096  # a worker's SQLite page cache: it reads each document once


def _reading_ledger(url: str) -> Any:
    """The ledger as a worker opens it: on SQLite with a small page cache, since it reads each
    page about once (the ledger's own 64 MiB cache, there for random-key writes, added that much
    to every worker's memory)."""
    from claimledger.store import Ledger

    return Ledger(url, page_cache_kib=READ_CACHE_KIB)


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """A worker: answer each (ledger URL, chunk) with the chunk prepared, until the input ends."""
    opened: dict[str, Any] = {}
    while True:
        try:
            url, rows = _receive(requests)
        except EOFError:
            return
        try:
            ledger = opened.get(url) or opened.setdefault(url, _reading_ledger(url))
            answer: Any = _prepare_chunk(ledger, rows)
        except Exception as exc:  # the linker raises it: a worker never fails silently
            answer = RuntimeError(f"preparing documents for linking failed: {exc!r}")
        try:
            _send(answers, answer)
        except BrokenPipeError:  # the linker stopped (it failed or was interrupted)
            return
