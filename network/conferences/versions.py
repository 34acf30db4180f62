"""Conference tracks' names in other languages."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from network.conferences.models import Call, CallQuestion, Track
from network.events.access import can_manage
from network.extensions import db
from network.multilingual import Kind, register

register(
    Kind(
        "conference-track",
        Track,
        labels={"name": _l("Track")},
        can_edit=lambda track, user: can_manage(track.call.event, user),
        back=lambda track: url_for("conferences.manage_call", slug=track.call.event.slug),
    )
)
register(
    Kind(
        "conference-question",
        CallQuestion,
        labels={"prompt": _l("Question")},
        can_edit=lambda question, user: can_manage(question_event(question), user),
        back=lambda question: url_for(
            "conferences.manage_call", slug=question_event(question).slug
        ),
    )
)


def question_event(question: CallQuestion):
    return db.session.get(Call, question.call_id).event
