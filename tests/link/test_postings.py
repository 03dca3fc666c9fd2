"""Packed postings (claim keys, copy anchors): each key gives its items in the order they were
added, before and after the recent postings are merged into the packed arrays."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.link.postings import PackedPostings


@settings(max_examples=60, derandomize=True)
@given(st.lists(st.lists(st.integers(0, 2**32 - 1) | st.integers(0, 12), max_size=6), max_size=60),
       st.integers(1, 20))
def test_each_key_gives_its_items_in_the_order_added(items, merge_every):
    postings = PackedPostings()
    postings.MIN_MERGE = merge_every  # merges every few postings, as a million postings do
    expected: dict[int, list[str]] = {}
    for i, keys in enumerate(items):
        postings.add(f"item{i}", keys)
        for key in keys:
            expected.setdefault(key, []).append(f"item{i}")
        asked = tuple(keys) + (7, 2**32 - 1)
        assert list(postings.lookup(asked)) == [(key, expected.get(key, [])) for key in asked]
        flat = [item for _, posting in postings.lookup(asked) for item in posting]
        assert postings.distinct(asked) == list(dict.fromkeys(flat))  # each once, first-seen order


def test_64_bit_keys_are_kept_whole():
    """The copy index's bands are 64-bit hashes: two keys equal in their low 32 bits stay apart."""
    import numpy as np

    postings = PackedPostings(np.uint64)
    postings.MIN_MERGE = 1
    low, high = 7, 7 + 2**40
    postings.add("a", [low])
    postings.add("b", [high, 2**64 - 1])
    assert postings.distinct((high,)) == ["b"] and postings.distinct((low,)) == ["a"]
    assert postings.distinct((2**64 - 1, low)) == ["b", "a"]


@settings(max_examples=60, derandomize=True)
@given(st.lists(st.lists(st.lists(st.integers(0, 9), max_size=6), max_size=8), max_size=12), st.integers(1, 20))
def test_a_batch_of_lookups_gives_what_one_lookup_each_gives(batches, merge_every):
    """A document's claims look up their stored candidates together, then each is added and adds
    those indexed since (the document's earlier claims): the same candidates, in the same order,
    as one ``distinct`` per claim added in turn."""
    batched, single = PackedPostings(), PackedPostings()
    batched.MIN_MERGE = single.MIN_MERGE = merge_every
    n = 0
    for batch in batches:
        batched.merge_due()
        stored = batched.stored_distinct([tuple(keys) for keys in batch])
        for keys, found in zip(batch, stored):
            n += 1
            batched.add(f"item{n}", keys, merge=False)
            single.add(f"item{n}", keys)
            assert batched.with_recent(found, tuple(keys)) == single.distinct(tuple(keys))
