"""The ingest, link and demo commands: data printed as data, linking at the end, a linked demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CLI = [sys.executable, "-m", "claimledger.cli"]
ARTICLE = "Kharkiv was shelled overnight, the regional governor said on Friday. Two schools were damaged.\n"


def _run(args: list[str], cwd) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path), COLUMNS="200")
    return subprocess.run(CLI + args, capture_output=True, text=True, timeout=300, cwd=cwd, env=env)


def test_markup_and_escape_codes_in_file_names_are_printed_as_data(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "x[").mkdir()
    (tmp_path / "x[" / "]e.txt").write_text("")  # the path reads x[/]e.txt: Rich markup if taken as markup
    evil = "evil\x1b[31mred.txt"
    (tmp_path / evil).write_text("")
    done = _run(["ingest", "good.txt", "x[/]e.txt", evil, "--db", "l.db", "--no-analyze"], tmp_path)
    assert done.returncode == 1, done.stderr[-2000:]  # two inputs failed; no crash
    assert "Traceback" not in done.stderr
    assert "x[/]e.txt: empty input" in done.stderr
    assert "\x1b" not in done.stderr and "evilred.txt: empty input" in done.stderr  # the escape removed, not run
    assert "1 ingested" in done.stdout and "1 documents linked" in done.stdout  # linking still ran


def test_no_link_then_link(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    stored = _run(["ingest", "good.txt", "--db", "l.db", "--no-analyze", "--no-link"], tmp_path)
    assert stored.returncode == 0 and "linked" not in stored.stdout
    linked = _run(["link", "--db", "l.db"], tmp_path)
    assert linked.returncode == 0 and "1 documents linked" in linked.stdout


def test_bad_engine_options_are_a_usage_error(tmp_path):
    done = _run(["ingest", "x.txt", "--db", "l.db", "--engine", "spark"], tmp_path)
    assert done.returncode == 2 and "unknown engine 'spark'" in done.stderr


def test_demo_shows_a_linked_ledger(tmp_path):
    done = _run(["demo", "--no-analyze", "--db", str(tmp_path / "demo.db")], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "2 documents linked" in done.stdout
    assert "stories, incidents and conflicts" in done.stdout and "5 stories" in done.stdout


def test_status_counts_what_is_left_to_link_and_the_failed_inputs(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "empty.txt").write_text("")
    _run(["ingest", "good.txt", "empty.txt", "--db", "l.db", "--no-analyze", "--no-link"], tmp_path)
    before = json.loads(_run(["status", "--db", "l.db", "--json"], tmp_path).stdout)
    assert before["documents"] == 1 and before["unlinked"] == 1
    assert before["runs"][0]["failures"][0]["source"].endswith("empty.txt")
    _run(["link", "--db", "l.db"], tmp_path)
    after = json.loads(_run(["status", "--db", "l.db", "--json"], tmp_path).stdout)
    assert after["unlinked"] == 0 and after["stories"] >= 1


def test_timings_say_what_each_stage_cost(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    done = _run(["ingest", "good.txt", "--db", "l.db", "--timings", "t.json", "--time-budget", "600"], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    stages = json.loads((tmp_path / "t.json").read_text())
    assert all(stages[s] > 0 for s in ("clean", "analyze", "assess", "store", "link"))
    parts = [v for k, v in stages.items() if k.startswith("analyze/")]
    assert "analyze/parse:claimledger_ner" in stages and 0 < sum(parts) <= stages["analyze"]  # the parts are inside the stage
