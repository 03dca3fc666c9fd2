"""Fuzzed bad input: every case ends in stored documents or a clear per-input error, in bounded time.

Hypothesis draws raw text and HTML for the cleaners, and seeds of the hostile-input
generators (random bytes, mutated text, deep HTML, hostile JSONL, feeds, WARC, gzip) for
ingest; ``fuzz_round`` checks that nothing stored before changes and every new document
is whole.  ``benchmarks/fuzz.py`` runs the same generators over 10,000 inputs.
"""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.clean import CleanError, clean_html, clean_text
from claimledger.demo import sample_path
from claimledger.ingest import ingest
from claimledger.store import Ledger
from tests.helpers.hostile import KINDS, classify, fuzz_round, hostile_input

FUZZ = settings(deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
LINES = st.lists(st.one_of(
    st.text(max_size=120),
    st.sampled_from(["By Jane Doe", "Mar 7", "Updated 12:05", "1. Reader", "  Reply", "LIVE", "Source: Read Full Article",
                     "Enter comments here:", "[BREAKING]", "- bullet", "12) twelve", "“Quote,” he said.", ""]),
), max_size=40).map("\n".join)


def _whole(cleaned) -> None:
    text = cleaned.document.text
    assert [s.order for s in cleaned.segments] == list(range(len(cleaned.segments)))
    assert all(0 <= s.start <= s.end <= len(text) for s in cleaned.segments)


@settings(FUZZ, max_examples=150)
@given(st.one_of(st.text(), LINES, st.binary(max_size=2000).map(lambda b: b.decode("latin-1"))))
def test_clean_text_returns_whole_segments_or_a_clean_error(text):
    started = time.perf_counter()
    try:
        _whole(clean_text(text))
    except CleanError as exc:
        assert str(exc)
    assert time.perf_counter() - started < 5


TAGS = st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<html>", "<body>", "<article>", "<script>", "</script>",
                        "<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#xD800;", "<title>", "</title>", "<br/>",
                        "<table><tr><td>", "\x00", "<?xml?>", "<meta charset='utf-16'>", "<h1>", "</h1>"])


@settings(FUZZ, max_examples=30)
@given(st.lists(st.one_of(TAGS, st.text(max_size=60)), max_size=60).map("".join),
       st.integers(min_value=0, max_value=3000))
def test_clean_html_returns_whole_segments_or_a_clean_error(html, depth):
    started = time.perf_counter()
    for page in (html, "<html><body>" + "<div>" * depth + html):
        try:
            _whole(clean_html(page))
        except CleanError as exc:
            assert str(exc)
    assert time.perf_counter() - started < 10


@pytest.fixture(scope="module")
def sentinel_ledger(tmp_path_factory):
    """A ledger already holding real documents: fuzzing must not change them."""
    folder = tmp_path_factory.mktemp("fuzz")
    ledger = Ledger(folder / "fuzz.db")
    assert ingest([str(sample_path("telegraph")), str(sample_path("express"))], ledger, analyze=False).ok
    return folder, ledger


TRIED = {"inputs": 0}


def _round(folder, ledger, named: list[tuple[str, bytes]]):
    paths = []
    for name, data in named:
        TRIED["inputs"] += 1
        path = folder / f"{TRIED['inputs']:05d}-{name}"
        path.write_bytes(data)
        paths.append(path)
    good = {folder / f"{TRIED['inputs']:05d}-good.txt": f"Good report {TRIED['inputs']}: drones hit Odesa, the navy said.\n"}
    for path, text in good.items():
        path.write_text(text, encoding="utf-8")
    result = fuzz_round(paths, good, ledger, batch_size=4)
    assert not result.problems, result.problems
    assert result.seconds < 30, "ingest took too long: a hang"
    for path in paths:  # every hostile input: a document or a clear error of its own, never a caught crash
        assert all(classify(o, r) in ("stored", "duplicate", "error") for o, r in result.events[str(path)]), \
            result.events[str(path)]
    return result


@settings(FUZZ, max_examples=25)
@given(st.integers(min_value=0, max_value=2**32), st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=3))
def test_hostile_inputs_end_stored_or_failed_and_nothing_else_changes(sentinel_ledger, seed, kinds):
    folder, ledger = sentinel_ledger
    rng = random.Random(seed)
    _round(folder, ledger, [hostile_input(rng, kind)[1:] for kind in kinds])


@settings(FUZZ, max_examples=15)
@given(st.binary(max_size=5000), st.sampled_from(["x.txt", "x.html", "x.jsonl", "x.rss", "x.warc", "x.warc.gz", "x.gz", "x"]))
def test_random_bytes_under_any_name(sentinel_ledger, data, name):
    folder, ledger = sentinel_ledger
    _round(folder, ledger, [(name, data)])


def test_fuzz_counted_inputs():
    # runs after the fuzz tests above (file order): they must have tried a real number of inputs
    assert TRIED["inputs"] >= 40
