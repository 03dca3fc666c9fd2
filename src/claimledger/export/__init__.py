"""export: the ledger as JSON, JSONL or CSV (one table per record kind).

``document_record`` is the JSON shape of one stored document with its segments and
analysis; the API and every export format build on it.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterable, Iterator

from claimledger.store import Ledger

TABLES = ("documents", "segments", "mentions", "quantities", "attributions", "times", "claims")


def document_record(ledger: Ledger, doc_id: str, *, with_text: bool = True) -> dict[str, Any]:
    """One document as a JSON-ready dict: fields, segments (with their text) and analysis."""
    return ledger.bundle(doc_id).to_dict(with_text=with_text)


def iter_records(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for doc in ledger.iter_documents():
        yield document_record(ledger, doc.id)


def table_rows(ledger: Ledger, table: str) -> Iterator[dict[str, Any]]:
    """Flat rows of one record kind, each with its document id (nested values as JSON)."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    for doc in ledger.iter_documents():
        if table == "documents":
            row = doc.to_dict()
            row.pop("text")
            yield _flat(row)
            continue
        bundle = ledger.bundle(doc.id)
        if table == "segments":
            items = [dict(s.to_dict(), text=doc.text[s.start:s.end]) for s in bundle.segments]
        else:
            items = [r.to_dict() for r in getattr(bundle.analysis, table)]
        for index, item in enumerate(items):
            yield _flat({"doc_id": doc.id, "index": index, **item})


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (dict, list)) else v
            for k, v in row.items()}


def write_json(ledger: Ledger, out: IO[str]) -> int:
    count = 0
    out.write("[")
    for count, record in enumerate(iter_records(ledger), start=1):
        out.write(("\n" if count == 1 else ",\n") + json.dumps(record, ensure_ascii=False))
    out.write("\n]\n")
    return count


def write_jsonl(ledger: Ledger, out: IO[str]) -> int:
    count = 0
    for count, record in enumerate(iter_records(ledger), start=1):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return count


def write_csv(ledger: Ledger, out: IO[str], table: str = "documents") -> int:
    writer = None
    count = 0
    for count, row in enumerate(table_rows(ledger, table), start=1):
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(row)
    return count


LINK_SECTIONS = ("stories", "incidents", "claim_groups", "conflicts")


def link_layer(ledger: Ledger) -> dict[str, list[Any]]:
    """Everything linking found, JSON-ready: stories, incidents, claim groups, conflicts."""
    from claimledger.link.incident_reports import read_incident  # linking's modules load only when asked

    def dicts(items: Any) -> list[Any]:
        return [i.to_dict() if hasattr(i, "to_dict") else i for i in items]

    return {"stories": dicts(ledger.stories(limit=2**31 - 1)),
            "incidents": [read_incident(ledger, i["id"]) for i in ledger.incidents(limit=None)],
            "claim_groups": dicts(ledger.claim_groups(min_docs=1, limit=2**31 - 1)),
            "conflicts": dicts(ledger.conflicts(limit=2**31 - 1))}


def write_json_with_links(ledger: Ledger, out: IO[str]) -> int:
    """One JSON object: ``documents`` (as ``write_json``) and the link layer's sections."""
    out.write('{"documents": ')
    count = write_json(ledger, out)
    for name, items in link_layer(ledger).items():
        out.write(f', "{name}": ' + json.dumps(items, ensure_ascii=False))
    out.write("}\n")
    return count


# --- what a listing shows (the web pages' download links) ------------------------------------
LISTING_FORMATS = ("json", "csv")


def _inert(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting like a formula ("=", "+", "@", or "-"
    not followed by a digit) gets a leading apostrophe, as OWASP advises."""
    if isinstance(value, str) and value[:1] in ("=", "+", "@", "\t", "\r", "-") and not value[1:2].isdigit():
        return "'" + value
    return value


def write_listing(items: Iterable[dict[str, Any]], out: IO[str], fmt: str) -> int:
    """Rows of a listing (documents, claims, incidents, conflicts as the API gives them) as a
    JSON list, or as CSV with nested values written as JSON; returns the number of rows."""
    if fmt not in LISTING_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(LISTING_FORMATS)}")
    if fmt == "json":
        rows = list(items)
        out.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return len(rows)
    flat = [{k: _inert(v) for k, v in _flat(item).items()} for item in items]
    columns = list(dict.fromkeys(k for row in flat for k in row))
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(flat)
    return len(flat)
