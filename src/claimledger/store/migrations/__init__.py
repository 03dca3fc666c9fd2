"""Schema migrations (Alembic): every ledger is brought to the newest schema when it is opened.

``upgrade(engine)`` runs the migrations the database lacks — all of them on a new ledger,
none on a current one (one small read) — under the ledger-wide ``migrate`` lock
(``store/locks.py``), so several processes opening one new or old ledger at once upgrade it
exactly once.  A ledger made before migrations existed (its tables, no ``alembic_version``)
is recognised as the baseline and upgraded from there.  ``claimledger migrate`` does the
same for operators and prints the revision.

Adding a migration (say, the incident tables):

1. Change the tables in ``store/schema.py`` as usual.
2. Add ``versions/NNNN_<what>.py`` (copy the newest one, or run
   ``alembic -c src/claimledger/store/migrations/alembic.ini revision -m "<what>"``) with
   ``revision = "NNNN"`` and ``down_revision`` = the current head's revision, and write
   ``upgrade()`` with ``op.create_table`` / ``op.add_column`` / ``op.create_index`` (and
   ``op.execute`` for data: e.g. mapping old values of a column to new ones).  Make each step
   safe on both SQLite and PostgreSQL (``op.get_bind().dialect.name`` tells them apart);
   on SQLite use ``with op.batch_alter_table(...)`` to alter or drop columns.  Set the
   ``meta`` row ``schema_version`` to the revision's number and ``SCHEMA_VERSION`` in
   ``schema.py`` to the same number (see ``0002``).
3. ``tests/store/test_migrations.py`` checks that a new ledger and an upgraded old one both
   end with exactly the tables, columns and indexes ``schema.py`` declares: it fails, naming
   the difference, until the migration matches the models.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

from claimledger.errors import SchemaError, bounded
from claimledger.store.locks import ledger_lock

__all__ = ["BASELINE", "current", "head", "include_object", "migrate", "upgrade"]

BASELINE = "0001"  # the schema of ledgers made before migrations existed
_HERE = Path(__file__).resolve().parent


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_HERE))
    cfg.attributes["connection"] = connection
    return cfg


@functools.lru_cache(maxsize=1)
def head() -> str:
    """The newest revision."""
    found = ScriptDirectory.from_config(_config()).get_current_head()
    if found is None:
        raise SchemaError("no schema migrations found (broken install?)")
    return found


def current(engine: Engine) -> str | None:
    """The database's revision (``None``: a new database, or one made before migrations)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Bring the database to ``revision`` (default: the newest); returns the revision it is at.

    Raises ``SchemaError`` (with the reason) when the database cannot be read or upgraded."""
    try:
        if revision == "head" and current(engine) == head():
            return head()
        with ledger_lock(engine, "migrate"):
            with engine.begin() as conn:
                if _is_legacy(conn):
                    command.stamp(_config(conn), BASELINE)
                command.upgrade(_config(conn), revision)
        return current(engine) or ""
    except SchemaError:
        raise
    except Exception as exc:
        raise SchemaError(bounded(f"cannot upgrade the ledger schema at {engine.url!r} "
                                  f"({type(exc).__name__}: {exc})")) from exc


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """What autogenerate and the schema check compare: not the full-text index, which the
    models do not declare (FTS5 tables on SQLite, a GIN index on PostgreSQL, made in 0001),
    nor SQLite's name index (tables kept by triggers, made in 0005)."""
    return not (name or "").startswith(("segments_fts", "ix_segments_fts", "name_index"))


def _is_legacy(conn: Connection) -> bool:
    """Tables made before migrations existed: the documents table but no ``alembic_version``."""
    inspector = inspect(conn)
    return inspector.has_table("documents") and not inspector.has_table("alembic_version")


def migrate(db: str | Path | None = None) -> str:
    """Bring the ledger at ``db`` (a path or URL) to the newest schema; its revision."""
    from sqlalchemy import create_engine

    from claimledger.store.handle import database_url

    engine = create_engine(database_url(db))
    try:
        return upgrade(engine)
    finally:
        engine.dispose()
