"""Names shown for stored codes, translated when drawn."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from network.events.models import (
    EventKind,
    EventStatus,
    QuestionKind,
    RegistrationState,
    Visibility,
)

KIND_LABELS = {
    EventKind.SEMINAR.value: _l("Seminar"),
    EventKind.WORKSHOP.value: _l("Workshop"),
    EventKind.WEBINAR.value: _l("Webinar"),
    EventKind.CONFERENCE.value: _lp("event kind", "Conference"),
}
VISIBILITY_LABELS = {
    Visibility.PUBLIC.value: _l("Public"),
    Visibility.MEMBERS.value: _l("Members only"),
    Visibility.GROUP.value: _l("Working group only"),
}
STATUS_LABELS = {
    EventStatus.DRAFT.value: _l("Draft"),
    EventStatus.PUBLISHED.value: _lp("event", "Published"),
    EventStatus.CANCELLED.value: _lp("event", "Cancelled"),
}
STATE_LABELS = {
    RegistrationState.PENDING.value: _lp("registration", "Pending"),
    RegistrationState.CONFIRMED.value: _lp("registration", "Confirmed"),
    RegistrationState.WAITLISTED.value: _l("Waiting list"),
    RegistrationState.CANCELLED.value: _lp("registration", "Cancelled"),
    RegistrationState.REJECTED.value: _lp("registration", "Rejected"),
}
QUESTION_LABELS = {
    QuestionKind.SHORT.value: _l("Short text"),
    QuestionKind.LONG.value: _l("Long text"),
    QuestionKind.SINGLE.value: _l("Single choice"),
    QuestionKind.MULTIPLE.value: _l("Multiple choice"),
    QuestionKind.CHECKBOX.value: _l("Checkbox"),
}


def template_labels() -> dict:
    return {
        "kind_labels": KIND_LABELS,
        "state_labels": STATE_LABELS,
        "status_labels": STATUS_LABELS,
        "question_labels": QUESTION_LABELS,
    }
