"""Incident units and keys: incidents are found within order-free clustering units.

- ``incident_figures.unit_id``: the unit a figure's incident was found in — a connected
  component of the graph of figure groups whose edges are a pure function of two groups
  (link/incidents.py), so the ledger's incidents no longer depend on arrival order or batches.
- ``incident_keys``: the keys each document's figure groups are found by (a country with a
  word, town, population, number or toll), so that linking finds the stored documents a new
  document's figures must be compared with.

The incidents stored before are recomputed by the next linking run (``incidents_backfill``),
which also fills both.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import json
import zlib

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    op.create_table(
        "incident_keys",
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("doc_id", "key"),
    )
    op.create_index("ix_incident_keys_key", "incident_keys", ["key"], unique=False)
    with op.batch_alter_table("incident_figures") as batch:
        batch.add_column(sa.Column("unit_id", sa.String(length=40), nullable=True))
        batch.create_index("ix_incident_figures_unit_id", ["unit_id"], unique=False)
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM link_sketches")).scalar():
        blob = zlib.compress(json.dumps(True).encode("utf-8"))
        bind.execute(sa.text("DELETE FROM link_state WHERE key = 'incidents_backfill'"))
        bind.execute(sa.text("INSERT INTO link_state (key, value) VALUES ('incidents_backfill', :v)"), {"v": blob})


def downgrade() -> None:
    op.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    with op.batch_alter_table("incident_figures") as batch:
        batch.drop_index("ix_incident_figures_unit_id")
        batch.drop_column("unit_id")
    op.drop_table("incident_keys")
