"""The editors' side of a journal: what each editor handles, who handles a submission, and
sending it to review."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network.auth.models import User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import DomainError, NotFound
from network.extensions import db
from network.journal import access, states
from network.journal.models import (
    Journal,
    JournalReview,
    ReviewState,
    Stage,
    Submission,
)

logger = logging.getLogger(__name__)

# Reviews due within this many days are listed as due soon.
DUE_SOON_DAYS = 7
OPEN_REVIEWS = (ReviewState.INVITED.value, ReviewState.ACCEPTED.value)
# The order stages are listed in on the dashboard: what waits for an editor first.
DASHBOARD_STAGES = (
    Stage.SUBMITTED,
    Stage.IN_REVIEW,
    Stage.REVISIONS,
    Stage.ACCEPTED,
    Stage.COPYEDITING,
    Stage.PRODUCTION,
    Stage.SCHEDULED,
    Stage.PUBLISHED,
    Stage.REJECTED,
    Stage.DESK_REJECTED,
    Stage.WITHDRAWN,
)


@dataclass
class Dashboard:
    overdue: list[JournalReview] = field(default_factory=list)
    due_soon: list[JournalReview] = field(default_factory=list)
    # (stage, its submissions), in DASHBOARD_STAGES order, stages with none left out.
    stages: list[tuple[str, list[Submission]]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {stage: len(found) for stage, found in self.stages}


def handled_submissions(journal: Journal, user) -> list[Submission]:
    """The journal's submissions this editor handles, newest first."""
    found = db.session.scalars(
        select(Submission)
        .where(Submission.journal_id == journal.id)
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        .options(
            selectinload(Submission.texts),
            selectinload(Submission.section),
            selectinload(Submission.editor),
            selectinload(Submission.reviews),
        )
    )
    return [submission for submission in found if access.handles(submission, user)]


def dashboard(journal: Journal, user, now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    submissions = handled_submissions(journal, user)
    by_stage: dict[str, list[Submission]] = {}
    for submission in submissions:
        by_stage.setdefault(submission.stage, []).append(submission)
    open_reviews = sorted(
        (
            review
            for submission in submissions
            for review in submission.reviews
            if review.state in OPEN_REVIEWS and review.round == submission.round
        ),
        key=lambda review: (review.due_at, review.id),
    )
    soon = now + timedelta(days=DUE_SOON_DAYS)
    return Dashboard(
        overdue=[review for review in open_reviews if review.due_at < now],
        due_soon=[review for review in open_reviews if now <= review.due_at <= soon],
        stages=[(s.value, by_stage[s.value]) for s in DASHBOARD_STAGES if s.value in by_stage],
    )


def require_handles(submission: Submission, actor) -> None:
    if not access.handles(submission, actor):
        raise NotFound()


def editor_choices(submission: Submission) -> list[User]:
    """The people who may be given this submission: its journal's editors-in-chief and the
    editors of its section."""
    people = {
        editor.user_id: editor.user
        for editor in submission.journal.editors
        if editor.section_id in (None, submission.section_id)
    }
    return sorted(people.values(), key=lambda user: user.name.lower())


def assign_editor(submission: Submission, editor_user: User, actor) -> None:
    require_handles(submission, actor)
    if editor_user.id not in {user.id for user in editor_choices(submission)}:
        raise DomainError(_l("Choose one of this journal's editors for this section."))
    if submission.editor_id == editor_user.id:
        return
    submission.editor_id = editor_user.id
    submission.editor = editor_user
    if editor_user.id != actor.id:
        _tell_editor(submission, editor_user)
    logger.info(
        "journal editor assigned submission=%s editor=%s actor=%s",
        submission.id,
        editor_user.id,
        actor.id,
    )


def _tell_editor(submission: Submission, editor: User) -> None:
    send_email(
        editor.email,
        "journal/review_editor_assigned",
        _l("You are the editor of “%(title)s”", title=submission.title_in(editor.language)),
        locale=editor.language,
        name=editor.name,
        title=submission.title_in(editor.language),
        journal=submission.journal.text("name", editor.language),
        url=url_for("journal.editorial_submission", submission_id=submission.id, _external=True),
    )


def send_to_review(submission: Submission, actor) -> None:
    require_handles(submission, actor)
    if submission.stage != Stage.SUBMITTED.value:
        raise DomainError(_l("Only a newly submitted manuscript can be sent to review."))
    states.move(submission, Stage.IN_REVIEW, actor)
    logger.info("journal submission to review submission=%s actor=%s", submission.id, actor.id)
