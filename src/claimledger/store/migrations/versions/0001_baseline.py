"""Baseline: the ledger schema as it was when migrations were introduced.

Ledgers made before then have exactly these tables; they are stamped with this revision
when first opened and upgraded from here.  Frozen: later changes go in later revisions.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA_VERSION = "1"


def upgrade() -> None:
    _claim_groups()
    _conflicts()
    _documents()
    _ingest_runs()
    _link_state()
    _meta()
    _stories()
    _attributions()
    _claim_group_members()
    _claims()
    _doc_links()
    _ingested_inputs()
    _link_sketches()
    _mentions()
    _quantities()
    _segments()
    _story_members()
    _times()
    _full_text_index()
    op.execute(sa.text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)").bindparams(v=SCHEMA_VERSION))


def downgrade() -> None:
    raise NotImplementedError("the baseline is not undone: start a new ledger instead")


def _full_text_index() -> None:
    """FTS5 over segment text on SQLite; a GIN tsvector index on PostgreSQL."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS segments_fts USING fts5("
                   "text, doc_id UNINDEXED, ord UNINDEXED, tokenize='unicode61 remove_diacritics 2')")
    elif dialect == "postgresql":
        op.execute("CREATE INDEX IF NOT EXISTS ix_segments_fts ON segments USING gin (to_tsvector('english', text))")


def _claim_groups() -> None:
    op.create_table('claim_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('first_claim', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('n_docs', sa.Integer(), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_claim_groups_size'), 'claim_groups', ['size'], unique=False)


def _conflicts() -> None:
    op.create_table('conflicts',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('n_sources', sa.Integer(), nullable=False),
    sa.Column('n_figures', sa.Integer(), nullable=False),
    sa.Column('measure', sa.JSON(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_conflicts_group_id'), 'conflicts', ['group_id'], unique=False)
    op.create_index(op.f('ix_conflicts_kind'), 'conflicts', ['kind'], unique=False)
    op.create_index(op.f('ix_conflicts_story_id'), 'conflicts', ['story_id'], unique=False)


def _documents() -> None:
    op.create_table('documents',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('byline', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=16), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('content_type', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('raw', sa.Text(), nullable=True),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('assessments', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_documents_outlet'), 'documents', ['outlet'], unique=False)
    op.create_index(op.f('ix_documents_published'), 'documents', ['published'], unique=False)
    op.create_index(op.f('ix_documents_seq'), 'documents', ['seq'], unique=False)


def _ingest_runs() -> None:
    op.create_table('ingest_runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('started', sa.String(length=32), nullable=False),
    sa.Column('finished', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('engine', sa.String(length=16), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=True),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('duplicates', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def _link_state() -> None:
    op.create_table('link_state',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )


def _meta() -> None:
    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )


def _stories() -> None:
    op.create_table('stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('first_published', sa.String(length=16), nullable=True),
    sa.Column('last_published', sa.String(length=16), nullable=True),
    sa.Column('first_seq', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_stories_last_seq'), 'stories', ['last_seq'], unique=False)
    op.create_index(op.f('ix_stories_size'), 'stories', ['size'], unique=False)


def _attributions() -> None:
    op.create_table('attributions',
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('cue', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
    op.create_index(op.f('ix_attributions_source'), 'attributions', ['source'], unique=False)


def _claim_group_members() -> None:
    op.create_table('claim_group_members',
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=16), nullable=False),
    sa.Column('certainty', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['claim_groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
    op.create_index(op.f('ix_claim_group_members_group_id'), 'claim_group_members', ['group_id'], unique=False)


def _claims() -> None:
    op.create_table('claims',
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('certainty', sa.String(length=16), nullable=False),
    sa.Column('checkworthiness', sa.Float(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
    op.create_index(op.f('ix_claims_certainty'), 'claims', ['certainty'], unique=False)
    op.create_index(op.f('ix_claims_checkworthiness'), 'claims', ['checkworthiness'], unique=False)
    op.create_index('ix_claims_doc_start', 'claims', ['doc_id', 'start'], unique=False)


def _doc_links() -> None:
    op.create_table('doc_links',
    sa.Column('src', sa.String(length=40), nullable=False),
    sa.Column('dst', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('jaccard', sa.Float(), nullable=False),
    sa.Column('containment', sa.Float(), nullable=False),
    sa.Column('basis', sa.String(length=16), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['dst'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['src'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('src', 'dst')
    )
    op.create_index(op.f('ix_doc_links_dst'), 'doc_links', ['dst'], unique=False)
    op.create_index(op.f('ix_doc_links_kind'), 'doc_links', ['kind'], unique=False)


def _ingested_inputs() -> None:
    op.create_table('ingested_inputs',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_index(op.f('ix_ingested_inputs_doc_id'), 'ingested_inputs', ['doc_id'], unique=False)


def _link_sketches() -> None:
    op.create_table('link_sketches',
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('published', sa.String(length=16), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('minhash', sa.LargeBinary(), nullable=False),
    sa.Column('anchors', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id')
    )
    op.create_index(op.f('ix_link_sketches_seq'), 'link_sketches', ['seq'], unique=False)


def _mentions() -> None:
    op.create_table('mentions',
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=16), nullable=False),
    sa.Column('norm', sa.Text(), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
    op.create_index(op.f('ix_mentions_entity_id'), 'mentions', ['entity_id'], unique=False)
    op.create_index(op.f('ix_mentions_label'), 'mentions', ['label'], unique=False)
    op.create_index(op.f('ix_mentions_norm'), 'mentions', ['norm'], unique=False)


def _quantities() -> None:
    op.create_table('quantities',
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
    op.create_index(op.f('ix_quantities_category'), 'quantities', ['category'], unique=False)


def _segments() -> None:
    op.create_table('segments',
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('ord', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('parent', sa.Integer(), nullable=True),
    sa.Column('entry', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'ord')
    )
    op.create_index(op.f('ix_segments_kind'), 'segments', ['kind'], unique=False)


def _story_members() -> None:
    op.create_table('story_members',
    sa.Column('unit_id', sa.String(length=48), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('entry', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_id')
    )
    op.create_index(op.f('ix_story_members_doc_id'), 'story_members', ['doc_id'], unique=False)
    op.create_index(op.f('ix_story_members_story_id'), 'story_members', ['story_id'], unique=False)


def _times() -> None:
    op.create_table('times',
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('begin', sa.String(length=16), nullable=True),
    sa.Column('until', sa.String(length=16), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_id', 'idx')
    )
