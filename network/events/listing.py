"""Lists of events: what a person may see, public calendars and their own registrations."""

from datetime import timedelta

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from network.auth.models import User
from network.dbtypes import utcnow
from network.events.models import (
    ACTIVE_STATES,
    Event,
    EventLanguage,
    EventStatus,
    Registration,
    Visibility,
    event_organizer,
    event_theme,
)
from network.extensions import db
from network.groups import queries as group_queries
from network.groups.models import WorkingGroup
from network.themes import queries as theme_queries
from network.themes.models import Theme


def visibility_clause(user):
    """Listed events this person may see."""
    clause = Event.visibility == Visibility.PUBLIC.value
    if user and user.is_authenticated:
        if user.is_staff:
            return Event.status != EventStatus.DRAFT.value
        member_groups = group_queries.active_group_ids(user.id)
        clause = or_(
            clause,
            Event.visibility == Visibility.MEMBERS.value,
            and_(Event.visibility == Visibility.GROUP.value, Event.group_id.in_(member_groups)),
        )
    return and_(Event.status != EventStatus.DRAFT.value, clause)


def list_events(
    user,
    *,
    kind=None,
    theme=None,
    country=None,
    language=None,
    group=None,
    organizers=None,
    past=False,
    now=None,
    starts_from=None,
    starts_before=None,
):
    """A select() of published events seen by user, filtered; the caller pages it."""
    now = now or utcnow()
    query = (
        select(Event)
        .options(selectinload(Event.languages))
        .where(visibility_clause(user), Event.status == EventStatus.PUBLISHED.value)
    )
    if starts_from or starts_before:
        query = query.where(Event.ends_at >= starts_from, Event.starts_at < starts_before).order_by(
            Event.starts_at
        )
    elif past:
        query = query.where(Event.ends_at < now).order_by(Event.starts_at.desc())
    else:
        query = query.where(Event.ends_at >= now).order_by(Event.starts_at)
    if kind:
        query = query.where(Event.kind == kind)
    if country:
        query = query.where(Event.country == country.upper())
    if language:
        query = query.where(
            Event.id.in_(select(EventLanguage.event_id).where(EventLanguage.code == language))
        )
    if theme:
        found = theme_queries.theme_by_slug(theme)
        query = query.where(_on_theme(found) if found else false())
    if organizers is not None:
        query = query.where(
            Event.id.in_(
                select(event_organizer.c.event_id).where(event_organizer.c.user_id.in_(organizers))
            )
        )
    if group:
        found = group_queries.group_by_slug(group)
        query = query.where(Event.group_id == found.id if found else false())
    return query.order_by(Event.id)


def feed_events(*, group: WorkingGroup | None = None, theme: Theme | None = None, now=None):
    """Public events for subscribed calendars: cancelled ones stay so calendars drop them."""
    now = now or utcnow()
    query = (
        select(Event)
        .where(
            Event.visibility == Visibility.PUBLIC.value,
            Event.status.in_([EventStatus.PUBLISHED.value, EventStatus.CANCELLED.value]),
            Event.ends_at >= now - timedelta(days=90),
        )
        .order_by(Event.starts_at, Event.id)
    )
    if group is not None:
        query = query.where(Event.group_id == group.id)
    if theme is not None:
        query = query.where(_on_theme(theme))
    return db.session.scalars(query).all()


def _on_theme(theme: Theme):
    return Event.id.in_(select(event_theme.c.event_id).where(event_theme.c.theme_id == theme.id))


def my_registrations(user: User, *, active_only: bool = True):
    query = (
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .options(contains_eager(Registration.event))
        .where(Registration.user_id == user.id)
    )
    if active_only:
        query = query.where(Registration.state.in_(ACTIVE_STATES))
    return db.session.scalars(query.order_by(Event.starts_at.desc())).all()
