"""The command line as a user runs it: ingest, list, show, search, export, demo."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.demo import sample_path

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_ingest_list_show_search_export(tmp_path):
    db = tmp_path / "cli.db"
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = invoke("ingest", sample_path("telegraph"), sample_path("express"), bad, "--db", db, "--no-analyze")
    assert result.exit_code == 1  # one input failed
    assert "2 ingested, 0 skipped as duplicate, 1 failed" in result.output
    assert f"{bad}: empty input" in result.output.replace("\n", "")

    again = invoke("ingest", sample_path("telegraph"), "--db", db, "--no-analyze")
    assert again.exit_code == 0 and "0 ingested, 1 skipped as duplicate, 0 failed" in again.output

    listing = invoke("list", "--db", db)
    assert "liveblog" in listing.output and "XXXX-03-07" in listing.output

    from claimledger.store import Ledger

    telegraph_id = Ledger(db).documents()[0]["id"]
    shown = invoke("show", telegraph_id[:8], "--db", db)
    assert shown.exit_code == 0
    assert "reader comments (3)" in shown.output and "page furniture" in shown.output
    assert "entry 1" in shown.output

    missing = invoke("show", "ffffffff", "--db", db)
    assert missing.exit_code == 1 and "no document" in missing.output

    hits = invoke("search", "cluster bombs", "--db", db)
    assert "entry_headline" in hits.output

    exported = invoke("export", "--format", "jsonl", "--db", db)
    records = [json.loads(line) for line in exported.output.splitlines() if line.strip()]
    assert [r["kind"] for r in records] == ["liveblog", "article"]
    segment = records[0]["segments"][3]
    assert records[0]["text"][segment["start"]:segment["end"]] == segment["text"]

    table = invoke("export", "--format", "csv", "--table", "segments", "--db", db)
    rows = list(csv.DictReader(io.StringIO(table.output)))
    assert {r["kind"] for r in rows} >= {"comment", "furniture", "entry_headline", "body"}


def test_demo_without_analysis():
    result = invoke("demo", "--no-analyze")
    assert result.exit_code == 0
    assert "2 ingested" in result.output
    assert "Putin mutiny as soldier drives tank" in result.output


def test_demo_with_analysis_shows_overstatement_toxicity_and_ranked_claims(tmp_path):
    db = tmp_path / "demo.db"
    result = invoke("demo", "--db", db)
    assert result.exit_code == 0, result.output
    out = result.output
    express = out.index("Putin mutiny as soldier drives tank over commanding officer")
    assert "headline overstates its body" in out[express:]
    assert "headline overstates its body" not in out[:express]  # the live blog's headline is supported
    assert out.index("reader comments (3)") < out.index("Senior Russian officers have reportedly")
    assert "toxic" in out[:express]

    from claimledger.store import ClaimFilter, Ledger

    ledger = Ledger(db)
    hits = ledger.claims(ClaimFilter(sort="checkworthiness", limit=500)).items
    scores = [h.claim.checkworthiness for h in hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0.9
    assert any("7,000" in h.claim.text and h.claim.certainty in ("hedged", "reported") for h in hits)
    vuhledar = ledger.claims(place="Vuhledar").items
    assert vuhledar and all("Vugledar" in h.claim.text or h.claim.places for h in vuhledar)


HOSTILE_NAME = "[bold red]evil\x1b[31m\x1b]0;pwned\x07 [link=x]page.txt"  # no "/": a file name
HOSTILE_TITLE = "Russian [blink]losses[/blink] mount near [link=https://evil.example]Bakhmut[/link] \x1b[5m"


def test_data_is_printed_as_written_never_as_markup_or_escape_codes(tmp_path):
    """A hostile file name and title: shown literally, and no escape sequence reaches the terminal."""
    db = tmp_path / "hostile.db"
    page = tmp_path / HOSTILE_NAME
    page.write_text(f"{HOSTILE_TITLE}\n\nOfficials said 12 tanks [red]were destroyed[/red] near Bakhmut "
                    "on Monday.\x1b[2J\n\nThe claim could not be verified.\n", encoding="utf-8")
    empty = tmp_path / "[green]empty\x1b[1m.txt"
    empty.write_text("")
    ingested = runner.invoke(app, ["ingest", str(page), str(empty), "--db", str(db), "--no-analyze"],
                             env={"COLUMNS": "250"})
    assert ingested.exit_code == 1
    assert f"{tmp_path}/[green]empty.txt: empty input" in ingested.output.replace("\n", "")
    outputs = [ingested.output]
    for args in (["list"], ["show", "[bold]nope"], ["search", "tanks"]):
        outputs.append(runner.invoke(app, [*args, "--db", str(db)], env={"COLUMNS": "250"}).output)
    doc_id = outputs[-1].split("│")[1].strip()
    outputs.append(runner.invoke(app, ["show", doc_id, "--db", str(db)], env={"COLUMNS": "250"}).output)
    listing, missing, hits, shown = outputs[1:]
    title = "Russian [blink]losses[/blink] mount near [link=https://evil.example]Bakhmut[/link]"
    assert title in listing and title in shown
    assert "no document with id '[bold]nope'" in missing
    assert "[red]were destroyed[/red]" in hits and "[red]were destroyed[/red]" in shown
    assert "[bold red]evil [link=x]page.txt" in shown.replace("\n", "")  # the file name, escape codes taken out
    assert not any("\x1b" in out or "\x07" in out for out in outputs)


def _stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_a_bad_db_is_one_error_line_naming_the_path_and_the_reason(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Not a ledger: the analyst's notes.\n")
    (tmp_path / "folder").mkdir()
    cases = {notes: "not a SQLite database", tmp_path / "missing" / "ledger.db": "no such directory",
             tmp_path / "folder": "it is a directory", notes / "ledger.db": "is a file, not a directory"}
    for (db, reason), command in zip(cases.items(), ("list", "migrate", "claims", "status")):
        result = runner.invoke(app, [command, "--db", str(db)])
        assert result.exit_code == 2, (db, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
        lines = _stderr_lines(result)
        assert len(lines) == 1 and lines[0].startswith(f"error cannot open ledger {db}: ") and reason in lines[0]
    assert notes.read_text() == "Not a ledger: the analyst's notes.\n"  # left as it was


def test_a_new_ledger_is_announced_once(tmp_path):
    db = tmp_path / "ledgr.db"  # a mistyped path
    first = runner.invoke(app, ["list", "--db", str(db)])
    assert first.exit_code == 0 and _stderr_lines(first) == [f"created new ledger at {db.resolve()}"]
    again = runner.invoke(app, ["list", "--db", str(db)])
    assert again.exit_code == 0 and _stderr_lines(again) == []


def _bar_lines(run) -> set[str]:
    """What a progress bar drew on a terminal while ``run(console)`` ran (escape codes taken out)."""
    import re

    from rich.console import Console

    out = io.StringIO()
    run(Console(file=out, force_terminal=True, force_interactive=True, width=120))
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", out.getvalue()).replace("\r", "\n")
    return {" ".join(line.split()) for line in text.split("\n") if line.strip()}


def test_long_commands_show_a_total_and_an_eta(tmp_path):
    from claimledger import cli_progress
    from claimledger.export import write_jsonl
    from claimledger.ingest import IngestOptions, ingest
    from claimledger.store import Ledger

    targets = [str(sample_path("telegraph")), str(sample_path("express"))]
    ledger = Ledger(tmp_path / "bars.db")

    def ingesting(console):
        with cli_progress.ingest_bars(console, targets) as (on_document, on_link):
            ingest(targets, ledger, IngestOptions(analyze=False, on_document=on_document, on_link=on_link))

    lines = _bar_lines(ingesting)
    assert any(line.startswith("ingesting · added: ") and " 2/2 ETA " in line for line in lines)
    assert any("linking documents" in line and "/2 ETA " in line for line in lines)  # then the link stage
    assert any(line.startswith("incidents and conflicts") and " 2/2 ETA " in line for line in lines)

    def exporting(console):
        with cli_progress.counted_documents(ledger, console, "exporting jsonl"):
            assert write_jsonl(ledger, io.StringIO()) == 2

    assert any(line.startswith("exporting jsonl") and " 2/2 ETA " in line for line in _bar_lines(exporting))
    assert ledger.iter_documents.__func__ is Ledger.iter_documents  # the ledger's own reader again

    def streaming(console):
        with cli_progress.ingest_bars(console, ["-", targets[0]]) as (on_document, _):
            on_document("<stdin>", "added")

    assert any("ingesting (total unknown: 1 stream(s)) · added: <stdin>" in line and " 1/? " in line
               for line in _bar_lines(streaming))


def test_an_unreachable_database_url_is_one_error_line_without_its_password():
    url = "postgresql+psycopg://claimledger:s3cret@localhost/claimledger_no_such_db"
    result = runner.invoke(app, ["list", "--db", url])
    assert result.exit_code == 2
    lines = _stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith("error cannot open ledger postgresql+psycopg://claimledger:***@")
    assert "s3cret" not in result.output
