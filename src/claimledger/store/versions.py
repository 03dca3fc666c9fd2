"""What changes whenever a ledger's contents do: the version a reader keys what it keeps on.

Documents are only ever added (the count and the last ``seq`` change), analyses written
(``meta.analysis_writes``, bumped by ``store.ledger_write.write_analyses``) and links written
(``meta.link_writes``, bumped in the transaction of every link write: ``link_rows.write_links``
and ``incidents.replace_incidents``).  A page kept for one version is never served for another.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

from sqlalchemy import text as sql

from claimledger.store.handle import LedgerHandle

LINK_WRITES_BUMP = ("INSERT INTO meta (key, value) VALUES ('link_writes', '1') ON CONFLICT (key) "
                    "DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)")


_VERSION = sql("SELECT (SELECT count(*) FROM documents), (SELECT max(seq) FROM documents), "
                "(SELECT value FROM meta WHERE key = 'analysis_writes'), "
                "(SELECT value FROM meta WHERE key = 'link_writes')")


def ledger_version(ledger: LedgerHandle) -> tuple[Any, ...]:
    """(documents, last seq, analyses written, link writes): four reads by index in one statement
    (a reader asks for it on every request it keeps something for)."""
    with ledger.engine.connect() as conn:
        return tuple(conn.execute(_VERSION).one())


_COUNTS: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], int]] = OrderedDict()  # (ledger, what) -> (version, n)
_COUNTS_KEPT = 1000
_COUNTS_LOCK = threading.Lock()


def kept_count(ledger: LedgerHandle, what: tuple[Any, ...], count: Callable[[], int]) -> int:
    """``count()`` of the listing ``what`` (its filters), kept for the ledger's version: each page of
    a listing shows the same total, and counting every match was most of a deep page's cost."""
    key = (ledger.engine.url.render_as_string(hide_password=False), id(ledger.engine), *what)
    version = ledger_version(ledger)  # read before counting: a count is never kept under a later version
    with _COUNTS_LOCK:
        hit = _COUNTS.get(key)
        if hit is not None and hit[0] == version:
            _COUNTS.move_to_end(key)
            return hit[1]
    n = count()
    with _COUNTS_LOCK:
        _COUNTS[key] = (version, n)
        while len(_COUNTS) > _COUNTS_KEPT:
            _COUNTS.popitem(last=False)
    return n
