"""What changes whenever a ledger's contents do: the version a reader keys what it keeps on.

Documents are only ever added (the count and the last ``seq`` change), analyses written
(``meta.analysis_writes``, bumped by ``Ledger._write_analysis``) and links written
(``meta.link_writes``, bumped in the transaction of every link write: ``link_rows.write_links``
and ``incidents.replace_incidents``).  A page kept for one version is never served for another.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimledger.store.handle import LedgerHandle
from claimledger.store.schema import DocumentRow, Meta

LINK_WRITES_BUMP = ("INSERT INTO meta (key, value) VALUES ('link_writes', '1') ON CONFLICT (key) "
                    "DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)")


def ledger_version(ledger: LedgerHandle) -> tuple[Any, ...]:
    """(documents, last seq, analyses written, link writes): four reads by index, in one transaction."""
    with Session(ledger.engine) as session:
        count = session.scalar(select(func.count()).select_from(DocumentRow))
        last = session.scalar(select(func.max(DocumentRow.seq)))
        writes = dict(session.execute(select(Meta.key, Meta.value)
                                      .where(Meta.key.in_(("analysis_writes", "link_writes")))).all())
        return count, last, writes.get("analysis_writes"), writes.get("link_writes")


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
