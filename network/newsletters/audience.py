"""Who a newsletter goes to: its lists, narrowed by its segment, each subscriber once."""

from sqlalchemy import Select, func, select

from network.extensions import db
from network.groups.queries import active_member_ids
from network.lists.group_lists import active_subscribers
from network.lists.models import Subscriber, Subscription, SubscriptionState
from network.members.queries import profile_user_ids
from network.membership.queries import member_ids_with_status
from network.newsletters.models import Newsletter, newsletter_list


def audience(newsletter: Newsletter) -> Select:
    """Everyone this newsletter goes to: on any chosen list, narrowed by the segment; each
    subscriber once; opted-out, unsubscribed and bouncing addresses never."""
    query = active_subscribers([mailing_list.id for mailing_list in newsletter.lists])
    if newsletter.segment_language:
        query = query.where(Subscriber.language == newsletter.segment_language)
    if newsletter.segment_group_id:
        query = query.where(Subscriber.user_id.in_(active_member_ids(newsletter.segment_group_id)))
    if newsletter.segment_membership_status:
        query = query.where(
            Subscriber.user_id.in_(member_ids_with_status(newsletter.segment_membership_status))
        )
    profiles = _matching_profiles(newsletter)
    if profiles is not None:
        query = query.where(Subscriber.user_id.in_(profiles))
    return query


def _matching_profiles(newsletter: Newsletter) -> Select | None:
    """Accounts whose profile matches the segment's profile fields; None if it has none."""
    return profile_user_ids(
        kind=newsletter.segment_member_kind,
        country=newsletter.segment_country,
        theme_id=newsletter.segment_theme_id,
        corridor_origin=newsletter.segment_corridor_origin,
        corridor_destination=newsletter.segment_corridor_destination,
    )


def audience_count(newsletter: Newsletter) -> int:
    if not newsletter.lists:
        return 0
    query = audience(newsletter).order_by(None).with_only_columns(Subscriber.id)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def receiving_list(newsletter_id, subscriber_id):
    """The first chosen list this subscriber is actively on, as a scalar subquery; takes
    values or columns (to check it inside the statement that starts the sending)."""
    return (
        select(func.min(Subscription.list_id))
        .join(newsletter_list, newsletter_list.c.list_id == Subscription.list_id)
        .where(
            newsletter_list.c.newsletter_id == newsletter_id,
            Subscription.subscriber_id == subscriber_id,
            Subscription.state == SubscriptionState.ACTIVE.value,
        )
        .scalar_subquery()
    )


def receiving_list_id(newsletter_id: int, subscriber_id: int) -> int | None:
    return db.session.scalar(select(receiving_list(newsletter_id, subscriber_id)))
