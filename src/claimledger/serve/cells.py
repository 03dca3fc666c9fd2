"""Table cells that say which column they are in, so a listing reads as one card per row on a phone.

``label_cells(row, head)`` gives each ``<td>`` of a row the text of its column's ``<th>`` as a
``data-label`` attribute (the stylesheet prints it before the value below 640 px, where the
header row is hidden).  Cells that already carry a label keep it; a ``colspan`` cell takes
the label of the first column it spans.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_TD = re.compile(r"<td\b([^>]*)>")
_TAG = re.compile(r"<[^>]+>")
_SPAN = re.compile(r"colspan=\"?(\d+)")


def column_names(head: str) -> list[str]:
    """The header cells' visible texts, in order."""
    return [" ".join(html.unescape(_TAG.sub("", th)).split()) for th in _TH.findall(str(head))]


def label_cells(row: str, head: str) -> Markup:
    """``row`` (trusted template output) with ``data-label`` on each cell, from ``head``."""
    names = column_names(head)
    column = 0

    def label(match: re.Match[str]) -> str:
        nonlocal column
        attrs = match.group(1)
        name = names[column] if column < len(names) else ""
        span = _SPAN.search(attrs)
        column += int(span.group(1)) if span else 1
        if "data-label" in attrs or not name:
            return match.group(0)
        return f'<td{attrs} data-label="{html.escape(name, quote=True)}">'

    return Markup(_TD.sub(label, str(row)))
