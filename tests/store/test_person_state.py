"""The merged persons a name filter uses are kept per ledger state: the state changes when an
analysis is written (``meta.analysis_writes``), so a replaced analysis is never read stale."""

from __future__ import annotations

import dataclasses

from sqlalchemy import text

from claimledger.analyze.pipeline import analyze_documents
from claimledger.store import Ledger


def _writes(ledger: Ledger) -> str | None:
    with ledger.engine.connect() as conn:
        return conn.execute(text("SELECT value FROM meta WHERE key = 'analysis_writes'")).scalar()


def test_a_replaced_analysis_changes_the_persons_a_filter_finds(tmp_path, express):
    (cleaned, analysis), = analyze_documents([express])
    ledger = Ledger(tmp_path / "ledger.db")
    ledger.add(cleaned, analysis)
    assert _writes(ledger) == "1"
    person = next(m.norm for m in analysis.mentions if m.label == "PERSON")
    assert person in ledger.person_names(person, exact=True)  # now kept for this state
    no_persons = dataclasses.replace(analysis, mentions=[m for m in analysis.mentions if m.label != "PERSON"],
                                     claims=[])
    ledger.set_analysis(cleaned.document.id, no_persons)  # same documents, same last seq
    assert _writes(ledger) == "2"
    assert ledger.person_names(person, exact=True) == ()
    ledger.set_analysis(cleaned.document.id, analysis)
    assert person in ledger.person_names(person, exact=True)
