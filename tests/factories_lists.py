"""Factories for mailing lists, subscribers and subscriptions."""

import itertools

from network.dbtypes import utcnow
from network.extensions import db
from network.lists.models import ListKind, MailingList, Subscriber, Subscription, SubscriptionState

_counter = itertools.count(1)


def make_list(
    kind: ListKind | str = ListKind.PUBLIC,
    *,
    slug: str | None = None,
    name: str | None = None,
    visibility: str = "public",
    group=None,
    commit=True,
) -> MailingList:
    n = next(_counter)
    mailing_list = MailingList(
        slug=slug or f"list-{n}",
        kind=ListKind(kind).value,
        name_en=name or f"List {n}",
        name_es=f"Lista {n}",
        name_fr=f"Liste {n}",
        description_en="News and calls from the network.",
        visibility=visibility,
        group_id=group.id if group else None,
    )
    db.session.add(mailing_list)
    if commit:
        db.session.commit()
    return mailing_list


def make_subscriber(
    email: str | None = None, *, name: str = "Reader", language: str = "en", user=None, commit=True
) -> Subscriber:
    n = next(_counter)
    subscriber = Subscriber(
        email=email or f"reader{n}@example.org",
        name=name,
        language=language,
        user_id=user.id if user else None,
    )
    db.session.add(subscriber)
    if commit:
        db.session.commit()
    return subscriber


def subscribe(
    subscriber: Subscriber,
    mailing_list: MailingList,
    state=SubscriptionState.ACTIVE,
    source: str = "form",
    commit=True,
) -> Subscription:
    subscription = Subscription(
        subscriber_id=subscriber.id,
        list_id=mailing_list.id,
        state=SubscriptionState(state).value,
        consent_source=source,
        confirmed_at=utcnow() if state == SubscriptionState.ACTIVE else None,
    )
    db.session.add(subscription)
    if commit:
        db.session.commit()
    return subscription
