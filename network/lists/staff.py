"""Staff pages' work on lists: saving one, finding its subscribers, exporting them."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from network.csvexport import iso
from network.errors import DomainError
from network.extensions import db
from network.lists.group_lists import sync_group_list
from network.lists.models import ListKind, ListVisibility, MailingList, Subscriber, Subscription


def all_lists() -> list[MailingList]:
    return list(
        db.session.scalars(select(MailingList).order_by(MailingList.archived, MailingList.slug))
    )


def campaign_lists() -> list[MailingList]:
    return list(
        db.session.scalars(
            select(MailingList)
            .where(MailingList.kind == ListKind.CAMPAIGN.value)
            .order_by(MailingList.slug)
        )
    )


def campaign_list(slug: str, name: str, description: str) -> MailingList:
    """The hidden list of a campaign's signers who asked for news, made the first time."""
    mailing_list = db.session.scalar(select(MailingList).where(MailingList.slug == slug))
    if mailing_list is None:
        mailing_list = MailingList(
            slug=slug,
            kind=ListKind.CAMPAIGN.value,
            name_en=name[:160],
            visibility=ListVisibility.HIDDEN.value,
            description_en=description,
        )
        db.session.add(mailing_list)
    return mailing_list


def save_list(mailing_list: MailingList, data: dict) -> MailingList:
    clash = db.session.scalar(
        select(MailingList.id).where(
            MailingList.slug == data["slug"], MailingList.id != mailing_list.id
        )
    )
    if clash is not None:
        raise DomainError(_l("Another list already uses this short name."))
    if data["kind"] == ListKind.GROUP.value and not data.get("group_id"):
        raise DomainError(_l("Choose the working group of a working-group list."))
    if data["kind"] != ListKind.GROUP.value:
        data["group_id"] = None
    if not any(data.get(f"name_{code}") for code in ("en", "es", "fr")):
        raise DomainError(_l("Give the list a name in at least one language."))
    for field, value in data.items():
        setattr(mailing_list, field, value)
    db.session.add(mailing_list)
    db.session.flush()
    if mailing_list.group_id:
        sync_group_list(mailing_list)
    return mailing_list


def search_subscriptions(
    mailing_list: MailingList, query: str = "", state: str = "", page: int = 1, per_page: int = 50
):
    stmt = select(Subscription).join(Subscriber).where(Subscription.list_id == mailing_list.id)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(
            or_(func.lower(Subscriber.email).like(like), func.lower(Subscriber.name).like(like))
        )
    if state:
        stmt = stmt.where(Subscription.state == state)
    return db.paginate(
        stmt.order_by(Subscriber.email), page=page, per_page=per_page, error_out=False
    )


def export_rows(mailing_list: MailingList):
    stmt = (
        select(Subscription)
        .join(Subscriber)
        .where(Subscription.list_id == mailing_list.id)
        .order_by(Subscriber.email)
    )
    for s in db.session.scalars(stmt):
        yield [
            s.subscriber.email,
            s.subscriber.name,
            s.subscriber.language,
            s.state,
            "yes" if s.subscriber.opted_out_at else "no",
            s.consent_source,
            s.consent_page,
            s.consent_note,
            iso(s.consent_at),
            iso(s.confirmed_at),
            iso(s.unsubscribed_at),
        ]


EXPORT_HEADER = [
    "email",
    "name",
    "language",
    "state",
    "opted_out_everywhere",
    "consent_source",
    "consent_page",
    "consent_note",
    "consent_at",
    "confirmed_at",
    "unsubscribed_at",
]
