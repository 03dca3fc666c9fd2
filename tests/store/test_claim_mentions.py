"""The stored mention→claim link (``claim_mentions``, migration 0009): written with the analysis,
backfilled by the migration, and the claims listed by a name through it are exactly the claims
whose span holds a mention of that name — every one, in document order, on every page."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from claimledger.store import Ledger, views

RUNS_ON_POSTGRES_ITSELF = True  # the sample_ledger fixture (tests/store/conftest.py) covers both (test_postgres.py need not rerun this module)
SPAN_JOIN = ('SELECT m.doc_id, c.idx, m.idx FROM mentions m JOIN claims c '
             'ON c.doc_id = m.doc_id AND c.start <= m.start AND c."end" >= m."end"')



def _walk(sample_ledger: Ledger, limit: int, filters: dict) -> list[tuple[str, int]]:
    """(document, claim index) of every claim the filters list, read page by page."""
    paged, offset = [], 0
    while offset is not None and offset <= 500:
        page = sample_ledger.claims(limit=limit, offset=offset, **filters)
        paged += [(c.doc_id, c.index) for c in page.items]
        offset = page.next_offset
    return paged


def _rows(sample_ledger: Ledger, query: str) -> set[tuple[str, int, int]]:
    with sample_ledger.engine.connect() as conn:
        return {tuple(r) for r in conn.execute(text(query))}


def test_the_link_written_with_the_analysis_is_the_span_join(sample_ledger):
    stored = _rows(sample_ledger, "SELECT doc_id, claim_idx, mention_idx FROM claim_mentions")
    assert len(stored) > 50 and stored == _rows(sample_ledger, SPAN_JOIN)


def test_replacing_an_analysis_replaces_its_links(sample_ledger, sample_analyses):
    cleaned, analysis = sample_analyses[0]
    sample_ledger.set_analysis(cleaned.document.id, analysis)
    assert _rows(sample_ledger, "SELECT doc_id, claim_idx, mention_idx FROM claim_mentions") == _rows(sample_ledger, SPAN_JOIN)


def test_a_0008_ledger_is_backfilled_by_the_migration(sample_ledger):
    from claimledger.store.migrations import current, head

    written = _rows(sample_ledger, "SELECT doc_id, claim_idx, mention_idx FROM claim_mentions")
    with sample_ledger.engine.begin() as conn:  # the ledger as revision 0008 left it
        conn.execute(text("DROP TABLE claim_forms"))
        conn.execute(text("DROP TABLE name_forms"))
        conn.execute(text("DROP TABLE claim_mentions"))
        conn.execute(text("ALTER TABLE link_sketches DROP COLUMN shingles"))  # 0011
        conn.execute(text("DROP INDEX ix_claims_key_certainty"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0008'"))
        conn.execute(text("UPDATE meta SET value = '8' WHERE key = 'schema_version'"))
    url = sample_ledger.engine.url.render_as_string(hide_password=False)
    sample_ledger.engine.dispose()
    again = Ledger(url)
    assert current(again.engine) == head() and again.schema_version() == int(head())
    assert _rows(again, "SELECT doc_id, claim_idx, mention_idx FROM claim_mentions") == written
    again.engine.dispose()


NAMES = [{"entity": "Tsimbalyuk"}, {"entity": "Ukraine"}, {"entity": "russia"}, {"place": "Bakhmut"},
         {"place": "Vugledar"}, {"place": "Ukraine", "min_certainty": "reported"}, {"entity": "Ukraine", "since": "2023"}]


@pytest.mark.parametrize("filters", NAMES, ids=[repr(f) for f in NAMES])
def test_claims_by_a_name_are_every_claim_holding_it_in_document_order(sample_ledger, monkeypatch, filters):
    # the span-based listing (checkworthiness order does not take the link) is the reference
    reference = {(c.doc_id, c.index) for c in sample_ledger.claims(limit=500, sort="checkworthiness", **filters).items}
    listed = sample_ledger.claims(limit=500, **filters)
    keys = [(c.doc_id, c.index) for c in listed.items]
    assert set(keys) == reference and len(keys) == len(reference) == listed.total
    with sample_ledger.engine.connect() as conn:
        order = {doc_id: seq for doc_id, seq in conn.execute(text("SELECT id, seq FROM documents"))}
    assert keys == sorted(keys, key=lambda k: (order[k[0]], k[1]))
    for cap in (0, 2):  # 0: always the walk in document order; 2: both ways on small pages
        monkeypatch.setattr(views, "COUNT_CAP", cap)
        assert _walk(sample_ledger, 2, filters) == keys


LEVELS_AND_NAMES = [{"place": "Ukraine", "certainty": "reported"}, {"entity": "Ukraine", "min_certainty": "hedged"},
                    {"place": "Bakhmut", "certainty": "asserted,reported"}]


@pytest.mark.parametrize("filters", LEVELS_AND_NAMES, ids=[repr(f) for f in LEVELS_AND_NAMES])
def test_a_certainty_filter_finds_the_same_claims_however_the_page_is_read(sample_ledger, monkeypatch, filters):
    from claimledger.store import named_claims

    reference = [(c.doc_id, c.index) for c in sample_ledger.claims(limit=500, sort="checkworthiness", **filters).items]
    found = {}
    # counted and sorted; past the cap merged from each form's first rows; past it, every row sorted
    for cap, merged in ((1000, 20_000), (0, 20_000), (0, 0)):
        monkeypatch.setattr(views, "COUNT_CAP", cap)
        monkeypatch.setattr(named_claims, "MERGED_ROWS", merged)
        found[(cap, merged)] = _walk(sample_ledger, 3, filters)
    assert len(set(map(tuple, found.values()))) == 1 and set(found[(0, 0)]) == set(reference) and reference
