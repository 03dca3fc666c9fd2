"""The store's write path kept fast: the mention→claim pairs are the span condition's (each
record's ``data`` is its ``to_dict()``, tested in ``test_record_dicts.py``), and the ids of name forms a ledger remembers are
only those of committed transactions (a rolled-back document leaves no stale id behind)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

import claimledger.store.ledger as ledger_module
import claimledger.store.ledger_write as ledger_write
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
    monkeypatch.setattr(ledger_write, "ANALYSIS_WRITES_BUMP", "UPDATE no_such_table SET x = 1")
    with pytest.raises(Exception):
        ledger.add(first, first_analysis)  # its forms were inserted, then rolled back
    monkeypatch.undo()
    assert not ledger._form_ids and ledger.count() == 0
    ledger.add(second, second_analysis)
    ledger.add(first, first_analysis)  # forms the second document shares come from the remembered ids
    assert ledger._form_ids
    assert _linked(ledger) == _linked(expected)


def _rows(ledger: Ledger) -> dict[str, list[tuple]]:
    """Every written table's rows (name_index by name: its ids are surrogate keys)."""
    queries = {
        "documents": "SELECT id, seq, status, assessments, text, meta FROM documents",
        "segments": "SELECT * FROM segments",
        "inputs": "SELECT * FROM ingested_inputs",
        "mentions": "SELECT * FROM mentions",
        "quantities": "SELECT * FROM quantities",
        "attributions": "SELECT * FROM attributions",
        "times": "SELECT * FROM times",
        "claims": "SELECT * FROM claims",
        "claim_mentions": "SELECT * FROM claim_mentions",
        "claim_forms": LINKED,
        "forms": "SELECT id, key FROM name_forms",
        "meta": "SELECT key, value FROM meta WHERE key = 'analysis_writes'",
    }
    with ledger.engine.connect() as conn:
        return {name: sorted((tuple(r) for r in conn.execute(text(q))), key=repr) for name, q in queries.items()}


def test_a_batch_stored_in_one_transaction_is_stored_as_one_by_one(tmp_path, sample_analyses):
    from claimledger.store import NewDocument

    one_by_one = Ledger(tmp_path / "one.db")
    for k, (cleaned, analysis) in enumerate(sample_analyses):
        one_by_one.add(cleaned, analysis, input_key=f"input{k}")
    one_by_one.note_input("copy", sample_analyses[0][0].document.id)

    batched = Ledger(tmp_path / "batched.db")
    (first, first_analysis), (second, second_analysis) = sample_analyses
    docs = [NewDocument(first, first_analysis, None, "input0"), NewDocument(second, second_analysis, None, "input1"),
            NewDocument(first, first_analysis, None, "copy")]  # a copy of the first, in the same batch
    assert batched.add_many(docs) == ["added", "added", "duplicate"]
    rows = _rows(batched)
    assert rows == _rows(one_by_one)
    assert len(rows["claim_forms"]) > 100 and rows["meta"] == [("analysis_writes", "2")]
    assert batched.add_many(docs[:2]) == ["duplicate", "duplicate"]  # stored already: nothing written
    assert _rows(batched) == rows


def test_a_batch_that_fails_writes_nothing(tmp_path, sample_analyses, monkeypatch):
    from claimledger.store import NewDocument

    ledger = Ledger(tmp_path / "ledger.db")
    monkeypatch.setattr(ledger_write, "ANALYSIS_WRITES_BUMP", "UPDATE no_such_table SET x = 1")
    with pytest.raises(Exception):
        ledger.add_many([NewDocument(c, a) for c, a in sample_analyses])
    assert ledger.count() == 0 and not ledger._form_ids


LINK_TABLES = ("link_sketches", "doc_links", "stories", "story_members", "link_units", "link_claims", "claim_groups",
               "claim_group_members", "incidents", "incident_keys", "incident_figures", "conflicts")


def _stored_and_linked(path, sample_analyses) -> dict[str, list[tuple]]:
    from claimledger.link import link_documents

    ledger = Ledger(path)
    for cleaned, analysis in sample_analyses:
        ledger.add(cleaned, analysis)
    link_documents(ledger)
    rows = _rows(ledger)
    with ledger.engine.connect() as conn:
        for table in LINK_TABLES:
            rows[table] = sorted((tuple(r) for r in conn.execute(text(f"SELECT * FROM {table}"))), key=repr)
    return rows


def test_the_driver_executemany_stores_what_sqlalchemy_stores(tmp_path, sample_analyses, monkeypatch):
    """``store.bulk.execute_many`` hands SQLite the rows itself: every value (JSON, dates, flags,
    bytes) as SQLAlchemy's own executemany writes it."""
    import claimledger.store.bulk as bulk

    plans: dict = {}
    monkeypatch.setattr(bulk, "_PLANS", plans)
    fast = _stored_and_linked(tmp_path / "fast.db", sample_analyses)
    monkeypatch.setattr(bulk, "_plan", lambda *a: None)  # every statement through SQLAlchemy
    plain = _stored_and_linked(tmp_path / "plain.db", sample_analyses)
    assert sum(plan is not None for plan in plans.values()) > 15 and fast == plain
    assert len(fast["claim_group_members"]) > 50 and len(fast["incident_figures"]) > 5


def test_a_row_without_a_parameter_fails_as_sqlalchemy_says(tmp_path):
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from claimledger.store.bulk import execute_many
    from claimledger.store.schema import DocLinkRow

    ledger = Ledger(tmp_path / "ledger.db")
    row = {"src": "a", "dst": "b", "kind": "copy", "score": 1.0, "jaccard": 1.0, "containment": 1.0,
           "basis": "text", "evidence": {}}
    with pytest.raises(Exception, match="bind parameter 'dst'"):
        with Session(ledger.engine) as session, session.begin():
            execute_many(session, insert(DocLinkRow.__table__), [row, {k: v for k, v in row.items() if k != "dst"}])
