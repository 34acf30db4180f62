"""What events answer to other domains: a deleted account, a data export, a group's page."""

from flask import has_request_context, render_template
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import String, cast, update

from network.auth.models import User
from network.dbtypes import utcnow
from network.events.access import viewer_zone
from network.events.labels import template_labels
from network.events.listing import list_events, my_registrations
from network.events.models import EventFeedToken, Registration
from network.events.registrations import cancel_registration
from network.extensions import db
from network.groups.models import WorkingGroup
from network.signals import account_data, account_deleting, group_sections


@account_deleting.connect
def _forget_registrant(user: User) -> None:
    """Upcoming seats are given back; past registrations stay for the numbers, anonymized."""
    now = utcnow()
    for registration in my_registrations(user):
        if registration.event.ends_at > now:
            cancel_registration(registration, notify=False, now=now)
    db.session.execute(
        update(Registration)
        .where(Registration.user_id == user.id)
        .values(
            name="",
            email="deleted-" + cast(Registration.id, String) + "@invalid",
            user_id=None,
            answers={},
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(db.delete(EventFeedToken).where(EventFeedToken.user_id == user.id))


@account_data.connect
def _registrant_data(user: User):
    return "event_registrations", [
        {
            "event": r.event.title,
            "starts_at": r.event.starts_at.isoformat(),
            "state": r.state,
            "name": r.name,
            "email": r.email,
            "answers": r.answers,
            "registered_at": r.created_at.isoformat(),
            "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
        }
        for r in my_registrations(user, active_only=False)
    ]


@group_sections.connect
def _group_events(group: WorkingGroup) -> Markup:
    viewer = current_user if has_request_context() else None
    events = db.session.scalars(list_events(viewer, group=group.slug).limit(10)).all()
    return Markup(
        render_template(
            "events/_group_section.html",
            group=group,
            events=events,
            viewer_zone=viewer_zone(viewer),
            **template_labels(),
        )
    )
