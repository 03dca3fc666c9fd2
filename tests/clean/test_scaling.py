"""The segmenter stays linear in the number of paragraphs (issue 15: a million <p>x</p> hung a batch).

The one allowed kind of timed test: a complexity bound with generous limits."""

from __future__ import annotations

import gc
import time

from claimledger.clean import clean_text


def _seconds(paragraphs: int) -> float:
    """The segmenter's own time: a full collection of the test session's heap (the models other
    tests loaded) landing inside one run is not the segmenter's growth."""
    text = "\n\n".join(f"Paragraph {i} says the shelling went on." for i in range(paragraphs))
    gc.collect()
    gc.disable()
    try:
        began = time.perf_counter()
        clean_text(text)
        return time.perf_counter() - began
    finally:
        gc.enable()


def test_eight_times_the_paragraphs_take_at_most_sixteen_times_as_long():
    small = min(_seconds(2_500) for _ in range(2))
    large = _seconds(20_000)
    assert large <= 16 * small + 0.5, (small, large)
