"""Search pages on SQLite are found by rank first (``fulltext._ranked_ids``): the matches are
taken newest first in blocks of ``RANKED_MATCHES``, each block in the order one ordered statement
gives (bm25, document, segment).  A word with no more matches than that gets exactly the ordered
statement's pages; a commoner word gets its newest block's best first, and paging reads on into
older blocks with no hit twice or left out, with and without a kind filter."""

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


def _by_blocks(ledger: Ledger, q: str, kinds: list[str], block: int) -> list[tuple[str, int]]:
    """Every match of ``q`` (any kind) newest first, cut into blocks of ``block``; in each, those
    of the kinds asked by (bm25, document, segment): (document, segment) of each."""
    with Session(ledger.engine) as session:
        rows = session.execute(sql(
            "SELECT f.rowid, bm25(segments_fts), f.doc_id, f.ord, s.kind FROM segments_fts f "
            "JOIN segments s ON s.doc_id = f.doc_id AND s.ord = f.ord WHERE segments_fts MATCH :q "
            "ORDER BY f.rowid DESC"), {"q": fulltext.fts_query(q)}).all()
    out = []
    for start in range(0, len(rows), block):
        chosen = [r for r in rows[start:start + block] if not kinds or r[4] in kinds]
        out += [(r[2], r[3]) for r in sorted(chosen, key=lambda r: (r[1], r[2], r[3]))]
    return out


CASES = [("the", []), ("the", ["body"]), ("said", ["headline", "quote"]), ("Ukraine", []), ("Bakhmut", ["body"]),
         ("nothingsuch", [])]


@pytest.mark.parametrize(("q", "kinds"), CASES, ids=[f"{q}|{','.join(k)}" for q, k in CASES])
def test_a_word_within_one_block_gets_the_ordered_statements_pages(ledger, q, kinds):
    every = _one_statement(ledger, q, kinds, 500, 0)
    assert every or q == "nothingsuch"
    assert len(every) < fulltext.RANKED_MATCHES  # one block: exactly the ordered statement
    for limit, offset in ((5, 0), (5, 5), (3, 7), (20, 0), (7, len(every) - 3)):
        page = ledger.search(q, kind=",".join(kinds) or None, limit=limit, offset=max(0, offset))
        want = every[max(0, offset):max(0, offset) + limit]
        assert [(h.doc_id, h.order, h.snippet) for h in page.items] == want


@pytest.mark.parametrize("block", [7, 40])
@pytest.mark.parametrize(("q", "kinds"), CASES, ids=[f"{q}|{','.join(k)}" for q, k in CASES])
def test_a_common_word_is_ranked_by_blocks_of_its_newest_matches(ledger, monkeypatch, block, q, kinds):
    monkeypatch.setattr(fulltext, "RANKED_MATCHES", block)
    want = _by_blocks(ledger, q, kinds, block)
    paged = []
    for offset in range(0, len(want) + 6, 6):  # page by page, to past the end
        paged += [(h.doc_id, h.order) for h in ledger.search(q, kind=",".join(kinds) or None, limit=6,
                                                               offset=offset).items]
    assert paged == want  # each hit once, every hit, in the blocks' order
    for limit, offset in ((3, 0), (5, block - 2), (block + 3, 1)):  # pages across a block's edge
        page = ledger.search(q, kind=",".join(kinds) or None, limit=limit, offset=offset)
        assert [(h.doc_id, h.order) for h in page.items] == want[offset:offset + limit]


def test_the_newest_block_comes_first(ledger, monkeypatch):
    monkeypatch.setattr(fulltext, "RANKED_MATCHES", 5)
    with Session(ledger.engine) as session:
        newest = set(session.execute(sql("SELECT doc_id, ord FROM segments_fts WHERE segments_fts MATCH '\"the\"' "
                                         "ORDER BY rowid DESC LIMIT 5")).all())
    first = ledger.search("the", limit=5).items
    assert {(h.doc_id, h.order) for h in first} == newest
    assert ledger.search("the", limit=20).items[:5] == first
