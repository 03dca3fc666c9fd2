"""Copies of analysed documents under fresh ids (``store.copies``): what a 100k-document ledger
for measuring linking is built from."""

from __future__ import annotations

from claimledger.store import Ledger
from claimledger.store.copies import analysed_ids, copy_id, fill_with_copies


def test_copies_hold_the_originals_text_and_analysis_under_fresh_ids(tmp_path, sample_analyses):
    big = Ledger(tmp_path / "big.db")
    for cleaned, analysis in sample_analyses:
        big.add(cleaned, analysis)
    originals = analysed_ids(big)
    assert sorted(originals) == sorted(c.document.id for c, _ in sample_analyses)

    assert fill_with_copies(big, originals, 7) == 7
    assert big.count() == 7
    for cleaned, analysis in sample_analyses:
        copy = copy_id(cleaned.document.id, 2)
        assert copy != cleaned.document.id and len(copy) == len(cleaned.document.id)
        assert big.document(copy).text == cleaned.document.text
        assert [(s.kind, s.start, s.end) for s in big.segments(copy)] == \
            [(s.kind, s.start, s.end) for s in cleaned.segments]
        assert big.status(copy) == "analyzed"
        stored = big.analysis(copy)
        assert [(c.start, c.end, c.text) for c in stored.claims] == [(c.start, c.end, c.text) for c in analysis.claims]
        assert [(m.start, m.end, m.label) for m in stored.mentions] == \
            [(m.start, m.end, m.label) for m in analysis.mentions]
    # copy 3 of the first original is the 7th; a larger size resumes from there, a repeat adds nothing
    assert big.has(copy_id(originals[0], 3)) and not big.has(copy_id(originals[1], 3))
    assert fill_with_copies(big, originals, 8) == 8
    assert fill_with_copies(big, originals, 8) == 8
    assert big.count() == 8
    # a copy is found by the words of its text, like the original (its segments are in the full-text index)
    first = sample_analyses[0][0]
    headline = next(s for s in first.segments if s.kind == "headline")
    word = max(first.document.text[headline.start:headline.end].split(), key=len).strip(".,:;'\"")
    hits = {h.doc_id for h in big.search(word, limit=50).items}
    assert {first.document.id, copy_id(first.document.id, 1)} <= hits
