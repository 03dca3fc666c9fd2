"""Fixtures for the ingest tests: a PostgreSQL ledger URL in a schema of its own (when a server is set)."""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

PG_ENV = "CLAIMLEDGER_TEST_PG"


@pytest.fixture()
def pg_url():
    """A URL on ``CLAIMLEDGER_TEST_PG`` whose connections use a fresh schema, dropped after the test."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set (.ci/run starts PostgreSQL and sets it)")
    from sqlalchemy import create_engine, text

    admin = create_engine(url, connect_args={"connect_timeout": 5})
    schema = f"ingest_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # server down, bad credentials, driver missing
        pytest.skip(f"no PostgreSQL server reachable at {PG_ENV} ({type(exc).__name__})")
    yield f"{url}{'&' if '?' in url else '?'}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()
