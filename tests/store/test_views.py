"""The ledger's typed reads on SQLite (and, through ``test_postgres``, on PostgreSQL)."""

from __future__ import annotations

import pytest

from claimledger.store import Ledger, QueryError


def test_bad_filters_say_what_is_wrong(tmp_path, express):
    ledger = Ledger(tmp_path / "l.db")
    ledger.add(express)
    for kwargs, words in (({"min_certainty": "sure"}, "unknown certainty"), ({"since": "March"}, "ISO date"),
                          ({"sort": "random"}, "unknown sort"), ({"limit": 0}, "limit")):
        with pytest.raises(QueryError, match=words):
            ledger.claims(**kwargs)
    with pytest.raises(QueryError, match="DOCID:INDEX"):
        ledger.claim("no-index")
    with pytest.raises(LookupError, match="no claim 7"):
        ledger.claim(f"{express.document.id[:8]}:7")
    summary = ledger.document_summaries().items[0]
    assert summary.id == express.document.id and summary.segments == len(express.segments)
    assert ledger.documents() == [summary.to_dict()]


def test_a_conflict_as_a_dict_is_a_deep_copy_equal_to_asdict():
    from dataclasses import asdict

    from claimledger.store.views import ConflictView

    view = ConflictView("c1", "figures", "killed in Kyiv", 3, None, 2, 2, {"measure": "killed"},
                        [{"value": 5.0, "span": (1, 4), "doc_id": "d1"}, {"value": 7.0, "text": "7", "doc_id": "d2"}],
                        {"why": ["a", {"b": 1}]}, "i1")
    plain = view.to_dict()
    assert plain == asdict(view) and plain["figures"][0]["span"] == (1, 4)
    plain["figures"][0]["value"] = 0.0
    plain["evidence"]["why"][1]["b"] = 2
    assert view.figures[0]["value"] == 5.0 and view.evidence["why"][1]["b"] == 1
