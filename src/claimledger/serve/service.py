"""Ingest of one posted document (the read side of the pages is ``serve.reading``)."""

from __future__ import annotations

from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.ingest import DEFAULT_MAX_BYTES, IngestOptions, IngestReport, ingest, ingest_document
from claimledger.ingest.pipeline import API_SOURCE
from claimledger.store import Ledger


class IngestRejected(ClaimledgerError, ValueError):
    """The posted document could not be ingested (the message says why)."""


# --- ingest of one posted document ----------------------------------------------------------
def ingest_posted(ledger: Ledger, *, text: str | None = None, html: str | None = None, url: str | None = None,
                  title: str | None = None, published: str | None = None, outlet: str | None = None,
                  year: int | None = None, analyze: bool | None = None, link: bool = True,
                  allow_private: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Ingest posted text or HTML (``url`` then only names it), or fetch ``url``; then link.

    The library's one pipeline (``ingest`` / ``ingest_document``: clean, analyse, assess,
    store with the input's key, link).  Returns ``{"status": "added" | "duplicate", "id": ...,
    "source": ...}``; raises ``IngestRejected`` with the reason.
    """
    options = IngestOptions(analyze=True if analyze is None else analyze, link=link, year=year,
                            allow_private=allow_private, max_bytes=max_bytes)
    bodies = [b for b in (text, html) if b is not None]
    if len(bodies) > 1:
        raise IngestRejected("send either text or html, not both")
    if bodies:
        _check_body(bodies[0], max_bytes)
        fields = {"url": url, "title": title, "published": published, "outlet": outlet}
        report = ingest_document(ledger, bodies[0], kind="html" if html is not None else "text",
                                 fields={k: v for k, v in fields.items() if v}, options=options)
    elif url:
        report = ingest([url], ledger, options)
    else:
        raise IngestRejected("send text, html, or a url to fetch")
    return _posted_result(report, url or API_SOURCE, fetched=not bodies)


def _check_body(body: str, max_bytes: int) -> None:
    if not body.strip():
        raise IngestRejected("the document is empty")
    if len(body.encode("utf-8", "surrogatepass")) > max_bytes:
        raise IngestRejected(f"too large: over the {max_bytes / 2**20:.0f} MiB limit")


def _posted_result(report: IngestReport, source: str, *, fetched: bool) -> dict[str, Any]:
    """The API's answer for a one-document ingest report."""
    if report.added:
        return {"status": "added", "id": report.added[0], "source": source}
    if report.duplicates:
        return {"status": "duplicate", "id": report.duplicate_ids[0] if report.duplicate_ids else None,
                "source": source}
    reason = report.failures[0].reason if report.failures else "nothing could be read from it"
    raise IngestRejected(f"{source}: {reason}" if fetched else reason)
