"""Who may see, change and review a library item."""

from flask_login import current_user

from network.errors import Forbidden, NotFound
from network.events import access as event_access
from network.events.models import Event
from network.extensions import db
from network.groups import queries as group_queries
from network.library.models import Item, ItemState

EDITABLE_STATES = {ItemState.DRAFT.value, ItemState.RETURNED.value}


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def is_reviewer(item: Item, user) -> bool:
    """Staff, the chairs of the item's working group, and for an event's materials its
    organizers."""
    if not _signed_in(user):
        return False
    if user.is_staff or user.id in group_queries.chair_ids(item.group_id):
        return True
    event = db.session.get(Event, item.event_id) if item.event_id else None
    return event is not None and event_access.can_manage(event, user)


def is_author(item: Item, user) -> bool:
    return _signed_in(user) and any(a.user_id == user.id for a in item.authors)


def can_view(item: Item, user) -> bool:
    if item.state == ItemState.PUBLISHED.value:
        return True
    if not _signed_in(user):
        return False
    return item.submitted_by_id == user.id or is_author(item, user) or is_reviewer(item, user)


def can_edit(item: Item, user) -> bool:
    if not _signed_in(user) or item.state == ItemState.WITHDRAWN.value:
        return False
    if is_reviewer(item, user):
        return True
    return item.submitted_by_id == user.id and item.state in EDITABLE_STATES


def can_attach_to_event(event, user) -> bool:
    return event_access.can_manage(event, user)


def visible_item(item_id: int, user=None) -> Item:
    item = db.session.get(Item, item_id)
    if item is None or not can_view(item, user or current_user):
        raise NotFound()
    return item


def editable_item(item_id: int, user=None) -> Item:
    """The item if this person may change it: 404 if they may not see it, else 403."""
    user = user or current_user
    item = visible_item(item_id, user)
    if not can_edit(item, user):
        raise Forbidden()
    return item
