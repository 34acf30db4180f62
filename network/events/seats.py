"""Seats and the waiting list.

Event.seats_taken counts confirmed registrations. A seat is taken only by the guarded UPDATE
in take_seat, in the transaction that confirms the registration; the CHECK constraint on the
event and the partial unique index on registrations back it in the database.
seat_mismatches() checks that seats taken equal confirmed registrations; `flask check-seats`
runs it and repairs.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update

from network.auth.models import User
from network.dbtypes import utcnow
from network.events import transitions
from network.events.models import CONFIRMED, WAITLISTED, Event, Registration
from network.extensions import db

logger = logging.getLogger(__name__)


def take_seat(event: Event) -> bool:
    """Take one seat if one is left, atomically; False when the event is full."""
    result = db.session.execute(
        update(Event)
        .where(
            Event.id == event.id, or_(Event.capacity.is_(None), Event.seats_taken < Event.capacity)
        )
        .values(seats_taken=Event.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(event, ["seats_taken"])
    return result.rowcount == 1


def force_seat(event: Event, actor: User) -> None:
    """An organizer's explicit override: capacity grows by the seat taken, so the CHECK holds."""
    db.session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(seats_taken=Event.seats_taken + 1, capacity=Event.capacity + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(event, ["seats_taken", "capacity"])
    logger.warning(
        "capacity override event=%s by=%s capacity=%s", event.id, actor.id, event.capacity
    )


def free_seat(event: Event) -> None:
    db.session.execute(
        update(Event)
        .where(Event.id == event.id, Event.seats_taken > 0)
        .values(seats_taken=Event.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(event, ["seats_taken"])


def promote_waitlist(event: Event, now: datetime | None = None) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served."""
    now = now or utcnow()
    promoted, skipped = [], set()
    if event.is_cancelled:
        return promoted
    while take_seat(event):
        candidate = db.session.scalar(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.state == WAITLISTED,
                Registration.id.not_in(skipped),
            )
            .order_by(Registration.waitlisted_at, Registration.id)
            .limit(1)
        )
        if candidate is None:
            free_seat(event)
            break
        if transitions.confirm(candidate, now, from_states=[WAITLISTED], promoted=True):
            promoted.append(candidate)
            logger.info("waitlist promoted id=%s event=%s", candidate.id, event.id)
        else:
            free_seat(event)
            skipped.add(candidate.id)
    return promoted


@dataclass
class SeatCount:
    event: Event
    seats_taken: int
    confirmed: int


def seat_mismatches() -> list[SeatCount]:
    """Events whose seats taken differ from their confirmed registrations (should be none)."""
    confirmed = (
        select(func.count())
        .where(Registration.event_id == Event.id, Registration.state == CONFIRMED)
        .correlate(Event)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Event, Event.seats_taken, confirmed)
        .where(Event.seats_taken != confirmed)
        .order_by(Event.id)
    )
    return [SeatCount(event, seats, count) for event, seats, count in rows]


def repair_seats(count: SeatCount) -> list[Registration] | None:
    """Set seats taken to the confirmed count; None if the event changed since it was counted.

    The capacity grows when more are confirmed than it allows, so the CHECK holds; seats that
    come free go to the waiting list.
    """
    event = count.event
    values = {"seats_taken": count.confirmed}
    if event.capacity is not None and count.confirmed > event.capacity:
        values["capacity"] = count.confirmed
    result = db.session.execute(
        update(Event)
        .where(Event.id == event.id, Event.seats_taken == count.seats_taken)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(event, ["seats_taken", "capacity"])
    if result.rowcount != 1:
        return None
    logger.warning(
        "seats repaired event=%s seats_taken=%s->%s", event.id, count.seats_taken, count.confirmed
    )
    return promote_waitlist(event)
