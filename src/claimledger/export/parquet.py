"""Parquet export (pyarrow): one file per record kind, typed columns from the record dataclasses.

The link stage's tables (copies, stories and their members, claim groups and their
members, conflicts) are written too, with the columns of their SQL tables.

``documents.parquet`` holds the full text every span points into; each other table has
``doc_id`` and ``index`` (the record's position in its document, so ``DOCID:INDEX`` is its
id) then the record's fields.  Scalars keep their types (string, int64, float64, bool);
lists, dicts and nested records (an attribution's source) are JSON strings.  The schema is
fixed by the dataclasses, so an empty table still has its columns.  Documents are read one
at a time and written in row groups, so memory stays flat on a large ledger.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import fields
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from claimledger.records import Attribution, Claim, Document, Mention, Quantity, Segment, TimeExpr
from claimledger.store import Ledger
from claimledger.store.links import LINK_TABLES, link_table_batches, link_table_columns

RECORDS = {"documents": Document, "segments": Segment, "mentions": Mention, "quantities": Quantity,
           "attributions": Attribution, "times": TimeExpr, "claims": Claim}
SCALARS = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def _arrow_type(hint: Any) -> pa.DataType:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else object
    return SCALARS.get(hint, pa.string())  # anything nested travels as JSON


def schema(table: str) -> pa.Schema:
    """The Arrow schema of one table."""
    cls = RECORDS[table]
    hints = typing.get_type_hints(cls)
    cols = [] if table == "documents" else [pa.field("doc_id", pa.string(), nullable=False),
                                            pa.field("index", pa.int64(), nullable=False)]
    cols += [pa.field(f.name, _arrow_type(hints[f.name])) for f in fields(cls)]
    if table == "segments":
        cols.append(pa.field("text", pa.string()))
    return pa.schema(cols)


def _cell(value: Any, kind: pa.DataType) -> Any:
    if value is None:
        return None
    if kind == pa.string() and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _rows(ledger: Ledger) -> Iterator[tuple[str, dict[str, Any]]]:
    for doc in ledger.iter_documents():
        yield "documents", doc.to_dict()
        bundle = ledger.bundle(doc.id)
        for seg in bundle.segments:
            yield "segments", {"doc_id": doc.id, "index": seg.order, **seg.to_dict(),
                               "text": doc.text[seg.start:seg.end]}
        analysis = bundle.analysis
        for table in ("mentions", "quantities", "attributions", "times", "claims"):
            for index, record in enumerate(getattr(analysis, table)):
                yield table, {"doc_id": doc.id, "index": index, **record.to_dict()}


def write_parquet(ledger: Ledger, out_dir: str | Path, *, batch_rows: int = 5000) -> dict[str, int]:
    """Write ``<out_dir>/<table>.parquet`` for every record kind; returns rows per table."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    schemas = {t: schema(t) for t in RECORDS}
    writers = {t: pq.ParquetWriter(out / f"{t}.parquet", s, compression="zstd") for t, s in schemas.items()}
    pending: dict[str, list[dict[str, Any]]] = {t: [] for t in RECORDS}
    counts = {t: 0 for t in RECORDS}

    def flush(table: str) -> None:
        rows = pending[table]
        if rows:
            s = schemas[table]
            columns = {f.name: [_cell(r.get(f.name), f.type) for r in rows] for f in s}
            writers[table].write_table(pa.table(columns, schema=s))
            counts[table] += len(rows)
            pending[table] = []

    try:
        for table, row in _rows(ledger):
            pending[table].append(row)
            if len(pending[table]) >= batch_rows:
                flush(table)
        for table in RECORDS:
            flush(table)
    finally:
        for writer in writers.values():
            writer.close()
    for name in LINK_TABLES:
        counts[name] = _write_link_table(ledger, name, out / f"{name}.parquet", batch_rows)
    return counts


ARROW_KINDS = {"int": pa.int64(), "float": pa.float64(), "text": pa.string(), "json": pa.string()}


def _link_cell(value: Any, kind: str) -> Any:
    if kind == "json":
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _cell(value, ARROW_KINDS[kind])


def _write_link_table(ledger: Ledger, name: str, path: Path, batch_rows: int) -> int:
    """One link table as Parquet, rows in primary-key order; returns the row count."""
    columns = link_table_columns(name)
    arrow = pa.schema([pa.field(c, ARROW_KINDS[k]) for c, k in columns])
    count = 0
    with pq.ParquetWriter(path, arrow, compression="zstd") as writer:
        for batch in link_table_batches(ledger, name, batch_rows):
            cells = {c: [_link_cell(r[i], k) for r in batch] for i, (c, k) in enumerate(columns)}
            writer.write_table(pa.table(cells, schema=arrow))
            count += len(batch)
    return count


__all__ = ["LINK_TABLES", "RECORDS", "schema", "write_parquet"]
