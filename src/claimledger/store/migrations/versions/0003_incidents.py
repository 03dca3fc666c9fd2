"""Incidents: figures grouped by the real-world event they describe, and conflicts per incident.

- ``incidents``: one row per incident (event, campaign or cumulative toll) with its
  places, dates and low / best / high estimates.
- ``incident_figures``: each figure (a stored quantity) with the incident it belongs to.
- ``conflicts.incident_id``: a figure conflict's incident.
- Figure conflicts stored before incidents existed were compared per story; they are
  dropped, and the next linking run (``claimledger link`` or any ingest) resolves the
  incidents of every linked document once (the ``incidents_backfill`` state).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import json
import zlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    _incidents()
    _incident_figures()
    with op.batch_alter_table("conflicts") as batch:
        batch.add_column(sa.Column("incident_id", sa.String(length=40), nullable=True))
        batch.create_index("ix_conflicts_incident_id", ["incident_id"], unique=False)
    op.execute("DELETE FROM conflicts WHERE kind = 'figures'")
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM link_sketches")).scalar():
        blob = zlib.compress(json.dumps(True).encode("utf-8"))
        bind.execute(sa.text("DELETE FROM link_state WHERE key = 'incidents_backfill'"))
        bind.execute(sa.text("INSERT INTO link_state (key, value) VALUES ('incidents_backfill', :v)"), {"v": blob})


def _incidents() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("event_type", sa.String(length=24), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("begin", sa.String(length=16), nullable=True),
        sa.Column("until", sa.String(length=16), nullable=True),
        sa.Column("n_docs", sa.Integer(), nullable=False),
        sa.Column("n_figures", sa.Integer(), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.Column("estimates", sa.JSON(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("kind", "event_type", "begin", "n_docs", "first_seq"):
        op.create_index(f"ix_incidents_{column}", "incidents", [column], unique=False)


def _incident_figures() -> None:
    op.create_table(
        "incident_figures",
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("measure", sa.String(length=24), nullable=False),
        sa.Column("population", sa.String(length=48), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("doc_id", "start"),
    )
    for column in ("incident_id", "measure"):
        op.create_index(f"ix_incident_figures_{column}", "incident_figures", [column], unique=False)


def downgrade() -> None:
    op.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with op.batch_alter_table("conflicts") as batch:
        batch.drop_index("ix_conflicts_incident_id")
        batch.drop_column("incident_id")
    op.drop_table("incident_figures")
    op.drop_table("incidents")
