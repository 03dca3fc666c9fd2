"""Postings of the in-memory link indexes (copy bands and anchors, story terms, claim keys), held
for the whole ledger, packed in sorted arrays."""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np


class PackedPostings:
    """32-bit (or ``key_type``) keys -> item ids in the order they were added, for an index of a million postings.

    A dict entry and its int key take about 80 bytes, a packed posting 8: postings are kept in
    sorted runs, each two arrays sorted by key (stable, so each key's items stay in the order
    they came), oldest run first, and the postings added since the last flush in a dict.  The
    dict is flushed into a new run once it holds ``MIN_MERGE`` postings (a dict posting of one
    item takes about 170 bytes: at 20,000 documents a dict let grow to a quarter of the rest
    held 100 MB), and the newest run is merged into the one before while it is at least half
    its size, so there are a few runs (about log2 of the postings over ``MIN_MERGE``) and each
    posting is merged a few times.  Each item is added once, with all its keys.  ``numbered``:
    the items are not kept, and each is given back as its number (0 for the first added, ...):
    an index whose owner numbers its items the same way holds no list of their ids."""

    MIN_MERGE = 16_384  # recent postings flushed into a run: about 3 MB of dict an index

    def __init__(self, key_type: type = np.uint32, numbered: bool = False) -> None:
        self.key_type = key_type
        self.numbered = numbered
        self.count = 0  # items added
        self.items: list[Any] = []
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []  # (keys, items), each sorted by key, oldest first
        self.recent: dict[int, list[int]] = {}
        self.recent_count = 0

    def add(self, item: Any, keys: Iterable[int], merge: bool = True) -> None:
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
        """Flush the recent postings into a run once there are ``MIN_MERGE`` of them (when
        postings move changes no lookup: each key's items stay in the order added)."""
        if self.recent_count >= self.MIN_MERGE:
            self._merge()

    def _merge(self) -> None:
        keys: np.ndarray = np.fromiter((k for k, ns in self.recent.items() for _ in ns), dtype=self.key_type,
                                       count=self.recent_count)
        items = np.fromiter((n for ns in self.recent.values() for n in ns), dtype=np.int32, count=self.recent_count)
        order = np.argsort(keys, kind="stable")  # earlier postings of a key before later ones
        self.runs.append((keys[order], items[order]))
        self.recent, self.recent_count = {}, 0
        runs = self.runs
        while len(runs) > 1 and 2 * len(runs[-1][0]) >= len(runs[-2][0]):
            (old_keys, old_items), (new_keys, new_items) = runs[-2], runs[-1]
            keys, items = np.concatenate([old_keys, new_keys]), np.concatenate([old_items, new_items])
            order = np.argsort(keys, kind="stable")  # two sorted runs: the older one's postings of a key first
            runs[-2:] = [(keys[order], items[order])]

    @property
    def stored_count(self) -> int:
        """Postings in the runs (not the recent dict)."""
        return sum(len(k) for k, _ in self.runs)

    def stored_keys_between(self, low: int, high: int) -> list[int]:
        """The distinct keys in ``[low, high)`` that the runs hold (not the recent dict), ascending."""
        found: set[int] = set()
        bounds = np.asarray([low, high], dtype=self.key_type) if high <= np.iinfo(self.key_type).max else None
        for run_keys, _ in self.runs:
            if bounds is None:
                a, b = int(np.searchsorted(run_keys, np.asarray(low, dtype=self.key_type), "left")), len(run_keys)
            else:
                a, b = np.searchsorted(run_keys, bounds, "left").tolist()
            if b > a:
                found.update(np.unique(run_keys[a:b]).tolist())
        return sorted(found)

    def _slices(self, keys: tuple[int, ...]) -> list[list[np.ndarray]]:
        """For each of ``keys``, its run postings, oldest run first (recent ones not included)."""
        out: list[list[np.ndarray]] = [[] for _ in keys]
        if not self.runs:
            return out
        wanted: np.ndarray = np.asarray(keys, dtype=self.key_type)
        for run_keys, run_items in self.runs:
            lo = np.searchsorted(run_keys, wanted, "left").tolist()
            hi = np.searchsorted(run_keys, wanted, "right").tolist()
            for parts, a, b in zip(out, lo, hi):
                if b > a:
                    parts.append(run_items[a:b])
        return out

    def lookup(self, keys: tuple[int, ...]) -> Iterable[tuple[int, list[Any]]]:
        """(key, its items in the order added) for each of ``keys``, in that order."""
        if not keys:
            return
        for key, parts in zip(keys, self._slices(keys)):
            found = [n for part in parts for n in self._named(part.tolist())]
            found += self._named(self.recent.get(key, ()))
            yield key, found

    def distinct(self, keys: tuple[int, ...]) -> list[Any]:
        """The items of ``lookup(keys)``, each once, in the order ``lookup`` first gives them
        (deduplicated in numpy: a common key's posting is not walked in Python)."""
        if not keys:
            return []
        parts = []
        for key, stored in zip(keys, self._slices(keys)):
            parts += stored
            recent = self.recent.get(key)
            if recent:
                parts.append(np.asarray(recent, dtype=np.int32))
        if not parts:
            return []
        found = np.concatenate(parts)
        _, first = np.unique(found, return_index=True)
        return self._named(found[np.sort(first)].tolist())

    def stored_distinct(self, key_lists: list[tuple[int, ...]]) -> list[tuple[list[int], list[int]]]:
        """For each key tuple, the runs' items of ``distinct`` (item numbers, each once, in lookup
        order) and the position of the key that first gave each: one numpy pass a run for a
        document's claims, not one per claim.  Items added after this call (``add(merge=False)``)
        stay recent, and ``with_recent`` adds them in their place."""
        n_lists = len(key_lists)
        counts = np.fromiter((len(k) for k in key_lists), dtype=np.int64, count=n_lists)
        empty: list[tuple[list[int], list[int]]] = [([], []) for _ in range(n_lists)]
        if not counts.sum() or not self.runs:
            return empty
        wanted = np.fromiter((k for keys in key_lists for k in keys), dtype=self.key_type, count=int(counts.sum()))
        key_start = np.cumsum(counts) - counts
        # each wanted key's number: its list, then its position in the list (the flat order)
        key_number = np.arange(len(wanted))
        key_pos = key_number - np.repeat(key_start, counts)
        owner = np.repeat(np.arange(n_lists), counts)
        found_parts, number_parts = [], []
        for run_keys, run_items in self.runs:  # oldest first
            lo = np.searchsorted(run_keys, wanted, "left")
            lengths = np.searchsorted(run_keys, wanted, "right") - lo
            total = int(lengths.sum())
            if total:
                out_start = np.cumsum(lengths) - lengths
                found_parts.append(run_items[np.arange(total) - np.repeat(out_start - lo, lengths)])
                number_parts.append(np.repeat(key_number, lengths))
        if not found_parts:
            return empty
        found, number = np.concatenate(found_parts), np.concatenate(number_parts)
        if len(found_parts) > 1:  # by wanted key, then run (oldest first), then posting order: a stable sort
            order = np.argsort(number, kind="stable")
            found, number = found[order], number[order]
        found_owner, found_pos = owner[number], key_pos[number]
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
