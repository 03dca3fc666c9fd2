"""The forms a claim is named by (``name_forms``, ``claim_forms``; migration 0010): written with the
analysis, replaced with it, and the same rows when the migration fills an older ledger."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from claimledger.store import Ledger
from claimledger.store.name_forms import chain_names

RUNS_ON_POSTGRES_ITSELF = True  # the sample_ledger fixture (tests/store/conftest.py) covers both
LINKED = ("SELECT f.kind, f.label, f.norm, f.text, f.entity_id, c.seq, c.claim_idx, c.certainty, c.doc_id "
          "FROM claim_forms c JOIN name_forms f ON f.id = c.form_id")



def _rows(sample_ledger: Ledger, query: str) -> list[tuple]:
    with sample_ledger.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(text(query)))


def test_every_claim_is_linked_to_the_forms_of_its_mentions_and_source_chain(sample_ledger, sample_analyses):
    stored = _rows(sample_ledger, LINKED)
    with sample_ledger.engine.connect() as conn:
        seq = {doc_id: n for doc_id, n in conn.execute(text("SELECT id, seq FROM documents"))}
    expected = set()
    for cleaned, analysis in sample_analyses:
        doc = cleaned.document.id
        for ci, claim in enumerate(analysis.claims):
            for m in analysis.mentions:
                if claim.start <= m.start and m.end <= claim.end:
                    expected.add(("mention", m.label, m.norm, m.text, m.entity_id or "", seq[doc], ci, claim.certainty, doc))
            if claim.attribution is not None:
                for name in chain_names(analysis.attributions[claim.attribution]):
                    expected.add(("source", "", "", name, "", seq[doc], ci, claim.certainty, doc))
    assert any(r[0] == "source" for r in stored) and len(stored) > 100
    assert stored == sorted(expected)  # each (form, claim) once


def test_a_form_is_stored_once_and_replacing_an_analysis_replaces_its_links(sample_ledger, sample_analyses):
    before = _rows(sample_ledger, LINKED)
    forms = _rows(sample_ledger, "SELECT id, kind, label, norm, text, entity_id FROM name_forms")
    assert len(forms) == len({f[1:] for f in forms})
    cleaned, analysis = sample_analyses[0]
    sample_ledger.set_analysis(cleaned.document.id, analysis)
    assert _rows(sample_ledger, LINKED) == before
    assert _rows(sample_ledger, "SELECT id, kind, label, norm, text, entity_id FROM name_forms") == forms


def test_a_0009_ledger_is_filled_by_the_migration(sample_ledger):
    from claimledger.store.migrations import current, head

    written = _rows(sample_ledger, LINKED)
    with sample_ledger.engine.begin() as conn:  # the ledger as revision 0009 left it
        conn.execute(text("DROP TABLE claim_forms"))
        conn.execute(text("DROP TABLE name_forms"))
        conn.execute(text("ALTER TABLE link_sketches DROP COLUMN shingles"))  # 0011
        conn.execute(text("UPDATE alembic_version SET version_num = '0009'"))
        conn.execute(text("UPDATE meta SET value = '9' WHERE key = 'schema_version'"))
    url = sample_ledger.engine.url.render_as_string(hide_password=False)
    sample_ledger.engine.dispose()
    again = Ledger(url)
    assert current(again.engine) == head() and again.schema_version() == int(head())
    assert _rows(again, LINKED) == written
    again.engine.dispose()


@pytest.mark.parametrize("filters", [{"entity": "Ukraine"}, {"place": "Ukraine"}, {"place": "Ukraine", "certainty": "reported"}],
                         ids=repr)
def test_a_name_past_the_cap_is_counted_as_more_than_it(sample_ledger, monkeypatch, filters):
    from claimledger.store import views

    exact = sample_ledger.claims(limit=500, **filters)
    assert exact.total and exact.total > 3 and exact.more_than is None
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    capped = sample_ledger.claims(limit=2, **filters)
    assert capped.total is None and capped.more_than == 3 and capped.more
    assert [(c.doc_id, c.index) for c in capped.items] == [(c.doc_id, c.index) for c in exact.items[:2]]
    monkeypatch.setattr(views, "COUNT_CAP", exact.total)
    assert sample_ledger.claims(limit=2, **filters).total == exact.total


@pytest.mark.parametrize("filters", [{"entity": "u"}, {"place": "a", "certainty": "reported,asserted"}], ids=repr)
def test_a_name_of_many_forms_is_read_by_their_query_the_same(sample_ledger, monkeypatch, filters):
    from claimledger.store import named_claims, views

    listed = [(c.doc_id, c.index) for c in sample_ledger.claims(limit=500, **filters).items]
    monkeypatch.setattr(named_claims, "LISTED_FORMS", 0)
    assert [(c.doc_id, c.index) for c in sample_ledger.claims(limit=500, **filters).items] == listed and listed
    monkeypatch.setattr(views, "COUNT_CAP", 2)  # past the cap, every claim of the forms sorted
    assert [(c.doc_id, c.index) for c in sample_ledger.claims(limit=4, offset=2, **filters).items] == listed[2:6]
