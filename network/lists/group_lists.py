"""Working-group lists follow the group's membership; mail goes to each active subscriber once."""

from sqlalchemy import Select, or_, select

from network.auth.models import User
from network.extensions import db
from network.groups.models import WorkingGroup
from network.groups.queries import active_member_ids
from network.lists.models import ConsentSource, MailingList, Subscriber, Subscription
from network.lists.subscriptions import (
    ACTIVE,
    UNSUBSCRIBED,
    activate,
    end_subscription,
    may_join,
    member_subscriptions,
    subscriber_for_user,
    subscription_of,
)


def active_subscribers(list_ids: list[int]) -> Select:
    """Subscribers to mail for these lists: an active subscription on any of them, not opted
    out, not bouncing, each once. Working-group lists are brought up to date first."""
    for mailing_list in db.session.scalars(
        select(MailingList).where(MailingList.id.in_(list_ids), MailingList.group_id.is_not(None))
    ):
        sync_group_list(mailing_list)
    db.session.flush()
    on_list = select(Subscription.subscriber_id).where(
        Subscription.list_id.in_(list_ids), Subscription.state == ACTIVE
    )
    return (
        select(Subscriber)
        .where(
            Subscriber.id.in_(on_list),
            Subscriber.opted_out_at.is_(None),
            Subscriber.bouncing_at.is_(None),
        )
        .order_by(Subscriber.id)
    )


def group_list(group: WorkingGroup) -> MailingList | None:
    return db.session.scalar(
        select(MailingList).where(MailingList.group_id == group.id, MailingList.archived.is_(False))
    )


def sync_group_list(mailing_list: MailingList) -> None:
    """Active group members are on the list, former members are not.

    A member who unsubscribed stays unsubscribed; their choice outlives the sync.
    """
    members = db.session.scalars(
        select(User).where(User.id.in_(active_member_ids(mailing_list.group_id)))
    ).all()
    member_ids = {user.id for user in members}
    for user in members:
        subscriber = subscriber_for_user(user)
        if subscription_of(subscriber, mailing_list) is None:
            subscription = Subscription(subscriber_id=subscriber.id, list_id=mailing_list.id)
            activate(subscription, ConsentSource.GROUP.value, "group")
            db.session.add(subscription)
    leavers = db.session.scalars(
        select(Subscription)
        .join(Subscriber)
        .where(
            Subscription.list_id == mailing_list.id,
            Subscription.state != UNSUBSCRIBED,
            or_(Subscriber.user_id.is_(None), Subscriber.user_id.not_in(member_ids or {0})),
        )
    ).all()
    for subscription in leavers:
        end_subscription(subscription)


def sync_all_group_lists() -> None:
    for mailing_list in db.session.scalars(
        select(MailingList).where(
            MailingList.group_id.is_not(None), MailingList.archived.is_(False)
        )
    ):
        sync_group_list(mailing_list)


def group_list_for_page(
    group: WorkingGroup, user
) -> tuple[MailingList | None, Subscription | None, bool]:
    """The group's list, the viewer's subscription to it and whether they may join it."""
    mailing_list = group_list(group)
    if mailing_list is None or user is None or not user.is_authenticated:
        return mailing_list, None, False
    return (
        mailing_list,
        member_subscriptions(user).get(mailing_list.id),
        may_join(user, mailing_list),
    )
