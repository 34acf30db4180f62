"""Organizers and the people registered: approving, waitlisting, rejecting, adding by hand,
the list with its counts and its export."""

import logging
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from network import ical
from network.auth.models import User
from network.dbtypes import utcnow
from network.errors import Conflict, NotFound
from network.events import registrations, transitions
from network.events.labels import STATE_LABELS
from network.events.messages import mail
from network.events.models import (
    CONFIRMED,
    PENDING,
    REJECTED,
    WAITLISTED,
    Event,
    QuestionKind,
    Registration,
    RegistrationState,
)
from network.events.seats import force_seat, free_seat, take_seat
from network.extensions import db

logger = logging.getLogger(__name__)


def managed_registration(event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise NotFound()
    return registration


def _seat_for(event: Event, actor: User, override: bool) -> None:
    if take_seat(event):
        return
    if not override:
        raise Conflict(
            _l("No seats are left. Tick \u201cexceed capacity\u201d to add a seat anyway.")
        )
    force_seat(event, actor)


def approve(
    registration: Registration, actor: User, *, override: bool = False, now: datetime | None = None
) -> None:
    """Confirm a pending or waitlisted person; needs a free seat unless override is given."""
    now = now or utcnow()
    if registration.state not in (PENDING, WAITLISTED) or registration.awaits_email:
        raise Conflict(_l("Only pending or waitlisted registrations can be confirmed."))
    _seat_for(registration.event, actor, override)
    if not transitions.confirm(registration, now, from_states=[PENDING, WAITLISTED]):
        raise transitions.changed_meanwhile()
    logger.info(
        "registration approved id=%s by=%s override=%s", registration.id, actor.id, override
    )


def move_to_waitlist(registration: Registration, actor: User, now: datetime | None = None) -> None:
    now = now or utcnow()
    if registration.state not in (PENDING, CONFIRMED) or registration.awaits_email:
        raise Conflict(
            _l("Only pending or confirmed registrations can be moved to the waiting list.")
        )
    left = transitions.move(
        registration,
        [PENDING, CONFIRMED],
        WAITLISTED,
        Registration.email_confirmed_at.is_not(None),
        waitlisted_at=now,
    )
    if left is None:
        raise transitions.changed_meanwhile()
    event = registration.event
    subject = _l("You are on the waiting list: %(title)s", title=event.title)
    if left == CONFIRMED:
        free_seat(event)
        mail(
            registration,
            "waitlisted",
            subject,
            attachments=[ical.invitation_attachment(event, registration, cancel=True)],
        )
    else:
        mail(registration, "waitlisted", subject)
    logger.info("registration waitlisted id=%s by=%s", registration.id, actor.id)


def reject(registration: Registration, actor: User) -> None:
    if registration.state not in (PENDING, WAITLISTED) or registration.awaits_email:
        raise Conflict(_l("Only pending or waitlisted registrations can be rejected."))
    if not transitions.move(
        registration, [PENDING, WAITLISTED], REJECTED, Registration.email_confirmed_at.is_not(None)
    ):
        raise transitions.changed_meanwhile()
    mail(
        registration,
        "rejected",
        _l("Registration not accepted: %(title)s", title=registration.event.title),
    )
    logger.info("registration rejected id=%s by=%s", registration.id, actor.id)


def add_person(
    event: Event,
    actor: User,
    *,
    name: str,
    email: str,
    waitlist: bool = False,
    override: bool = False,
    now: datetime | None = None,
) -> Registration:
    """An organizer registers someone by hand; their address counts as confirmed."""
    now = now or utcnow()
    email = registrations.guest_email(email)
    if registrations.active_registration(event, email) is not None:
        raise Conflict(_l("This person is already registered."))
    user_id = db.session.scalar(select(User.id).where(func.lower(User.email) == email))
    registration = registrations.insert(
        Registration(
            event_id=event.id,
            user_id=user_id,
            email=email,
            name=name.strip(),
            state=PENDING,
            email_confirmed_at=now,
            created_at=now,
            answers={},
            language=db.session.scalar(select(User.language).where(User.id == user_id)) or "en",
        )
    )
    registration.event = event
    if waitlist:
        transitions.waitlist(registration, now)
    else:
        _seat_for(event, actor, override)
        if not transitions.confirm(registration, now):
            raise transitions.changed_meanwhile()
    logger.info(
        "registration added id=%s event=%s by=%s override=%s",
        registration.id,
        event.id,
        actor.id,
        override,
    )
    return registration


def registrants(event: Event, *, state: str | None = None, search: str | None = None):
    query = select(Registration).where(Registration.event_id == event.id)
    if state:
        query = query.where(Registration.state == state)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Registration.name).like(pattern),
                func.lower(Registration.email).like(pattern),
            )
        )
    return db.session.scalars(query.order_by(Registration.created_at, Registration.id)).all()


def state_counts(event: Event) -> dict[str, int]:
    rows = db.session.execute(
        select(Registration.state, func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.state)
    )
    counts = {state.value: 0 for state in RegistrationState}
    counts.update(dict(rows.all()))
    counts["checked_in"] = db.session.scalar(
        select(func.count()).where(
            Registration.event_id == event.id, Registration.checked_in_at.is_not(None)
        )
    )
    return counts


def answer_columns(event: Event, registration: Registration) -> list[str]:
    columns = []
    for question in event.questions:
        value = registration.answers.get(str(question.id))
        if question.kind == QuestionKind.CHECKBOX.value:
            value = str(_l("Yes") if value else _l("No"))
        elif isinstance(value, list):
            value = "; ".join(value)
        columns.append(value or "")
    return columns


def export_rows(event: Event):
    for registration in registrants(event):
        yield [
            registration.name,
            registration.email,
            str(STATE_LABELS[registration.state]),
            registration.created_at.isoformat(timespec="minutes"),
            registration.checked_in_at.isoformat(timespec="minutes")
            if registration.checked_in_at
            else "",
            *answer_columns(event, registration),
        ]
