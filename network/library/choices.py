"""The lists an item form offers, each limited to what the person may see or use."""

from sqlalchemy import select

from network.auth.models import User
from network.dbtypes import utcnow
from network.events.models import Event, event_organizer
from network.extensions import db
from network.members.queries import organizations_by_ids, visible_organization_ids
from network.members.visibility import people_visible_to


def people(viewer) -> list[tuple[int, str]]:
    query = (
        select(User.id, User.name)
        .where(User.is_active_account.is_(True), people_visible_to(viewer))
        .order_by(User.name)
    )
    return [(row.id, row.name) for row in db.session.execute(query)]


def organizations(viewer) -> list[tuple[int, str]]:
    found = organizations_by_ids(db.session.scalars(visible_organization_ids(viewer)))
    return [(o.id, o.name) for o in found]


def events(viewer) -> list[tuple[int, str]]:
    """Events that have started, which this person organizes (staff: all), newest first."""
    if not (viewer and viewer.is_authenticated):
        return []
    query = select(Event.id, Event.title).where(Event.starts_at <= utcnow())
    if not viewer.is_staff:
        query = query.where(
            Event.id.in_(
                select(event_organizer.c.event_id).where(event_organizer.c.user_id == viewer.id)
            )
        )
    rows = db.session.execute(query.order_by(Event.starts_at.desc()).limit(200))
    return [(row.id, row.title) for row in rows]
