"""The store's write path kept fast: the mention→claim pairs are the span condition's (each
record's ``data`` is its ``to_dict()``, tested in ``test_record_dicts.py``), and the ids of name forms a ledger remembers are
only those of committed transactions (a rolled-back document leaves no stale id behind)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

import claimledger.store.ledger as ledger_module
from claimledger.store import Ledger
from claimledger.store.claim_names import claim_mentions

LINKED = ("SELECT f.kind, f.label, f.norm, f.text, f.entity_id, c.claim_idx, c.doc_id "
          "FROM claim_forms c JOIN name_forms f ON f.id = c.form_id")


def _records(analysis):
    return [*analysis.mentions, *analysis.quantities, *analysis.attributions, *analysis.times, *analysis.claims]


def test_the_claims_mentions_are_those_inside_each_claim(sample_analyses):
    for _, analysis in sample_analyses:
        naive = [(ci, mi) for ci, c in enumerate(analysis.claims) for mi, m in enumerate(analysis.mentions)
                 if c.start <= m.start and m.end <= c.end]
        assert len(naive) > 10 and claim_mentions(analysis) == naive


def _linked(ledger: Ledger) -> list[tuple]:
    with ledger.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(text(LINKED)))


def test_forms_of_a_rolled_back_document_are_not_remembered(tmp_path, sample_analyses, monkeypatch):
    (first, first_analysis), (second, second_analysis) = sample_analyses
    expected = ledger_module.Ledger(tmp_path / "expected.db")  # SQLite even when the suite runs on PostgreSQL
    for cleaned, analysis in sample_analyses:
        expected.add(cleaned, analysis)

    ledger = Ledger(tmp_path / "ledger.db")
    monkeypatch.setattr(ledger_module, "ANALYSIS_WRITES_BUMP", "UPDATE no_such_table SET x = 1")
    with pytest.raises(Exception):
        ledger.add(first, first_analysis)  # its forms were inserted, then rolled back
    monkeypatch.undo()
    assert not ledger._form_ids and ledger.count() == 0
    ledger.add(second, second_analysis)
    ledger.add(first, first_analysis)  # forms the second document shares come from the remembered ids
    assert ledger._form_ids
    assert _linked(ledger) == _linked(expected)
