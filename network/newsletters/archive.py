"""The public archive of sent newsletters and its feeds."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from network.errors import NotFound
from network.extensions import db
from network.lists.models import MailingList
from network.newsletters.models import (
    Newsletter,
    NewsletterStatus,
    newsletter_list,
    public_list_clause,
)

SENT = NewsletterStatus.SENT.value


def archive_query(mailing_list: MailingList | None = None) -> Select:
    lists = (
        select(newsletter_list.c.newsletter_id)
        .join(MailingList, MailingList.id == newsletter_list.c.list_id)
        .where(public_list_clause())
    )
    if mailing_list is not None:
        lists = lists.where(MailingList.id == mailing_list.id)
    return (
        select(Newsletter)
        .where(Newsletter.status == SENT, Newsletter.id.in_(lists))
        .order_by(Newsletter.finished_at.desc(), Newsletter.id.desc())
    )


def feed_newsletters(mailing_list: MailingList | None, limit: int = 30) -> list[Newsletter]:
    return list(db.session.scalars(archive_query(mailing_list).limit(limit)))


def archived_newsletter(newsletter_id: int) -> Newsletter:
    newsletter = db.session.scalar(archive_query().where(Newsletter.id == newsletter_id))
    if newsletter is None:
        raise NotFound(_l("This newsletter does not exist."))
    return newsletter


def archive_list(slug: str) -> MailingList:
    mailing_list = db.session.scalar(
        select(MailingList).where(MailingList.slug == slug, public_list_clause())
    )
    if mailing_list is None:
        raise NotFound(_l("This mailing list does not exist."))
    return mailing_list


def archive_lists() -> list[MailingList]:
    with_issues = (
        select(newsletter_list.c.list_id)
        .join(Newsletter, Newsletter.id == newsletter_list.c.newsletter_id)
        .where(Newsletter.status == SENT)
    )
    return list(
        db.session.scalars(
            select(MailingList)
            .where(public_list_clause(), MailingList.id.in_(with_issues))
            .order_by(MailingList.slug)
        )
    )


def latest_newsletters(*, theme_id: int | None = None, limit: int = 3) -> list[Newsletter]:
    """The newest newsletters of the public archive, of a theme's readers when told."""
    query = archive_query()
    if theme_id:
        query = query.where(Newsletter.segment_theme_id == theme_id)
    return list(db.session.scalars(query.limit(limit)))


IN_FLIGHT = (
    NewsletterStatus.SCHEDULED.value,
    NewsletterStatus.SENDING.value,
    NewsletterStatus.PAUSED.value,
)


def in_flight_count() -> int:
    """Newsletters scheduled, sending or paused."""
    return db.session.scalar(
        select(func.count(Newsletter.id)).where(Newsletter.status.in_(IN_FLIGHT))
    )


def in_flight(limit: int) -> list[Newsletter]:
    """Newsletters scheduled, sending or paused, the soonest first; one sent at once (never
    scheduled) counts from when it started."""
    soonest = func.coalesce(Newsletter.scheduled_at, Newsletter.started_at, Newsletter.created_at)
    return list(
        db.session.scalars(
            select(Newsletter)
            .where(Newsletter.status.in_(IN_FLIGHT))
            .order_by(soonest, Newsletter.id)
            .limit(limit)
        )
    )
