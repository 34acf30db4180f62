"""Which conferences a person sees or manages, and their call."""

from sqlalchemy import select

from network.auth.models import User
from network.conferences.models import Call
from network.dbtypes import utcnow
from network.errors import Forbidden, NotFound
from network.events.access import can_manage, visible_event
from network.events.listing import visibility_clause
from network.events.models import Event, EventKind, EventStatus
from network.extensions import db


def conference_or_404(slug: str, user) -> Event:
    event = visible_event(slug, user)
    if event.kind != EventKind.CONFERENCE.value:
        raise NotFound()
    return event


def managed_conference(slug: str, user) -> Event:
    event = conference_or_404(slug, user)
    if not can_manage(event, user):
        raise Forbidden()
    return event


def visible_conferences(user) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.kind == EventKind.CONFERENCE.value, visibility_clause(user))
            .order_by(Event.starts_at.desc())
        )
    )


def managed_conferences(user) -> list[Event]:
    query = (
        select(Event)
        .where(Event.kind == EventKind.CONFERENCE.value)
        .order_by(Event.starts_at.desc())
    )
    if not user.is_staff:
        query = query.where(Event.organizers.any(User.id == user.id))
    return list(db.session.scalars(query))


def call_of(event: Event) -> Call | None:
    return db.session.scalar(select(Call).where(Call.event_id == event.id))


def call_or_404(event: Event) -> Call:
    call = call_of(event)
    if call is None:
        raise NotFound()
    return call


def open_calls(user, *, now=None, limit: int = 4) -> list[Call]:
    """Calls for abstracts taking submissions now, in conferences this person may see, the
    nearest deadline first."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(Call)
            .join(Event, Event.id == Call.event_id)
            .where(
                visibility_clause(user),
                Event.status == EventStatus.PUBLISHED.value,
                Call.opens_at <= now,
                Call.deadline > now,
            )
            .order_by(Call.deadline)
            .limit(limit)
        )
    )
