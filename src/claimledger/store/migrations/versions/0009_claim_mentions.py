"""``claim_mentions``: each mention inside a claim's span, stored as a link (doc, claim, mention).

Claims by entity or place read every mention of the name and every claim holding one (a
common name: 18,360 mentions, 13,536 claims on a 20,000-document ledger), so a page cost
grew with the name's frequency.  With the link stored, a page walks claims in document
order, probes the link's primary key and stops after the page; the count (capped at
``views.COUNT_CAP``) goes from the named mentions through ``ix_claim_mentions_mention``.
Existing ledgers are filled from the spans (a mention whose [start, end) lies in the claim's).

``ix_claims_key_certainty`` (doc_id, idx, certainty): a certainty listing walks claims in
document order and reads each one's level from this index instead of the claim's row (which
holds its JSON); so do the named claims under a certainty filter.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    op.create_table(
        "claim_mentions",
        sa.Column("doc_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("claim_idx", sa.Integer(), primary_key=True),
        sa.Column("mention_idx", sa.Integer(), primary_key=True),
    )
    op.execute("INSERT INTO claim_mentions (doc_id, claim_idx, mention_idx) "
               "SELECT m.doc_id, c.idx, m.idx FROM mentions m JOIN claims c "
               'ON c.doc_id = m.doc_id AND c.start <= m.start AND c."end" >= m."end"')
    op.create_index("ix_claim_mentions_mention", "claim_mentions", ["doc_id", "mention_idx", "claim_idx"])
    op.create_index("ix_claims_key_certainty", "claims", ["doc_id", "idx", "certainty"])


def downgrade() -> None:
    op.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    op.drop_index("ix_claims_key_certainty", table_name="claims")
    op.drop_index("ix_claim_mentions_mention", table_name="claim_mentions")
    op.drop_table("claim_mentions")
