"""Names shown for stored codes, translated when drawn."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from network.library.models import Confirmation, ItemKind, ItemState

KIND_LABELS = {
    ItemKind.WORKING_PAPER.value: _l("Working paper"),
    ItemKind.POLICY_BRIEF.value: _l("Policy brief"),
    ItemKind.REPORT.value: _l("Report"),
    ItemKind.JOURNAL_ARTICLE.value: _l("Journal article"),
    ItemKind.BOOK.value: _l("Book"),
    ItemKind.CHAPTER.value: _l("Book chapter"),
    ItemKind.DATA_BRIEF.value: _l("Data brief"),
    ItemKind.DATASET.value: _l("Dataset"),
    ItemKind.PRESENTATION.value: _l("Presentation"),
    ItemKind.RECORDING.value: _l("Recording"),
}
STATE_LABELS = {
    ItemState.DRAFT.value: _lp("library item", "Draft"),
    ItemState.SUBMITTED.value: _lp("library item", "Submitted"),
    ItemState.PUBLISHED.value: _lp("library item", "Published"),
    ItemState.RETURNED.value: _lp("library item", "Returned"),
    ItemState.WITHDRAWN.value: _lp("library item", "Withdrawn"),
}
CONFIRMATION_LABELS = {
    Confirmation.NOT_ASKED.value: _l("Not asked"),
    Confirmation.PENDING.value: _l("Awaiting confirmation"),
    Confirmation.CONFIRMED.value: _l("Confirmed"),
    Confirmation.DECLINED.value: _l("Declined"),
}
LANGUAGE_LABELS = {"en": _l("English"), "es": _l("Spanish"), "fr": _l("French")}
