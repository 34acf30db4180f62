"""Reviewers: invitations (to members, or to outsiders by address), their answers and reviews,
and the reminders sent while a review is outstanding.

Reviewers act through a signed link naming their review (purpose "journal-review"): outsiders
have no account, and a member reaches the same pages from /journal/reviews. A link stays good
while its review is; a cancelled invitation's link leads nowhere.
"""

import logging
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from network.auth.models import User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import Conflict, DomainError, NotFound
from network.extensions import db
from network.journal import access, states
from network.journal.models import (
    FileKind,
    Journal,
    JournalReview,
    Recommendation,
    ReviewState,
    Stage,
    Submission,
    SubmissionFile,
)
from network.reviewing import account_by_email, refuse_author
from network.tokens import InvalidToken, make_token, read_token

logger = logging.getLogger(__name__)

TOKEN_PURPOSE = "journal-review"
# Reviews take weeks and late ones are still welcome; the link dies with its review's state.
TOKEN_MAX_AGE = timedelta(days=365)
LIVE = (ReviewState.INVITED.value, ReviewState.ACCEPTED.value, ReviewState.COMPLETED.value)
OUTSTANDING = (ReviewState.INVITED.value, ReviewState.ACCEPTED.value)
BAD_LINK = _l("This review link has expired or is not valid. Ask the editor for a new one.")
ANSWERED = _l("This invitation has already been answered.")
# The subject of each message to reviewers, given the journal's name in their language.
SUBJECTS = {
    "review_invitation": lambda journal: _l(
        "Invitation to review for %(journal)s", journal=journal
    ),
    "review_cancelled": lambda journal: _l(
        "Review invitation withdrawn: %(journal)s", journal=journal
    ),
    "review_reminder": lambda journal: _l("Reminder: your review for %(journal)s", journal=journal),
    "review_overdue": lambda journal: _l("Your review for %(journal)s is overdue", journal=journal),
}


# --- Links ------------------------------------------------------------------------------------


def review_token(review: JournalReview) -> str:
    return make_token(TOKEN_PURPOSE, review.id)


def review_url(review: JournalReview) -> str:
    return url_for("journal.review_page", token=review_token(review), _external=True)


def review_by_token(token: str, viewer) -> JournalReview:
    """The review a link names. Forged, expired and cancelled links, and a member's link
    opened by another signed-in member, are answered as not found."""
    try:
        review_id = read_token(TOKEN_PURPOSE, token, TOKEN_MAX_AGE)
    except InvalidToken:
        raise NotFound(BAD_LINK) from None
    review = db.session.get(JournalReview, review_id) if isinstance(review_id, int) else None
    if review is None or review.state == ReviewState.CANCELLED.value:
        raise NotFound(BAD_LINK)
    someone_else = (
        viewer.is_authenticated
        and review.reviewer_id is not None
        and review.reviewer_id != viewer.id
    )
    if someone_else:
        raise NotFound(BAD_LINK)
    return review


def invitations_of(user: User) -> list[JournalReview]:
    """A member's invitations in every journal, those still to do first."""
    found = db.session.scalars(
        select(JournalReview)
        .where(
            or_(
                JournalReview.reviewer_id == user.id,
                func.lower(JournalReview.email) == user.email.lower(),
            ),
            JournalReview.state != ReviewState.CANCELLED.value,
        )
        .order_by(JournalReview.due_at.desc())
        .options(selectinload(JournalReview.submission).selectinload(Submission.journal))
    )
    return sorted(found, key=lambda review: review.state not in OUTSTANDING)


# --- Invitations ------------------------------------------------------------------------------


def default_due(journal: Journal, today: date | None = None) -> date:
    return (today or utcnow().date()) + timedelta(days=journal.review_days)


def end_of(day: date) -> datetime:
    """A due date is kept to the end of its day (UTC)."""
    return datetime.combine(day, time(23, 59), tzinfo=UTC)


def _authors(submission: Submission) -> list[tuple[int | None, str]]:
    return [
        (submission.submitter_id, submission.submitter.email),
        *((author.user_id, author.email) for author in submission.authors),
    ]


def invite(
    submission: Submission,
    actor,
    *,
    email: str,
    name: str = "",
    due_at: date | None = None,
    language: str | None = None,
) -> JournalReview:
    """Invites a member (found by address) or an outsider to review the current round."""
    access_check(submission, actor)
    if submission.stage == Stage.SUBMITTED.value:
        states.move(submission, Stage.IN_REVIEW, actor)
    if submission.stage != Stage.IN_REVIEW.value:
        raise Conflict(_l("Reviewers are invited while the submission is in review."))
    email = email.strip()
    member = account_by_email(email)
    name = name.strip() or (member.name if member else "")
    if not name:
        raise DomainError(_l("Give the reviewer's name."))
    refuse_author(
        _authors(submission),
        user_id=member.id if member else None,
        email=email,
        name=name,
        title=submission.title,
    )
    if _already_invited(submission, email, member):
        raise Conflict(_l("%(name)s is already invited to review this round.", name=name))
    due = due_at or default_due(submission.journal)
    if due < utcnow().date():
        raise DomainError(_l("The due date has passed. Choose a later date."))
    review = JournalReview(
        round=submission.round,
        reviewer_id=member.id if member else None,
        name=name,
        email=member.email if member else email,
        language=_language(language, member),
        invited_by_id=actor.id,
        due_at=end_of(due),
    )
    submission.reviews.append(review)
    db.session.flush()
    _mail(review, "review_invitation")
    logger.info(
        "journal reviewer invited review=%s submission=%s actor=%s",
        review.id,
        submission.id,
        actor.id,
    )
    return review


def access_check(submission: Submission, actor) -> None:
    if not access.handles(submission, actor):
        raise NotFound()


def _language(asked: str | None, member: User | None) -> str:
    """Members read in their account's language; outsiders in the one the editor chose."""
    languages = current_app.config["LANGUAGES"]
    if member is not None and member.language in languages:
        return member.language
    if asked in languages:
        return asked
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _already_invited(submission: Submission, email: str, member: User | None) -> bool:
    for review in submission.reviews:
        if review.round != submission.round or review.state not in LIVE:
            continue
        if review.email.lower() == email.lower():
            return True
        if member is not None and review.reviewer_id == member.id:
            return True
    return False


def cancel(review: JournalReview, actor) -> None:
    access_check(review.submission, actor)
    withdraw(review)
    logger.info("journal review cancelled review=%s actor=%s", review.id, actor.id)


def withdraw(review: JournalReview) -> None:
    """The invitation no longer stands (cancelled, or its round decided); the reviewer is told."""
    _claim(
        review,
        OUTSTANDING,
        state=ReviewState.CANCELLED.value,
        refusal=_l("Only an invitation not yet completed can be cancelled."),
    )
    _mail(review, "review_cancelled")


# --- The reviewer's answers -------------------------------------------------------------------


def round_open(review: JournalReview) -> bool:
    """Whether the round this review belongs to still takes answers and reviews."""
    submission = review.submission
    return submission.stage == Stage.IN_REVIEW.value and submission.round == review.round


def _require_open(review: JournalReview) -> None:
    if not round_open(review):
        raise Conflict(_l("This round of review is closed. Thank you."))


def accept(review: JournalReview) -> None:
    _require_open(review)
    _claim(review, (ReviewState.INVITED.value,), state=ReviewState.ACCEPTED.value)
    review.responded_at = utcnow()
    _tell_editor(review)
    logger.info("journal review accepted review=%s", review.id)


def decline(review: JournalReview) -> None:
    _require_open(review)
    _claim(review, (ReviewState.INVITED.value,), state=ReviewState.DECLINED.value)
    review.responded_at = utcnow()
    _tell_editor(review)
    logger.info("journal review declined review=%s", review.id)


def decided(review: JournalReview) -> bool:
    """Whether the editor's decision on this review's round has been sent."""
    return any(
        d.round == review.round and d.sent_at is not None for d in review.submission.decisions
    )


def can_edit(review: JournalReview) -> bool:
    """An accepted review can be written; a completed one changed until the round's decision."""
    if review.state == ReviewState.ACCEPTED.value:
        return round_open(review)
    return review.state == ReviewState.COMPLETED.value and not decided(review)


def submit(
    review: JournalReview, *, recommendation: str, for_author: str, for_editor: str = ""
) -> None:
    if recommendation not in {r.value for r in Recommendation}:
        raise DomainError(_l("Choose a recommendation."))
    if not for_author.strip():
        raise DomainError(_l("Write your comments for the authors."))
    if not can_edit(review):
        raise Conflict(_l("This review can no longer be changed."))
    first = review.state == ReviewState.ACCEPTED.value
    if first:
        _claim(review, (ReviewState.ACCEPTED.value,), state=ReviewState.COMPLETED.value)
        review.completed_at = utcnow()
    review.recommendation = recommendation
    review.for_author = for_author.strip()
    review.for_editor = for_editor.strip()
    if first:
        _tell_editor(review)
    logger.info("journal review submitted review=%s first=%s", review.id, first)


def _claim(
    review: JournalReview, expected: tuple[str, ...], *, state: str, refusal=ANSWERED
) -> None:
    """Moves the review on only from an expected state, in one guarded UPDATE, so that two
    answers sent at once (two clicks, two tabs) count once."""
    moved = db.session.execute(
        update(JournalReview)
        .where(JournalReview.id == review.id, JournalReview.state.in_(expected))
        .values(state=state)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not moved:
        db.session.refresh(review)
        raise Conflict(refusal)
    review.state = state


def review_file(review: JournalReview) -> SubmissionFile:
    """The anonymized manuscript of the review's round (or the latest before it): the only
    file reviewers get, once they agreed to review."""
    if review.state not in (ReviewState.ACCEPTED.value, ReviewState.COMPLETED.value):
        raise NotFound()
    found = [f for f in review.submission.files_of(FileKind.ANONYMIZED) if f.round <= review.round]
    if not found:
        raise NotFound()
    return max(found, key=lambda f: (f.round, f.id))


# --- Mail -------------------------------------------------------------------------------------


def _mail(review: JournalReview, template: str) -> None:
    """A message to the reviewer in their language. It names no author: reviews are blind."""
    submission = review.submission
    journal_name = submission.journal.text("name", review.language)
    send_email(
        review.email,
        f"journal/{template}",
        SUBJECTS[template](journal_name),
        locale=review.language,
        name=review.name,
        journal=journal_name,
        title=submission.title_in(review.language),
        due=review.due_at,
        url=review_url(review),
    )


def _tell_editor(review: JournalReview) -> None:
    """The submission's editor hears of each answer and each review sent."""
    submission = review.submission
    editor = submission.editor
    if editor is None:
        return
    title = submission.title_in(editor.language)
    send_email(
        editor.email,
        "journal/review_editor_notice",
        _l("%(reviewer)s: %(title)s", reviewer=review.name, title=title),
        locale=editor.language,
        name=editor.name,
        reviewer=review.name,
        state=review.state,
        title=title,
        url=url_for("journal.editorial_submission", submission_id=submission.id, _external=True),
    )


# --- Reminders --------------------------------------------------------------------------------


def _outstanding():
    return (
        select(JournalReview)
        .join(Submission, Submission.id == JournalReview.submission_id)
        .where(
            JournalReview.state.in_(OUTSTANDING),
            Submission.stage == Stage.IN_REVIEW.value,
            Submission.round == JournalReview.round,
        )
        .options(selectinload(JournalReview.submission).selectinload(Submission.journal))
    )


def send_reminders(now: datetime | None = None) -> int:
    """One reminder journal.remind_days_before days before the due date, one once it has
    passed. Each is claimed by a guarded UPDATE first, so two workers never send it twice."""
    now = now or utcnow()
    sent = 0
    for review in db.session.scalars(_outstanding().where(JournalReview.due_at > now)).all():
        warn_from = review.due_at - timedelta(days=review.submission.journal.remind_days_before)
        if review.reminded_before_at is None and warn_from <= now:
            if _claim_reminder(review, JournalReview.reminded_before_at, now):
                _mail(review, "review_reminder")
                sent += 1
    overdue = _outstanding().where(
        JournalReview.due_at <= now, JournalReview.reminded_after_at.is_(None)
    )
    for review in db.session.scalars(overdue).all():
        if _claim_reminder(review, JournalReview.reminded_after_at, now):
            _mail(review, "review_overdue")
            sent += 1
    return sent


def _claim_reminder(review: JournalReview, column, now: datetime) -> bool:
    return bool(
        db.session.execute(
            update(JournalReview)
            .where(JournalReview.id == review.id, column.is_(None))
            .values({column.key: now})
            .execution_options(synchronize_session=False)
        ).rowcount
    )


def completed_in(submission: Submission, round: int) -> list[JournalReview]:
    """The round's completed reviews in invitation order: the order their anonymous labels
    (Reviewer 1, Reviewer 2…) follow in letters and on the authors' page alike."""
    return [
        r for r in submission.reviews if r.round == round and r.state == ReviewState.COMPLETED.value
    ]
