"""``link_sketches.shingles``: a linked document's shingle hashes, kept with its sketch.

A new document's copy candidates are checked exactly against their shingles.  Documents linked
by an earlier run (or pass) had only their sketch stored, so each candidate's text was read
and shingled again: at 20,000 documents that was a large share of a run.  Now the sorted
32-bit hashes are stored (4 bytes a shingle); a row without them (linked before this
migration) is still shingled from its text.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE meta SET value = '11' WHERE key = 'schema_version'")
    op.add_column("link_sketches", sa.Column("shingles", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE meta SET value = '10' WHERE key = 'schema_version'")
    with op.batch_alter_table("link_sketches") as batch:
        batch.drop_column("shingles")
