"""Postings of the in-memory link indexes (copy bands, story terms, claim keys), held for the
whole ledger: most keys name one item, so a posting of one item is that item's id, not a list."""

from __future__ import annotations

from typing import Any, Hashable, Iterable

import numpy as np

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


class PackedPostings:
    """32-bit (or ``key_type``) keys -> item ids in the order they were added, for an index of a million postings.

    A dict entry and its int key take about 80 bytes, a packed posting 8: postings are kept as
    two arrays sorted by key (stable, so each key's items stay in the order they came), and the
    postings added since the last merge in a dict, merged in once they are a quarter of the rest.
    Each item is added once, with all its keys.  ``numbered``: the items are not kept, and each
    is given back as its number (0 for the first added, ...): an index whose owner numbers its
    items the same way holds no list of their ids."""

    MIN_MERGE = 50_000

    def __init__(self, key_type: type = np.uint32, numbered: bool = False) -> None:
        self.key_type = key_type
        self.numbered = numbered
        self.count = 0  # items added
        self.items: list[Any] = []
        self.keys: np.ndarray = np.zeros(0, dtype=key_type)
        self.postings = np.zeros(0, dtype=np.int32)
        self.recent: dict[int, list[int]] = {}
        self.recent_count = 0

    def add(self, item: str, keys: Iterable[int], merge: bool = True) -> None:
        """Post a new item under each of ``keys`` (``merge=False``: not merged now, see ``stored_distinct``)."""
        n = self.count
        self.count += 1
        if not self.numbered:
            self.items.append(item)
        recent = self.recent
        for key in keys:
            posting = recent.get(key)
            if posting is None:
                recent[key] = [n]
            else:
                posting.append(n)
            self.recent_count += 1
        if merge:
            self.merge_due()

    def merge_due(self) -> None:
        """Merge the recent postings once they are a quarter of the rest (when postings merge
        changes no lookup: each key's items stay in the order added)."""
        if self.recent_count >= max(self.MIN_MERGE, len(self.keys) // 4):
            self._merge()

    def _merge(self) -> None:
        keys: np.ndarray = np.fromiter((k for k, ns in self.recent.items() for _ in ns), dtype=self.key_type,
                                       count=self.recent_count)
        items = np.fromiter((n for ns in self.recent.values() for n in ns), dtype=np.int32, count=self.recent_count)
        keys, items = np.concatenate([self.keys, keys]), np.concatenate([self.postings, items])
        order = np.argsort(keys, kind="stable")  # earlier postings of a key before later ones
        self.keys, self.postings = keys[order], items[order]
        self.recent, self.recent_count = {}, 0

    def lookup(self, keys: tuple[int, ...]) -> Iterable[tuple[int, list[str]]]:
        """(key, its items in the order added) for each of ``keys``, in that order."""
        if not keys:
            return
        wanted: np.ndarray = np.asarray(keys, dtype=self.key_type)
        lo = np.searchsorted(self.keys, wanted, "left").tolist()
        hi = np.searchsorted(self.keys, wanted, "right").tolist()
        for key, a, b in zip(keys, lo, hi):
            found = self._named(self.postings[a:b].tolist()) if b > a else []
            found += self._named(self.recent.get(key, ()))
            yield key, found

    def distinct(self, keys: tuple[int, ...]) -> list[str]:
        """The items of ``lookup(keys)``, each once, in the order ``lookup`` first gives them
        (deduplicated in numpy: a common key's posting is not walked in Python)."""
        if not keys:
            return []
        wanted: np.ndarray = np.asarray(keys, dtype=self.key_type)
        lo = np.searchsorted(self.keys, wanted, "left").tolist()
        hi = np.searchsorted(self.keys, wanted, "right").tolist()
        parts = []
        for key, a, b in zip(keys, lo, hi):
            if b > a:
                parts.append(self.postings[a:b])
            recent = self.recent.get(key)
            if recent:
                parts.append(np.asarray(recent, dtype=np.int32))
        if not parts:
            return []
        found = np.concatenate(parts)
        _, first = np.unique(found, return_index=True)
        return self._named(found[np.sort(first)].tolist())

    def stored_distinct(self, key_lists: list[tuple[int, ...]]) -> list[tuple[list[int], list[int]]]:
        """For each key tuple, the merged postings' items of ``distinct`` (item numbers, each once,
        in lookup order) and the position of the key that first gave each: one numpy pass for a
        document's claims, not one per claim.  Items added after this call (``add(merge=False)``)
        stay recent, and ``with_recent`` adds them in their place."""
        n_lists = len(key_lists)
        counts = np.fromiter((len(k) for k in key_lists), dtype=np.int64, count=n_lists)
        empty: list[tuple[list[int], list[int]]] = [([], []) for _ in range(n_lists)]
        if not counts.sum() or not len(self.keys):
            return empty
        wanted = np.fromiter((k for keys in key_lists for k in keys), dtype=self.key_type, count=int(counts.sum()))
        lo = np.searchsorted(self.keys, wanted, "left")
        lengths = np.searchsorted(self.keys, wanted, "right") - lo
        total = int(lengths.sum())
        if not total:
            return empty
        key_start = np.cumsum(counts) - counts
        key_pos = np.arange(len(wanted)) - np.repeat(key_start, counts)
        owner = np.repeat(np.arange(n_lists), counts)
        out_start = np.cumsum(lengths) - lengths
        found = self.postings[np.arange(total) - np.repeat(out_start - lo, lengths)]
        found_owner, found_pos = np.repeat(owner, lengths), np.repeat(key_pos, lengths)
        # first occurrence of each (list, item), in the flat order: by list, key position, posting order
        _, first = np.unique((found_owner.astype(np.int64) << 32) | found.astype(np.int64), return_index=True)
        first.sort()
        items, positions = found[first].tolist(), found_pos[first].tolist()
        bounds = np.searchsorted(found_owner[first], np.arange(n_lists + 1)).tolist()
        return [(items[bounds[i]:bounds[i + 1]], positions[bounds[i]:bounds[i + 1]]) for i in range(n_lists)]

    def with_recent(self, stored: tuple[list[int], list[int]], keys: tuple[int, ...]) -> list[str]:
        """``distinct(keys)``: the ``stored_distinct`` part with the recent postings of ``keys``
        put in their place (a key's merged items before its recent ones)."""
        recent = self.recent
        merged, positions = stored
        extra: list[tuple[int, int]] = []
        seen: set[int] = set()
        for j, key in enumerate(keys):
            posting = recent.get(key)
            if posting:
                for n in posting:
                    if n not in seen:
                        seen.add(n)
                        extra.append((j, n))
        if not extra:
            return self._named(merged)
        out: list[int] = []
        i, size = 0, len(merged)
        for j, n in extra:
            while i < size and positions[i] <= j:
                out.append(merged[i])
                i += 1
            out.append(n)
        out.extend(merged[i:])
        return self._named(out)

    def _named(self, numbers: Iterable[int]) -> list[Any]:
        """The items of these numbers (the numbers themselves when ``numbered``)."""
        if self.numbered:
            return list(numbers)
        items = self.items
        return [items[n] for n in numbers]
