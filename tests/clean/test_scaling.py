"""The segmenter stays linear in the number of paragraphs (issue 15: a million <p>x</p> hung a batch).

The one allowed kind of timed test: a complexity bound with generous limits."""

from __future__ import annotations

import time

from claimledger.clean import clean_text


def _seconds(paragraphs: int) -> float:
    text = "\n\n".join(f"Paragraph {i} says the shelling went on." for i in range(paragraphs))
    began = time.perf_counter()
    clean_text(text)
    return time.perf_counter() - began


def test_eight_times_the_paragraphs_take_at_most_sixteen_times_as_long():
    small = min(_seconds(2_500) for _ in range(2))
    large = _seconds(20_000)
    assert large <= 16 * small + 0.5, (small, large)
