"""Registering for an event, confirming a guest's address and cancelling."""

import logging
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from network import ical
from network.auth.models import User
from network.dbtypes import utcnow
from network.errors import Conflict, DomainError, NotFound
from network.events import transitions
from network.events.messages import mail
from network.events.models import (
    ACTIVE_STATES,
    CANCELLED,
    CONFIRMED,
    PENDING,
    Event,
    QuestionKind,
    Registration,
)
from network.events.seats import free_seat, promote_waitlist, take_seat
from network.extensions import db
from network.validators import normalize_email

logger = logging.getLogger(__name__)


class AlreadyRegistered(DomainError):
    status = 409

    def __init__(self, registration: Registration):
        super().__init__(_l("You are already registered for this event."))
        self.registration = registration


def registration_open(event: Event, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        event.is_published
        and now < event.ends_at
        and (event.registration_opens_at is None or now >= event.registration_opens_at)
        and (event.registration_closes_at is None or now < event.registration_closes_at)
    )


def _check_open(event: Event, now: datetime) -> None:
    if not event.is_published:
        raise Conflict(_l("This event is not open for registration."))
    if event.registration_opens_at and now < event.registration_opens_at:
        raise Conflict(_l("Registration has not opened yet."))
    if (
        event.registration_closes_at and now >= event.registration_closes_at
    ) or now >= event.ends_at:
        raise Conflict(_l("Registration for this event is closed."))


def answer_errors(event: Event, raw: dict) -> dict[int, str]:
    """Problems with answers to the event's questions, by question id."""
    errors = {}
    for question in event.questions:
        value = raw.get(question.id)
        if question.kind in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value):
            values = value if isinstance(value, list) else ([value] if value else [])
            if question.kind == QuestionKind.SINGLE.value and len(values) > 1:
                errors[question.id] = str(_l("Choose one answer."))
            elif any(v not in question.choices for v in values):
                errors[question.id] = str(_l("Choose from the answers given."))
            elif question.required and not values:
                errors[question.id] = str(_l("This question needs an answer."))
        elif question.required and not value:
            errors[question.id] = str(_l("This question needs an answer."))
        elif isinstance(value, str) and len(value) > 5000:
            errors[question.id] = str(_l("This answer is too long."))
    return errors


def _clean_answers(event: Event, raw: dict | None) -> dict:
    raw = raw or {}
    errors = answer_errors(event, raw)
    if errors:
        raise DomainError(next(iter(errors.values())))
    return {
        str(q.id): raw.get(q.id) for q in event.questions if raw.get(q.id) not in (None, "", [])
    }


def active_registration(event: Event, email: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.email == email,
            Registration.state.in_(ACTIVE_STATES),
        )
    )


def insert(registration: Registration) -> Registration:
    """Insert; the partial unique index turns a simultaneous double submit into one row.

    A refused insert leaves the transaction unusable, so it is rolled back: callers register
    before any other write of their own in the same transaction.
    """
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = active_registration(
            db.session.get(Event, registration.event_id), registration.email
        )
        raise AlreadyRegistered(existing) from None
    return registration


def register(
    event: Event,
    *,
    user: User | None = None,
    name: str = "",
    email: str = "",
    answers: dict | None = None,
    language: str = "en",
    now: datetime | None = None,
) -> Registration:
    """Register a member (user) or a guest (name and email).

    A member is placed at once: confirmed, waitlisted or pending approval. A guest is pending
    until they confirm their address by the mailed link; no seat is held until then. A second
    active registration of the same address raises AlreadyRegistered.
    """
    now = now or utcnow()
    _check_open(event, now)
    if user is None and not event.allow_non_members:
        raise DomainError(_l("Only members can register for this event. Please sign in."), 403)
    email = user.email if user is not None else guest_email(email)
    existing = active_registration(event, email)
    if existing is not None:
        raise AlreadyRegistered(existing)
    clean = _clean_answers(event, answers)
    registration = Registration(
        event_id=event.id,
        user_id=user.id if user else None,
        email=email,
        name=user.name if user else name.strip(),
        language=user.language if user else language,
        state=PENDING,
        answers=clean,
        created_at=now,
    )
    if user is not None:
        registration.email_confirmed_at = now
    else:
        registration.hold_expires_at = now + timedelta(hours=current_app.config["EVENT_HOLD_HOURS"])
    insert(registration)
    registration.event = event
    if user is not None:
        _place(registration, now)
    else:
        mail(
            registration,
            "confirm_email",
            _l("Confirm your registration: %(title)s", title=event.title),
            url=url_for("events.confirm_registration", token=registration.token, _external=True),
        )
    logger.info(
        "registration id=%s event=%s user=%s state=%s",
        registration.id,
        event.id,
        registration.user_id,
        registration.state,
    )
    return registration


def register_guest(
    event: Event,
    *,
    name: str,
    email: str,
    answers: dict | None = None,
    language: str = "en",
    now: datetime | None = None,
) -> Registration | None:
    """The guest path: the same outcome seen from outside whether or not the address is known.

    A known address gets a mail with its own links instead of a second registration.
    """
    try:
        return register(event, name=name, email=email, answers=answers, language=language, now=now)
    except AlreadyRegistered as error:
        registration = error.registration
        if registration.awaits_email:
            mail(
                registration,
                "confirm_email",
                _l("Confirm your registration: %(title)s", title=event.title),
                url=url_for(
                    "events.confirm_registration", token=registration.token, _external=True
                ),
            )
        else:
            mail(
                registration,
                "already_registered",
                _l("You are already registered: %(title)s", title=event.title),
            )
        return None


def guest_email(email: str) -> str:
    try:
        return normalize_email(email)
    except ValueError:
        raise DomainError(_l("Enter a valid email address.")) from None


def confirm_email(token: str, now: datetime | None = None) -> Registration:
    """A guest's click on the mailed link: now the seat (or waitlist place) is taken.

    Of two clicks at once, only the one whose guarded UPDATE marks the address confirmed goes on
    to take a seat and send mail; the other shows what the first did.
    """
    now = now or utcnow()
    registration = registration_by_token(token)
    if not registration.awaits_email:
        return registration
    if registration.hold_expires_at and registration.hold_expires_at < now:
        raise DomainError(_l("This link has expired. Please register again."), 410)
    _check_open(registration.event, now)
    user_id = db.session.scalar(select(User.id).where(func.lower(User.email) == registration.email))
    if transitions.guarded_update(
        registration,
        PENDING,
        PENDING,
        Registration.email_confirmed_at.is_(None),
        email_confirmed_at=now,
        hold_expires_at=None,
        user_id=func.coalesce(Registration.user_id, user_id),
    ):
        _place(registration, now)
    return registration


def _place(registration: Registration, now: datetime) -> None:
    event = registration.event
    if event.approval_required:
        mail(
            registration,
            "pending_approval",
            _l("Waiting for approval: %(title)s", title=event.title),
        )
    elif take_seat(event):
        if not transitions.confirm(registration, now):
            raise transitions.changed_meanwhile()
    elif event.waitlist_enabled:
        transitions.waitlist(registration, now)
    else:
        raise Conflict(_l("Sorry, this event is full."))


def registration_by_token(token: str) -> Registration:
    registration = (
        db.session.scalar(select(Registration).where(Registration.token == token))
        if token
        else None
    )
    if registration is None:
        raise NotFound(_l("This link is invalid or has expired."))
    return registration


def cancel_registration(
    registration: Registration,
    *,
    actor: User | None = None,
    notify: bool = True,
    now: datetime | None = None,
) -> None:
    """Cancel an active registration; a freed seat goes to the first on the waiting list."""
    now = now or utcnow()
    left = transitions.move(registration, ACTIVE_STATES, CANCELLED, cancelled_at=now)
    if left is None:
        raise Conflict(_l("This registration is no longer active."))
    was_confirmed = left == CONFIRMED
    event = registration.event
    if notify and registration.email_confirmed_at is not None:
        attachments = (
            [ical.invitation_attachment(event, registration, cancel=True)] if was_confirmed else []
        )
        mail(
            registration,
            "cancelled",
            _l("Registration cancelled: %(title)s", title=event.title),
            attachments=attachments,
        )
    if was_confirmed:
        free_seat(event)
        promote_waitlist(event, now=now)
    logger.info(
        "registration cancelled id=%s event=%s by=%s",
        registration.id,
        event.id,
        actor.id if actor else "registrant",
    )
