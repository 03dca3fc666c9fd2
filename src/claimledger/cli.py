"""claimledger command line: parse arguments, call the library, print with Rich."""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer
from rich.console import Console, Group, RenderableType
from rich.text import Text

from claimledger import cli_progress, display, display_links
from claimledger.demo import sample_paths
from claimledger.errors import ClaimledgerError, OptionsError
from claimledger.export import TABLES, write_csv, write_json, write_json_with_links, write_jsonl
from claimledger.ingest import DEFAULT_MAX_BYTES, ENGINES, IngestOptions, IngestReport
from claimledger.ingest import ingest as ingest_inputs
from claimledger.ingest.engines import RUNTIME_ENV_VAR
from claimledger.store import DEFAULT_DB, ClaimFilter, DocumentFilter, Ledger, LedgerOpenError, QueryError

app = typer.Typer(help="Turn war and conflict news into a ledger of attributed, checkable claims.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", envvar="CLAIMLEDGER_DB",
                                       help="Ledger: a SQLite file path or a SQLAlchemy URL.")]


WideOption = Annotated[bool, typer.Option("--wide", help="Every column, however narrow the terminal.")]


def _width(wide: bool) -> int | None:
    """The terminal's width for tables that fold below ``display.NARROW`` columns (None with --wide)."""
    return None if wide else console.width


def _ledger(db: str, *, say_created: bool = True) -> Ledger:
    """The ledger at ``db``; one error line and exit code 2 when it cannot be opened, and a note
    on stderr when the path held no ledger yet (a mistyped --db is not silently a new ledger)."""
    try:
        ledger = Ledger(db)
    except LedgerOpenError as exc:
        err.print(display.error(exc), soft_wrap=True)
        raise typer.Exit(2)
    if ledger.created and say_created:
        err.print(display.data(f"created new ledger at {Path(db).resolve()}", style="yellow"), soft_wrap=True)
    return ledger


def _print_report(report: IngestReport) -> None:
    for failure in report.failures:
        err.print(display.error(f"{failure.source}: {failure.reason}"), highlight=False)
    style = "green" if not report.failures else "yellow"
    console.print(Text(report.summary(), style=style))
    if report.linked is not None:
        console.print(Text(f"linked: {report.linked.summary()}"))
    for why in report.link_retried:
        err.print(display.data(f"a link pass failed and was linked again at the end: {why}", style="yellow"),
                  highlight=False)
    if report.link_error:
        err.print(display.error(report.link_error), highlight=False)


def _run_ingest(targets: list[str], ledger: Ledger, options: IngestOptions, quiet: bool) -> IngestReport:
    with cli_progress.ingest_bars(err, targets, quiet) as (on_document, on_link):
        return ingest_inputs(targets, ledger, replace(options, on_document=on_document, on_link=on_link))


def _runtime_env(value: Optional[str]) -> Optional[dict]:
    """The Ray runtime environment given as JSON (``--ray-runtime-env`` / CLAIMLEDGER_RAY_RUNTIME_ENV)."""
    if not value:
        return None
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"not JSON ({exc.msg})", param_hint="--ray-runtime-env") from None
    if not isinstance(parsed, dict):
        raise typer.BadParameter("must be a JSON object", param_hint="--ray-runtime-env")
    return parsed


@app.command()
def ingest(
    targets: Annotated[list[str], typer.Argument(help="Files, folders, globs, http(s) URLs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    year: Annotated[Optional[int], typer.Option(help="Year for datelines that have none (\"Mar 7\").")] = None,
    analyze: Annotated[bool, typer.Option(help="Run the analysis stage (claims, figures, sources).")] = True,
    allow_private: Annotated[bool, typer.Option(help="Allow URLs on loopback/private addresses.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Largest input accepted, in bytes.")] = DEFAULT_MAX_BYTES,
    workers: Annotated[int, typer.Option(help="Processes (or Ray actors) for clean + analyze.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    engine: Annotated[str, typer.Option(help="local (this machine) or ray (needs the ray extra).")] = "local",
    address: Annotated[Optional[str], typer.Option(
        help="Ray cluster to join (\"auto\", \"ray://host:10001\"); default: a local Ray instance.")] = None,
    ray_runtime_env: Annotated[Optional[str], typer.Option(
        envvar=RUNTIME_ENV_VAR, help="Ray runtime environment (JSON) for cluster workers.")] = None,
    link: Annotated[bool, typer.Option(
        help="Link the stored documents (copies, stories, claim groups, conflicts): in passes while the "
             "workers analyse, then every stored, unlinked document at the end.")] = True,
    isolate: Annotated[bool, typer.Option(
        help="Clean and analyse in a child process even with one worker, within the budgets.")] = True,
    time_budget: Annotated[float, typer.Option(help="Seconds one input may take before it fails.")] = 60.0,
    memory_budget: Annotated[int, typer.Option(help="MiB of memory a worker may use before its input fails.")] = 2048,
    timings: Annotated[Optional[Path], typer.Option(
        help="Write the CPU seconds of each stage (clean, analyze and its parts, assess, store, link) as JSON here.")] = None,
) -> None:
    """Ingest documents into the ledger, then link; exit code 1 if any input failed.  Re-run a killed batch to finish it."""
    options = IngestOptions(analyze=analyze, link=link, year=year, allow_private=allow_private, max_bytes=max_bytes,
                            workers=workers, engine=engine, address=address, isolate=isolate,
                            item_timeout=time_budget, memory_budget=memory_budget << 20,
                            ray_runtime_env=_runtime_env(ray_runtime_env), timings=timings is not None)
    try:
        options.check()
    except OptionsError as exc:
        err.print(display.error(f"{exc} (--engine: {', '.join(ENGINES)}; --address needs --engine ray)"))
        raise typer.Exit(2)
    report = _run_ingest(targets, _ledger(db), options, quiet)
    _print_report(report)
    if timings is not None:
        timings.write_text(json.dumps(report.timings, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    raise typer.Exit(0 if report.ok else 1)


@app.command("link")
def link_command(db: DbOption = DEFAULT_DB,
                 quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False) -> None:
    """Link every stored document not linked yet (what a killed or --no-link ingest left); idempotent."""
    from claimledger.link import link_documents

    ledger = _ledger(db)
    with cli_progress.link_bar(err, quiet) as progress:
        report = link_documents(ledger, progress=progress)
    console.print(Text(f"linked: {report.summary()}"))


@app.command()
def migrate(db: DbOption = DEFAULT_DB) -> None:
    """Create or upgrade the ledger's schema to the newest revision (opening a ledger does it too)."""
    from claimledger.store import database_url
    from claimledger.store.migrations import head
    from claimledger.store.migrations import migrate as migrate_ledger
    from claimledger.store.opening import check_sqlite_file, sqlite_file

    try:
        path = sqlite_file(database_url(db))
        if path is not None:
            check_sqlite_file(path)  # a bad --db is the same one line as for any command
        revision = migrate_ledger(db)
    except LedgerOpenError as exc:
        err.print(display.error(exc), soft_wrap=True)
        raise typer.Exit(2)
    except ClaimledgerError as exc:
        err.print(display.error(f"{exc}"))
        raise typer.Exit(1)
    console.print(Text(f"schema at revision {revision} (newest: {head()})"))


@app.command("list")
def list_documents(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    offset: Annotated[int, typer.Option(help="Rows to skip.")] = 0,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet.")] = None,
    wide: WideOption = False,
) -> None:
    """List stored documents: title (or opening words), source, kind, date and counts."""
    def listed(ledger: Ledger) -> RenderableType:
        page = ledger.document_summaries(DocumentFilter(outlet=outlet, limit=limit, offset=offset))
        names = ledger.document_names(d.id for d in page if not d.title)
        return display.documents_table(page, names, width=_width(wide))

    _print_or_fail(listed, db, exit_code=2)


@app.command()
def show(doc: Annotated[str, typer.Argument(help="Document id or a unique prefix of it.")],
         db: DbOption = DEFAULT_DB) -> None:
    """Show a document by segment kind, with its claims, sources, hedges and figures."""
    def shown(ledger: Ledger) -> RenderableType:
        bundle = ledger.bundle(doc)
        name = ledger.document_names([bundle.document.id])[bundle.document.id]
        return Group(display.document_rule(name), display.bundle_view(bundle))

    _print_or_fail(shown, db)


@app.command()
def claims(
    db: DbOption = DEFAULT_DB,
    doc: Annotated[Optional[str], typer.Option("--doc", help="Only this document (id or prefix).")] = None,
    entity: Annotated[Optional[str], typer.Option(help="Only claims naming this entity.")] = None,
    place: Annotated[Optional[str], typer.Option(help="Only claims about this place (any of its names).")] = None,
    min_certainty: Annotated[Optional[str], typer.Option(
        help="denied < contested < hedged < reported < asserted: keep this level and surer.")] = None,
    limit: Annotated[int, typer.Option(help="Claims to show.")] = 50,
    wide: WideOption = False,
) -> None:
    """Claims with their source chain, certainty and figures, most check-worthy first."""
    wanted = ClaimFilter(doc=doc, entity=entity, place=place, min_certainty=min_certainty, sort="checkworthiness",
                         limit=limit)
    _print_or_fail(lambda ledger: display.claim_hits_table(ledger.claims(wanted), _width(wide)), db, exit_code=2)


@app.command()
def entities(
    db: DbOption = DEFAULT_DB,
    name: Annotated[Optional[str], typer.Option("--name", help="Only entities with this in any of their names.")] = None,
    label: Annotated[Optional[str], typer.Option(help="PERSON, ORG, UNIT, WEAPON, GPE, ... (comma-separated).")] = None,
    limit: Annotated[int, typer.Option(help="Entities to show.")] = 50,
    wide: WideOption = False,
) -> None:
    """Entities, most documents first; a person's other names across documents under "also written", with why."""
    _print_or_fail(lambda ledger: display.entities_table(ledger.entities(q=name, label=label, limit=limit).items,
                                                         _width(wide)), db, exit_code=2)


@app.command()
def search(text: Annotated[str, typer.Argument(help="Words to find (all of them).")],
           db: DbOption = DEFAULT_DB,
           limit: Annotated[int, typer.Option(help="Hits to show.")] = 20) -> None:
    """Full-text search over every segment."""
    _print_or_fail(lambda ledger: display.search_table(ledger.search(text, limit=limit), text), db, exit_code=2)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f",
                                        help="json | jsonl | csv | parquet (a folder, one file per table) | claimreview")] = "jsonl",
    db: DbOption = DEFAULT_DB,
    table: Annotated[str, typer.Option(help=f"CSV table: {', '.join(TABLES)}")] = "documents",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
    links: Annotated[bool, typer.Option("--links", help="json: one object with the documents and the link layer "
                                                       "(stories, incidents, claim groups, conflicts).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Export the ledger (a progress bar on stderr counts the documents written)."""
    ledger = _ledger(db)
    writers = {"json": write_json_with_links if links else write_json, "jsonl": write_jsonl,
               "csv": lambda l, out: write_csv(l, out, table)}
    if format == "claimreview":
        from claimledger.export.claimreview import write_claimreview

        writers[format] = write_claimreview
    if format == "parquet":
        _export_parquet(ledger, output, quiet)
        return
    if format not in writers:
        err.print(display.error(f"unknown format {format!r}; choose one of {', '.join(writers)}, parquet, claimreview"))
        raise typer.Exit(2)
    with cli_progress.counted_documents(ledger, err, f"exporting {format}", quiet or format == "claimreview"):
        if output:
            with output.open("w", encoding="utf-8", newline="") as out:
                count = writers[format](ledger, out)
        else:
            writers[format](ledger, sys.stdout)
    if output:
        what = "rows" if format == "csv" else "reviews" if format == "claimreview" else "documents"
        err.print(display.data(f"wrote {count} {what} to {output}"))


def _export_parquet(ledger: Ledger, output: Optional[Path], quiet: bool) -> None:
    from claimledger.export.parquet import write_parquet

    if output is None:
        err.print(display.error("parquet needs --output FOLDER (one .parquet file per table)"))
        raise typer.Exit(2)
    with cli_progress.counted_documents(ledger, err, "exporting parquet", quiet):
        counts = write_parquet(ledger, output)
    err.print(display.data(f"wrote {', '.join(f'{n} {t}' for t, n in counts.items())} to {output}/"))


HostOption = Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")]
PortOption = Annotated[int, typer.Option(help="Port to listen on.")]
@app.command()
def stories(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Stories to show.")] = 50,
    min_size: Annotated[int, typer.Option(help="Only stories with at least this many units.")] = 1,
    wide: WideOption = False,
) -> None:
    """Stories: documents and live-blog entries about the same event, largest first."""
    _print_or_fail(lambda ledger: display_links.stories_table(ledger.stories(limit=limit, min_size=min_size),
                                                        _width(wide)), db)


def _print_or_fail(render: Callable[[Ledger], RenderableType], db: str, *, exit_code: int = 1) -> None:
    """Print ``render(ledger)``; an unknown id or a bad filter is an error line and ``exit_code``."""
    _show_or_fail(render, lambda shown: shown, db, False, exit_code=exit_code)


@app.command()
def story(story_id: Annotated[int, typer.Argument(help="Story id (see `claimledger stories`).")],
          db: DbOption = DEFAULT_DB, wide: WideOption = False) -> None:
    """One story: its lead sentence, key claims, figures and conflicts, then its members and copies."""
    def shown(ledger: Ledger) -> RenderableType:
        reading = ledger.story_reading(story_id)
        return display_links.story_view(reading.pop("story"), reading, _width(wide))

    _print_or_fail(shown, db)


@app.command()
def groups(
    db: DbOption = DEFAULT_DB,
    min_docs: Annotated[int, typer.Option(help="Only groups whose claims come from at least this many documents.")] = 2,
    limit: Annotated[int, typer.Option(help="Groups to show.")] = 50,
    wide: WideOption = False,
) -> None:
    """Claim groups: the same proposition stated across documents, the widest first (see `claimledger group ID`)."""
    _print_or_fail(lambda ledger: display_links.claim_groups_table(ledger.claim_groups(min_docs=min_docs, limit=limit),
                                                             _width(wide)), db, exit_code=2)


@app.command()
def group(group_id: Annotated[int, typer.Argument(help="Claim group id (see `claimledger groups`).")],
          db: DbOption = DEFAULT_DB, wide: WideOption = False) -> None:
    """One claim group: each member claim with its source, stance, certainty and document."""
    _print_or_fail(lambda ledger: display_links.claim_group_view(ledger.claim_group(group_id), _width(wide)), db)


@app.command()
def conflicts(
    db: DbOption = DEFAULT_DB,
    entity: Annotated[Optional[str], typer.Option(help="Only conflicts naming this entity or source.")] = None,
    place: Annotated[Optional[str], typer.Option(help="Only conflicts about this place (any of its names).")] = None,
    kind: Annotated[Optional[str], typer.Option(help="figures | changed_figure | stance")] = None,
    category: Annotated[Optional[str], typer.Option(
        help="Only conflicts counting these (killed, wounded, casualties, captured, missing, equipment, other; "
             "comma-separated).")] = None,
    limit: Annotated[int, typer.Option(help="Conflicts to show.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list (figures with offsets, pairs, reason).")] = False,
    wide: WideOption = False,
) -> None:
    """Figures about one incident that cannot all be right, figures changed in copies, opposite stances."""
    from claimledger.store.incidents import conflict_record

    _show_or_fail(lambda ledger: ledger.conflicts(entity=entity, place=place, kind=kind, category=category,
                                                  limit=limit),
                  lambda found: display_links.conflicts_view(found, _width(wide)), db, as_json,
                  to_json=lambda found: [conflict_record(c.to_dict()) for c in found])


def _show_or_fail(fetch: Callable[[Ledger], Any], render: Callable[[Any], RenderableType], db: str, as_json: bool,
                  *, to_json: Callable[[Any], Any] | None = None, exit_code: int = 1) -> None:
    """Fetch once, then print it as JSON or rendered; an unknown id or a bad filter is an error line and
    ``exit_code``."""
    import json

    try:
        found = fetch(_ledger(db))
    except (LookupError, QueryError) as exc:
        err.print(display.error(exc.args[0] if exc.args else exc))
        raise typer.Exit(exit_code)
    if as_json:
        sys.stdout.write(json.dumps(to_json(found) if to_json else found, ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(render(found))


@app.command()
def status(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What the ledger holds, what is left to link, and the last ingest runs with their failed inputs."""
    from claimledger.ingest import ingest_runs

    _show_or_fail(lambda ledger: {**ledger.overview(), "runs": ingest_runs(ledger, limit=10)},
                  display_links.status_view, db, as_json)


@app.command()
def incidents(
    db: DbOption = DEFAULT_DB,
    place: Annotated[Optional[str], typer.Option(help="Only incidents at this place (any of its names).")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only incidents reported or dated on or after this ISO date.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="single_event | campaign | cumulative")] = None,
    limit: Annotated[int, typer.Option(help="Incidents to show.")] = 50,
    every: Annotated[bool, typer.Option("--all", help="Also incidents with no estimate (no one counted killed, "
                                                      "held, lost …).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    wide: WideOption = False,
) -> None:
    """Incidents (real-world events and tolls) with their figures' low / best / high estimates."""
    _show_or_fail(lambda ledger: ledger.incidents(place=place, since=since, kind=kind, limit=limit, every=every),
                  lambda found: display_links.incidents_table(found, _width(wide)), db, as_json)


@app.command()
def incident(
    incident_id: Annotated[str, typer.Argument(help="Incident id (or a unique prefix).")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One incident: the estimate table by source, the reports in time order, its conflicts."""
    from claimledger.link.incident_reports import read_incident

    _show_or_fail(lambda ledger: read_incident(ledger, incident_id), display_links.incident_view, db, as_json)


@app.command()
def trace(claim_id: Annotated[str, typer.Argument(help="Claim id: <document id or prefix>:<claim index>.")],
          db: DbOption = DEFAULT_DB) -> None:
    """Provenance of a claim: earliest appearance, who cited whom, which copies repeated it."""
    from claimledger.link.provenance import trace as get_trace

    _print_or_fail(lambda ledger: display_links.trace_tree(get_trace(ledger, claim_id)), db)


TokenOption = Annotated[Optional[str], typer.Option("--token", envvar="CLAIMLEDGER_TOKEN",
                                                    help="Bearer token that allows writes (POST); none = read-only.")]


@app.command()
def serve(db: DbOption = DEFAULT_DB, host: HostOption = "127.0.0.1", port: PortOption = 8000,
          token: TokenOption = None) -> None:
    """Serve the ledger: web pages at /, JSON API at /api, its reference at /docs."""
    from claimledger.serve import serve as run_server

    _ledger(db)  # a bad --db is one error line here, not a traceback from the server
    console.print(display.data(f"claimledger on http://{host}:{port}/  (API reference: /docs; "
                               f"{'writes need the token' if token else 'read-only: no --token'}; Ctrl-C stops)"))
    run_server(db, host=host, port=port, token=token or "")


def _show_links(ledger: Ledger) -> None:
    """What linking found: the stories and the conflicts."""
    console.rule(Text("stories, incidents and conflicts", style="bold"))
    console.print(display_links.stories_table(ledger.stories(), console.width))
    console.print(display_links.incidents_table(ledger.incidents(), _width(False)))
    console.print(display_links.conflicts_view(ledger.conflicts(), console.width))


@app.command()
def demo(
    db: Annotated[Optional[str], typer.Option("--db", help="Ledger to fill (default: a temporary one).")] = None,
    analyze: Annotated[bool, typer.Option(help="Run the analysis stage.")] = True,
    serve_it: Annotated[bool, typer.Option("--serve", help="Then serve the ledger in the browser.")] = False,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    token: TokenOption = None,
) -> None:
    """Ingest the two bundled sample pages and show them (or, with --serve, serve them)."""
    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="claimledger-demo-")
        db = str(Path(tmp.name) / "demo.db")
    ledger = _ledger(db, say_created=tmp is None)
    report = _run_ingest([str(p) for p in sample_paths()], ledger, IngestOptions(analyze=analyze), quiet=True)
    _print_report(report)
    console.print(display.documents_table(ledger.documents(), width=console.width))
    if serve_it:
        serve(db=db, host=host, port=port, token=token)
        raise typer.Exit(0)
    for row in ledger.documents():
        console.print(display.document_rule(row["title"] or ledger.document_names([row["id"]])[row["id"]]))
        console.print(display.bundle_view(ledger.bundle(row["id"])))
    _show_links(ledger)
    if tmp is None:
        console.print(display.data(f"ledger: {db}"))
    raise typer.Exit(0 if report.ok else 1)


if __name__ == "__main__":
    app()
