"""Move the records of one parsed unit into document offsets.

The extractors return offsets relative to ``doc.text``; the orchestrator parses a
segment or story unit that starts at ``base`` in ``Document.text``.  Besides
``start``/``end``, the records keep offsets in other fields: ``Quantity.counted_start``
and ``counted_end``, ``attrs`` keys ending in ``_start``/``_end`` (a person's
``rank_start``, ``role_start``, ``affiliation_start``) and nested spans such as
``Quantity.attrs["part_of"]``.  ``shifted`` moves all of them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from ..records import Mention, Quantity, TimeExpr

R = TypeVar("R", Mention, Quantity, TimeExpr)


def _shift_attrs(attrs: dict[str, Any], delta: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if isinstance(value, dict):
            out[key] = _shift_attrs(value, delta)
        elif isinstance(value, int) and not isinstance(value, bool) and (
                key in ("start", "end") or key.endswith(("_start", "_end"))):
            out[key] = value + delta
        else:
            out[key] = value
    return out


def shifted(record: R, delta: int) -> R:
    """A copy of a Mention, Quantity or TimeExpr with every offset moved by ``delta``."""
    changes: dict[str, Any] = {"start": record.start + delta, "end": record.end + delta}
    if isinstance(record, Quantity) and record.counted_start is not None:
        changes["counted_start"] = record.counted_start + delta
        changes["counted_end"] = record.counted_end + delta
    if isinstance(record, (Mention, Quantity)):
        changes["attrs"] = _shift_attrs(record.attrs, delta)
    return replace(record, **changes)
