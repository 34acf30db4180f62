"""A member's list data: exported with their account, ended when the account is deleted."""

from sqlalchemy import select

from network.auth.models import User
from network.csvexport import iso
from network.dbtypes import utcnow
from network.extensions import db
from network.lists.models import Subscriber
from network.lists.subscriptions import end_subscription, subscriber_by_email, subscriptions_of


def subscriber_of(user: User) -> Subscriber | None:
    return db.session.scalar(
        select(Subscriber).where(Subscriber.user_id == user.id)
    ) or subscriber_by_email(user.email)


def forget_subscriber(user: User) -> None:
    """Account deletion: the person's subscriptions end and their address is forgotten."""
    subscriber = subscriber_of(user)
    if subscriber is not None:
        for subscription in subscriptions_of(subscriber):
            end_subscription(subscription)
        subscriber.user_id = None
        subscriber.name = ""
        subscriber.email = f"deleted-{subscriber.id}@deleted.invalid"
        subscriber.opted_out_at = subscriber.opted_out_at or utcnow()


def subscription_data(user: User) -> dict:
    subscriber = subscriber_of(user)
    subscriptions = subscriptions_of(subscriber) if subscriber else []
    return {
        "opted_out_at": iso(subscriber.opted_out_at) if subscriber else "",
        "subscriptions": [
            {
                "list": s.mailing_list.slug,
                "state": s.state,
                "consent_source": s.consent_source,
                "consent_page": s.consent_page,
                "consent_at": iso(s.consent_at),
                "confirmed_at": iso(s.confirmed_at),
                "unsubscribed_at": iso(s.unsubscribed_at),
            }
            for s in subscriptions
        ],
    }
