"""What other domains may ask about themes; they never query the theme table themselves."""

from sqlalchemy import select

from network.extensions import db
from network.themes.models import Theme

# The one order of themes everywhere: working-group themes first, then cross-cutting ones.
ORDER = (Theme.cross_cutting, Theme.position, Theme.id)


def all_themes() -> list[Theme]:
    """Every theme in the one order pickers and lists use."""
    return list(db.session.scalars(select(Theme).order_by(*ORDER)))


def choices() -> list[tuple[int, str]]:
    """(id, name) of every theme in that order, for pickers."""
    return [(theme.id, theme.name) for theme in all_themes()]


def themes_by_ids(ids) -> list[Theme]:
    ids = list(ids or [])
    if not ids:
        return []
    return list(db.session.scalars(select(Theme).where(Theme.id.in_(ids)).order_by(*ORDER)))


def theme_by_slug(slug: str) -> Theme | None:
    return db.session.scalar(select(Theme).where(Theme.slug == slug))
