"""Serving an item's files, and counting the downloads of published items (not per person)."""

from sqlalchemy import update

from network.errors import NotFound
from network.events import access as event_access
from network.events.models import Event
from network.extensions import db
from network.library.files import file_path
from network.library.models import Item, ItemFile


def counted(item: Item, file_id: int) -> ItemFile:
    """The item's file, its download counted when the item is published."""
    stored = next((f for f in item.files if f.id == file_id), None)
    if stored is None or not file_path(stored).is_file():
        raise NotFound()
    if item.is_published:
        db.session.execute(
            update(Item)
            .where(Item.id == item.id)
            .values(download_count=Item.download_count + 1, updated_at=Item.updated_at)
        )
    return stored


def visible_event(item: Item, viewer):
    """The seminar the item came from, if this viewer may see it."""
    event = db.session.get(Event, item.event_id) if item.event_id else None
    return event if event and event_access.can_view(event, viewer) else None
