"""site search: the folded words of events, working groups, campaigns and newsletters

One table of entries (kind, object id, folded text in every language the object has), with
PostgreSQL's GIN index on to_tsvector('simple', search_text) or SQLite's FTS5 table kept in step
by triggers; filled now from the existing rows.

Revision ID: a1f4c8e2d7b5
Revises: e7c3a9d5b2f8
Create Date: 2026-12-03 07:00:00.000000

"""

import json
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "a1f4c8e2d7b5"
down_revision = "e7c3a9d5b2f8"
branch_labels = None
depends_on = None

TABLE = "search_entry"
FTS = f"{TABLE}_fts"
SOURCES = {
    "event": ("event", ("title", "description"), True),
    "group": ("working_group", ("name", "description"), True),
    "campaign": ("campaign", ("title", "summary", "statement"), True),
    "newsletter": ("newsletter", ("subject", "preheader", "body"), False),
}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def sqlite_statements() -> list[str]:
    insert = f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);"
    delete = (
        f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    )
    return [
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='{TABLE}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF search_text ON {TABLE} "
        f"BEGIN {delete} {insert} END",
    ]


def entries(bind):
    for kind, (table, fields, versioned) in SOURCES.items():
        columns = ", ".join(("id", *fields, *(("versions",) if versioned else ())))
        for row in bind.execute(sa.text(f"SELECT {columns} FROM {table}")).mappings():
            words = [row[field] or "" for field in fields]
            versions = row.get("versions") or {}
            if isinstance(versions, str):
                versions = json.loads(versions or "{}")
            for version in versions.values():
                words += [text for field, text in version.items() if field in fields]
            if kind == "newsletter":
                words += _newsletter_versions(bind, row["id"])
            yield {"kind": kind, "object_id": row["id"], "search_text": fold(" ".join(words))}


def _newsletter_versions(bind, newsletter_id: int) -> list[str]:
    rows = bind.execute(
        sa.text(
            "SELECT subject, preheader, body FROM newsletter_version WHERE newsletter_id = :id"
        ),
        {"id": newsletter_id},
    )
    return [text or "" for row in rows for text in row]


def upgrade():
    entry = op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
        sa.UniqueConstraint("kind", "object_id", name=op.f("uq_search_entry_kind_object_id")),
    )
    op.create_index("ix_search_entry_kind", TABLE, ["kind"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.create_index(
            f"ix_{TABLE}_search",
            TABLE,
            [sa.text("to_tsvector('simple', search_text)")],
            postgresql_using="gin",
        )
    elif bind.dialect.name == "sqlite":
        for statement in sqlite_statements():
            op.execute(statement)
    rows = list(entries(bind))
    if rows:
        op.bulk_insert(entry, rows)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    op.drop_table(TABLE)
