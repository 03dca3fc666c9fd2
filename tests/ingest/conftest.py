"""Fixtures for the ingest tests: a PostgreSQL ledger URL in a schema of its own (when a server is set)."""

from __future__ import annotations

import pytest

from tests.helpers.postgres import fresh_schema_url


@pytest.fixture()
def pg_url():
    """A URL on ``CLAIMLEDGER_TEST_PG`` whose connections use a fresh schema, dropped after the test."""
    yield from fresh_schema_url("ingest")
