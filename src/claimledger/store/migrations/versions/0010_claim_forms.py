"""``name_forms`` and ``claim_forms``: the claims of a name read from one key, in document order.

Claims by entity or place went from the named mentions through ``claim_mentions`` to every
claim holding one (a count), and past ``views.COUNT_CAP`` walked every claim in document
order probing the link and the mention's row: a place in a few hundred of 100,000 documents
walked most of the ledger for one page (150 ms), and a rare certainty level against a common
place read every mention of the place (300–800 ms).  Every name condition reads only a
mention's (label, norm, text, entity id) or a name of the claim's source chain, so:

- ``name_forms``: each distinct such form once (a few thousand where there are millions of
  mentions), keyed by a digest of its fields;
- ``claim_forms``: (form, document seq, claim) with the claim's certainty and document,
  ``WITHOUT ROWID`` on SQLite; a name's claims are read from this key, a page in document
  order from each form's first rows; ``ix_claim_forms_certainty`` the same per level.
- SQLite: ``name_index_form_norm`` / ``name_index_form_text``, so the name index's trigram
  search finds the forms by index.

Existing ledgers are filled from ``claim_mentions`` and the claims' attributions.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CHAIN = ["source.text", "source.resolved"] + [f"via[{i}].{key}" for i in range(4) for key in ("text", "resolved")]


def _json(dialect: str, column: str, path: str) -> str:
    """The SQL of the JSON string at ``path`` ('source.text', 'via[0].text', 'text') of ``column``."""
    if dialect == "sqlite":
        return f"json_extract({column}, '$.{path}')"
    parts = path.replace("[", ".").replace("]", "").split(".")
    return f"({column}::jsonb #>> '{{{','.join(parts)}}}')"


def _chain_names(dialect: str) -> str:
    """(doc_id, idx, name) of every attribution's chain names (``name_forms.chain_names``)."""
    return " UNION ALL ".join(f"SELECT doc_id, idx, {_json(dialect, 'data', path)} AS name FROM attributions"
                              for path in CHAIN)


def _key(form: tuple[str, ...]) -> str:
    return hashlib.sha1("\x1f".join(form).encode()).hexdigest()  # as name_forms.form_key


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.execute("UPDATE meta SET value = '10' WHERE key = 'schema_version'")
    op.create_table(
        "name_forms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(40), nullable=False, unique=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("norm", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.String(40), nullable=False),
    )
    op.create_index("ix_name_forms_entity_id", "name_forms", ["entity_id"])
    op.create_table(
        "claim_forms",
        sa.Column("form_id", sa.Integer(), sa.ForeignKey("name_forms.id"), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("claim_idx", sa.Integer(), primary_key=True),
        sa.Column("certainty", sa.String(16), nullable=False),
        sa.Column("doc_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sqlite_with_rowid=False,
    )
    if dialect == "sqlite":
        op.execute("CREATE INDEX name_index_form_norm ON name_forms (norm)")
        op.execute("CREATE INDEX name_index_form_text ON name_forms (text)")
    else:  # the backfill's join from a mention to its form
        op.execute("CREATE INDEX name_forms_backfill ON name_forms (norm, text)")
    text = _json(dialect, "data", "text")
    forms = [("mention", label, norm, written or "", entity or "") for label, norm, written, entity in bind.execute(
        sa.text(f"SELECT DISTINCT label, norm, {text}, entity_id FROM mentions"))]
    forms += [("source", "", "", name, "") for (name,) in bind.execute(sa.text(
        f"SELECT DISTINCT name FROM ({_chain_names(dialect)}) AS chain WHERE name IS NOT NULL AND name <> ''"))]
    if forms:
        bind.execute(sa.text("INSERT INTO name_forms (key, kind, label, norm, text, entity_id) "
                             "VALUES (:key, :kind, :label, :norm, :text, :entity_id)"),
                     [{"key": _key(f), "kind": f[0], "label": f[1], "norm": f[2], "text": f[3], "entity_id": f[4]}
                      for f in dict.fromkeys(forms)])
    op.execute("INSERT INTO claim_forms (form_id, seq, claim_idx, certainty, doc_id) "
               "SELECT DISTINCT f.id, d.seq, c.idx, c.certainty, c.doc_id FROM claim_mentions cm "
               "JOIN mentions m ON m.doc_id = cm.doc_id AND m.idx = cm.mention_idx "
               f"JOIN name_forms f ON f.norm = m.norm AND f.text = coalesce({_json(dialect, 'm.data', 'text')}, '') "
               "AND f.kind = 'mention' AND f.label = m.label AND f.entity_id = coalesce(m.entity_id, '') "
               "JOIN claims c ON c.doc_id = cm.doc_id AND c.idx = cm.claim_idx JOIN documents d ON d.id = cm.doc_id")
    op.execute("INSERT INTO claim_forms (form_id, seq, claim_idx, certainty, doc_id) "
               f"SELECT DISTINCT f.id, d.seq, c.idx, c.certainty, c.doc_id FROM ({_chain_names(dialect)}) AS chain "
               "JOIN claims c ON c.doc_id = chain.doc_id AND c.attribution = chain.idx "
               "JOIN name_forms f ON f.text = chain.name AND f.kind = 'source' "
               "JOIN documents d ON d.id = c.doc_id")
    if dialect != "sqlite":
        op.execute("DROP INDEX name_forms_backfill")
    op.create_index("ix_claim_forms_doc", "claim_forms", ["doc_id", "claim_idx"])
    op.create_index("ix_claim_forms_certainty", "claim_forms", ["certainty", "form_id", "seq", "claim_idx", "doc_id"])


def downgrade() -> None:
    op.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    op.drop_table("claim_forms")
    op.drop_table("name_forms")
