"""Periodic work on registrations: unconfirmed guests lose their place, confirmed people
are reminded."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from network import ical
from network.dbtypes import utcnow
from network.events.messages import mail
from network.events.models import (
    CANCELLED,
    CONFIRMED,
    MAX_REMINDER_HOURS,
    PENDING,
    Event,
    EventStatus,
    Registration,
)
from network.extensions import db


def expire_holds(now: datetime | None = None) -> int:
    """Guests who never confirmed their address lose their place in line."""
    now = now or utcnow()
    result = db.session.execute(
        update(Registration)
        .where(
            Registration.state == PENDING,
            Registration.email_confirmed_at.is_(None),
            Registration.hold_expires_at < now,
        )
        .values(state=CANCELLED, cancelled_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def due_reminders(now: datetime | None = None) -> list[Registration]:
    now = now or utcnow()
    candidates = db.session.scalars(
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.state == CONFIRMED,
            Registration.reminded_at.is_(None),
            Event.status == EventStatus.PUBLISHED.value,
            Event.starts_at > now,
            Event.starts_at <= now + timedelta(hours=MAX_REMINDER_HOURS),
        )
    )
    return [
        r for r in candidates if r.event.starts_at - timedelta(hours=r.event.reminder_hours) <= now
    ]


def send_reminders(now: datetime | None = None) -> int:
    """Each confirmed person is reminded once, even with two workers running this at once."""
    now = now or utcnow()
    sent = 0
    for registration in due_reminders(now):
        claimed = db.session.execute(
            update(Registration)
            .where(Registration.id == registration.id, Registration.reminded_at.is_(None))
            .values(reminded_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed:
            mail(
                registration,
                "reminder",
                _l("Reminder: %(title)s", title=registration.event.title),
                attachments=[ical.invitation_attachment(registration.event, registration)],
            )
            sent += 1
    return sent
