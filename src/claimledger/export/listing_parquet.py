"""What a listing shows (documents, claims, incidents, conflicts, places as the API gives them)
as one Parquet file: the web pages' third download beside CSV and JSON.

Columns are the union of the rows' keys, in first-seen order; nested values (lists, dicts)
are JSON strings, as in the CSV.  A column keeps a numeric or boolean type when every value
in it has that type (or is missing); otherwise it is text, so a file always has one type per
column and opens in pandas, DuckDB or a spreadsheet tool as the table on screen.
"""

from __future__ import annotations

import io
import json
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

MEDIA_TYPE = "application/vnd.apache.parquet"


def _flat(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, (dict, list, tuple)) else value


def _column(values: list[Any]) -> pa.Array:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pa.array(values, pa.bool_())
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.array(values, pa.int64())
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return pa.array([None if v is None else float(v) for v in values], pa.float64())
    return pa.array([None if v is None else str(v) for v in values], pa.string())


def listing_parquet(items: Iterable[dict[str, Any]]) -> bytes:
    """The rows as the bytes of a Parquet file (zstd-compressed; an empty listing has no columns)."""
    rows = [{k: _flat(v) for k, v in item.items()} for item in items]
    columns = list(dict.fromkeys(k for row in rows for k in row))
    table = pa.table({c: _column([row.get(c) for row in rows]) for c in columns})
    out = io.BytesIO()
    pq.write_table(table, out, compression="zstd")
    return out.getvalue()
