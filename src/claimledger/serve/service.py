"""Ingest of one posted document (the read side of the pages is ``serve.reading``)."""

from __future__ import annotations

import importlib.util
from typing import Any

from claimledger.ingest import DEFAULT_MAX_BYTES, InputFailure, RawInput, ingest
from claimledger.ingest.batch import input_key
from claimledger.store import Ledger

API_SOURCE = "api:POST /api/documents"


class IngestRejected(ValueError):
    """The posted document could not be ingested (the message says why)."""


def analysis_available() -> bool:
    """Whether the analyze stage is installed in this build."""
    try:
        return importlib.util.find_spec("claimledger.analyze.pipeline") is not None
    except ImportError:
        return False


# --- ingest of one posted document ----------------------------------------------------------
def ingest_posted(ledger: Ledger, *, text: str | None = None, html: str | None = None, url: str | None = None,
                  title: str | None = None, published: str | None = None, outlet: str | None = None,
                  year: int | None = None, analyze: bool | None = None, link: bool = True,
                  allow_private: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Ingest posted text or HTML (``url`` then only names it), or fetch ``url``; then link it.

    The same path as ``claimledger ingest`` (clean, analyse, assess, store with the input's
    key).  Returns ``{"status": "added" | "duplicate", "id": ..., "source": ...}``; raises
    ``IngestRejected`` with the reason.
    """
    if analyze is None:
        analyze = analysis_available()
    elif analyze and not analysis_available():
        raise IngestRejected("analysis was asked for but the analyze stage is not installed")
    bodies = [b for b in (text, html) if b is not None]
    if len(bodies) > 1:
        raise IngestRejected("send either text or html, not both")
    if not bodies:
        if not url:
            raise IngestRejected("send text, html, or a url to fetch")
        report = ingest([url], ledger, analyze=analyze, year=year, allow_private=allow_private, max_bytes=max_bytes)
        if report.failures and not report.added:
            raise IngestRejected(f"{url}: {report.failures[0].reason}")
        result = {"status": "added" if report.added else "duplicate",
                  "id": report.added[0] if report.added else None, "source": url}
    else:
        result = _ingest_body(ledger, bodies[0], "html" if html is not None else "text",
                              {"url": url, "title": title, "published": published, "outlet": outlet},
                              analyze=analyze, year=year, max_bytes=max_bytes)
    if link and result["status"] == "added":
        from claimledger.link import link_documents

        link_documents(ledger, [result["id"]])
    return result


def _ingest_body(ledger: Ledger, body: str, kind: str, fields: dict[str, str | None], *, analyze: bool,
                 year: int | None, max_bytes: int) -> dict[str, Any]:
    from claimledger.ingest.batch import Options, process_batch

    if not body.strip():
        raise IngestRejected("the document is empty")
    if len(body.encode("utf-8", "surrogatepass")) > max_bytes:
        raise IngestRejected(f"too large: over the {max_bytes / 2**20:.0f} MiB limit")
    item = RawInput(fields.get("url") or API_SOURCE, body, kind, {k: v for k, v in fields.items() if v})
    key = input_key(item)
    outcome = process_batch([item], Options(analyze=analyze, year=year),
                            known=lambda ids: {i for i in ids if ledger.has(i)})[0]
    if isinstance(outcome, InputFailure):
        raise IngestRejected(outcome.reason)
    doc_id = outcome.cleaned.document.id
    status = ledger.add(outcome.cleaned, outcome.analysis, raw=outcome.raw, input_key=key)
    return {"status": status, "id": doc_id, "source": item.source}
