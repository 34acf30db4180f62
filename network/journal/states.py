"""The stages a submission goes through, which moves are allowed, and the record of each."""

from flask_babel import lazy_gettext as _l

from network.auth.models import User
from network.errors import Conflict
from network.journal.models import Stage, Step, Submission

S = Stage
MOVES: dict[Stage, set[Stage]] = {
    S.SUBMITTED: {S.IN_REVIEW, S.DESK_REJECTED, S.ACCEPTED, S.WITHDRAWN},
    S.IN_REVIEW: {S.REVISIONS, S.ACCEPTED, S.REJECTED, S.WITHDRAWN},
    S.REVISIONS: {S.IN_REVIEW, S.ACCEPTED, S.REJECTED, S.WITHDRAWN},
    S.ACCEPTED: {S.COPYEDITING},
    S.COPYEDITING: {S.PRODUCTION},
    S.PRODUCTION: {S.SCHEDULED, S.PUBLISHED, S.COPYEDITING},
    S.SCHEDULED: {S.PUBLISHED, S.PRODUCTION},
    S.PUBLISHED: set(),
    S.DESK_REJECTED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}
# Stages in which the editors still decide; the rest is production or closed.
EDITORIAL = (S.SUBMITTED, S.IN_REVIEW, S.REVISIONS)
PRODUCTION = (S.ACCEPTED, S.COPYEDITING, S.PRODUCTION, S.SCHEDULED)
CLOSED = (S.PUBLISHED, S.DESK_REJECTED, S.REJECTED, S.WITHDRAWN)


def move(submission: Submission, to: Stage, actor: User | None, note: str = "") -> Step:
    """Moves the submission on and records who did it and when, or raises Conflict."""
    current = Stage(submission.stage)
    if to not in MOVES[current]:
        raise Conflict(_l("This submission cannot go there from where it is now."))
    step = Step(
        from_stage=current.value,
        to_stage=to.value,
        actor_id=actor.id if actor else None,
        note=note,
    )
    submission.steps.append(step)
    submission.stage = to.value
    return step


def record_start(submission: Submission, actor: User) -> None:
    submission.steps.append(Step(from_stage="", to_stage=Stage.SUBMITTED.value, actor_id=actor.id))
