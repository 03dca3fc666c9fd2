"""One unit of work for the engines: a batch of raw inputs → cleaned (and analysed) outcomes.

It runs wherever an engine puts it (this process, a worker process, a Ray actor) and never
writes to the ledger: the parent stores the outcomes, one transaction per batch.  Each
input ends as a ``Ready`` document or an ``InputFailure`` with its reason; an exception in
the cleaner or the analyser fails that input alone.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from typing import Callable, Sequence

from claimledger import timings
from claimledger.clean import CleanError, clean_html, clean_text
from claimledger.ingest.sources import InputFailure, RawInput
from claimledger.records import Analysis, Cleaned


@dataclass(frozen=True)
class Options:
    """What the workers do with each input (sent once to every worker)."""

    analyze: bool = True
    year: int | None = None
    ledger_url: str | None = None  # workers that can read the ledger skip analysing stored documents
    plugins: tuple[str, ...] = ()  # modules every worker imports before work (extensions, fault injection)
    timings: bool = False  # tally CPU time per stage (``claimledger.timings``) and send it back


def load_plugins(options: Options) -> None:
    for name in options.plugins:
        importlib.import_module(name)


@dataclass
class Ready:
    """A document ready to store: cleaned, analysed when asked, with the raw HTML to keep."""

    source: str
    cleaned: Cleaned
    raw: str | None = None
    analysis: Analysis | None = None
    problem: str | None = None  # set when the analysis failed: the document is stored without it


Outcome = Ready | InputFailure
ASSESSMENT_ERROR = "assessment_error"  # key in Analysis.assessments when the assess stage failed


def input_key(item: RawInput) -> str:
    """Hash of a raw input (kind, URL, text): the same input seen again is skipped before cleaning."""
    digest = hashlib.sha256()
    for part in (item.content_type, item.fields.get("url") or "", item.text):
        digest.update(str(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def clean_input(item: RawInput, *, year: int | None = None) -> Cleaned:
    """A decoded input as a cleaned document (HTML through trafilatura, text through our segmenter)."""
    fields = item.fields
    clean = clean_html if item.content_type == "html" else clean_text
    cleaned = clean(item.text, source=item.source, url=fields.get("url"), title=fields.get("title"),
                    published=fields.get("published"), outlet=fields.get("outlet"), year=year)
    if item.content_type == "html":
        cleaned.document.meta["raw_html_chars"] = len(item.text)
    return cleaned


def clean_one(item: RawInput, year: int | None) -> Outcome:
    try:
        cleaned = clean_input(item, year=year)
    except CleanError as exc:
        return InputFailure(item.source, str(exc))
    except RecursionError:
        return InputFailure(item.source, "cleaning failed: markup nested too deeply")
    except Exception as exc:  # a cleaner bug must not stop the batch
        return InputFailure(item.source, f"cleaning failed ({type(exc).__name__}: {exc})")
    return Ready(item.source, cleaned, item.text if item.content_type == "html" else None)


def process_batch(items: Sequence[RawInput], options: Options, *,
                  known: Callable[[list[str]], set[str]] | None = None,
                  tick: Callable[[], None] | None = None) -> list[Outcome]:
    """Clean (and analyse) ``items``; one outcome per input, in order.

    ``known(ids)`` names documents already stored: they are not analysed again (the store
    will call them duplicates).  ``tick()`` is called as work progresses (a liveness signal).
    """
    outcomes: list[Outcome] = []
    for item in items:
        start = timings.now()
        outcomes.append(clean_one(item, options.year))
        timings.lap("clean", start)
        if tick:
            tick()
    if options.analyze:
        ready = [o for o in outcomes if isinstance(o, Ready)]
        if known and ready:
            try:
                stored = known(sorted({o.cleaned.document.id for o in ready}))
            except Exception:  # the check only saves work; without it every document is analysed
                stored = set()
            ready = [o for o in ready if o.cleaned.document.id not in stored]
        if ready:
            _analyze(ready, tick)
    return outcomes


def _analyze(ready: list[Ready], tick: Callable[[], None] | None) -> None:
    """Attach analyses, batched through spaCy; a batch that fails is redone document by document."""
    from claimledger.analyze.pipeline import analyze_documents

    try:
        found = _analyses([o.cleaned for o in ready], analyze_documents, tick)
    except Exception:
        found = {}
        for outcome in ready:
            try:
                found.update(_analyses([outcome.cleaned], analyze_documents, tick))
            except Exception as exc:
                outcome.problem = f"stored without analysis: analysis failed ({type(exc).__name__}: {exc})"
    for outcome in ready:
        outcome.analysis = found.get(outcome.cleaned.document.id)
        if outcome.analysis is None and outcome.problem is None:
            outcome.problem = "stored without analysis: the analyser returned nothing for it"
        elif outcome.analysis is not None and ASSESSMENT_ERROR in outcome.analysis.assessments:
            outcome.problem = f"stored without assessment scores: assessment failed ({outcome.analysis.assessments[ASSESSMENT_ERROR]})"


def _analyses(docs: list[Cleaned], analyze_documents, tick) -> dict[str, Analysis]:
    """Analyse (the hedge model feeding certainty), then assess with the trained models."""
    from claimledger.analyze.pipeline import one_blas_thread
    from claimledger.assess.document import speculation_scores

    analysed = analyze_documents(docs, n_process=1, hedge_scorer=speculation_scores)
    pairs = []
    for pair in timings.timed_pipe(analysed, "analyze") if timings.enabled() else analysed:
        pairs.append(pair)
        if tick:
            tick()
    start = timings.now()
    with one_blas_thread():  # the models' matrices are small; a second thread would only spin
        _assess(pairs)
    timings.lap("assess", start)
    if tick:
        tick()
    return {cleaned.document.id: analysis for cleaned, analysis in pairs}


def _assess(pairs: list[tuple[Cleaned, Analysis]]) -> None:
    """Assess the documents together; if that fails, one by one, so a failure marks its own document only."""
    from claimledger.assess.document import assess_documents

    try:
        assess_documents(pairs)
        return
    except Exception:
        pass
    for pair in pairs:
        try:
            assess_documents([pair])
        except Exception as exc:  # the analysis stands without the scores; the input reports why
            pair[1].assessments[ASSESSMENT_ERROR] = f"{type(exc).__name__}: {exc}"
