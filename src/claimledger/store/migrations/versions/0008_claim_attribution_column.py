"""``claims.attribution``: the index of the claim's attribution as a column, with an index.

The entity and source filters find the claims of the attributions that name a source; they
joined on the index inside each claim's JSON, which parsed the JSON of every claim of each
such document (on a 20,000-document ledger, more time than finding the named mentions).
Existing claims are filled from their JSON.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    op.add_column("claims", sa.Column("attribution", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE claims SET attribution = (data::jsonb ->> 'attribution')::integer")
    else:
        op.execute("UPDATE claims SET attribution = CAST(json_extract(data, '$.attribution') AS INTEGER)")
    op.create_index("ix_claims_doc_attribution", "claims", ["doc_id", "attribution", "idx"])


def downgrade() -> None:
    op.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    op.drop_index("ix_claims_doc_attribution", table_name="claims")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("attribution")
