"""Progress bars of the long CLI commands (ingest, link, export): a known total, done / total and ETA.

Totals are counted before the work starts (``ingest.counting.count_inputs``, the ledger's
documents); when an input is a stream (stdin, a URL, a WARC or feed file) the bar says the
total is unknown instead of showing a false one.  Bars go to stderr and only on a terminal.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from claimledger.display import terminal_safe
from claimledger.ingest.counting import count_inputs


def bar(console: Console, quiet: bool = False) -> Progress:
    """A transient bar: spinner, what it does, the bar, done/total, ETA and time elapsed."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("ETA"), TimeRemainingColumn(), TimeElapsedColumn(), console=console, transient=True,
                    disable=quiet or not console.is_terminal)


def _label(text: str) -> str:
    return escape(terminal_safe(text))  # descriptions are markup: a file name must not style the bar


@contextmanager
def ingest_bars(console: Console, targets: list[str], quiet: bool = False) -> Iterator[tuple[Any, Any]]:
    """``(on_document, on_link)`` callbacks for ``IngestOptions`` driving one bar per stage."""
    count = count_inputs(targets)
    what = "ingesting" if count.total is not None else f"ingesting (total unknown: {len(count.streams)} stream(s))"
    with bar(console, quiet) as progress:
        task = progress.add_task(_label(what), total=count.total)

        def on_document(source: str, outcome: str) -> None:
            progress.update(task, advance=1, description=_label(f"{what} · {outcome}: {Path(source).name[:28]}"))

        yield on_document, link_callback(progress)


def link_callback(progress: Progress) -> Callable[[str, int, int], None]:
    """A ``link_documents`` progress callback adding a "linking" task to ``progress``."""
    task: list[TaskID] = []

    def on_link(step: str, done: int, total: int) -> None:
        if not task:
            task.append(progress.add_task(_label(step), total=total))
        progress.update(task[0], completed=done, total=total, description=_label(step))

    return on_link


@contextmanager
def link_bar(console: Console, quiet: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """The ``progress`` callback of ``link_documents``, drawing one bar."""
    with bar(console, quiet) as progress:
        yield link_callback(progress)


@contextmanager
def counted_documents(ledger: Any, console: Console, what: str, quiet: bool = False) -> Iterator[None]:
    """While inside, every ``ledger.iter_documents()`` (what the exporters read) advances a bar
    whose total is the ledger's document count."""
    reader = ledger.iter_documents
    with bar(console, quiet) as progress:
        task = progress.add_task(_label(what), total=ledger.count())

        def iter_documents() -> Iterator[Any]:
            for doc in reader():
                yield doc
                progress.advance(task)

        ledger.iter_documents = iter_documents
        try:
            yield
        finally:
            del ledger.iter_documents  # the class's method again
