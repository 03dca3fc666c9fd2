"""Schema migrations: new and old ledgers end at the newest schema, once, however many processes open them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from claimledger.store import Ledger
from claimledger.store.migrations import BASELINE, current, head, include_object, upgrade
from claimledger.store.schema import SCHEMA_VERSION, Base
from tests.helpers.postgres import fresh_schema_url

RUNS_ON_POSTGRES_ITSELF = True  # test_postgres.py need not rerun this module (its fixture covers both)
OPEN = ("import sys; from claimledger.store import Ledger; from claimledger.store.migrations import current; "
        "l = Ledger(sys.argv[1]); print(current(l.engine), l.schema_version())")


def _differences(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        return compare_metadata(context, Base.metadata)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A URL of a database that does not exist yet (SQLite) or a schema of its own (PostgreSQL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.db'}"
        return
    yield from fresh_schema_url("mig")


def test_a_new_ledger_has_exactly_the_declared_schema(url):
    ledger = Ledger(url)
    assert current(ledger.engine) == head()
    assert ledger.schema_version() == SCHEMA_VERSION == int(head())
    assert _differences(ledger.engine) == []  # every table, column and index of schema.py, nothing else


def _legacy(url: str) -> None:
    """A ledger as made before migrations existed: the baseline's tables, no alembic_version."""
    engine = create_engine(url)
    upgrade(engine, BASELINE)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("INSERT INTO documents (id, seq, kind, content_type, status, text, language, meta, "
                          "assessments) VALUES ('d1', 1, 'article', 'text', 'stored', 'Kyiv.', 'en', '{}', '{}')"))
    engine.dispose()


def test_an_old_ledger_is_upgraded_on_open_and_keeps_its_documents(url):
    _legacy(url)
    ledger = Ledger(url)
    assert current(ledger.engine) == head() and ledger.schema_version() == SCHEMA_VERSION
    assert _differences(ledger.engine) == []
    assert ledger.document("d1").text == "Kyiv."
    assert "failures" in {c["name"] for c in inspect(ledger.engine).get_columns("ingest_runs")}


def _open_at_once(url: str, n: int) -> list[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    procs = [subprocess.Popen([sys.executable, "-c", OPEN, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for _ in range(n)]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err[-2000:]
        outputs.append(out.strip())
    return outputs


@pytest.mark.parametrize("old", [False, True], ids=["new", "old"])
def test_several_processes_opening_one_ledger_at_once_upgrade_it_once(url, old):
    if old:
        _legacy(url)
    outputs = _open_at_once(url, 4)
    assert outputs == [f"{head()} {SCHEMA_VERSION}"] * 4
    engine = create_engine(url)
    assert _differences(engine) == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM meta WHERE key = 'schema_version'")).scalar() == 1


def test_migrate_command(tmp_path):
    db = tmp_path / "ops.db"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    for _ in range(2):  # the second run finds nothing to do
        done = subprocess.run([sys.executable, "-m", "claimledger.cli", "migrate", "--db", str(db)],
                              capture_output=True, text=True, timeout=120, env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        assert f"schema at revision {head()}" in done.stdout
    assert Path(db).exists()


def test_an_unusable_database_is_a_clear_error(tmp_path):
    from claimledger.errors import ClaimledgerError, SchemaError

    bad = tmp_path / "not-a-ledger.db"
    bad.write_bytes(b"this is not a SQLite database at all, just some bytes" * 100)
    with pytest.raises(SchemaError, match=f"cannot open ledger {bad}: not a SQLite database") as info:
        Ledger(bad)
    assert bad.read_bytes().startswith(b"this is not a SQLite database")  # left as it was
    assert isinstance(info.value, ClaimledgerError)
