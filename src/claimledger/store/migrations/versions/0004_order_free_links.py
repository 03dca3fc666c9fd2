"""Order-free linking: stories and claim groups are components of a pairwise graph.

- ``link_units``: each linked unit's vector, names, years and date (fixed term weights);
- ``link_claims``: each grouped claim's features, polarity and stance inputs.
- The links stored before were made by the greedy, arrival-order linker with a growing
  idf: they are dropped (copy links, stories, claim groups, their conflicts and the old
  idf state), so the next linking run (``claimledger link`` or any ingest) relinks every
  document, and recomputes the incidents of all of them, the order-free way.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DROPPED = ("DELETE FROM conflicts WHERE kind IN ('stance', 'changed_figure')", "DELETE FROM claim_group_members",
           "DELETE FROM claim_groups", "DELETE FROM story_members", "DELETE FROM stories", "DELETE FROM doc_links",
           "DELETE FROM link_sketches", "DELETE FROM link_state WHERE key IN ('stories_df', 'claims_df')")


def upgrade() -> None:
    op.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    op.create_table(
        "link_units",
        sa.Column("unit_id", sa.String(length=48), nullable=False),
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("unit_id"),
    )
    op.create_index("ix_link_units_doc_id", "link_units", ["doc_id"], unique=False)
    op.create_table(
        "link_claims",
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("doc_id", "idx"),
    )
    for statement in DROPPED:
        op.execute(statement)


def downgrade() -> None:
    op.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    op.drop_table("link_claims")
    op.drop_index("ix_link_units_doc_id", table_name="link_units")
    op.drop_table("link_units")
    for statement in DROPPED:  # the old linker relinks from scratch too
        op.execute(statement)
