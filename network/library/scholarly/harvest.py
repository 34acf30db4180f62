"""What harvesters and crawlers may read of the library: published items, and published items
since withdrawn (reported as deleted), in id order, with the sets they belong to."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from network.extensions import db
from network.library.models import Item, ItemKind, ItemState, item_theme
from network.themes import queries as themes

# Published items, and withdrawn ones that had been published (kept as deleted records).
HARVESTABLE = or_(
    Item.state == ItemState.PUBLISHED.value,
    and_(Item.state == ItemState.WITHDRAWN.value, Item.deleted_at.is_not(None)),
)
KIND_SETS = "kind"
THEME_SETS = "theme"


@dataclass(frozen=True)
class Selection:
    """Which records a list asks for: a datestamp window (until exclusive) and a set spec."""

    start: datetime | None = None
    end: datetime | None = None
    set_spec: str | None = None


def is_deleted(item: Item) -> bool:
    return item.state != ItemState.PUBLISHED.value


def set_specs(item: Item) -> list[str]:
    return [f"{KIND_SETS}:{item.kind}"] + [f"{THEME_SETS}:{theme.slug}" for theme in item.themes]


def all_sets() -> list[tuple[str, str]]:
    """(spec, name) of every set: kinds and themes, each under its parent set."""
    sets = [(KIND_SETS, "Kinds of item")]
    sets += [(f"{KIND_SETS}:{kind.value}", kind.value.replace("_", " ")) for kind in ItemKind]
    sets.append((THEME_SETS, "Themes"))
    sets += [(f"{THEME_SETS}:{theme.slug}", theme.name_en) for theme in themes.all_themes()]
    return sets


def set_exists(spec: str) -> bool:
    return spec in {known for known, _name in all_sets()}


def harvestable_item(item_id: int) -> Item | None:
    return db.session.scalar(select(Item).where(Item.id == item_id, HARVESTABLE))


def earliest_datestamp() -> datetime | None:
    return db.session.scalar(select(func.min(Item.updated_at)).where(HARVESTABLE))


def count(selection: Selection) -> int:
    query = select(func.count()).select_from(Item).where(*_conditions(selection))
    return db.session.scalar(query) or 0


def page(selection: Selection, after_id: int, limit: int) -> list[Item]:
    """Up to `limit` records of the selection with ids above `after_id`, their parts loaded."""
    query = (
        select(Item)
        .where(*_conditions(selection), Item.id > after_id)
        .order_by(Item.id)
        .limit(limit)
        .options(
            selectinload(Item.texts),
            selectinload(Item.authors),
            selectinload(Item.themes),
            selectinload(Item.files),
            selectinload(Item.organizations),
            selectinload(Item.countries),
        )
    )
    return list(db.session.scalars(query))


def _conditions(selection: Selection) -> list[ColumnElement[bool]]:
    conditions = [HARVESTABLE]
    if selection.start:
        conditions.append(Item.updated_at >= selection.start)
    if selection.end:
        conditions.append(Item.updated_at < selection.end)
    if selection.set_spec:
        conditions.append(_in_set(selection.set_spec))
    return conditions


def _in_set(spec: str) -> ColumnElement[bool]:
    family, _, value = spec.partition(":")
    if family == KIND_SETS:
        return Item.kind == value if value else Item.kind.is_not(None)
    themed = exists().where(item_theme.c.item_id == Item.id)
    if not value:
        return themed
    theme = themes.theme_by_slug(value)
    return themed.where(item_theme.c.theme_id == (theme.id if theme else -1))


def published_count() -> int:
    query = select(func.count()).select_from(Item).where(Item.state == ItemState.PUBLISHED.value)
    return db.session.scalar(query) or 0


def published_stamps(offset: int, limit: int) -> list[tuple[int, datetime]]:
    """(id, updated_at) of published items in id order, for the sitemap."""
    query = (
        select(Item.id, Item.updated_at)
        .where(Item.state == ItemState.PUBLISHED.value)
        .order_by(Item.id)
        .offset(offset)
        .limit(limit)
    )
    return [(row.id, row.updated_at) for row in db.session.execute(query)]
