"""A ``LinkSession`` keeps its linker loaded from one run to the next, and loads it afresh when
another linker linked documents in between, so its links are those of one run over all."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

from claimledger.link import LinkSession, link_documents
from claimledger.store import Ledger

sys.path.insert(0, str(Path(__file__).parent))
from test_order_free import _documents  # noqa: E402
from test_order_free import links_of as _links_of  # noqa: E402


def links_of(ledger: Ledger) -> dict:
    """``test_order_free.links_of`` and the claim groups' labels (their reference claim's text)."""
    from sqlalchemy import text

    with ledger.engine.connect() as conn:
        labels = sorted(r[0] for r in conn.execute(text("SELECT label FROM claim_groups WHERE size > 1")))
    return {**_links_of(ledger), "group labels": labels}


@pytest.fixture(scope="module")
def analysed():
    pytest.importorskip("claimledger.analyze.pipeline")
    from claimledger.analyze.pipeline import analyze_documents

    return list(analyze_documents(_documents()))


def _stored(items, path: Path) -> tuple[Ledger, list[str]]:
    ledger = Ledger(path)
    for item in items:
        ledger.add(*item)
    return ledger, [cleaned.document.id for cleaned, *_ in items]


def test_a_session_with_another_linker_between_its_runs_gives_the_links_of_one_run(analysed):
    with tempfile.TemporaryDirectory() as folder:
        reference, _ = _stored(analysed, Path(folder) / "once.db")
        link_documents(reference)
        expected = links_of(reference)

        ledger, ids = _stored(analysed, Path(folder) / "session.db")
        session = LinkSession(ledger)
        first = session.link(ids[:4])
        other = link_documents(ledger, ids[4:8])  # another linker: the session's indexes are stale
        second = session.link(ids[8:])
        rest = session.link()
        got = links_of(ledger)
    assert first.documents == ids[:4] and other.documents == ids[4:8] and second.documents == ids[8:]
    assert rest.documents == [] and session.report.documents == ids[:4] + ids[8:]
    assert any(len(s) > 1 for s in expected["stories"])
    for key in ("stories", "claim groups", "stances", "incidents", "conflicts"):
        assert got[key] == expected[key], key
    # a stored claim's text is not held between passes: a later run reads it back for the labels
    assert got["group labels"] == expected["group labels"] and all(got["group labels"])



def test_a_session_linking_one_document_at_a_time_reports_what_the_ledger_holds(tmp_path):
    """Incidents and conflicts a later run merged away are not counted in the session's report
    (on incidents_dev's 31 bodies, linked one by one, later runs rewrite many of them)."""
    from sqlalchemy import text

    from claimledger.ingest import ingest
    from claimledger.store import link_rows
    from tests.conftest import require_shared

    bodies = sorted((require_shared("incidents_dev") / "docs").glob("*.txt"))
    ledger = Ledger(tmp_path / "steps.db")
    ingest([str(p) for p in bodies], ledger, link=False)
    session = LinkSession(ledger)
    reported = set()
    for doc_id, _, _ in link_rows.document_seqs(ledger):
        reported |= {i.id for i in session.link([doc_id]).incidents}
    with ledger.engine.connect() as conn:
        incidents = set(conn.scalars(text("SELECT id FROM incidents")))
        conflicts = set(conn.scalars(text("SELECT id FROM conflicts")))
        stories = conn.scalar(text("SELECT count(DISTINCT story_id) FROM story_members"))
    opened = sum(1 for a in session.report.assignments if a.new)
    assert opened > stories  # stories a run opened that a later run merged into an earlier one
    assert session.report.new_stories == stories  # not counted as new: the ledger holds no such story
    assert f"({stories} new stories)" in session.report.summary()
    assert incidents and reported - incidents  # some runs' incidents were merged away later
    assert {i.id for i in session.report.incidents} == incidents
    assert {c.id for c in session.report.conflicts + session.report.figure_conflicts} == conflicts
