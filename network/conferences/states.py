"""Abstract states and the mail the submitter gets about them, as the organizers wrote it."""

import logging
import re
import string

from flask import url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from network.conferences.models import STATE_LABELS, Abstract, AbstractState, Call, EmailTemplate
from network.email import send_email
from network.errors import DomainError
from network.extensions import db

logger = logging.getLogger(__name__)


PLACEHOLDERS = ("name", "title", "conference", "track", "state", "url", "comments")
TRAILING_SPACE = re.compile(r"[ \t]+\n")
EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
PLACEHOLDER_LIST = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
DEFAULT_SUBJECTS = {
    AbstractState.SUBMITTED.value: _l("{conference}: we received your abstract"),
    AbstractState.UNDER_REVIEW.value: _l("{conference}: your abstract is under review"),
    AbstractState.ACCEPTED.value: _l("{conference}: your abstract is accepted"),
    AbstractState.REJECTED.value: _l("{conference}: decision on your abstract"),
    AbstractState.WITHDRAWN.value: _l("{conference}: your abstract is withdrawn"),
}
DEFAULT_BODIES = {
    AbstractState.SUBMITTED.value: _l(
        "Dear {name},\n\nthank you for submitting “{title}” to the track {track} of {conference}. "
        "You can change it until the deadline.\n\nYour submission: {url}"
    ),
    AbstractState.UNDER_REVIEW.value: _l(
        "Dear {name},\n\nyour abstract “{title}” is now being reviewed. We will write to you "
        "when the programme committee has decided.\n\nYour submission: {url}"
    ),
    AbstractState.ACCEPTED.value: _l(
        "Dear {name},\n\nwe are glad to tell you that your abstract “{title}” has been accepted "
        "for {conference}. We will let you know your session and time.\n\n{comments}\n\n"
        "Your submission: {url}"
    ),
    AbstractState.REJECTED.value: _l(
        "Dear {name},\n\nthank you for submitting “{title}” to {conference}. We are sorry that "
        "we could not include it in this year's programme.\n\n{comments}\n\n"
        "Your submission: {url}"
    ),
    AbstractState.WITHDRAWN.value: _l(
        "Dear {name},\n\nyour abstract “{title}” has been withdrawn from {conference}.\n\n"
        "Your submission: {url}"
    ),
}


def template_problem(text: str) -> str | None:
    """Why a template cannot be used, or None: only the plain {placeholders} listed are allowed."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return str(_l("A brace is not closed. Write {{ and }} for a brace in the text."))
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            return str(
                _l(
                    "Unknown placeholder {%(name)s}. You can use: %(allowed)s.",
                    name=name,
                    allowed=PLACEHOLDER_LIST,
                )
            )
    return None


def fill_template(text: str, values: dict[str, str]) -> str:
    if template_problem(text):
        raise DomainError(template_problem(text))
    # An empty placeholder on a line of its own leaves no gap behind.
    filled = TRAILING_SPACE.sub("\n", text.format_map(values))
    return EXTRA_BLANK_LINES.sub("\n\n", filled).strip()


def comments_line(abstract: Abstract) -> str:
    """Where the reviewers' comments are, only when a reviewer left one."""
    if any(review.comment.strip() for review in abstract.reviews):
        return str(_l("The reviewers' comments are on your submission's page."))
    return ""


def email_template(call: Call, state: str, language: str) -> tuple[str, str]:
    """(subject, body) as the organizers wrote it, or the default in that language."""
    row = db.session.scalar(
        select(EmailTemplate).where(
            EmailTemplate.call_id == call.id,
            EmailTemplate.state == state,
            EmailTemplate.language == language,
        )
    )
    if row is not None:
        return row.subject, row.body
    with force_locale(language):
        return str(DEFAULT_SUBJECTS[state]), str(DEFAULT_BODIES[state])


def save_email_template(call: Call, state: str, language: str, subject: str, body: str) -> None:
    for text in (subject, body):
        problem = template_problem(text)
        if problem:
            raise DomainError(problem)
    row = db.session.scalar(
        select(EmailTemplate).where(
            EmailTemplate.call_id == call.id,
            EmailTemplate.state == state,
            EmailTemplate.language == language,
        )
    )
    if row is None:
        row = EmailTemplate(call_id=call.id, state=state, language=language)
        db.session.add(row)
    row.subject, row.body = subject, body
    db.session.flush()


def state_message(abstract: Abstract, language: str) -> tuple[str, str]:
    subject, body = email_template(abstract.call, abstract.state, language)
    with force_locale(language):
        values = {
            "name": abstract.submitter.name,
            "title": abstract.title,
            "conference": abstract.call.event.title,
            "track": abstract.track.name,
            "state": str(STATE_LABELS[abstract.state]),
            "url": url_for("conferences.abstract", abstract_id=abstract.id, _external=True),
            "comments": comments_line(abstract),
        }
    # A subject is one line whatever the title holds.
    return " ".join(fill_template(subject, values).split()), fill_template(body, values)


def notify_state(abstract: Abstract) -> None:
    language = abstract.submitter.language
    subject, body = state_message(abstract, language)
    send_email(
        abstract.submitter.email,
        "conferences/state_change",
        subject,
        locale=language,
        body=body,
        abstract=abstract,
    )
    abstract.notified_state = abstract.state


def set_state(abstract: Abstract, state: AbstractState, *, announce: bool = True) -> None:
    """announce=False keeps a decision for later: the authors hear of it with the next
    notifications (network.conferences.announcements)."""
    if abstract.state == state.value:
        return
    abstract.state = state.value
    db.session.flush()
    logger.info("abstract state id=%s state=%s announced=%s", abstract.id, state.value, announce)
    if announce:
        notify_state(abstract)
