"""A PostgreSQL URL whose connections live in a fresh schema, for tests on a real server.

``CLAIMLEDGER_TEST_PG`` names the server (`.ci/run` starts one and sets it); without it, or
with no server reachable, the test is skipped with the reason."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest

PG_ENV = "CLAIMLEDGER_TEST_PG"


def fresh_schema_url(prefix: str) -> Iterator[str]:
    """Yield a URL whose connections use a new schema (search_path); the schema is dropped after."""
    from sqlalchemy import create_engine, text

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set (.ci/run starts PostgreSQL and sets it)")
    admin = create_engine(base, connect_args={"connect_timeout": 5})
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # psycopg missing, server down, bad credentials
        pytest.skip(f"no PostgreSQL server reachable at {PG_ENV} ({type(exc).__name__})")
    yield f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()
