"""Search words: repeated words count once, so a hostile query costs what its distinct words cost."""

from __future__ import annotations

from claimledger.clean import clean_text
from claimledger.demo import sample_text
from claimledger.store import Ledger
from claimledger.store.fulltext import MAX_SEARCH_WORDS, search_words


def test_a_query_of_thousands_of_the_same_word_finds_what_the_word_finds(tmp_path):
    assert search_words("War war WAR, peace") == ["war", "peace"]
    assert len(search_words(" ".join(f"w{i}" for i in range(1_000)))) == MAX_SEARCH_WORDS
    ledger = Ledger(tmp_path / "search.db")
    ledger.add(clean_text(sample_text("telegraph")))
    once = ledger.search("Vugledar", limit=20)
    many = ledger.search(" ".join(["Vugledar"] * 8_000), limit=20)
    assert once.items and [(h.doc_id, h.order) for h in many.items] == [(h.doc_id, h.order) for h in once.items]
