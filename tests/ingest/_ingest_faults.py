"""Fault injection for engine tests, imported by worker processes as a plugin (``Options.plugins``).

An input whose text holds CRASH-WORKER kills its worker process; HANG-WORKER makes it hang;
HOG-MEMORY makes it take memory until it is stopped (as a pathological input in a parser would).
"""

import os
import time

from claimledger.ingest import batch

_clean_input = batch.clean_input


def _faulty_clean_input(item, **kw):
    if "CRASH-WORKER" in item.text:
        os._exit(3)
    if "HANG-WORKER" in item.text:
        time.sleep(3600)
    if "HOG-MEMORY" in item.text:
        hog = []
        for _ in range(4096):  # up to 4 GiB, 1 MiB at a time, each page touched
            hog.append(bytearray(1 << 20))
            time.sleep(0.002)
    return _clean_input(item, **kw)


batch.clean_input = _faulty_clean_input
