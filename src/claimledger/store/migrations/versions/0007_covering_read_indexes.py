"""Covering indexes for the analyst's listings on a large ledger.

- ``ix_mentions_norm_span`` (norm, doc_id, start, end): the entity and place filters find the
  mentions of a name and their spans from the index alone, without reading each mention row;
  it replaces ``ix_mentions_norm``, its prefix (the planner took that one and read the rows).
- ``ix_claims_doc_span`` (doc_id, start, end, idx): the claims holding those mentions are found
  from the index alone; it replaces ``ix_claims_doc_start``, its prefix.
- ``ix_documents_seq_filters`` (seq, kind, published, outlet): a document listing walks ingest
  order and checks its filters without reading the documents' text rows.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    op.create_index("ix_mentions_norm_span", "mentions", ["norm", "doc_id", "start", "end"])
    op.drop_index("ix_mentions_norm", table_name="mentions")
    op.create_index("ix_claims_doc_span", "claims", ["doc_id", "start", "end", "idx"])
    op.drop_index("ix_claims_doc_start", table_name="claims")
    op.create_index("ix_documents_seq_filters", "documents", ["seq", "kind", "published", "outlet"])


def downgrade() -> None:
    op.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    op.drop_index("ix_documents_seq_filters", table_name="documents")
    op.create_index("ix_claims_doc_start", "claims", ["doc_id", "start"])
    op.drop_index("ix_claims_doc_span", table_name="claims")
    op.create_index("ix_mentions_norm", "mentions", ["norm"])
    op.drop_index("ix_mentions_norm_span", table_name="mentions")
