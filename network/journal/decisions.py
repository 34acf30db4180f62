"""Decision letters: drafted from the journal's template for the decision and the author's
language (or the built-in one), edited by the editor, then sent to the authors, which moves the
submission on.

A letter quotes the reviewers' comments for the authors under "Reviewer 1", "Reviewer 2"…:
never their names, addresses or confidential comments to the editor.
"""

import logging
import re

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from network.dbtypes import utcnow
from network.email import send_email
from network.errors import Conflict, DomainError, NotFound
from network.extensions import db
from network.journal import access, reviews, states
from network.journal.models import (
    Decision,
    DecisionKind,
    DecisionTemplate,
    Journal,
    Stage,
    Submission,
)
from network.reviewing import anonymous_labels
from network.validators import one_line

logger = logging.getLogger(__name__)

TARGETS = {
    DecisionKind.ACCEPT.value: Stage.ACCEPTED,
    DecisionKind.MINOR.value: Stage.REVISIONS,
    DecisionKind.MAJOR.value: Stage.REVISIONS,
    DecisionKind.REJECT.value: Stage.REJECTED,
    DecisionKind.DESK_REJECT.value: Stage.DESK_REJECTED,
}
KINDS = tuple(TARGETS)
PLACEHOLDERS = ("author", "title", "journal", "reviews", "editor")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# An empty {reviews} (no review, or a desk rejection) would leave a gap of blank lines.
BLANK_LINES = re.compile(r"\n\s*\n(\s*\n)+")
SUBJECT_MAX = 200

SIGNATURE = "\n\n{editor}\n{journal}"
DEFAULTS = {
    DecisionKind.ACCEPT.value: (
        _l("{journal}: your manuscript is accepted"),
        _l(
            "Dear {author},\n\nWe are pleased to tell you that your manuscript “{title}” is "
            "accepted for publication in {journal}.\n\n{reviews}\n\nWe will write to you again "
            "when copyediting begins.\n\nKind regards,"
        ),
    ),
    DecisionKind.MINOR.value: (
        _l("{journal}: minor revisions requested"),
        _l(
            "Dear {author},\n\nThank you for submitting “{title}” to {journal}. It can be "
            "published after minor revisions. Please revise the manuscript in the light of the "
            "comments below and send it with a letter that answers each of them.\n\n{reviews}"
            "\n\nKind regards,"
        ),
    ),
    DecisionKind.MAJOR.value: (
        _l("{journal}: major revisions requested"),
        _l(
            "Dear {author},\n\nThank you for submitting “{title}” to {journal}. The reviewers "
            "ask for major revisions before it can be considered for publication. Please revise "
            "the manuscript in the light of the comments below and send it with a letter that "
            "answers each of them; the revised version will be reviewed again.\n\n{reviews}"
            "\n\nKind regards,"
        ),
    ),
    DecisionKind.REJECT.value: (
        _l("{journal}: decision on your manuscript"),
        _l(
            "Dear {author},\n\nThank you for submitting “{title}” to {journal}. We regret that "
            "we cannot publish it. The reviewers' comments below explain the decision; we hope "
            "they are useful to you.\n\n{reviews}\n\nKind regards,"
        ),
    ),
    DecisionKind.DESK_REJECT.value: (
        _l("{journal}: decision on your manuscript"),
        _l(
            "Dear {author},\n\nThank you for submitting “{title}” to {journal}. After reading "
            "it, the editors have decided not to send it for review: it does not fit the "
            "journal's scope or its guidelines. We hope you find a suitable journal for it."
            "\n\nKind regards,"
        ),
    ),
}


# --- Templates --------------------------------------------------------------------------------


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def _check_kind(kind: str) -> None:
    if kind not in TARGETS:
        raise NotFound()


def _stored(journal: Journal, kind: str, language: str) -> DecisionTemplate | None:
    return db.session.scalar(
        select(DecisionTemplate).where(
            DecisionTemplate.journal_id == journal.id,
            DecisionTemplate.decision == kind,
            DecisionTemplate.language == language,
        )
    )


def default_template(kind: str, language: str) -> tuple[str, str]:
    subject, body = DEFAULTS[kind]
    with force_locale(language):
        return str(subject), str(body) + SIGNATURE


def template_for(journal: Journal, kind: str, language: str) -> tuple[str, str, bool]:
    """(subject, body, whether the journal wrote it) of the letter for this decision."""
    _check_kind(kind)
    stored = _stored(journal, kind, language)
    if stored is not None:
        return stored.subject, stored.body, True
    return (*default_template(kind, language), False)


def templates_of(journal: Journal) -> list[tuple[str, str, str, bool]]:
    """(kind, language, subject, whether the journal wrote it) for every kind and language."""
    rows = []
    for kind in KINDS:
        for language in languages():
            subject, _body, custom = template_for(journal, kind, language)
            rows.append((kind, language, subject, custom))
    return rows


def save_template(
    journal: Journal, actor, kind: str, language: str, subject: str, body: str
) -> DecisionTemplate:
    access.require_chief(journal, actor)
    _check_kind(kind)
    if language not in languages():
        raise NotFound()
    subject, body = _checked_letter(subject, body)
    stored = _stored(journal, kind, language) or DecisionTemplate(
        journal_id=journal.id, decision=kind, language=language
    )
    stored.subject, stored.body = subject, body
    db.session.add(stored)
    db.session.flush()
    logger.info(
        "journal decision template saved journal=%s kind=%s language=%s actor=%s",
        journal.id,
        kind,
        language,
        actor.id,
    )
    return stored


def reset_template(journal: Journal, actor, kind: str, language: str) -> None:
    """Back to the built-in letter."""
    access.require_chief(journal, actor)
    _check_kind(kind)
    stored = _stored(journal, kind, language)
    if stored is not None:
        db.session.delete(stored)


def _checked_letter(subject: str, body: str) -> tuple[str, str]:
    subject, body = one_line(subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise DomainError(_l("Write both the subject and the letter."))
    if len(subject) > SUBJECT_MAX:
        raise DomainError(_l("Keep the subject under %(count)d characters.", count=SUBJECT_MAX))
    return subject, body


def fill(text: str, values: dict[str, str]) -> str:
    """Puts the values in for {author}, {title}…; anything else in braces stays as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


# --- Drafts -----------------------------------------------------------------------------------


def kinds_for(submission: Submission) -> list[str]:
    """The decisions that can be taken from the submission's present stage."""
    allowed = states.MOVES[Stage(submission.stage)]
    return [kind for kind in KINDS if TARGETS[kind] in allowed]


def pending_draft(submission: Submission) -> Decision | None:
    return next((d for d in submission.decisions if d.sent_at is None), None)


def reviews_for_authors(submission: Submission, round: int, language: str) -> str:
    """The round's completed reviews' comments for the authors, each under its label."""
    with force_locale(language):
        return "\n\n".join(
            f"{label}\n\n{review.for_author.strip()}"
            for label, review in anonymous_labels(reviews.completed_in(submission, round))
            if review.for_author.strip()
        )


def letter_values(submission: Submission, language: str, editor) -> dict[str, str]:
    return {
        "author": submission.submitter.name,
        "title": submission.title_in(language),
        "journal": submission.journal.text("name", language),
        "reviews": reviews_for_authors(submission, submission.round, language),
        "editor": editor.name if editor is not None else "",
    }


def draft(submission: Submission, kind: str, actor) -> Decision:
    reviews.access_check(submission, actor)
    _check_kind(kind)
    if kind not in kinds_for(submission):
        raise Conflict(_l("This decision cannot be taken at this stage."))
    if pending_draft(submission) is not None:
        raise Conflict(_l("A decision letter is already drafted: send it or discard it first."))
    language = _author_language(submission)
    subject, body, _custom = template_for(submission.journal, kind, language)
    values = letter_values(submission, language, actor)
    decision = Decision(
        round=submission.round,
        decision=kind,
        editor_id=actor.id,
        language=language,
        subject=one_line(fill(subject, values))[:SUBJECT_MAX],
        body=BLANK_LINES.sub("\n\n", fill(body, values)),
    )
    submission.decisions.append(decision)
    db.session.flush()
    logger.info(
        "journal decision drafted decision=%s submission=%s kind=%s actor=%s",
        decision.id,
        submission.id,
        kind,
        actor.id,
    )
    return decision


def _author_language(submission: Submission) -> str:
    language = submission.submitter.language
    return language if language in languages() else current_app.config["BABEL_DEFAULT_LOCALE"]


def handled_decision(submission: Submission, decision_id: int) -> Decision:
    found = next((d for d in submission.decisions if d.id == decision_id), None)
    if found is None:
        raise NotFound()
    return found


def update_draft(decision: Decision, subject: str, body: str, actor=None) -> None:
    if actor is not None:
        reviews.access_check(decision.submission, actor)
    if decision.sent_at is not None:
        raise Conflict(_l("This decision has been sent and can no longer be changed."))
    decision.subject, decision.body = _checked_letter(subject, body)


def discard(decision: Decision, actor) -> None:
    reviews.access_check(decision.submission, actor)
    if decision.sent_at is not None:
        raise Conflict(_l("This decision has been sent and can no longer be changed."))
    decision.submission.decisions.remove(decision)
    db.session.delete(decision)


def send(decision: Decision, actor) -> None:
    """Sends the letter to the submitter and every co-author, and moves the submission on.
    Reviews of the round still outstanding are withdrawn: the round is over."""
    submission = decision.submission
    reviews.access_check(submission, actor)
    if decision.decision not in kinds_for(submission):
        raise Conflict(_l("This decision cannot be taken at this stage."))
    claimed = db.session.execute(
        update(Decision)
        .where(Decision.id == decision.id, Decision.sent_at.is_(None))
        .values(sent_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        raise Conflict(_l("This decision has already been sent."))
    db.session.refresh(decision)
    states.move(submission, TARGETS[decision.decision], actor)
    for review in submission.reviews:
        if review.round == decision.round and review.state in reviews.OUTSTANDING:
            reviews.withdraw(review)
    for email in recipients(submission):
        send_email(
            email,
            "journal/decision_letter",
            decision.subject,
            locale=decision.language,
            body=decision.body,
            journal=submission.journal.text("name", decision.language),
        )
    logger.info(
        "journal decision sent decision=%s submission=%s kind=%s actor=%s",
        decision.id,
        submission.id,
        decision.decision,
        actor.id,
    )


def recipients(submission: Submission) -> list[str]:
    """The submitter's address and the co-authors', each once."""
    seen, found = set(), []
    for email in [submission.submitter.email, *(a.email for a in submission.authors)]:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            found.append(email)
    return found
