"""Counts that stop at ``COUNT_CAP`` ("more than 1,000"): paging still reads every row exactly
once, and "more than" is said only when more rows than the cap match."""

from __future__ import annotations

import pytest

from claimledger.analyze.pipeline import analyze_documents
from claimledger.store import Ledger, views


@pytest.fixture(scope="module")
def ledger(tmp_path_factory, express, telegraph):
    ledger = Ledger(tmp_path_factory.mktemp("capped") / "ledger.db")
    for cleaned, analysis in analyze_documents([express, telegraph]):
        ledger.add(cleaned, analysis)
    return ledger


def _every_page(ledger: Ledger, limit: int, **filters) -> list[tuple[str, int]]:
    keys, offset = [], 0
    while offset is not None and offset <= 500:  # a next page past every row would loop forever
        page = ledger.claims(limit=limit, offset=offset, **filters)
        keys += [(c.doc_id, c.index) for c in page.items]
        offset = page.next_offset
    return keys


FILTERS = [{}, {"certainty": "asserted"}, {"certainty": "reported,hedged"}, {"min_certainty": "reported"},
           {"sort": "checkworthiness"}, {"entity": "Tsimbalyuk"}, {"place": "Bakhmut"},
           {"place": "Bakhmut", "min_certainty": "reported"}, {"q": "the"}]


@pytest.mark.parametrize("filters", FILTERS, ids=[repr(f) for f in FILTERS])
def test_pages_under_a_small_cap_hold_every_row_once(ledger, monkeypatch, filters):
    every = [(c.doc_id, c.index) for c in ledger.claims(limit=500, **filters).items]
    monkeypatch.setattr(views, "COUNT_CAP", 3)  # most listings here count past it: the walk in document order
    assert _every_page(ledger, 2, **filters) == every
    assert _every_page(ledger, 1, **filters) == every


def test_more_than_is_said_only_when_more_rows_match(ledger, monkeypatch):
    exact = {level: ledger.claims(certainty=level, limit=500).total for level in views.CERTAINTY_ASCENDING}
    assert sum(exact.values()) == ledger.claims(limit=500).total > 4
    cap = sorted(n for n in exact.values() if n)[len([n for n in exact.values() if n]) // 2]
    monkeypatch.setattr(views, "COUNT_CAP", cap)
    for level, n in exact.items():
        page = ledger.claims(certainty=level, limit=1).to_dict()
        if n > cap:
            assert page["total"] is None and page["total_more_than"] == cap and page["next_offset"] == 1
        else:
            assert page["total"] == n and page["total_more_than"] is None
    last = ledger.claims(limit=1, offset=sum(exact.values()) - 1)
    assert last.total is None and len(last.items) == 1 and last.next_offset is None
    assert ledger.claims(limit=1, offset=sum(exact.values())).items == []
