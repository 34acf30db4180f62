"""Ranked full-text search over an item's folded search text (titles, abstracts in every
language, keywords, author names), in the way of network.members.search: PostgreSQL ranks with
ts_rank over a stored tsvector column (generated from search_text) with its GIN index, so
ranking thousands of matches reads their words instead of parsing every text again; SQLite with
bm25 over an FTS5 table kept in step by triggers. Both are made by the migration and, for
create_all, by DDL events; the column lives in the database only (SQLite has no tsvector)."""

from sqlalchemy import DDL, Select, event, func, literal_column, select, table, text

from network.extensions import db
from network.library.models import Item
from network.members.search import SIMPLE, fts_table, query_terms, sqlite_ddl

VECTOR = "search_vector"
POSTGRESQL_DDL = (
    f"ALTER TABLE library_item ADD COLUMN {VECTOR} tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    f"CREATE INDEX ix_library_item_vector ON library_item USING gin ({VECTOR})",
)


def hits(q: str) -> Select:
    """(id, rank) of the items whose search text has every word of q as the start of one of
    its words; a higher rank is a better match."""
    words = query_terms(q)
    if not words:
        return select(Item.id, literal_column("0").label("rank")).where(Item.id.is_(None))
    if db.engine.dialect.name == "postgresql":
        vector = literal_column(f"{Item.__tablename__}.{VECTOR}")
        query = func.to_tsquery(SIMPLE, " & ".join(f"{w}:*" for w in words))
        return select(Item.id, func.ts_rank(vector, query).label("rank")).where(
            vector.op("@@")(query)
        )
    fts = table(fts_table(Item))
    return (
        select(
            literal_column("rowid").label("id"),
            literal_column(f"-bm25({fts.name})").label("rank"),
        )
        .select_from(fts)
        .where(text(f"{fts.name} MATCH :q").bindparams(q=" ".join(f'"{w}"*' for w in words)))
    )


for _statement in POSTGRESQL_DDL:
    event.listen(Item.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
for _statement in sqlite_ddl(Item):
    event.listen(Item.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
event.listen(
    Item.__table__,
    "before_drop",
    DDL(f"DROP TABLE IF EXISTS {fts_table(Item)}").execute_if(dialect="sqlite"),
)
