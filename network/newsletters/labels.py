"""What people read for a newsletter's status and for the segment's choices."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from network.members.models import PERSON_KINDS
from network.membership.models import STATUS_LABELS as MEMBERSHIP_LABELS
from network.newsletters.models import NewsletterStatus

STATUS_LABELS = {
    NewsletterStatus.DRAFT.value: _l("Draft"),
    NewsletterStatus.SCHEDULED.value: _l("Scheduled"),
    NewsletterStatus.SENDING.value: _l("Sending"),
    NewsletterStatus.PAUSED.value: _l("Paused"),
    NewsletterStatus.SENT.value: _l("Sent"),
    NewsletterStatus.CANCELLED.value: _lp("newsletter", "Cancelled"),
}


def template_labels() -> dict:
    return {
        "status_labels": STATUS_LABELS,
        "member_kinds": PERSON_KINDS,
        "membership_labels": MEMBERSHIP_LABELS,
    }
