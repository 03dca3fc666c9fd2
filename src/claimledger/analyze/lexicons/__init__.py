"""Word lists of the analyze stage, one file a list, loaded once per process.

Files are UTF-8 text: one entry a line, ``#`` starts a comment, blank lines are
skipped.  ``.tsv`` files hold tab-separated columns.  The lists are general
knowledge about conflict reporting (ranks, unit types, weapon families, news
outlets, demonyms, casualty words), never strings copied from particular articles.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent


def _lines(name: str) -> list[str]:
    text = (LEXICON_DIR / name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line)
    return out


@lru_cache(maxsize=None)
def words(name: str, lower: bool = True) -> frozenset[str]:
    """The entries of a one-column list (lower-cased unless ``lower=False``)."""
    return frozenset(w.strip().lower() if lower else w.strip() for w in _lines(name))


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated list, cells stripped."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(name))


@lru_cache(maxsize=None)
def mapping(name: str, lower: bool = True) -> dict[str, str]:
    """First column -> second column of a two-column list."""
    return {(row[0].lower() if lower else row[0]): row[1] for row in table(name) if len(row) >= 2}
