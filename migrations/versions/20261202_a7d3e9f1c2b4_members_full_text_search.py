"""members: full-text search over people's and organizations' folded search text

PostgreSQL: a GIN index on to_tsvector('simple', search_text). SQLite: an FTS5 table per
table over the same column, filled now and kept in step by triggers.

Revision ID: a7d3e9f1c2b4
Revises: 6e2b9d4c1a87
Create Date: 2026-12-02 16:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7d3e9f1c2b4"
down_revision = "6e2b9d4c1a87"
branch_labels = None
depends_on = None

TABLES = ("person_profile", "organization")


def sqlite_statements(source: str) -> list[str]:
    name = f"{source}_fts"
    insert = f"INSERT INTO {name}(rowid, search_text) VALUES (new.id, new.search_text);"
    delete = (
        f"INSERT INTO {name}({name}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text);"
    )
    return [
        f"CREATE VIRTUAL TABLE {name} USING fts5(search_text, content='{source}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
        f"CREATE TRIGGER {name}_ai AFTER INSERT ON {source} BEGIN {insert} END",
        f"CREATE TRIGGER {name}_ad AFTER DELETE ON {source} BEGIN {delete} END",
        f"CREATE TRIGGER {name}_au AFTER UPDATE OF search_text ON {source} "
        f"BEGIN {delete} {insert} END",
    ]


def upgrade():
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "postgresql":
            op.create_index(
                f"ix_{table}_search",
                table,
                [sa.text("to_tsvector('simple', search_text)")],
                postgresql_using="gin",
            )
        elif dialect == "sqlite":
            for statement in sqlite_statements(table):
                op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "postgresql":
            op.drop_index(f"ix_{table}_search", table_name=table)
        elif dialect == "sqlite":
            for trigger in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
