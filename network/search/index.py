"""Keeps the search entries of indexed models in step with them, in the same transaction.

A domain's model is indexed with the fields whose words are searched; a version in another
language (network.multilingual) is searched too. Every flush that adds, changes one of those
fields or removes such an object rewrites its entry.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import DDL, Select, delete, event, insert, inspect, select
from sqlalchemy.orm import Session

from network.members.search import fts_table, sqlite_ddl, text_matches
from network.members.services import search_key
from network.multilingual import Multilingual
from network.search.models import SearchEntry


@dataclass(frozen=True)
class Indexed:
    kind: str
    fields: tuple[str, ...]
    # Words kept in other rows, and the changes of this object after which they are read again.
    more: Callable[[object], list[str]] | None = None
    watched: tuple[str, ...] = ()


INDEXED: dict[type, Indexed] = {}


def index(model: type, kind: str, fields: tuple[str, ...], **options) -> None:
    INDEXED[model] = Indexed(kind, fields, **options)


def document(obj) -> str:
    indexed = INDEXED[type(obj)]
    words = [getattr(obj, field) or "" for field in indexed.fields]
    if isinstance(obj, Multilingual):
        for version in (obj.versions or {}).values():
            words += [text for field, text in version.items() if field in indexed.fields]
    if indexed.more:
        words += indexed.more(obj)
    return search_key(" ".join(w for w in words if w))


def matching(kind: str, q: str) -> Select:
    """Ids of the objects of that kind whose words start with every word of q."""
    return select(SearchEntry.object_id).where(
        SearchEntry.kind == kind, text_matches(SearchEntry, q)
    )


def _changed(obj) -> bool:
    indexed = INDEXED[type(obj)]
    watched = (*indexed.fields, *indexed.watched, "versions")
    state = inspect(obj)
    return any(name in state.attrs and state.attrs[name].history.has_changes() for name in watched)


def _entries_of(objects: Iterable) -> list[dict]:
    return [
        {"kind": INDEXED[type(o)].kind, "object_id": o.id, "search_text": document(o)}
        for o in objects
    ]


@event.listens_for(Session, "after_flush")
def _refresh(session, _context):
    written = [o for o in session.new if type(o) in INDEXED]
    written += [o for o in session.dirty if type(o) in INDEXED and _changed(o)]
    removed = [o for o in session.deleted if type(o) in INDEXED]
    stale = written + removed
    if not stale:
        return
    connection = session.connection()
    for kind in {INDEXED[type(o)].kind for o in stale}:
        ids = [o.id for o in stale if INDEXED[type(o)].kind == kind]
        connection.execute(
            delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.object_id.in_(ids))
        )
    if written:
        connection.execute(insert(SearchEntry), _entries_of(written))


def rebuild(session) -> int:
    """Every indexed object's entry written afresh (after an import that bypassed the ORM)."""
    session.execute(delete(SearchEntry))
    count = 0
    for model in INDEXED:
        objects = list(session.scalars(select(model)))
        if objects:
            session.execute(insert(SearchEntry), _entries_of(objects))
        count += len(objects)
    return count


for _statement in sqlite_ddl(SearchEntry):
    event.listen(
        SearchEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite")
    )
event.listen(
    SearchEntry.__table__,
    "before_drop",
    DDL(f"DROP TABLE IF EXISTS {fts_table(SearchEntry)}").execute_if(dialect="sqlite"),
)
