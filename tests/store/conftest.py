"""The two samples analysed once, and a ledger holding them on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from claimledger.store import Ledger
from tests.helpers.postgres import fresh_schema_url


@pytest.fixture(scope="session")
def sample_analyses(express, telegraph):
    from claimledger.analyze.pipeline import analyze_documents

    return list(analyze_documents([express, telegraph]))


@pytest.fixture(params=["sqlite", "postgresql"])
def sample_ledger(request, tmp_path, sample_analyses):
    """A fresh ledger holding both samples: a SQLite file, then a new PostgreSQL schema."""
    urls = iter([f"sqlite:///{tmp_path / 'ledger.db'}"]) if request.param == "sqlite" else fresh_schema_url("samples")
    ledger = Ledger(next(urls))
    for cleaned, analysis in sample_analyses:
        ledger.add(cleaned, analysis)
    yield ledger
    ledger.engine.dispose()
    next(urls, None)
