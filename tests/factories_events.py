"""Events and registrations as tests need them."""

import itertools
from datetime import timedelta

from network.auth.models import Role
from network.dbtypes import utcnow
from network.events import editing
from network.events.models import EventStatus
from network.extensions import db
from tests.factories import make_user

_counter = itertools.count(1)


def make_event(
    organizer=None,
    *,
    status=EventStatus.PUBLISHED.value,
    capacity=None,
    starts_in=timedelta(days=7),
    duration=timedelta(hours=2),
    questions=(),
    commit=True,
    **fields,
):
    """An event (published unless told) with registration settings and questions."""
    organizer = organizer or make_user(Role.ORGANIZER)
    n = next(_counter)
    starts_at = utcnow().replace(microsecond=0) + starts_in
    event = editing.create_event(
        organizer,
        title=fields.pop("title", f"Seminar {n}"),
        starts_at=starts_at,
        ends_at=starts_at + duration,
        timezone=fields.pop("timezone", "Europe/Madrid"),
        **fields,
    )
    event.capacity = capacity
    event.status = status
    for question in questions:
        editing.add_question(event, **question)
    if commit:
        db.session.commit()
    return event
