"""Subscribing, confirming, unsubscribing and the preference centre: every path onto or off a list."""

import logging
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from network.auth.models import User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import DomainError, Forbidden, NotFound
from network.extensions import db
from network.groups.queries import is_active_member
from network.lists.links import read_unsubscribe_token
from network.lists.models import (
    ConsentSource,
    ListKind,
    ListVisibility,
    MailingList,
    Subscriber,
    Subscription,
    SubscriptionState,
    new_secret,
)
from network.tokens import InvalidToken

logger = logging.getLogger(__name__)

CONFIRMATION_MAX_AGE = timedelta(days=7)
CONFIRMATION_MAIL_INTERVAL = timedelta(hours=24)
ACTIVE = SubscriptionState.ACTIVE.value
PENDING = SubscriptionState.PENDING.value
UNSUBSCRIBED = SubscriptionState.UNSUBSCRIBED.value


# --- Lists -----------------------------------------------------------------------------------


def get_list(list_id: int) -> MailingList:
    mailing_list = db.session.get(MailingList, list_id)
    if mailing_list is None:
        raise NotFound(_l("This mailing list does not exist."))
    return mailing_list


def visible_lists(user) -> list[MailingList]:
    """Lists shown in the directory to this person (anonymous, member or staff)."""
    query = select(MailingList).where(MailingList.archived.is_(False)).order_by(MailingList.slug)
    if user is not None and user.is_authenticated and user.is_staff:
        return list(db.session.scalars(query))
    shown = [ListVisibility.PUBLIC.value]
    if user is not None and user.is_authenticated:
        shown.append(ListVisibility.MEMBERS.value)
    return list(db.session.scalars(query.where(MailingList.visibility.in_(shown))))


def list_for_page(slug: str, user) -> MailingList:
    """A list by slug, if this person may see its page; members-only and group lists need a sign-in."""
    mailing_list = db.session.scalar(
        select(MailingList).where(MailingList.slug == slug, MailingList.archived.is_(False))
    )
    signed_in = user is not None and user.is_authenticated
    if mailing_list is None or (
        mailing_list.visibility == ListVisibility.MEMBERS.value and not signed_in
    ):
        raise NotFound(_l("This mailing list does not exist."))
    return mailing_list


def may_join(user, mailing_list: MailingList) -> bool:
    """Who may subscribe: anyone to public and campaign lists, members to members' lists,
    group members to their group's list."""
    if mailing_list.archived:
        return False
    if mailing_list.is_public:
        return True
    if user is None or not user.is_authenticated:
        return False
    if mailing_list.kind == ListKind.MEMBERS.value:
        return True
    return mailing_list.group_id is not None and is_active_member(mailing_list.group_id, user.id)


def counts_by_state(list_ids: list[int] | None = None) -> dict[int, dict[str, int]]:
    query = select(Subscription.list_id, Subscription.state, func.count()).group_by(
        Subscription.list_id, Subscription.state
    )
    if list_ids is not None:
        query = query.where(Subscription.list_id.in_(list_ids))
    counts: dict[int, dict[str, int]] = {}
    for list_id, state, count in db.session.execute(query):
        counts.setdefault(list_id, {})[state] = count
    return counts


# --- Subscribers ------------------------------------------------------------------------------


def subscriber_by_email(email: str) -> Subscriber | None:
    return db.session.scalar(select(Subscriber).where(Subscriber.email == email))


def subscriber_for(email: str, name: str = "", language: str = "en") -> Subscriber:
    subscriber = subscriber_by_email(email)
    if subscriber is None:
        subscriber = Subscriber(email=email, name=name, language=language)
        db.session.add(subscriber)
        db.session.flush()
    elif name and not subscriber.name:
        subscriber.name = name
    return subscriber


def subscriber_for_user(user: User) -> Subscriber:
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.user_id == user.id))
    if subscriber is None:
        subscriber = subscriber_by_email(user.email)
        if subscriber is None:
            subscriber = Subscriber(email=user.email, name=user.name, language=user.language)
            db.session.add(subscriber)
        subscriber.user_id = user.id
        db.session.flush()
    elif subscriber.email != user.email and subscriber_by_email(user.email) is None:
        subscriber.email = user.email  # follows the account's address
    return subscriber


def subscription_of(subscriber: Subscriber, mailing_list: MailingList) -> Subscription | None:
    return db.session.scalar(
        select(Subscription).where(
            Subscription.subscriber_id == subscriber.id, Subscription.list_id == mailing_list.id
        )
    )


def activate(subscription: Subscription, source: str, page: str = "", note: str = "") -> None:
    now = utcnow()
    subscription.state = ACTIVE
    subscription.consent_source = source
    subscription.consent_page = page[:500]
    subscription.consent_note = note[:500]
    subscription.consent_at = now
    subscription.confirmed_at = now if source != ConsentSource.IMPORT.value else None
    subscription.unsubscribed_at = None
    subscription.confirm_token = None


def subscribe_member(user: User, mailing_list: MailingList, page: str = "") -> Subscription:
    """One click for a signed-in member: their account already proved the address."""
    if not may_join(user, mailing_list):
        raise Forbidden(_l("You cannot subscribe to this list."))
    subscriber = subscriber_for_user(user)
    subscriber.opted_out_at = None  # their own action lifts their own global opt-out
    subscription = subscription_of(subscriber, mailing_list) or Subscription(
        subscriber_id=subscriber.id,
        list_id=mailing_list.id,
        consent_source=ConsentSource.MEMBER.value,
    )
    db.session.add(subscription)
    if subscription.state != ACTIVE:
        activate(subscription, ConsentSource.MEMBER.value, page)
    logger.info("member subscribed user=%s list=%s", user.id, mailing_list.id)
    return subscription


def unsubscribe_member(user: User, mailing_list: MailingList) -> None:
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.user_id == user.id))
    subscription = subscriber and subscription_of(subscriber, mailing_list)
    if subscription is not None:
        end_subscription(subscription)


def member_subscriptions(user: User) -> dict[int, Subscription]:
    """The member's subscriptions by list id."""
    query = select(Subscription).join(Subscriber).where(Subscriber.user_id == user.id)
    return {s.list_id: s for s in db.session.scalars(query)}


def request_subscription(
    email: str,
    name: str,
    language: str,
    mailing_list: MailingList,
    page: str = "",
    source: str = ConsentSource.FORM.value,
) -> None:
    """Double opt-in: a pending subscription with its own link, and at most one confirmation
    mail per address a day.

    Returns nothing the caller could show: the answer is the same whether the address was
    new, pending or already subscribed.
    """
    if not mailing_list.is_public or mailing_list.archived:
        raise NotFound(_l("This mailing list does not exist."))
    subscriber = subscriber_for(email, name, language)
    subscription = subscription_of(subscriber, mailing_list)
    if (
        subscription is not None
        and subscription.state == ACTIVE
        and subscriber.opted_out_at is None
    ):
        return
    if subscription is None:
        subscription = Subscription(subscriber_id=subscriber.id, mailing_list=mailing_list)
        db.session.add(subscription)
    if subscription.state != PENDING or not subscription.confirm_token:
        subscription.confirm_token = new_secret()  # a link already mailed keeps working
    subscription.state = PENDING
    subscription.consent_source = source
    subscription.consent_page = page[:500]
    subscription.consent_at = utcnow()
    subscription.confirmed_at = None
    send_confirmation(subscriber, subscription)


def send_confirmation(subscriber: Subscriber, subscription: Subscription) -> bool:
    """Mail the link that confirms this one list, unless a confirmation mail went to this
    address within the last day."""
    now = utcnow()
    if (
        subscriber.confirmation_sent_at
        and now - subscriber.confirmation_sent_at < CONFIRMATION_MAIL_INTERVAL
    ):
        logger.info("confirmation mail held back subscriber=%s", subscriber.id)
        return False
    subscriber.confirmation_sent_at = now
    send_email(
        subscriber.email,
        "lists/confirm_subscription",
        _l(
            "Confirm your subscription to %(network_name)s",
            network_name=current_app.config["NETWORK_NAME"],
        ),
        locale=subscriber.language,
        name=subscriber.name,
        list_name=subscription.mailing_list.localized("name", subscriber.language),
        url=url_for("lists.confirm", token=subscription.confirm_token, _external=True),
        days=CONFIRMATION_MAX_AGE.days,
    )
    return True


def pending_subscription(token: str) -> Subscription:
    """The one pending request a confirmation link names."""
    subscription = (
        db.session.scalar(
            select(Subscription).where(
                Subscription.confirm_token == token,
                Subscription.state == PENDING,
                Subscription.consent_at >= utcnow() - CONFIRMATION_MAX_AGE,
            )
        )
        if token
        else None
    )
    if subscription is None:
        raise DomainError(
            _l(
                "This confirmation link is invalid or has expired. Subscribe again to get a new one."
            )
        )
    return subscription


def confirm_subscription(token: str) -> Subscription:
    """The list the link names becomes active, and no other; the link is then used up."""
    subscription = pending_subscription(token)
    confirmed = db.session.execute(
        update(Subscription)
        .where(
            Subscription.id == subscription.id,
            Subscription.state == PENDING,
            Subscription.confirm_token == token,
        )
        .values(state=ACTIVE, confirmed_at=utcnow(), confirm_token=None)
    )
    if confirmed.rowcount != 1:
        raise DomainError(
            _l(
                "This confirmation link is invalid or has expired. Subscribe again to get a new one."
            )
        )
    subscription.subscriber.opted_out_at = None  # confirming is the person's own request
    logger.info(
        "subscription confirmed subscriber=%s list=%s",
        subscription.subscriber_id,
        subscription.list_id,
    )
    return subscription


def expire_pending(now=None) -> int:
    """Unconfirmed requests older than the link's lifetime are forgotten."""
    cutoff = (now or utcnow()) - CONFIRMATION_MAX_AGE
    expired = db.session.scalars(
        select(Subscription).where(Subscription.state == PENDING, Subscription.consent_at < cutoff)
    ).all()
    for subscription in expired:
        db.session.delete(subscription)
    return len(expired)


# --- Unsubscribe and preference centre --------------------------------------------------------


def end_subscription(subscription: Subscription) -> None:
    if subscription.state != UNSUBSCRIBED:
        subscription.state = UNSUBSCRIBED
        subscription.unsubscribed_at = utcnow()


def subscription_from_token(token: str) -> Subscription:
    """The one subscription a List-Unsubscribe token names; 400 if forged, 404 if gone."""
    try:
        subscriber_id, list_id = read_unsubscribe_token(token)
    except (InvalidToken, TypeError, ValueError):
        raise DomainError(_l("This unsubscribe link is not valid.")) from None
    subscription = db.session.scalar(
        select(Subscription).where(
            Subscription.subscriber_id == subscriber_id, Subscription.list_id == list_id
        )
    )
    if subscription is None:
        raise NotFound(_l("This unsubscribe link is not valid."))
    return subscription


def unsubscribe(subscription: Subscription) -> Subscription:
    end_subscription(subscription)
    logger.info(
        "one-click unsubscribe subscriber=%s list=%s",
        subscription.subscriber_id,
        subscription.list_id,
    )
    return subscription


def subscriber_by_secret(secret: str) -> Subscriber:
    subscriber = (
        db.session.scalar(select(Subscriber).where(Subscriber.secret == secret))
        if secret and len(secret) >= 20
        else None
    )
    if subscriber is None:
        raise NotFound(_l("This link is not valid. Use the link in a recent message from us."))
    return subscriber


def subscriptions_of(subscriber: Subscriber) -> list[Subscription]:
    return list(
        db.session.scalars(
            select(Subscription)
            .join(MailingList)
            .where(Subscription.subscriber_id == subscriber.id)
            .order_by(MailingList.slug)
        )
    )


def update_preferences(subscriber: Subscriber, wanted_list_ids: set[int], language: str) -> None:
    """The preference centre's save: each list on or off, and the language of future mail."""
    subscriber.language = language
    for subscription in subscriptions_of(subscriber):
        if subscription.list_id in wanted_list_ids:
            if subscription.state != ACTIVE:
                activate(subscription, ConsentSource.PREFERENCES.value, "preferences")
        else:
            end_subscription(subscription)
    if wanted_list_ids:
        subscriber.opted_out_at = None


def opt_out(subscriber: Subscriber) -> None:
    """Unsubscribe from everything; no import, group or staff action can undo it."""
    subscriber.opted_out_at = subscriber.opted_out_at or utcnow()
    for subscription in subscriptions_of(subscriber):
        end_subscription(subscription)
    logger.info("global opt-out subscriber=%s", subscriber.id)
