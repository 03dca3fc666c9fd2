"""ingest: inputs → clean → analyze → store, streaming one document at a time.

``ingest`` is what ``claimledger ingest`` calls.  Each input becomes a stored document,
a duplicate (same content hash, skipped before any analysis) or a failure with its
reason; a failure never stops the batch and never touches what is already stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from claimledger.clean import CleanError, clean_html, clean_text
from claimledger.ingest.decode import DEFAULT_MAX_BYTES
from claimledger.ingest.sources import InputFailure, RawInput, iter_inputs
from claimledger.records import Cleaned
from claimledger.store import Ledger


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # document ids, in order
    duplicates: list[str] = field(default_factory=list)  # sources skipped as already stored
    failures: list[InputFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        return f"{len(self.added)} ingested, {len(self.duplicates)} skipped as duplicate, {len(self.failures)} failed"


def clean_input(item: RawInput, *, year: int | None = None) -> Cleaned:
    """A decoded input as a cleaned document (HTML through trafilatura, text through our segmenter)."""
    fields = item.fields
    clean = clean_html if item.content_type == "html" else clean_text
    cleaned = clean(item.text, source=item.source, url=fields.get("url"), title=fields.get("title"),
                    published=fields.get("published"), outlet=fields.get("outlet"), year=year)
    if item.content_type == "html":
        cleaned.document.meta["raw_html_chars"] = len(item.text)
    return cleaned


def _cleaned_stream(items: Iterable[RawInput | InputFailure], ledger: Ledger, report: IngestReport,
                    year: int | None, seen: set[str]) -> Iterator[tuple[Cleaned, str | None]]:
    for item in items:
        if isinstance(item, InputFailure):
            report.failures.append(item)
            continue
        try:
            cleaned = clean_input(item, year=year)
        except CleanError as exc:
            report.failures.append(InputFailure(item.source, str(exc)))
            continue
        except Exception as exc:  # a cleaner bug must not stop the batch
            report.failures.append(InputFailure(item.source, f"cleaning failed ({type(exc).__name__}: {exc})"))
            continue
        doc_id = cleaned.document.id
        if doc_id in seen or ledger.has(doc_id):
            report.duplicates.append(item.source)
            continue
        seen.add(doc_id)
        yield cleaned, item.text if item.content_type == "html" else None


def ingest(
    targets: Iterable[str],
    ledger: Ledger,
    *,
    analyze: bool = True,
    year: int | None = None,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int = 1,
    on_document: Callable[[str, str], None] | None = None,
    stdin=None,
) -> IngestReport:
    """Ingest everything ``targets`` names into ``ledger``; ``on_document(source, outcome)`` reports progress."""
    report = IngestReport()
    items = iter_inputs(targets, allow_private=allow_private, max_bytes=max_bytes, stdin=stdin)

    def note(source: str, outcome: str) -> None:
        if on_document:
            on_document(source, outcome)

    def counted(stream):
        # reports failures and duplicates as they happen, without holding the batch
        last = (0, 0)
        for pair in stream:
            for failure in report.failures[last[0]:]:
                note(failure.source, "failed")
            for dup in report.duplicates[last[1]:]:
                note(dup, "duplicate")
            last = (len(report.failures), len(report.duplicates))
            yield pair
        for failure in report.failures[last[0]:]:
            note(failure.source, "failed")
        for dup in report.duplicates[last[1]:]:
            note(dup, "duplicate")

    stream = counted(_cleaned_stream(items, ledger, report, year, set()))
    for cleaned, raw, analysis in _analyzed(stream, analyze, workers, report):
        try:
            outcome = ledger.add(cleaned, analysis, raw=raw)
        except Exception as exc:  # the transaction rolled back: nothing half-written
            report.failures.append(InputFailure(cleaned.document.source or cleaned.document.id,
                                                f"storing failed ({type(exc).__name__}: {exc})"))
            note(cleaned.document.source or "", "failed")
            continue
        if outcome == "added":
            report.added.append(cleaned.document.id)
        else:
            report.duplicates.append(cleaned.document.source or cleaned.document.id)
        note(cleaned.document.source or "", outcome)
    return report


def _analyzed(stream, analyze: bool, workers: int, report: IngestReport):
    """Attach the analysis (and assessment) to each cleaned document, batched through spaCy."""
    if not analyze:
        for cleaned, raw in stream:
            yield cleaned, raw, None
        return
    from claimledger.analyze.pipeline import analyze_documents

    raws: dict[str, str | None] = {}

    def cleaned_only():
        for cleaned, raw in stream:
            raws[cleaned.document.id] = raw
            yield cleaned

    for cleaned, analysis in analyze_documents(cleaned_only(), n_process=workers):
        yield cleaned, raws.pop(cleaned.document.id, None), analysis
