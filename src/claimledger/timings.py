"""CPU seconds per pipeline stage (``claimledger ingest --timings``): where an ingest spends its time.

A process-wide tally, off unless ``enable()`` is called, so the pipeline pays nothing for it
by default.  A stage reads ``now()`` before and calls ``lap(name, start)`` after; the time is
this process's CPU time (all its threads: BLAS threads count for the stage that started them),
or with ``per_thread(True)`` the CPU time of the thread that calls (the ingest parent, whose
link thread runs beside the storing one, so neither stage counts the other's time).
Worker processes ``take()`` their tally after each batch and send it back; the parent
``merge``s it.  Names are ``stage`` or ``stage/part`` (``analyze/parse:parser``): a part's time is
inside its stage's.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

_TALLY: Counter[str] = Counter()
_ON = False
_CLOCK = time.process_time


def enable(on: bool = True) -> None:
    global _ON
    _ON = on


def enabled() -> bool:
    return _ON


def per_thread(on: bool) -> bool:
    """Time each stage by its own thread's CPU (``on``) or the whole process's; the setting before."""
    global _CLOCK
    was = _CLOCK is time.thread_time
    _CLOCK = time.thread_time if on else time.process_time
    return was


def now() -> float:
    """CPU seconds of this process so far (0.0 while timing is off: no system call)."""
    return _CLOCK() if _ON else 0.0


def lap(name: str, start: float) -> None:
    """Add the CPU time since ``start`` (from ``now()``) to stage ``name``."""
    if _ON:
        _TALLY[name] += _CLOCK() - start


def merge(tally: dict[str, float] | None) -> None:
    """Add a tally another process took."""
    if tally:
        _TALLY.update(tally)


def take() -> dict[str, float]:
    """The tally so far, and a fresh one from here."""
    out = dict(_TALLY)
    _TALLY.clear()
    return out


def timed_pipe(stream: Iterable[Any], name: str) -> Iterator[Any]:
    """``stream`` passed through, the CPU time of producing each item added to ``name``.

    Around the spaCy components, which pull from one another in a chain, each measure holds
    its upstream components too; ``exclusive`` takes those out."""
    it = iter(stream)
    while True:
        start = time.process_time()
        try:
            item = next(it)
        except StopIteration:
            _TALLY[name] += time.process_time() - start
            return
        _TALLY[name] += time.process_time() - start
        yield item


def exclusive(tally: dict[str, float], chain: list[str]) -> dict[str, float]:
    """Per-component time from the inclusive measures of a pull chain (``chain`` in pipeline order)."""
    out = dict(tally)
    for upstream, name in zip(chain, chain[1:]):
        if name in tally:
            out[name] = max(0.0, tally[name] - tally.get(upstream, 0.0))
    return out
