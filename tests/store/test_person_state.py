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


def test_the_name_index_finds_the_persons_matching_finds(tmp_path, sample_analyses):
    from sqlalchemy.orm import Session

    from claimledger.store import person_index

    ledger = Ledger(tmp_path / "ledger.db")
    for cleaned, analysis in sample_analyses:
        ledger.add(cleaned, analysis)
    with Session(ledger.engine) as session:
        groups = person_index._kept(session, person_index._state(session))
    assert len(groups) > 5
    index = person_index._NameIndex(groups)
    names = [n for g in groups for n in person_index.person_names(g)]
    asked = {"", "zzz", "a\x00b", *(g["entity_id"] for g in groups)}
    for name in names:
        asked |= {name, name.upper(), name[1:], name[:3], name[-3:], name.split()[-1], name + " x"}
    for q in sorted(asked):
        for exact in (False, True):
            assert index.matching(q, exact) == {i for i, g in enumerate(groups) if person_index.matches(g, q, exact)}, q
