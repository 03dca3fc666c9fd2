"""The ledger on SQLite: one transaction per document, search, schema version, lookups."""

from __future__ import annotations

import pytest

from claimledger.records import Analysis, Claim, Cue, Quantity
from claimledger.store import Ledger, LedgerError
from claimledger.store.schema import SCHEMA_VERSION


def test_add_search_and_read_back(tmp_path, telegraph, express):
    ledger = Ledger(tmp_path / "l.db")
    assert ledger.schema_version() == SCHEMA_VERSION
    assert ledger.add(telegraph) == "added"
    assert ledger.add(express) == "added"
    assert ledger.add(express) == "duplicate"
    assert ledger.count() == 2
    hits = ledger.search("cluster munitions").items
    kinds = {h.kind for h in hits}
    assert "body" in kinds and "comment" in kinds  # comments are searchable but marked as such
    hit = next(h for h in hits if h.kind == "body")
    doc = ledger.document(hit.doc_id)
    assert "cluster" in doc.text[hit.start:hit.end].lower()
    assert ledger.search('"; DROP TABLE documents; --').items == []
    segments = ledger.segments(telegraph.document.id[:8])
    assert [s.kind for s in segments] == [s.kind for s in telegraph.segments]


def test_failed_write_leaves_nothing_half_written(tmp_path, express):
    ledger = Ledger(tmp_path / "l.db")
    bad = Analysis(claims=[Claim(0, 5, "x"), Claim(0, 5, "y")], quantities=[Quantity(0, 1, "1", value=object())])
    with pytest.raises(Exception):
        ledger.add(express, bad)
    assert ledger.count() == 0
    assert ledger.search("Medvedev").items == []
    assert ledger.add(express) == "added"


def test_analysis_round_trip(tmp_path, express):
    ledger = Ledger(tmp_path / "l.db")
    analysis = Analysis(quantities=[Quantity(10, 13, "498", value=498.0, category="killed", flags=[])],
                        claims=[Claim(0, 20, "claim", certainty="hedged", quantities=[0], checkworthiness=0.9)])
    ledger.add(express, analysis)
    back = ledger.analysis(express.document.id)
    assert back.quantities[0].category == "killed" and back.claims[0].certainty == "hedged"
    assert ledger.status(express.document.id) == "analyzed"


def test_cues_are_records_and_keep_their_stored_json(tmp_path, express):
    """A claim's cues come back as ``Cue`` records; the JSON (ledger, API, exports) keeps its old shape."""
    text = express.document.text
    start = text.index("reportedly")
    sentence_end = text.index(".", start) + 1
    cues = [Cue("reportedly", start, start + 10, "report"), Cue("", None, None, "model", score=0.71),
            Cue("scepticism", start + 20, start + 30, "contest", refers_back=True)]
    ledger = Ledger(tmp_path / "l.db")
    ledger.add(express, Analysis(claims=[Claim(start, sentence_end, text[start:sentence_end], certainty="hedged",
                                               cues=cues)]))
    back = ledger.analysis(express.document.id).claims[0]
    assert back.cues == cues and text[back.cues[0].start:back.cues[0].end] == "reportedly"
    assert [c.to_dict() for c in back.cues] == [
        {"text": "reportedly", "start": start, "end": start + 10, "kind": "report"},
        {"text": "", "start": None, "end": None, "kind": "model", "score": 0.71},
        {"text": "scepticism", "start": start + 20, "end": start + 30, "kind": "contest", "refers_back": True}]
    claim_id = ledger.claims().items[0].id
    assert ledger.claim(claim_id).to_dict()["cues"] == [c.to_dict() for c in cues]
    assert ledger.bundle(express.document.id).to_dict()["claims"][0]["cues"][1] == cues[1].to_dict()


def test_unknown_and_ambiguous_ids(tmp_path, telegraph, express):
    ledger = Ledger(tmp_path / "l.db")
    ledger.add(telegraph)
    ledger.add(express)
    with pytest.raises(LedgerError, match="no document"):
        ledger.resolve("zzzz")
    with pytest.raises(LedgerError, match="ambiguous"):
        ledger.resolve("")
