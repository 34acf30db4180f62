"""Finding published items: facets (kind, theme, group, country, corridor, language, year) and
a search over titles, abstracts, keywords and author names in every language, accents folded."""

from dataclasses import dataclass, fields, replace

from flask import request
from sqlalchemy import Select, case, func, literal, select, union_all
from sqlalchemy.orm import selectinload

from network.cache import kept
from network.extensions import db
from network.groups import queries as group_queries
from network.library.items import TITLES_END
from network.library.models import (
    Item,
    ItemCorridor,
    ItemCountry,
    ItemState,
    item_group,
    item_theme,
)
from network.library.queries import of_group
from network.library.search import hits
from network.members.search import query_terms
from network.params import whole_number
from network.themes import queries as theme_queries

PER_PAGE = 20
FACET_LIMIT = 30


@dataclass(frozen=True)
class Filters:
    q: str = ""
    kind: str = ""
    theme: str = ""  # slug
    group: str = ""  # slug
    country: str = ""
    corridor: str = ""  # "BO-AR"
    language: str = ""
    year: int | None = None

    @classmethod
    def from_request(cls) -> "Filters":
        args = request.args
        text = {f.name: args.get(f.name, "").strip()[:200] for f in fields(cls) if f.name != "year"}
        return cls(**text, year=whole_number(args.get("year"), 1000, 9999))

    def args(self, **changes) -> dict:
        """The query string of these filters with some changed (None or "" drops one)."""
        changed = replace(self, **changes)
        return {f.name: getattr(changed, f.name) for f in fields(self) if getattr(changed, f.name)}

    @property
    def active(self) -> bool:
        return bool(self.args())


def statement(filters: Filters) -> Select:
    """Published items matching every filter."""
    conditions = _conditions(filters)
    if filters.q:
        conditions.append(Item.id.in_(select(hits(filters.q).subquery().c.id)))
    return select(Item).where(*conditions)


def _conditions(filters: Filters) -> list:
    """Every filter but the text search."""
    conditions = [Item.state == ItemState.PUBLISHED.value]
    if filters.kind:
        conditions.append(Item.kind == filters.kind)
    if filters.language:
        conditions.append(Item.language == filters.language)
    if filters.year:
        conditions.append(Item.date_year == filters.year)
    if filters.theme:
        theme = theme_queries.theme_by_slug(filters.theme)
        theme_items = select(item_theme.c.item_id).where(
            item_theme.c.theme_id == (theme.id if theme else -1)
        )
        conditions.append(Item.id.in_(theme_items))
    if filters.group:
        group = group_queries.group_by_slug(filters.group)
        conditions.append(of_group(group.id if group else -1))
    if filters.country:
        by_country = select(ItemCountry.item_id).where(ItemCountry.country == filters.country)
        conditions.append(Item.id.in_(by_country))
    if filters.corridor:
        origin, _sep, destination = filters.corridor.partition("-")
        by_corridor = select(ItemCorridor.item_id).where(
            ItemCorridor.origin == origin, ItemCorridor.destination == destination
        )
        conditions.append(Item.id.in_(by_corridor))
    return conditions


def _title_hits(q: str):
    """How many of the words begin a word of a title (before the titles' end mark)."""
    found = [
        case(((literal(" ") + Item.search_text).like(f"% {w}%{TITLES_END}%"), 1), else_=0)
        for w in query_terms(q)
    ]
    return sum(found[1:], found[0]) if found else literal(0)


def ordered(filters: Filters) -> Select:
    """With a search, items with the words in their title first, then by the database's text
    rank; then newest first."""
    newest = (Item.date_year.desc(), Item.published_at.desc(), Item.id.desc())
    if not filters.q:
        return statement(filters).order_by(*newest)
    found = hits(filters.q).subquery()
    return (
        select(Item)
        .join(found, found.c.id == Item.id)
        .where(*_conditions(filters))
        .order_by(_title_hits(filters.q).desc(), found.c.rank.desc(), *newest)
    )


def search(filters: Filters, page: int = 1):
    """One page of results in that order, with what the list shows of each."""
    shown = ordered(filters).options(selectinload(Item.texts), selectinload(Item.authors))
    return db.paginate(shown, page=page, per_page=PER_PAGE, error_out=False, count=True)


def facets(filters: Filters) -> dict[str, list[tuple[str, str, int]]]:
    """For each facet, (value, label, count) over the current results, most common first."""
    counts = facet_counts(filters)
    theme_by_id = {t.id: t for t in theme_queries.themes_by_ids(counts["theme"])}
    group_by_id = {g.id: g for g in group_queries.all_groups() if g.id in counts["group"]}
    return {
        "kind": [(k, k, n) for k, n in counts["kind"]],
        "theme": [(t.slug, t.name, counts["theme"][t.id]) for t in theme_by_id.values()],
        "group": [(g.slug, g.name, counts["group"][g.id]) for g in group_by_id.values()],
        "country": [(c, c, n) for c, n in counts["country"]],
        "corridor": [(f"{o}-{d}", (o, d), n) for o, d, n in counts["corridor"]],
        "language": [(code, code, n) for code, n in counts["language"]],
        "year": [(str(y), str(y), n) for y, n in sorted(counts["year"], reverse=True)],
    }


def facet_counts(filters: Filters) -> dict:
    """The counts behind the facets, the same for every reader: kept until the data changes
    (seven grouped counts over tens of thousands of items cost more than the page)."""
    return kept("library-facets", lambda: _facet_counts(filters), sorted(filters.args().items()))


def _facet_counts(filters: Filters) -> dict:
    ids = select(statement(filters).with_only_columns(Item.id).subquery().c.id)
    in_results = Item.id.in_(ids)

    def grouped(*columns, where):
        rows = db.session.execute(
            select(*columns, func.count())
            .where(where)
            .group_by(*columns)
            .order_by(func.count().desc())
            .limit(FACET_LIMIT)
        )
        return [tuple(row) for row in rows]

    return {
        "kind": grouped(Item.kind, where=in_results),
        "theme": dict(grouped(item_theme.c.theme_id, where=item_theme.c.item_id.in_(ids))),
        "group": _group_counts(ids),
        "country": grouped(ItemCountry.country, where=ItemCountry.item_id.in_(ids)),
        "corridor": grouped(
            ItemCorridor.origin, ItemCorridor.destination, where=ItemCorridor.item_id.in_(ids)
        ),
        "language": grouped(Item.language, where=in_results),
        "year": grouped(Item.date_year, where=in_results),
    }


def _group_counts(ids) -> dict[int, int]:
    """Items per working group, counting the group each was submitted to and its others."""
    pairs = union_all(
        select(Item.group_id.label("group_id"), Item.id.label("item_id")).where(
            Item.id.in_(ids), Item.group_id.is_not(None)
        ),
        select(item_group.c.group_id, item_group.c.item_id).where(item_group.c.item_id.in_(ids)),
    ).subquery()
    rows = db.session.execute(
        select(pairs.c.group_id, func.count(pairs.c.item_id.distinct()))
        .group_by(pairs.c.group_id)
        .order_by(func.count(pairs.c.item_id.distinct()).desc())
        .limit(FACET_LIMIT)
    )
    return dict(rows.all())
