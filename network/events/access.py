"""Who may see an event and who may manage it."""

from sqlalchemy import select

from network.auth.models import Role
from network.errors import Forbidden, NotFound
from network.events.models import Event, EventStatus, Visibility
from network.extensions import db
from network.groups import queries as group_queries


def viewer_zone(user) -> str:
    """The signed-in person's zone; others see UTC next to the event's own zone."""
    return user.timezone if user and user.is_authenticated and user.timezone else "UTC"


def can_manage(event: Event, user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return user.is_staff or (user.has_role(Role.ORGANIZER) and event.is_organizer(user))


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
    return event.group_id is not None and group_queries.is_active_member(event.group_id, user.id)


def visible_event(slug: str, user) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None or not can_view(event, user):
        raise NotFound()
    return event


def managed_event(event_id: int, user) -> Event:
    """The event if this user may manage it: 404 when unknown, 403 when not theirs."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound()
    if not can_manage(event, user):
        raise Forbidden()
    return event
