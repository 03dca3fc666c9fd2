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

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Collections leave out what exists now and what ``settle`` freezes later, until the end."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def settle() -> None:
    """What the run built so far is long-lived: leave it out of later collections too."""
    gc.freeze()
