"""Cross-document links (stories, claim groups, conflicts) as the API and pages show them.

The link stage stores them through ``claimledger.store.links``; a ledger that was never
linked (or a build without the link stage) simply has none, and every function here then
answers with empty data instead of failing.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from claimledger.store import Ledger


@lru_cache(maxsize=1)
def _links():
    try:
        return importlib.import_module("claimledger.store.links")
    except ImportError:
        return None


def _call(name: str, *args, default=None, **kwargs):
    module = _links()
    func = getattr(module, name, None) if module else None
    if func is None:
        return default
    return func(*args, **kwargs)


def stories(ledger: Ledger) -> list[dict[str, Any]]:
    return list(_call("stories", ledger, default=[]) or [])


def story(ledger: Ledger, story_id: str) -> dict[str, Any] | None:
    return _call("story", ledger, story_id, default=None)


def claim_groups(ledger: Ledger) -> list[dict[str, Any]]:
    return list(_call("claim_groups", ledger, default=[]) or [])


def claim_group(ledger: Ledger, group_id: str) -> dict[str, Any] | None:
    return _call("claim_group", ledger, group_id, default=None)


def conflicts(ledger: Ledger) -> list[dict[str, Any]]:
    return list(_call("conflicts", ledger, default=[]) or [])


def conflict(ledger: Ledger, conflict_id: str) -> dict[str, Any] | None:
    return _call("conflict", ledger, conflict_id, default=None)


def groups_of_claim(ledger: Ledger, claim_id: str) -> list[dict[str, Any]]:
    return list(_call("groups_of_claim", ledger, claim_id, default=[]) or [])


def stories_of_document(ledger: Ledger, doc_id: str) -> list[dict[str, Any]]:
    return list(_call("stories_of_document", ledger, doc_id, default=[]) or [])


def copies_of_document(ledger: Ledger, doc_id: str) -> list[dict[str, Any]]:
    return list(_call("copies_of_document", ledger, doc_id, default=[]) or [])
