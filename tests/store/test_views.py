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
