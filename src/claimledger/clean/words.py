"""Words of a line, for the cleaning rules that compare lines by their content words."""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
STOP = frozenset(
    "the a an of to in on for and or as at by with from is are was were be has have had "
    "it its this that after over into than but not".split()
)
