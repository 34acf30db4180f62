"""The theme taxonomy: seeding and staff edits."""

import logging

from flask_babel import gettext as _
from sqlalchemy import func, select

from network.errors import DomainError
from network.extensions import db
from network.text import slugify
from network.themes.data import CROSS_CUTTING_THEMES, WORKING_GROUP_THEMES
from network.themes.models import Theme

logger = logging.getLogger(__name__)


def seed_themes() -> int:
    """Adds the seeded themes that are missing (matched by slug); returns how many were added."""
    existing = set(db.session.scalars(select(Theme.slug)))
    rows = [(entry, False) for entry in WORKING_GROUP_THEMES] + [
        (entry, True) for entry in CROSS_CUTTING_THEMES
    ]
    added = 0
    for position, ((slug, en, es, fr), cross_cutting) in enumerate(rows, start=1):
        if slug in existing:
            continue
        db.session.add(
            Theme(
                slug=slug,
                name_en=en,
                name_es=es,
                name_fr=fr,
                cross_cutting=cross_cutting,
                position=position,
            )
        )
        added += 1
    db.session.flush()
    return added


def _unique_slug(name: str, theme_id: int | None = None) -> str:
    base = slugify(name, "theme")
    slug, n = base, 2
    while db.session.scalar(
        select(Theme.id).where(Theme.slug == slug, Theme.id != (theme_id or 0))
    ):
        slug = f"{base[:75]}-{n}"
        n += 1
    return slug


def create_theme(
    actor, name_en: str, name_es: str, name_fr: str, cross_cutting: bool, description: str = ""
) -> Theme:
    _check_name_free(name_en)
    position = (db.session.scalar(select(func.max(Theme.position))) or 0) + 1
    theme = Theme(
        slug=_unique_slug(name_en),
        name_en=name_en,
        name_es=name_es,
        name_fr=name_fr,
        cross_cutting=cross_cutting,
        position=position,
        description=(description or "").strip(),
    )
    db.session.add(theme)
    db.session.flush()
    logger.info("theme %s created by user %s", theme.id, actor.id)
    return theme


def update_theme(
    actor,
    theme: Theme,
    name_en: str,
    name_es: str,
    name_fr: str,
    cross_cutting: bool,
    description: str = "",
) -> Theme:
    _check_name_free(name_en, theme.id)
    theme.name_en, theme.name_es, theme.name_fr = name_en, name_es, name_fr
    theme.cross_cutting = cross_cutting
    theme.description = (description or "").strip()
    logger.info("theme %s edited by user %s", theme.id, actor.id)
    return theme


def _check_name_free(name_en: str, theme_id: int | None = None) -> None:
    clash = db.session.scalar(
        select(Theme.id).where(
            func.lower(Theme.name_en) == name_en.lower(), Theme.id != (theme_id or 0)
        )
    )
    if clash:
        raise DomainError(_("A theme with this English name already exists."))
