"""The garbage collector during a linking run.

The loaded indexes are millions of long-lived container objects (claim vectors, their tuples,
unit vectors, postings).  CPython's full collections walk every one of them, and a run that
adds documents triggers one every so often: at 5,000 documents a third of the linker's CPU
time was the collector walking the indexes.  Nothing in them is garbage while the run holds
them, so they are frozen (``gc.freeze``: left out of collections, still freed by reference
counting) once loaded and again after each pass, and unfrozen when the run ends, so that any
cyclic garbage frozen meanwhile is collected then.  The links are the same either way.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Iterator


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Collections leave out what exists now and what ``settle`` freezes later, until the end."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def settle() -> None:
    """What the run built so far is long-lived: leave it out of later collections too; the memory
    the pass freed goes back to the system (``give_back``)."""
    give_back()
    gc.freeze()


@lru_cache(maxsize=1)
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def give_back() -> None:
    """Return the free pages of the C heap to the system (glibc's ``malloc_trim``; nothing elsewhere).

    A pass frees its chunks, rows and pickles, but the allocator keeps the pages between live
    objects: at 20,000 documents the linker and its worker held tens of MB each that way."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
