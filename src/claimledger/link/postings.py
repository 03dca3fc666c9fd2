"""Postings of the in-memory link indexes (copy bands, story terms, claim keys), held for the
whole ledger: most keys name one item, so a posting of one item is that item's id, not a list."""

from __future__ import annotations

from typing import Hashable, Iterable

Posting = str | list[str]


def add_posting(table: dict, key: Hashable, item: str) -> None:
    """Add ``item`` to ``table[key]``."""
    posting = table.get(key)
    if posting is None:
        table[key] = item
    elif isinstance(posting, str):
        table[key] = [posting, item]
    else:
        posting.append(item)


def posting_items(posting: Posting | None) -> Iterable[str]:
    """The ids a posting holds (none for a missing one)."""
    if posting is None:
        return ()
    return (posting,) if isinstance(posting, str) else posting
