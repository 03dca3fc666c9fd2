"""How many documents an ingest will read, counted before it starts (for a progress bar's total and ETA).

Files count one each, JSONL files one per non-blank line.  Some inputs are streams whose
document count is known only once read — stdin, URLs (a page or a whole feed), WARC archives
and feed files — and with any of them the total is unknown (``None``), said by ``streams``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from claimledger.ingest.sources import FEED_SUFFIXES, JSONL_SUFFIXES, WARC_SUFFIXES, _expand


@dataclass
class InputCount:
    """Documents the targets hold (None when a stream is among them) and the streams."""

    files: int = 0
    documents: int = 0
    streams: list[str] = field(default_factory=list)

    @property
    def total(self) -> int | None:
        return None if self.streams else self.documents


def count_inputs(targets: Iterable[str]) -> InputCount:
    """The documents ``targets`` name, counted without parsing them (see the module docstring)."""
    count = InputCount()
    for target in targets:
        if target == "-" or target.startswith(("http://", "https://")):
            count.streams.append(target)
            continue
        paths = _expand(target)
        if not paths:
            count.documents += 1  # a missing target is one failed input
        for path in paths or []:
            count.files += 1
            name = path.name.lower()
            if name.endswith(WARC_SUFFIXES) or Path(name).suffix in FEED_SUFFIXES:
                count.streams.append(str(path))
            elif Path(name).suffix in JSONL_SUFFIXES:
                count.documents += _lines(path)
            else:
                count.documents += 1
    return count


def _lines(path: Path) -> int:
    """Non-blank lines of a file, read in blocks (a JSONL dump may not fit in memory)."""
    n = 0
    try:
        with path.open("rb") as f:
            for line in f:
                n += bool(line.strip())
    except OSError:
        return 1  # unreadable: one failed input
    return max(n, 1)
