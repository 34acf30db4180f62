"""Who may do what in a journal: editors-in-chief everything, section editors their sections'
submissions, authors their own, staff any journal's settings and editors."""

from flask_login import AnonymousUserMixin
from sqlalchemy import select

from network.auth.models import User
from network.errors import Forbidden, NotFound
from network.extensions import db
from network.journal.models import EditorRole, Journal, JournalEditor, Submission


def journal_by_slug(slug: str) -> Journal:
    found = db.session.scalar(select(Journal).where(Journal.slug == slug))
    if found is None:
        raise NotFound()
    return found


def _roles(journal: Journal, user: User | AnonymousUserMixin) -> list[JournalEditor]:
    if not user.is_authenticated:
        return []
    return [e for e in journal.editors if e.user_id == user.id]


def is_chief(journal: Journal, user) -> bool:
    if user.is_authenticated and user.is_staff:
        return True
    return any(e.role == EditorRole.CHIEF.value for e in _roles(journal, user))


def is_editor(journal: Journal, user) -> bool:
    return is_chief(journal, user) or bool(_roles(journal, user))


def handles(submission: Submission, user) -> bool:
    """Editors-in-chief, the section's editors and the editor the submission is given to."""
    if is_chief(submission.journal, user):
        return True
    if not user.is_authenticated:
        return False
    if submission.editor_id == user.id:
        return True
    return any(e.section_id == submission.section_id for e in _roles(submission.journal, user))


def is_author(submission: Submission, user) -> bool:
    if not user.is_authenticated:
        return False
    if submission.submitter_id == user.id:
        return True
    email = user.email.lower()
    return any(a.user_id == user.id or a.email.lower() == email for a in submission.authors)


def require_chief(journal: Journal, user) -> None:
    if not is_chief(journal, user):
        raise Forbidden()


def handled_submission(submission_id: int, user) -> Submission:
    """A submission this editor handles; others get a 404, as if it were not there."""
    found = db.session.get(Submission, submission_id)
    if found is None or not handles(found, user):
        raise NotFound()
    return found


def own_submission(submission_id: int, user) -> Submission:
    found = db.session.get(Submission, submission_id)
    if found is None or not is_author(found, user):
        raise NotFound()
    return found
