"""Name index (SQLite): the entity, place and source filters find their names without reading every row.

The filters match a name as a case-insensitive substring ("Williams" finds "Brian Williams"),
which no B-tree index serves: on a 100k-document ledger every claims-by-entity query read
millions of mentions and attributions.  On SQLite this adds:

- ``name_index``: every distinct name a mention (normalised and as written) or an attribution
  (source and its chain, as written and resolved) holds, with ``name_index_fts``, an FTS5
  trigram index over them that answers ``LIKE '%Williams%'`` from the index;
- ``name_index_attributions``: which attributions hold which name;
- ``name_index_mention_text``: mentions by the text as written (the place filter reads it);
- triggers that keep them up to date as mentions and attributions are written.

The index only narrows: every filter still checks its own condition on the rows it names,
so a name left behind by a deleted record changes no answer.  PostgreSQL is unchanged.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CHAIN = ["source.text", "source.resolved"] + [f"via[{i}].{key}" for i in range(4) for key in ("text", "resolved")]
_ATTRIBUTION_NAMES = " UNION ".join(["SELECT NEW.source AS name"]
                                    + [f"SELECT json_extract(NEW.data, '$.{path}')" for path in CHAIN])
_MENTION_NAMES = "SELECT NEW.norm AS name UNION SELECT json_extract(NEW.data, '$.text')"

STATEMENTS = [
    "CREATE TABLE name_index (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE name_index_fts USING fts5(name, content='name_index', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER name_index_new AFTER INSERT ON name_index BEGIN "
    "INSERT INTO name_index_fts (rowid, name) VALUES (NEW.id, NEW.name); END",
    "CREATE TABLE name_index_attributions (name_id INTEGER NOT NULL, doc_id VARCHAR(40) NOT NULL, "
    "idx INTEGER NOT NULL, PRIMARY KEY (name_id, doc_id, idx)) WITHOUT ROWID",
    "CREATE INDEX name_index_attributions_record ON name_index_attributions (doc_id, idx)",
    "CREATE INDEX name_index_mention_text ON mentions (json_extract(data, '$.text'))",
    "CREATE TRIGGER name_index_mention AFTER INSERT ON mentions BEGIN "
    f"INSERT OR IGNORE INTO name_index (name) SELECT name FROM ({_MENTION_NAMES}) WHERE name IS NOT NULL; END",
    "CREATE TRIGGER name_index_attribution AFTER INSERT ON attributions BEGIN "
    f"INSERT OR IGNORE INTO name_index (name) SELECT name FROM ({_ATTRIBUTION_NAMES}) WHERE name IS NOT NULL; "
    "INSERT OR IGNORE INTO name_index_attributions (name_id, doc_id, idx) SELECT id, NEW.doc_id, NEW.idx "
    f"FROM name_index WHERE name IN ({_ATTRIBUTION_NAMES}); END",
    "CREATE TRIGGER name_index_attribution_gone AFTER DELETE ON attributions BEGIN "
    "DELETE FROM name_index_attributions WHERE doc_id = OLD.doc_id AND idx = OLD.idx; END",
]

_OLD_ATTRIBUTION_NAMES = " UNION ALL ".join(["SELECT doc_id, idx, source AS name FROM attributions"]
                                            + [f"SELECT doc_id, idx, json_extract(data, '$.{path}') FROM attributions"
                                               for path in CHAIN])
BACKFILL = [
    "INSERT OR IGNORE INTO name_index (name) SELECT norm FROM mentions WHERE norm IS NOT NULL "
    "UNION SELECT json_extract(data, '$.text') FROM mentions WHERE json_extract(data, '$.text') IS NOT NULL",
    f"INSERT OR IGNORE INTO name_index (name) SELECT name FROM ({_OLD_ATTRIBUTION_NAMES}) WHERE name IS NOT NULL",
    "INSERT OR IGNORE INTO name_index_attributions (name_id, doc_id, idx) SELECT n.id, a.doc_id, a.idx "
    f"FROM ({_OLD_ATTRIBUTION_NAMES}) a JOIN name_index n ON n.name = a.name",
]


def upgrade() -> None:
    op.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in STATEMENTS + BACKFILL:
        op.execute(statement)


def downgrade() -> None:
    op.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("name_index_new", "name_index_mention", "name_index_attribution", "name_index_attribution_gone"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP INDEX IF EXISTS name_index_mention_text")
    for table in ("name_index_attributions", "name_index_fts", "name_index"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
