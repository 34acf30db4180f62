"""Finding published items: facets (kind, theme, group, country, corridor, language, year) and
a search over titles, abstracts, keywords and author names in every language, accents folded."""

from dataclasses import dataclass, fields, replace

from flask import request
from sqlalchemy import Select, case, func, literal, select

from network.extensions import db
from network.groups import queries as group_queries
from network.library.items import TITLES_END
from network.library.models import Item, ItemCorridor, ItemCountry, ItemState, item_theme
from network.library.search import hits, terms
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
        conditions.append(Item.group_id == (group.id if group else -1))
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
        for w in terms(q)
    ]
    return sum(found[1:], found[0]) if found else literal(0)


def search(filters: Filters, page: int = 1):
    """One page of results: with a search, items with the words in their title first, then by
    the database's text rank; then newest first."""
    newest = (Item.date_year.desc(), Item.published_at.desc(), Item.id.desc())
    if filters.q:
        found = hits(filters.q).subquery()
        ordered = (
            select(Item)
            .join(found, found.c.id == Item.id)
            .where(*_conditions(filters))
            .order_by(_title_hits(filters.q).desc(), found.c.rank.desc(), *newest)
        )
    else:
        ordered = statement(filters).order_by(*newest)
    return db.paginate(ordered, page=page, per_page=PER_PAGE, error_out=False, count=True)


def facets(filters: Filters) -> dict[str, list[tuple[str, str, int]]]:
    """For each facet, (value, label, count) over the current results, most common first."""
    ids = statement(filters).with_only_columns(Item.id).subquery()
    in_results = Item.id.in_(select(ids.c.id))
    themes = _counts(
        select(item_theme.c.theme_id, func.count())
        .where(item_theme.c.item_id.in_(select(ids.c.id)))
        .group_by(item_theme.c.theme_id)
    )
    groups = _counts(
        select(Item.group_id, func.count())
        .where(in_results, Item.group_id.is_not(None))
        .group_by(Item.group_id)
    )
    theme_by_id = {t.id: t for t in theme_queries.themes_by_ids(themes)}
    group_by_id = {g.id: g for g in group_queries.all_groups() if g.id in groups}
    return {
        "kind": [
            (k, k, n)
            for k, n in _counts(
                select(Item.kind, func.count()).where(in_results).group_by(Item.kind)
            ).items()
        ],
        "theme": [(t.slug, t.name, themes[t.id]) for t in theme_by_id.values()],
        "group": [(g.slug, g.name, groups[g.id]) for g in group_by_id.values()],
        "country": _pairs(
            select(ItemCountry.country, func.count())
            .where(ItemCountry.item_id.in_(select(ids.c.id)))
            .group_by(ItemCountry.country)
        ),
        "corridor": [
            (f"{o}-{d}", (o, d), n)
            for (o, d), n in _counts(
                select(ItemCorridor.origin, ItemCorridor.destination, func.count())
                .where(ItemCorridor.item_id.in_(select(ids.c.id)))
                .group_by(ItemCorridor.origin, ItemCorridor.destination),
                pairs=True,
            ).items()
        ],
        "language": _pairs(
            select(Item.language, func.count()).where(in_results).group_by(Item.language)
        ),
        "year": [
            (str(y), str(y), n)
            for y, n in sorted(
                _counts(
                    select(Item.date_year, func.count()).where(in_results).group_by(Item.date_year)
                ).items(),
                reverse=True,
            )
        ],
    }


def _counts(query, pairs: bool = False) -> dict:
    rows = db.session.execute(query.order_by(func.count().desc()).limit(FACET_LIMIT))
    if pairs:
        return {(row[0], row[1]): row[2] for row in rows}
    return {row[0]: row[1] for row in rows}


def _pairs(query) -> list[tuple[str, str, int]]:
    return [(value, value, n) for value, n in _counts(query).items()]
