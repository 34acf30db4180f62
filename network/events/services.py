"""Events and the registration engine (also used by conferences).

Seats: Event.seats_taken counts confirmed registrations. A seat is taken only by the guarded
UPDATE in take_seat, in the transaction that confirms the registration; the CHECK constraint
on the event and the partial unique index on registrations back it in the database.
Every change of a registration's state is one guarded UPDATE (_move); seats and mail follow
from the state it actually left. seat_mismatches() checks that seats taken equal confirmed
registrations; `flask check-seats` runs it and repairs.
"""
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from io import BytesIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import segno
from flask import abort, current_app, has_request_context, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import String, and_, cast, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, selectinload

from network import ical
from network.auth.models import Role, User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import DomainError
from network.events.labels import template_labels
from network.events.models import (ACTIVE_STATES, Event, EventFeedToken, EventLanguage,
                                   EventStatus, QuestionKind, Registration, RegistrationQuestion,
                                   RegistrationState, Visibility, event_theme, new_token)
from network.extensions import db
from network.groups.models import GroupMembership, MembershipState, WorkingGroup
from network.signals import account_data, account_deleting, group_sections
from network.themes.models import Theme
from network.validators import normalize_email

logger = logging.getLogger(__name__)

CONFIRMED = RegistrationState.CONFIRMED.value
WAITLISTED = RegistrationState.WAITLISTED.value
PENDING = RegistrationState.PENDING.value
CANCELLED = RegistrationState.CANCELLED.value
REJECTED = RegistrationState.REJECTED.value
MAX_REMINDER_HOURS = 24 * 14
RESERVED_SLUGS = {"new", "my", "calendar", "feed.ics", "feeds", "checkin", "r"}
# Changes that move people: registrants get an updated invitation by mail.
NOTIFY_FIELDS = ("starts_at", "ends_at", "timezone", "venue_name", "venue_address", "city",
                 "country", "join_url")
# Changes a calendar shows: SEQUENCE goes up.
CALENDAR_FIELDS = NOTIFY_FIELDS + ("title", "description")


class AlreadyRegistered(DomainError):
    status = 409

    def __init__(self, registration: Registration):
        super().__init__(_l("You are already registered for this event."))
        self.registration = registration


# --- Time ------------------------------------------------------------------------------------

def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(_l("Choose a time zone from the list."))


def local_to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time in an IANA zone as UTC; refuses times the clocks skip over."""
    aware = local.replace(tzinfo=zone(zone_name), fold=0)
    back = aware.astimezone(timezone.utc).astimezone(aware.tzinfo).replace(tzinfo=None)
    if back != local.replace(tzinfo=None, fold=0):
        raise DomainError(_l("%(time)s does not exist in %(zone)s: the clocks skip that hour. "
                             "Choose another time.", time=local.strftime("%Y-%m-%d %H:%M"),
                             zone=zone_name))
    return aware.astimezone(timezone.utc)


def utc_to_local(value: datetime | None, zone_name: str) -> datetime | None:
    """For filling forms: the naive wall-clock time in the event's zone."""
    return value.astimezone(ZoneInfo(zone_name)).replace(tzinfo=None) if value else None


# --- Access ----------------------------------------------------------------------------------

def viewer_zone(user) -> str:
    """The signed-in person's zone; others see UTC next to the event's own zone."""
    return user.timezone if user and user.is_authenticated and user.timezone else "UTC"


def can_manage(event: Event, user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return user.is_staff or (user.has_role(Role.ORGANIZER) and event.is_organizer(user))


def _in_group(user, group_id) -> bool:
    return db.session.scalar(select(exists().where(
        GroupMembership.group_id == group_id, GroupMembership.user_id == user.id,
        GroupMembership.state == MembershipState.ACTIVE.value))) or False


def can_view(event: Event, user) -> bool:
    if can_manage(event, user):
        return True
    if event.status == EventStatus.DRAFT.value:
        return False
    if event.visibility == Visibility.PUBLIC.value:
        return True
    if not (user and user.is_authenticated):
        return False
    if event.visibility == Visibility.MEMBERS.value or user.is_staff:
        return True
    return event.group_id is not None and _in_group(user, event.group_id)


def visible_event(slug: str, user) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None or not can_view(event, user):
        abort(404)
    return event


def managed_event(event_id: int, user) -> Event:
    """The event if this user may manage it: 404 when unknown, 403 when not theirs."""
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    if not can_manage(event, user):
        abort(403)
    return event


def visibility_clause(user):
    """Listed events this person may see."""
    clause = Event.visibility == Visibility.PUBLIC.value
    if user and user.is_authenticated:
        if user.is_staff:
            return Event.status != EventStatus.DRAFT.value
        member_groups = select(GroupMembership.group_id).where(
            GroupMembership.user_id == user.id,
            GroupMembership.state == MembershipState.ACTIVE.value)
        clause = or_(clause, Event.visibility == Visibility.MEMBERS.value,
                     and_(Event.visibility == Visibility.GROUP.value, Event.group_id.in_(member_groups)))
    return and_(Event.status != EventStatus.DRAFT.value, clause)


def list_events(user, *, kind=None, theme=None, country=None, language=None, group=None,
                past=False, now=None, starts_from=None, starts_before=None):
    """A select() of published events seen by user, filtered; the caller pages it."""
    now = now or utcnow()
    query = select(Event).options(selectinload(Event.languages)) \
        .where(visibility_clause(user), Event.status == EventStatus.PUBLISHED.value)
    if starts_from or starts_before:
        query = query.where(Event.ends_at >= starts_from, Event.starts_at < starts_before) \
            .order_by(Event.starts_at)
    elif past:
        query = query.where(Event.ends_at < now).order_by(Event.starts_at.desc())
    else:
        query = query.where(Event.ends_at >= now).order_by(Event.starts_at)
    if kind:
        query = query.where(Event.kind == kind)
    if country:
        query = query.where(Event.country == country.upper())
    if language:
        query = query.where(Event.id.in_(select(EventLanguage.event_id).where(EventLanguage.code == language)))
    if theme:
        query = query.where(Event.id.in_(select(event_theme.c.event_id).join(
            Theme, Theme.id == event_theme.c.theme_id).where(Theme.slug == theme)))
    if group:
        query = query.where(Event.group_id.in_(select(WorkingGroup.id).where(WorkingGroup.slug == group)))
    return query.order_by(Event.id)


def feed_events(*, group: WorkingGroup | None = None, theme: Theme | None = None, now=None):
    """Public events for subscribed calendars: cancelled ones stay so calendars drop them."""
    now = now or utcnow()
    query = select(Event).where(
        Event.visibility == Visibility.PUBLIC.value,
        Event.status.in_([EventStatus.PUBLISHED.value, EventStatus.CANCELLED.value]),
        Event.ends_at >= now - timedelta(days=90)).order_by(Event.starts_at, Event.id)
    if group is not None:
        query = query.where(Event.group_id == group.id)
    if theme is not None:
        query = query.where(Event.themes.any(Theme.id == theme.id))
    return db.session.scalars(query).all()


# --- Organizing --------------------------------------------------------------------------------

def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "event"


def _unique_slug(title: str) -> str:
    base = slugify(title)
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
        event.languages = [l for l in event.languages if l.code in codes] + [
            EventLanguage(code=code) for code in codes if code not in event.language_codes]
    if theme_ids is not None:
        event.themes = list(db.session.scalars(select(Theme).where(Theme.id.in_(theme_ids))))
    if organizer_ids is not None:
        event.organizers = _organizers(organizer_ids)


def create_event(creator: User, *, title: str, starts_at: datetime, ends_at: datetime,
                 timezone: str = "UTC", languages=(), theme_ids=(), organizer_ids=(),
                 **fields) -> Event:
    """A draft event with its creator among the organizers. Times are aware datetimes."""
    zone(timezone)
    _check_times(starts_at, ends_at)
    event = Event(slug=_unique_slug(title), title=title, starts_at=starts_at, ends_at=ends_at,
                  timezone=timezone, status=EventStatus.DRAFT.value, seats_taken=0)
    _apply(event, languages=languages, theme_ids=theme_ids,
           organizer_ids=[creator.id, *organizer_ids], **fields)
    db.session.add(event)
    db.session.flush()
    logger.info("event created id=%s by=%s", event.id, creator.id)
    return event


def update_event(event: Event, actor: User, *, languages=None, theme_ids=None, organizer_ids=None,
                 **fields) -> bool:
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
            _mail(registration, "updated", _l("Changed: %(title)s"),
                  attachments=[ical.invitation_attachment(event, registration)])
    logger.info("event updated id=%s by=%s fields=%s", event.id, actor.id, ",".join(sorted(changed)))
    return notify


def update_registration_settings(event: Event, actor: User, *, capacity: int | None,
                                 waitlist_enabled: bool, opens_at, closes_at,
                                 approval_required: bool, allow_non_members: bool,
                                 reminder_hours: int) -> None:
    if capacity is not None and capacity < 0:
        raise DomainError(_l("Capacity must be a whole number of 0 or more, or empty for no limit."))
    if not 0 <= reminder_hours <= MAX_REMINDER_HOURS:
        raise DomainError(_l("Send the reminder between 0 and %(n)s hours before the start.",
                             n=MAX_REMINDER_HOURS))
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError(_l("Registration must close after it opens."))
    if capacity is not None and capacity < event.seats_taken:
        raise DomainError(_l("%(n)s people are already confirmed; the capacity cannot be lower.",
                             n=event.seats_taken))
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


def add_question(event: Event, *, kind: str, label: str, choices=(), required=False) -> RegistrationQuestion:
    choices = [c for c in dict.fromkeys(c.strip() for c in choices) if c]
    if kind in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value) and len(choices) < 2:
        raise DomainError(_l("A choice question needs at least two choices, one per line."))
    if kind not in (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value):
        choices = []
    position = max((q.position for q in event.questions), default=0) + 1
    question = RegistrationQuestion(kind=kind, label=label, choices=choices, required=required,
                                    position=position)
    event.questions.append(question)
    db.session.flush()
    return question


def delete_question(event: Event, question_id: int) -> None:
    question = db.session.get(RegistrationQuestion, question_id)
    if question is None or question.event_id != event.id:
        abort(404)
    db.session.delete(question)


def publish_event(event: Event, actor: User) -> None:
    if event.is_cancelled:
        raise DomainError(_l("A cancelled event cannot be published again."))
    event.status = EventStatus.PUBLISHED.value
    logger.info("event published id=%s by=%s", event.id, actor.id)


def cancel_event(event: Event, actor: User) -> None:
    """Cancel the event; confirmed registrants get METHOD:CANCEL, everyone active is told."""
    if event.is_cancelled:
        return
    event.status = EventStatus.CANCELLED.value
    event.ical_sequence += 1
    for registration in _registrations(event, ACTIVE_STATES):
        if registration.awaits_email:
            continue
        attachments = [ical.invitation_attachment(event, registration, cancel=True)] \
            if registration.state == CONFIRMED else []
        _mail(registration, "event_cancelled", _l("Cancelled: %(title)s"), attachments=attachments)
    logger.info("event cancelled id=%s by=%s", event.id, actor.id)


# --- Seats -----------------------------------------------------------------------------------

def take_seat(event: Event) -> bool:
    """Take one seat if one is left, atomically; False when the event is full."""
    result = db.session.execute(
        update(Event)
        .where(Event.id == event.id,
               or_(Event.capacity.is_(None), Event.seats_taken < Event.capacity))
        .values(seats_taken=Event.seats_taken + 1)
        .execution_options(synchronize_session=False))
    db.session.expire(event, ["seats_taken"])
    return result.rowcount == 1


def force_seat(event: Event, actor: User) -> None:
    """An organizer's explicit override: capacity grows by the seat taken, so the CHECK holds."""
    db.session.execute(
        update(Event).where(Event.id == event.id)
        .values(seats_taken=Event.seats_taken + 1,
                capacity=Event.capacity + 1)
        .execution_options(synchronize_session=False))
    db.session.expire(event, ["seats_taken", "capacity"])
    logger.warning("capacity override event=%s by=%s capacity=%s", event.id, actor.id, event.capacity)


def free_seat(event: Event) -> None:
    db.session.execute(
        update(Event).where(Event.id == event.id, Event.seats_taken > 0)
        .values(seats_taken=Event.seats_taken - 1).execution_options(synchronize_session=False))
    db.session.expire(event, ["seats_taken"])


@dataclass
class SeatCount:
    event: Event
    seats_taken: int
    confirmed: int


def seat_mismatches() -> list[SeatCount]:
    """Events whose seats taken differ from their confirmed registrations (should be none)."""
    confirmed = select(func.count()).where(
        Registration.event_id == Event.id, Registration.state == CONFIRMED) \
        .correlate(Event).scalar_subquery()
    rows = db.session.execute(select(Event, Event.seats_taken, confirmed)
                              .where(Event.seats_taken != confirmed).order_by(Event.id))
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
        update(Event).where(Event.id == event.id, Event.seats_taken == count.seats_taken)
        .values(**values).execution_options(synchronize_session=False))
    db.session.expire(event, ["seats_taken", "capacity"])
    if result.rowcount != 1:
        return None
    logger.warning("seats repaired event=%s seats_taken=%s->%s", event.id, count.seats_taken,
                   count.confirmed)
    return promote_waitlist(event)


def _guarded_update(registration: Registration, from_state: str, to_state: str, *conditions,
                    **values) -> bool:
    """UPDATE ... WHERE id = :id AND state = :from_state: true if this call made the change."""
    result = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.state == from_state, *conditions)
        .values(state=to_state, **values).execution_options(synchronize_session=False))
    db.session.expire(registration)
    return result.rowcount == 1


def _move(registration: Registration, from_states, to_state: str, *conditions,
          **values) -> str | None:
    """Move a registration to to_state from whichever of from_states it is in; the state it left.

    None when it is in none of them (or fails the conditions). Seats and mail depend on the state
    returned here, never on one loaded earlier: the person may have been promoted, approved or
    cancelled by another request meanwhile. Such a change makes the guarded UPDATE match nothing,
    and the state is read again.
    """
    while True:
        state = db.session.scalar(select(Registration.state).where(
            Registration.id == registration.id, *conditions))
        if state not in from_states:
            return None
        if _guarded_update(registration, state, to_state, *conditions, **values):
            return state


def _changed_meanwhile() -> DomainError:
    return DomainError(_l("This registration changed meanwhile. Reload the page."), 409)


# --- Registering -----------------------------------------------------------------------------

def registration_open(event: Event, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (event.is_published and now < event.ends_at
            and (event.registration_opens_at is None or now >= event.registration_opens_at)
            and (event.registration_closes_at is None or now < event.registration_closes_at))


def _check_open(event: Event, now: datetime) -> None:
    if not event.is_published:
        raise DomainError(_l("This event is not open for registration."), 409)
    if event.registration_opens_at and now < event.registration_opens_at:
        raise DomainError(_l("Registration has not opened yet."), 409)
    if (event.registration_closes_at and now >= event.registration_closes_at) or now >= event.ends_at:
        raise DomainError(_l("Registration for this event is closed."), 409)


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
    return {str(q.id): raw.get(q.id) for q in event.questions if raw.get(q.id) not in (None, "", [])}


def _registrations(event: Event, states) -> list[Registration]:
    return db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.state.in_(states)).order_by(Registration.id)).all()


def active_registration(event: Event, email: str) -> Registration | None:
    return db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.email == email,
        Registration.state.in_(ACTIVE_STATES)))


def _insert(registration: Registration) -> Registration:
    """Insert; the partial unique index turns a simultaneous double submit into one row.

    A refused insert leaves the transaction unusable, so it is rolled back: callers register
    before any other write of their own in the same transaction.
    """
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = active_registration(db.session.get(Event, registration.event_id), registration.email)
        raise AlreadyRegistered(existing)
    return registration


def register(event: Event, *, user: User | None = None, name: str = "", email: str = "",
             answers: dict | None = None, language: str = "en",
             now: datetime | None = None) -> Registration:
    """Register a member (user) or a guest (name and email).

    A member is placed at once: confirmed, waitlisted or pending approval. A guest is pending
    until they confirm their address by the mailed link; no seat is held until then. A second
    active registration of the same address raises AlreadyRegistered.
    """
    now = now or utcnow()
    _check_open(event, now)
    if user is None and not event.allow_non_members:
        raise DomainError(_l("Only members can register for this event. Please sign in."), 403)
    email = user.email if user is not None else _guest_email(email)
    existing = active_registration(event, email)
    if existing is not None:
        raise AlreadyRegistered(existing)
    clean = _clean_answers(event, answers)
    registration = Registration(
        event_id=event.id, user_id=user.id if user else None, email=email,
        name=user.name if user else name.strip(), language=user.language if user else language,
        state=PENDING, answers=clean, created_at=now)
    if user is not None:
        registration.email_confirmed_at = now
    else:
        registration.hold_expires_at = now + timedelta(hours=current_app.config.get("EVENT_HOLD_HOURS", 24))
    _insert(registration)
    registration.event = event
    if user is not None:
        _place(registration, now)
    else:
        _mail(registration, "confirm_email", _l("Confirm your registration: %(title)s"),
              url=url_for("events.confirm_registration", token=registration.token, _external=True))
    logger.info("registration id=%s event=%s user=%s state=%s", registration.id, event.id,
                registration.user_id, registration.state)
    return registration


def register_guest(event: Event, *, name: str, email: str, answers: dict | None = None,
                   language: str = "en", now: datetime | None = None) -> Registration | None:
    """The guest path: the same outcome seen from outside whether or not the address is known.

    A known address gets a mail with its own links instead of a second registration.
    """
    try:
        return register(event, name=name, email=email, answers=answers, language=language, now=now)
    except AlreadyRegistered as error:
        registration = error.registration
        if registration.awaits_email:
            _mail(registration, "confirm_email", _l("Confirm your registration: %(title)s"),
                  url=url_for("events.confirm_registration", token=registration.token, _external=True))
        else:
            _mail(registration, "already_registered", _l("You are already registered: %(title)s"))
        return None


def _guest_email(email: str) -> str:
    try:
        return normalize_email(email)
    except ValueError:
        raise DomainError(_l("Enter a valid email address."))


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
    if _guarded_update(registration, PENDING, PENDING, Registration.email_confirmed_at.is_(None),
                       email_confirmed_at=now, hold_expires_at=None,
                       user_id=func.coalesce(Registration.user_id, user_id)):
        _place(registration, now)
    return registration


def _place(registration: Registration, now: datetime) -> None:
    event = registration.event
    if event.approval_required:
        _mail(registration, "pending_approval", _l("Waiting for approval: %(title)s"))
    elif take_seat(event):
        if not _confirm(registration, now):
            raise _changed_meanwhile()
    elif event.waitlist_enabled:
        _waitlist(registration, now)
    else:
        raise DomainError(_l("Sorry, this event is full."), 409)


def _confirm(registration: Registration, now: datetime, *, from_states=(PENDING,),
             promoted: bool = False) -> bool:
    """Confirm someone whose address is confirmed; the mail goes only if this call did it.

    The caller has taken the seat, and gives it back (or rolls back) on False.
    """
    if not _move(registration, from_states, CONFIRMED, Registration.email_confirmed_at.is_not(None),
                 confirmed_at=now):
        return False
    _mail(registration, "confirmed",
          _l("You have a seat: %(title)s") if promoted else _l("Registration confirmed: %(title)s"),
          promoted=promoted,
          checkin_url=url_for("events.checkin_code", code=registration.checkin_code, _external=True),
          attachments=[ical.invitation_attachment(registration.event, registration),
                       _qr_attachment(registration)])
    return True


def _waitlist(registration: Registration, now: datetime) -> None:
    if not _move(registration, [PENDING], WAITLISTED, waitlisted_at=now):
        raise _changed_meanwhile()
    _mail(registration, "waitlisted", _l("You are on the waiting list: %(title)s"))


def _qr_attachment(registration: Registration) -> dict:
    qr = segno.make(url_for("events.checkin_code", code=registration.checkin_code, _external=True),
                    error="m")
    out = BytesIO()
    qr.save(out, kind="png", scale=8, border=4)
    return {"filename": "check-in.png", "content_type": "image/png", "data": out.getvalue()}


def registration_by_token(token: str) -> Registration:
    registration = db.session.scalar(select(Registration).where(Registration.token == token)) \
        if token else None
    if registration is None:
        raise DomainError(_l("This link is invalid or has expired."), 404)
    return registration


def cancel_registration(registration: Registration, *, actor: User | None = None,
                        notify: bool = True, now: datetime | None = None) -> None:
    """Cancel an active registration; a freed seat goes to the first on the waiting list."""
    now = now or utcnow()
    left = _move(registration, ACTIVE_STATES, CANCELLED, cancelled_at=now)
    if left is None:
        raise DomainError(_l("This registration is no longer active."), 409)
    was_confirmed = left == CONFIRMED
    event = registration.event
    if notify and registration.email_confirmed_at is not None:
        attachments = [ical.invitation_attachment(event, registration, cancel=True)] if was_confirmed else []
        _mail(registration, "cancelled", _l("Registration cancelled: %(title)s"), attachments=attachments)
    if was_confirmed:
        free_seat(event)
        promote_waitlist(event, now=now)
    logger.info("registration cancelled id=%s event=%s by=%s", registration.id, event.id,
                actor.id if actor else "registrant")


def promote_waitlist(event: Event, now: datetime | None = None) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served."""
    now = now or utcnow()
    promoted, skipped = [], set()
    if event.is_cancelled:
        return promoted
    while take_seat(event):
        candidate = db.session.scalar(
            select(Registration).where(Registration.event_id == event.id, Registration.state == WAITLISTED,
                                       Registration.id.not_in(skipped))
            .order_by(Registration.waitlisted_at, Registration.id).limit(1))
        if candidate is None:
            free_seat(event)
            break
        if _confirm(candidate, now, from_states=[WAITLISTED], promoted=True):
            promoted.append(candidate)
            logger.info("waitlist promoted id=%s event=%s", candidate.id, event.id)
        else:
            free_seat(event)
            skipped.add(candidate.id)
    return promoted


# --- Organizer actions on registrations --------------------------------------------------------

def managed_registration(event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


def _seat_for(event: Event, actor: User, override: bool) -> None:
    if take_seat(event):
        return
    if not override:
        raise DomainError(_l("No seats are left. Tick \u201cexceed capacity\u201d to add a seat anyway."), 409)
    force_seat(event, actor)


def approve(registration: Registration, actor: User, *, override: bool = False,
            now: datetime | None = None) -> None:
    """Confirm a pending or waitlisted person; needs a free seat unless override is given."""
    now = now or utcnow()
    if registration.state not in (PENDING, WAITLISTED) or registration.awaits_email:
        raise DomainError(_l("Only pending or waitlisted registrations can be confirmed."), 409)
    _seat_for(registration.event, actor, override)
    if not _confirm(registration, now, from_states=[PENDING, WAITLISTED]):
        raise _changed_meanwhile()
    logger.info("registration approved id=%s by=%s override=%s", registration.id, actor.id, override)


def move_to_waitlist(registration: Registration, actor: User, now: datetime | None = None) -> None:
    now = now or utcnow()
    if registration.state not in (PENDING, CONFIRMED) or registration.awaits_email:
        raise DomainError(_l("Only pending or confirmed registrations can be moved to the waiting list."), 409)
    left = _move(registration, [PENDING, CONFIRMED], WAITLISTED,
                 Registration.email_confirmed_at.is_not(None), waitlisted_at=now)
    if left is None:
        raise _changed_meanwhile()
    if left == CONFIRMED:
        free_seat(registration.event)
        _mail(registration, "waitlisted", _l("You are on the waiting list: %(title)s"),
              attachments=[ical.invitation_attachment(registration.event, registration, cancel=True)])
    else:
        _mail(registration, "waitlisted", _l("You are on the waiting list: %(title)s"))
    logger.info("registration waitlisted id=%s by=%s", registration.id, actor.id)


def reject(registration: Registration, actor: User) -> None:
    if registration.state not in (PENDING, WAITLISTED) or registration.awaits_email:
        raise DomainError(_l("Only pending or waitlisted registrations can be rejected."), 409)
    if not _move(registration, [PENDING, WAITLISTED], REJECTED,
                 Registration.email_confirmed_at.is_not(None)):
        raise _changed_meanwhile()
    _mail(registration, "rejected", _l("Registration not accepted: %(title)s"))
    logger.info("registration rejected id=%s by=%s", registration.id, actor.id)


def add_person(event: Event, actor: User, *, name: str, email: str, waitlist: bool = False,
               override: bool = False, now: datetime | None = None) -> Registration:
    """An organizer registers someone by hand; their address counts as confirmed."""
    now = now or utcnow()
    email = _guest_email(email)
    if active_registration(event, email) is not None:
        raise DomainError(_l("This person is already registered."), 409)
    user_id = db.session.scalar(select(User.id).where(func.lower(User.email) == email))
    registration = _insert(Registration(
        event_id=event.id, user_id=user_id, email=email, name=name.strip(), state=PENDING,
        email_confirmed_at=now, created_at=now, answers={},
        language=db.session.scalar(select(User.language).where(User.id == user_id)) or "en"))
    registration.event = event
    if waitlist:
        _waitlist(registration, now)
    else:
        _seat_for(event, actor, override)
        if not _confirm(registration, now):
            raise _changed_meanwhile()
    logger.info("registration added id=%s event=%s by=%s override=%s", registration.id, event.id,
                actor.id, override)
    return registration


def registrants(event: Event, *, state: str | None = None, search: str | None = None):
    query = select(Registration).where(Registration.event_id == event.id)
    if state:
        query = query.where(Registration.state == state)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Registration.name).like(pattern),
                                func.lower(Registration.email).like(pattern)))
    return db.session.scalars(query.order_by(Registration.created_at, Registration.id)).all()


def state_counts(event: Event) -> dict[str, int]:
    rows = db.session.execute(select(Registration.state, func.count()).where(
        Registration.event_id == event.id).group_by(Registration.state))
    counts = {state.value: 0 for state in RegistrationState}
    counts.update(dict(rows.all()))
    counts["checked_in"] = db.session.scalar(select(func.count()).where(
        Registration.event_id == event.id, Registration.checked_in_at.is_not(None)))
    return counts


def answer_columns(event: Event, registration: Registration) -> list[str]:
    columns = []
    for question in event.questions:
        value = registration.answers.get(str(question.id))
        if isinstance(value, list):
            value = "; ".join(value)
        elif isinstance(value, bool):
            value = str(_l("Yes")) if value else ""
        columns.append(value or "")
    return columns


def export_rows(event: Event):
    for registration in registrants(event):
        yield [registration.name, registration.email, registration.state,
               registration.created_at.isoformat(timespec="minutes"),
               registration.checked_in_at.isoformat(timespec="minutes") if registration.checked_in_at else "",
               *answer_columns(event, registration)]


def message_registrants(event: Event, actor: User, *, subject: str, body: str, states=(),
                        registration_ids=()) -> int:
    """One mail per chosen registrant, queued after the commit. Returns how many."""
    query = select(Registration).where(Registration.event_id == event.id,
                                       Registration.email_confirmed_at.is_not(None))
    if registration_ids:
        query = query.where(Registration.id.in_(registration_ids))
    else:
        query = query.where(Registration.state.in_(states or [CONFIRMED]))
    recipients = db.session.scalars(query).all()
    if not recipients:
        raise DomainError(_l("Nobody matches the recipients you chose."))
    for registration in recipients:
        # The subject is formatted with %(title)s-style placeholders only when it contains one.
        _mail(registration, "message", subject.replace("%", "%%") if "%(" in subject else subject,
              body=body)
    logger.info("event message event=%s by=%s recipients=%s", event.id, actor.id, len(recipients))
    return len(recipients)


def registration_by_checkin_code(code: str) -> Registration:
    registration = db.session.scalar(select(Registration).where(Registration.checkin_code == code)) \
        if code else None
    if registration is None:
        abort(404)
    return registration


def check_in(registration: Registration, actor: User, *, undo: bool = False,
             now: datetime | None = None) -> None:
    if registration.state != CONFIRMED:
        raise DomainError(_l("Only confirmed people can be checked in."), 409)
    registration.checked_in_at = None if undo else (registration.checked_in_at or now or utcnow())
    logger.info("check-in id=%s by=%s undo=%s", registration.id, actor.id, undo)


# --- Mail ------------------------------------------------------------------------------------

def _mail(registration: Registration, template: str, subject, *, attachments=(), **context) -> None:
    event = registration.event
    send_email(registration.email, f"events/{template}", subject, locale=registration.language,
               attachments=list(attachments), registration=registration, event=event, title=event.title,
               event_url=url_for("events.show", slug=event.slug, _external=True),
               manage_url=url_for("events.manage_registration", token=registration.token, _external=True),
               **context)


# --- Periodic jobs ---------------------------------------------------------------------------

def expire_holds(now: datetime | None = None) -> int:
    """Guests who never confirmed their address lose their place in line."""
    now = now or utcnow()
    result = db.session.execute(
        update(Registration)
        .where(Registration.state == PENDING, Registration.email_confirmed_at.is_(None),
               Registration.hold_expires_at < now)
        .values(state=CANCELLED, cancelled_at=now).execution_options(synchronize_session=False))
    return result.rowcount


def due_reminders(now: datetime | None = None) -> list[Registration]:
    now = now or utcnow()
    candidates = db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id)
        .where(Registration.state == CONFIRMED, Registration.reminded_at.is_(None),
               Event.status == EventStatus.PUBLISHED.value, Event.starts_at > now,
               Event.starts_at <= now + timedelta(hours=MAX_REMINDER_HOURS)))
    return [r for r in candidates if r.event.starts_at - timedelta(hours=r.event.reminder_hours) <= now]


def send_reminders(now: datetime | None = None) -> int:
    """Each confirmed person is reminded once, even with two workers running this at once."""
    now = now or utcnow()
    sent = 0
    for registration in due_reminders(now):
        claimed = db.session.execute(
            update(Registration).where(Registration.id == registration.id, Registration.reminded_at.is_(None))
            .values(reminded_at=now).execution_options(synchronize_session=False)).rowcount
        if claimed:
            _mail(registration, "reminder", _l("Reminder: %(title)s"),
                  attachments=[ical.invitation_attachment(registration.event, registration)])
            sent += 1
    return sent


# --- Personal feed ---------------------------------------------------------------------------

def feed_token(user: User) -> EventFeedToken:
    token = db.session.scalar(select(EventFeedToken).where(EventFeedToken.user_id == user.id))
    if token is None:
        token = EventFeedToken(user_id=user.id)
        db.session.add(token)
        db.session.flush()
    return token


def reset_feed_token(user: User) -> EventFeedToken:
    token = feed_token(user)
    token.token = new_token()
    token.created_at = utcnow()
    logger.info("event feed token reset user=%s", user.id)
    return token


def user_by_feed_token(token: str) -> User:
    row = db.session.scalar(select(EventFeedToken).where(EventFeedToken.token == token)) if token else None
    if row is None:
        abort(404)
    return row.user


def my_registrations(user: User, *, active_only: bool = True):
    query = select(Registration).join(Event, Event.id == Registration.event_id) \
        .options(contains_eager(Registration.event)).where(Registration.user_id == user.id)
    if active_only:
        query = query.where(Registration.state.in_(ACTIVE_STATES))
    return db.session.scalars(query.order_by(Event.starts_at.desc())).all()


# --- Other domains ---------------------------------------------------------------------------

@account_deleting.connect
def _forget_registrant(user: User) -> None:
    """Upcoming seats are given back; past registrations stay for the numbers, anonymized."""
    now = utcnow()
    for registration in my_registrations(user):
        if registration.event.ends_at > now:
            cancel_registration(registration, notify=False, now=now)
    db.session.execute(
        update(Registration).where(Registration.user_id == user.id)
        .values(name="", email="deleted-" + cast(Registration.id, String) + "@invalid", user_id=None,
                answers={}).execution_options(synchronize_session=False))
    db.session.execute(db.delete(EventFeedToken).where(EventFeedToken.user_id == user.id))


@account_data.connect
def _registrant_data(user: User):
    return "event_registrations", [
        {"event": r.event.title, "starts_at": r.event.starts_at.isoformat(), "state": r.state,
         "name": r.name, "email": r.email, "answers": r.answers,
         "registered_at": r.created_at.isoformat(),
         "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None}
        for r in my_registrations(user, active_only=False)]


@group_sections.connect
def _group_events(group: WorkingGroup) -> Markup:
    viewer = current_user if has_request_context() else None
    events = db.session.scalars(list_events(viewer, group=group.slug).limit(10)).all()
    return Markup(render_template("events/_group_section.html", group=group, events=events,
                                  viewer_zone=viewer_zone(viewer), **template_labels()))
