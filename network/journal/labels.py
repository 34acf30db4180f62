"""Names shown for the journal's stored codes, translated when drawn."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from network.journal.models import DecisionKind, FileKind, Recommendation, ReviewState, Stage

STAGE_LABELS = {
    Stage.SUBMITTED.value: _lp("journal submission", "Submitted"),
    Stage.IN_REVIEW.value: _l("In review"),
    Stage.REVISIONS.value: _l("Revisions requested"),
    Stage.ACCEPTED.value: _lp("journal submission", "Accepted"),
    Stage.COPYEDITING.value: _l("Copyediting"),
    Stage.PRODUCTION.value: _l("Production"),
    Stage.SCHEDULED.value: _l("Scheduled in an issue"),
    Stage.PUBLISHED.value: _lp("journal submission", "Published"),
    Stage.DESK_REJECTED.value: _l("Declined without review"),
    Stage.REJECTED.value: _lp("journal submission", "Declined"),
    Stage.WITHDRAWN.value: _lp("journal submission", "Withdrawn"),
}
REVIEW_STATE_LABELS = {
    ReviewState.INVITED.value: _l("Invited"),
    ReviewState.ACCEPTED.value: _l("Agreed to review"),
    ReviewState.DECLINED.value: _l("Declined to review"),
    ReviewState.COMPLETED.value: _l("Review submitted"),
    ReviewState.CANCELLED.value: _l("Invitation cancelled"),
}
RECOMMENDATION_LABELS = {
    Recommendation.ACCEPT.value: _l("Accept"),
    Recommendation.MINOR.value: _l("Minor revisions"),
    Recommendation.MAJOR.value: _l("Major revisions"),
    Recommendation.REJECT.value: _l("Decline"),
}
DECISION_LABELS = {
    DecisionKind.ACCEPT.value: _l("Accept"),
    DecisionKind.MINOR.value: _l("Minor revisions"),
    DecisionKind.MAJOR.value: _l("Major revisions"),
    DecisionKind.REJECT.value: _l("Decline"),
    DecisionKind.DESK_REJECT.value: _l("Decline without review"),
}
FILE_LABELS = {
    FileKind.MANUSCRIPT.value: _l("Manuscript"),
    FileKind.ANONYMIZED.value: _l("Anonymized manuscript"),
    FileKind.RESPONSE.value: _l("Response to reviewers"),
    FileKind.COPYEDITED.value: _l("Copyedited manuscript"),
    FileKind.PROOF.value: _l("Proof"),
    FileKind.GALLEY_PDF.value: _l("PDF galley"),
    FileKind.GALLEY_HTML.value: _l("HTML galley"),
}
