"""Unique ingest order under concurrent writers; failed inputs kept with each ingest run.

- PostgreSQL: ``documents.seq`` comes from the sequence ``documents_seq_seq`` (two writers
  computing max(seq) + 1 at once handed out the same value); the sequence starts after the
  largest stored value.  SQLite needs nothing: its writers take turns, so max(seq) + 1
  inside the insert is unique.
- ``ingest_runs.failures``: the first failed inputs of each run (source, reason), for
  ``claimledger status``.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    op.add_column("ingest_runs", sa.Column("failures", sa.JSON(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE IF NOT EXISTS documents_seq_seq OWNED BY documents.seq")
        op.execute("SELECT setval('documents_seq_seq', COALESCE((SELECT max(seq) FROM documents), 0) + 1, false)")
        op.execute("ALTER TABLE documents ALTER COLUMN seq SET DEFAULT nextval('documents_seq_seq')")


def downgrade() -> None:
    op.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE documents ALTER COLUMN seq DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS documents_seq_seq")
    with op.batch_alter_table("ingest_runs") as batch:
        batch.drop_column("failures")
