"""library: ranked full-text search over items' folded search text

PostgreSQL: a GIN index on to_tsvector('simple', search_text). SQLite: an FTS5 table over the
same column, filled now and kept in step by triggers.

Revision ID: c5e8a1d7f3b6
Revises: c41f7a2e9b10
Create Date: 2026-12-02 17:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c5e8a1d7f3b6"
down_revision = "c41f7a2e9b10"
branch_labels = None
depends_on = None

TABLE = "library_item"
FTS = f"{TABLE}_fts"


def sqlite_statements() -> list[str]:
    insert = f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);"
    delete = (
        f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    )
    return [
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='{TABLE}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
        f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF search_text ON {TABLE} "
        f"BEGIN {delete} {insert} END",
    ]


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.create_index(
            f"ix_{TABLE}_search",
            TABLE,
            [sa.text("to_tsvector('simple', search_text)")],
            postgresql_using="gin",
        )
    elif dialect == "sqlite":
        for statement in sqlite_statements():
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.drop_index(f"ix_{TABLE}_search", table_name=TABLE)
    elif dialect == "sqlite":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
