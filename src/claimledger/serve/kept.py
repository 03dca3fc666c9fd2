"""Listings of the whole ledger's links (stories, incidents, conflicts) kept per ledger version.

They read every link and, for the conflicts page, draw a chart per incident and conflict; they
change only when documents, analyses or links are written (``store.versions.ledger_version``),
so what one request built is served to the next until the version moves on.  The version is
read before the build: a page built while a write commits is kept under the older version,
which the next request no longer matches, so nothing stale is served.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, TypeVar

from starlette.requests import Request

from claimledger.store.versions import ledger_version

KEPT = 128  # listings kept per server (most recently used); a conflicts page is about 250 KB
T = TypeVar("T")


class Kept:
    """The most recently used ``KEPT`` listings, each with the ledger version it was built at."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[str, ...], tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0  # listings built (not served from what was kept), for tests and operators

    def get(self, key: tuple[str, ...], version: Any) -> Any | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != version:
                return None
            self._items.move_to_end(key)
            return hit[1]

    def put(self, key: tuple[str, ...], version: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > KEPT:
                self._items.popitem(last=False)


def kept(request: Request, build: Callable[[], T]) -> T:
    """``build()`` for this request's path and query, or what it gave at the ledger's current
    version (the same object: callers must not change it)."""
    state = request.app.state
    key = (request.method, request.url.path, request.url.query)
    version = ledger_version(state.ledger)
    value = state.kept.get(key, version)
    if value is None:
        value = build()
        state.kept.builds += 1
        state.kept.put(key, version, value)
    return value
