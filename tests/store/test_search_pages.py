"""Search pages on SQLite are found by rank first (``fulltext._ranked_ids``): every page holds the
rows, in the order, that one ordered statement over all matches gives (bm25, document, segment),
with and without a kind filter, however many ranks the first passes read."""

from __future__ import annotations

import pytest
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from claimledger.clean import clean_text
from claimledger.demo import sample_text
from claimledger.store import Ledger, fulltext


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    ledger = Ledger(tmp_path_factory.mktemp("search") / "search.db")
    for name in ("telegraph", "express"):
        ledger.add(clean_text(sample_text(name)))
    return ledger


def _one_statement(ledger: Ledger, q: str, kinds: list[str], limit: int, offset: int) -> list[tuple[str, int, str]]:
    params = {"n": limit, "o": offset, "q": fulltext.fts_query(q), **{f"k{i}": k for i, k in enumerate(kinds)}}
    kind_sql = " AND s.kind IN (" + ", ".join(f":k{i}" for i in range(len(kinds))) + ")" if kinds else ""
    with Session(ledger.engine) as session:
        rows = session.execute(sql(fulltext._search_statement("sqlite", kind_sql, False)), params).all()
    return [(r[0], r[1], r[2]) for r in rows]


CASES = [("the", []), ("the", ["body"]), ("said", ["headline", "quote"]), ("Ukraine", []), ("Bakhmut", ["body"]),
         ("nothingsuch", [])]


@pytest.mark.parametrize("reads", [fulltext.RANKS_READ, (1, 2), (0, 1)], ids=["as shipped", "a second pass", "the ordered pass"])
@pytest.mark.parametrize(("q", "kinds"), CASES, ids=[f"{q}|{','.join(k)}" for q, k in CASES])
def test_every_page_is_the_ordered_statements_page(ledger, monkeypatch, reads, q, kinds):
    monkeypatch.setattr(fulltext, "RANKS_READ", reads)
    every = _one_statement(ledger, q, kinds, 500, 0)
    assert every or q == "nothingsuch"
    for limit, offset in ((5, 0), (5, 5), (3, 7), (20, 0), (7, len(every) - 3)):
        page = ledger.search(q, kind=",".join(kinds) or None, limit=limit, offset=max(0, offset))
        want = every[max(0, offset):max(0, offset) + limit]
        assert [(h.doc_id, h.order, h.snippet) for h in page.items] == want
