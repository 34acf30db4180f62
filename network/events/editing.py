"""Organizing an event: creating, changing, its registration settings and questions,
publishing and cancelling."""

import logging
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import exists, select

from network import ical
from network.auth.models import Role, User
from network.dbtypes import utcnow
from network.errors import DomainError, NotFound
from network.events.messages import mail
from network.events.models import (
    ACTIVE_STATES,
    CONFIRMED,
    MAX_REMINDER_HOURS,
    Event,
    EventLanguage,
    EventStatus,
    QuestionKind,
    Registration,
    RegistrationQuestion,
)
from network.events.seats import promote_waitlist
from network.extensions import db
from network.text import slugify
from network.themes import queries as theme_queries
from network.times import zone

logger = logging.getLogger(__name__)

RESERVED_SLUGS = {"new", "my", "calendar", "feed.ics", "feeds", "checkin", "r"}
# Changes that move people: registrants get an updated invitation by mail.
NOTIFY_FIELDS = (
    "starts_at",
    "ends_at",
    "timezone",
    "venue_name",
    "venue_address",
    "city",
    "country",
    "join_url",
)
# Changes a calendar shows: SEQUENCE goes up.
CALENDAR_FIELDS = NOTIFY_FIELDS + ("title", "description")


def _unique_slug(title: str) -> str:
    base = slugify(title, "event")
    slug = base
    while slug in RESERVED_SLUGS or db.session.scalar(select(exists().where(Event.slug == slug))):
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise DomainError(_l("The event must end after it starts."))


def _organizers(organizer_ids) -> list[User]:
    users = db.session.scalars(select(User).where(User.id.in_(set(organizer_ids)))).all()
    if not users:
        raise DomainError(_l("An event needs at least one organizer."))
    if any(not user.has_role(Role.ORGANIZER) for user in users):
        raise DomainError(_l("Only people with the organizer role can organize an event."))
    return list(users)


def _apply(event: Event, *, languages, theme_ids, organizer_ids, **fields) -> None:
    """Set fields; languages, themes and organizers are left alone when given as None."""
    for name, value in fields.items():
        setattr(event, name, value)
    if languages is not None:
        codes = list(dict.fromkeys(languages))
        event.languages = [entry for entry in event.languages if entry.code in codes] + [
            EventLanguage(code=code) for code in codes if code not in event.language_codes
        ]
    if theme_ids is not None:
        event.themes = theme_queries.themes_by_ids(theme_ids)
    if organizer_ids is not None:
        event.organizers = _organizers(organizer_ids)


def create_event(
    creator: User,
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone: str = "UTC",
    languages=(),
    theme_ids=(),
    organizer_ids=(),
    **fields,
) -> Event:
    """A draft event with its creator among the organizers. Times are aware datetimes."""
    zone(timezone)
    _check_times(starts_at, ends_at)
    event = Event(
        slug=_unique_slug(title),
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=timezone,
        status=EventStatus.DRAFT.value,
        seats_taken=0,
    )
    _apply(
        event,
        languages=languages,
        theme_ids=theme_ids,
        organizer_ids=[creator.id, *organizer_ids],
        **fields,
    )
    db.session.add(event)
    db.session.flush()
    logger.info("event created id=%s by=%s", event.id, creator.id)
    return event


def update_event(
    event: Event, actor: User, *, languages=None, theme_ids=None, organizer_ids=None, **fields
) -> bool:
    """Change an event; a change of time, place or link sends registrants a new invitation.

    Returns whether registrants were told.
    """
    if "timezone" in fields:
        zone(fields["timezone"])
    _check_times(fields.get("starts_at", event.starts_at), fields.get("ends_at", event.ends_at))
    changed = {name for name, value in fields.items() if getattr(event, name) != value}
    _apply(event, languages=languages, theme_ids=theme_ids, organizer_ids=organizer_ids, **fields)
    if changed & set(CALENDAR_FIELDS):
        event.ical_sequence += 1
    notify = bool(changed & set(NOTIFY_FIELDS)) and event.is_published
    if notify:
        for registration in _registrations(event, [CONFIRMED]):
            mail(
                registration,
                "updated",
                _l("Changed: %(title)s", title=event.title),
                attachments=[ical.invitation_attachment(event, registration)],
            )
    logger.info(
        "event updated id=%s by=%s fields=%s", event.id, actor.id, ",".join(sorted(changed))
    )
    return notify


def update_registration_settings(
    event: Event,
    actor: User,
    *,
    capacity: int | None,
    waitlist_enabled: bool,
    opens_at,
    closes_at,
    approval_required: bool,
    allow_non_members: bool,
    reminder_hours: int,
) -> None:
    if capacity is not None and capacity < 0:
        raise DomainError(
            _l("Capacity must be a whole number of 0 or more, or empty for no limit.")
        )
    if not 0 <= reminder_hours <= MAX_REMINDER_HOURS:
        raise DomainError(
            _l(
                "Send the reminder between 0 and %(n)s hours before the start.",
                n=MAX_REMINDER_HOURS,
            )
        )
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError(_l("Registration must close after it opens."))
    if capacity is not None and capacity < event.seats_taken:
        raise DomainError(
            lazy_ngettext(
                "%(num)d person is already confirmed; the capacity cannot be lower.",
                "%(num)d people are already confirmed; the capacity cannot be lower.",
                event.seats_taken,
            )
        )
    event.capacity = capacity
    event.waitlist_enabled = waitlist_enabled
    event.registration_opens_at = opens_at
    event.registration_closes_at = closes_at
    event.approval_required = approval_required
    event.allow_non_members = allow_non_members
    event.reminder_hours = reminder_hours
    db.session.flush()
    promote_waitlist(event)
    logger.info("registration settings id=%s by=%s capacity=%s", event.id, actor.id, capacity)


def add_question(
    event: Event, *, kind: str, label: str, choices=(), required=False
) -> RegistrationQuestion:
    choices = [c for c in dict.fromkeys(c.strip() for c in choices) if c]
    if kind in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value) and len(choices) < 2:
        raise DomainError(_l("A choice question needs at least two choices, one per line."))
    if kind not in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value):
        choices = []
    position = max((q.position for q in event.questions), default=0) + 1
    question = RegistrationQuestion(
        kind=kind, label=label, choices=choices, required=required, position=position
    )
    event.questions.append(question)
    db.session.flush()
    return question


def delete_question(event: Event, question_id: int) -> None:
    question = db.session.get(RegistrationQuestion, question_id)
    if question is None or question.event_id != event.id:
        raise NotFound()
    db.session.delete(question)


def publish_event(event: Event, actor: User) -> None:
    if event.is_cancelled:
        raise DomainError(_l("A cancelled event cannot be published again."))
    event.status = EventStatus.PUBLISHED.value
    logger.info("event published id=%s by=%s", event.id, actor.id)


def cancel_event(event: Event, actor: User, message: str = "") -> None:
    """Cancel the event; confirmed registrants get METHOD:CANCEL, everyone active is told, with
    the organizers' message if they wrote one. Registrations stay as they are, for a reinstatement."""
    if event.is_cancelled:
        return
    if event.status == EventStatus.DRAFT.value:
        raise DomainError(_l("A draft is not announced yet: there is nothing to cancel."))
    event.status = EventStatus.CANCELLED.value
    _tell_registrants(
        event,
        "event_cancelled",
        _l("Cancelled: %(title)s", title=event.title),
        cancel=True,
        message=message.strip(),
    )
    logger.info("event cancelled id=%s by=%s", event.id, actor.id)


def reinstate_event(event: Event, actor: User) -> None:
    """Publish a cancelled event again before it starts: its registrations are as they were,
    and their people are told it is back on."""
    if not event.is_cancelled:
        raise DomainError(_l("This event is not cancelled."))
    if event.starts_at <= utcnow():
        raise DomainError(_l("This event has already started: it cannot be reinstated."))
    event.status = EventStatus.PUBLISHED.value
    _tell_registrants(event, "event_reinstated", _l("Back on: %(title)s", title=event.title))
    logger.info("event reinstated id=%s by=%s", event.id, actor.id)


def _tell_registrants(event: Event, template: str, subject, *, cancel=False, **context) -> None:
    """Mail every active registrant with a confirmed address; the confirmed ones get the
    calendar change (cancelled, or the invitation again)."""
    event.ical_sequence += 1
    for registration in _registrations(event, ACTIVE_STATES):
        if registration.awaits_email:
            continue
        attachments = (
            [ical.invitation_attachment(event, registration, cancel=cancel)]
            if registration.state == CONFIRMED
            else []
        )
        mail(registration, template, subject, attachments=attachments, **context)


def _registrations(event: Event, states) -> list[Registration]:
    return db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.state.in_(states))
        .order_by(Registration.id)
    ).all()
