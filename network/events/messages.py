"""Mail to registrants: the one way events write to them, and organizers' messages."""

import logging

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from network.auth.models import User
from network.email import send_email
from network.errors import DomainError
from network.events.models import CONFIRMED, Event, Registration
from network.extensions import db
from network.markdown import markdown_to_mail_text, render_markdown

logger = logging.getLogger(__name__)


def mail(
    registration: Registration, template: str, subject, *, attachments=(), headers=None, **context
) -> None:
    event = registration.event
    send_email(
        registration.email,
        f"events/{template}",
        subject,
        locale=registration.language,
        attachments=list(attachments),
        headers=headers,
        registration=registration,
        event=event,
        title=event.title,
        event_url=url_for("events.show", slug=event.slug, _external=True),
        manage_url=url_for("events.manage_registration", token=registration.token, _external=True),
        **context,
    )


def message_registrants(
    event: Event, actor: User, *, subject: str, body: str, states=(), registration_ids=()
) -> int:
    """One mail per chosen registrant, queued after the commit. Returns how many."""
    query = select(Registration).where(
        Registration.event_id == event.id, Registration.email_confirmed_at.is_not(None)
    )
    if registration_ids:
        query = query.where(Registration.id.in_(registration_ids))
    else:
        query = query.where(Registration.state.in_(states or [CONFIRMED]))
    recipients = db.session.scalars(query).all()
    if not recipients:
        raise DomainError(_l("Nobody matches the recipients you chose."))
    # Answers go to the organizer who wrote, not to the network's no-reply address.
    headers = {"Reply-To": actor.email}
    body_html, body_text = render_markdown(body), markdown_to_mail_text(body)
    for registration in recipients:
        mail(
            registration,
            "message",
            subject,
            headers=headers,
            body_html=body_html,
            body_text=body_text,
        )
    logger.info("event message event=%s by=%s recipients=%s", event.id, actor.id, len(recipients))
    return len(recipients)
