"""glibc's allocator set for a worker that analyses batch after batch.

By default glibc serves every block over its (adaptive, at most 32 MB) mmap threshold with a
fresh ``mmap`` and returns it to the system on free, and trims the heap's top whenever more
than twice that threshold is free.  A worker allocates and frees arrays of several MB for
every batch (token vectors, hidden layers, score matrices), so the system had to map and zero
the same memory again and again: about 930,000 page faults a worker over the 1,683 FNC-1
bodies, 4.2-5.0 s of system time.  Served from the heap and kept there, the memory is reused
as is: 160,000-180,000 faults, 1.3-1.5 s, for about 75 MB more resident memory over the two
workers (a 256 MB trim threshold took the faults to 50,000 for 150 MB more; with 96 MB the
tree's system time was 9.6 s against 5.9 s at 128 MB).
The parent, which links, keeps glibc's defaults: its memory is what the linking bounds count.
"""

from __future__ import annotations

import ctypes
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

MMAP_THRESHOLD = 64 << 20  # blocks below this come from the heap
TRIM_THRESHOLD = 128 << 20  # free memory kept at the heap's top before any goes back
_tuned = False


def tune_allocator() -> bool:
    """Apply the settings above to this process (and the processes it forks); False where the
    C library is not glibc.  Done once a process."""
    global _tuned
    if _tuned:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:  # the process's own symbols: no library search (find_library runs ldconfig in a subprocess)
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    _tuned = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    return _tuned
