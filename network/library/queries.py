"""What other domains may ask about the library, and the lists of a person's items."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from network.extensions import db
from network.groups import queries as group_queries
from network.library.models import (
    Confirmation,
    Item,
    ItemAuthor,
    ItemState,
    item_group,
    item_organization,
    item_theme,
)
from network.library.scholarly.fields import item_url

PUBLISHED = ItemState.PUBLISHED.value
SUBMITTED = ItemState.SUBMITTED.value


def published_items(
    *,
    theme_id: int | None = None,
    group_id: int | None = None,
    organization_id: int | None = None,
    user_id: int | None = None,
    event_id: int | None = None,
    limit: int | None = 10,
) -> list[Item]:
    """Published items, newest first, of a theme, group, organization, author or event."""
    query = select(Item).where(Item.state == PUBLISHED)
    if theme_id:
        query = query.where(
            Item.id.in_(select(item_theme.c.item_id).where(item_theme.c.theme_id == theme_id))
        )
    if group_id:
        query = query.where(of_group(group_id))
    if organization_id:
        query = query.where(
            Item.id.in_(
                select(item_organization.c.item_id).where(
                    item_organization.c.organization_id == organization_id
                )
            )
        )
    if user_id:
        query = query.where(Item.id.in_(_authored(user_id)))
    if event_id:
        query = query.where(Item.event_id == event_id)
    query = query.order_by(Item.date_year.desc(), Item.published_at.desc(), Item.id.desc())
    return list(db.session.scalars(query.limit(limit)))


@dataclass(frozen=True)
class Publication:
    """A published item as another domain lists it: plain text and an absolute link."""

    title: str
    url: str
    authors: tuple[str, ...]
    year: int


def latest_for_newsletter(
    *, theme_id: int | None, group_id: int | None, limit: int, language: str
) -> list[Publication]:
    """The newest published items of a theme and/or group, titled in that language when the
    item has it, authors in order (those who declined left out)."""
    return [
        Publication(
            title=item.title_in(language),
            url=item_url(item),
            authors=tuple(
                author.name
                for author in item.authors
                if author.confirmation != Confirmation.DECLINED.value
            ),
            year=item.date_year,
        )
        for item in published_items(theme_id=theme_id, group_id=group_id, limit=limit)
    ]


def _authored(user_id: int):
    return select(ItemAuthor.item_id).where(
        ItemAuthor.user_id == user_id, ItemAuthor.confirmation != Confirmation.DECLINED.value
    )


def items_of(user) -> list[Item]:
    """Every item this person submitted or is listed as an author of, newest first."""
    query = select(Item).where(
        or_(Item.submitted_by_id == user.id, Item.id.in_(_authored(user.id)))
    )
    return list(db.session.scalars(query.order_by(Item.updated_at.desc())))


def review_queue(user) -> list[Item]:
    """Submitted items this person may publish or return: all for staff, else their groups'."""
    query = select(Item).where(Item.state == ItemState.SUBMITTED.value)
    if not user.is_staff:
        query = query.where(Item.group_id.in_(group_queries.chaired_group_ids(user.id)))
    return list(db.session.scalars(query.order_by(Item.updated_at)))


def submitted_count() -> int:
    """How many items wait for a chair or staff to publish or return them."""
    return db.session.scalar(select(func.count(Item.id)).where(Item.state == SUBMITTED))


def oldest_submitted(limit: int) -> list[Item]:
    """The submitted items that have waited longest, with their texts loaded for their titles."""
    return list(
        db.session.scalars(
            select(Item)
            .where(Item.state == SUBMITTED)
            .options(selectinload(Item.texts))
            .order_by(Item.updated_at, Item.id)
            .limit(limit)
        )
    )


def of_group(group_id: int):
    """Items of a working group: submitted to it, or also of it."""
    return or_(
        Item.group_id == group_id,
        Item.id.in_(select(item_group.c.item_id).where(item_group.c.group_id == group_id)),
    )
