"""Events' texts in other languages: which fields, who keeps them, where editors go back to."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from network.events import access
from network.events.models import Event, RegistrationQuestion
from network.multilingual import Kind, register

register(
    Kind(
        "event",
        Event,
        labels={"title": _l("Title"), "description": _l("Description")},
        can_edit=access.can_manage,
        back=lambda event: url_for("events.manage", event_id=event.id),
        markdown=frozenset({"description"}),
    )
)
register(
    Kind(
        "event-question",
        RegistrationQuestion,
        labels={"label": _l("Question")},
        can_edit=lambda question, user: access.can_manage(question.event, user),
        back=lambda question: url_for("events.settings", event_id=question.event_id),
    )
)
