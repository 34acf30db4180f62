"""Full-text search over the folded search text of people and organizations.

search_text is stored lowercased and accent-free (services.search_key), so "Nunez" finds
"Ñúñez" in both databases. PostgreSQL: a GIN index on to_tsvector('simple', search_text),
queried with word prefixes. SQLite: an FTS5 table per model over the same column, kept in step
by triggers. Both are made by the migration and, for schemas built with create_all (tests,
benchmarks), by the DDL events below.
"""

import re

from sqlalchemy import DDL, ColumnElement, event, func, literal_column, select, table, text

from network.extensions import db
from network.i18n import current_language
from network.members.models import Organization, PersonProfile
from network.members.services import search_key
from network.text import stem

MAX_TERMS = 8
SEARCHED = (PersonProfile, Organization)
# A constant, not a parameter: the query's expression must be the index's.
SIMPLE = literal_column("'simple'")


def query_terms(q: str) -> list[str]:
    """The words of q, each cut to its stem in the reader's language, accents folded."""
    language = current_language()
    words = re.findall(r"[^\W_]+", q.casefold())[:MAX_TERMS]
    return [search_key(stem(word, language)) for word in words]


def fts_table(model) -> str:
    return f"{model.__tablename__}_fts"


def text_matches(model, q: str) -> ColumnElement:
    """Rows whose search text has every word of q as the start of one of its words."""
    terms = query_terms(q)
    if not terms:
        return model.id.is_(None)
    if db.engine.dialect.name == "postgresql":
        query = " & ".join(f"{term}:*" for term in terms)
        match = func.to_tsvector(SIMPLE, model.search_text).op("@@")(func.to_tsquery(SIMPLE, query))
        # A set of ids read from the index once, not a test of every row the page walks in
        # name order (to_tsvector on each would cost more than the whole page): OFFSET 0 keeps
        # the planner from folding the subquery into that walk.
        return model.id.in_(select(model.id).where(match).offset(0))
    fts = table(fts_table(model))
    query = " ".join(f'"{term}"*' for term in terms)
    return model.id.in_(
        select(text("rowid"))
        .select_from(fts)
        .where(text(f"{fts.name} MATCH :q").bindparams(q=query))
    )


def sqlite_ddl(model) -> list[str]:
    """The FTS5 table over model's search_text, filled from the table and kept in step."""
    name, source = fts_table(model), model.__tablename__
    insert = f"INSERT INTO {name}(rowid, search_text) VALUES (new.id, new.search_text);"
    delete = f"INSERT INTO {name}({name}, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    return [
        f"CREATE VIRTUAL TABLE {name} USING fts5(search_text, content='{source}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
        f"CREATE TRIGGER {name}_ai AFTER INSERT ON {source} BEGIN {insert} END",
        f"CREATE TRIGGER {name}_ad AFTER DELETE ON {source} BEGIN {delete} END",
        f"CREATE TRIGGER {name}_au AFTER UPDATE OF search_text ON {source} "
        f"BEGIN {delete} {insert} END",
    ]


def not_full_text(name, type_, _parent_names) -> bool:
    """Autogenerate and schema comparisons leave alone what only the database has for full-text
    search: the FTS5 tables (and their shadows), and PostgreSQL's stored tsvector columns and
    their indexes (named search_vector and ix_<table>_vector)."""
    name = name or ""
    if type_ == "table":
        return "_fts" not in name
    if type_ == "column":
        return name != "search_vector"
    if type_ == "index":
        return not name.endswith("_vector")
    return True


for _model in SEARCHED:
    for _statement in sqlite_ddl(_model):
        event.listen(_model.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
    event.listen(
        _model.__table__,
        "before_drop",
        DDL(f"DROP TABLE IF EXISTS {fts_table(_model)}").execute_if(dialect="sqlite"),
    )
