"""What authors do with a journal: submit a manuscript, send revisions with a response letter,
approve the copyedited text and the proofs, and withdraw."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from network.auth.models import User
from network.auth.services import find_user_by_email
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import Conflict, DomainError, NotFound
from network.extensions import db
from network.journal import access, files, reviews, states
from network.journal.models import (
    Decision,
    EditorRole,
    FileKind,
    Journal,
    Section,
    Stage,
    Step,
    Submission,
    SubmissionAuthor,
    SubmissionFile,
    SubmissionText,
)
from network.library import rules
from network.validators import clean_text, normalize_email

logger = logging.getLogger(__name__)

LANGUAGES = rules.TEXT_LANGUAGES
MAX_TITLE = 500
MAX_ABSTRACT = 10_000
MAX_LETTER = 20_000
MAX_KEYWORDS = 12
MAX_KEYWORD = 80
MAX_COAUTHORS = 30


@dataclass
class Upload:
    data: bytes
    filename: str


@dataclass
class AuthorInput:
    name: str
    email: str
    affiliation: str = ""
    orcid: str = ""


@dataclass
class SubmissionInput:
    section_id: int
    language: str
    # language -> (title, abstract); the submission's language is required, en/es/fr optional
    texts: dict[str, tuple[str, str]]
    manuscript: Upload | None
    anonymized: Upload | None = None
    keywords: str = ""
    coauthors: list[AuthorInput] = field(default_factory=list)
    affiliation: str = ""  # the submitter's own
    orcid: str = ""
    position: int = 1  # the submitter's place in the author list
    cover_letter: str = ""
    declares_original: bool = False
    consents_license: bool = False
    conflicts: str = ""


@dataclass
class RevisionInput:
    manuscript: Upload | None
    anonymized: Upload | None = None
    response: str = ""
    response_file: Upload | None = None


def submit(journal: Journal, user: User, data: SubmissionInput) -> Submission:
    """Records a new submission with its files, and tells its co-authors and editors."""
    if not journal.submissions_open:
        raise Conflict(_l("This journal is not taking submissions at the moment."))
    section = _open_section(journal, data.section_id)
    language = _language(data.language)
    _check_declarations(data)
    submission = Submission(
        journal=journal,
        section=section,
        submitter=user,
        stage=Stage.SUBMITTED.value,
        round=1,
        language=language,
        keywords=_keywords(data.keywords),
        cover_letter=_text(data.cover_letter, MAX_LETTER, _("The cover letter")),
        declares_original=True,
        consents_license=True,
        conflicts=_text(data.conflicts, MAX_LETTER, _("The conflicts of interest statement")),
        texts=_texts(language, data.texts),
        authors=_authors(user, data),
    )
    db.session.add(submission)
    _attach_versions(submission, data.manuscript, data.anonymized, user)
    states.record_start(submission, user)
    db.session.flush()  # the links in the mail need its id
    _tell_coauthors(submission, user)
    _tell_editors(
        submission,
        "journal/author_submitted",
        lambda title: _l("New submission: %(title)s", title=title),
    )
    logger.info(
        "journal submission journal=%s submission=%s user=%s", journal.id, submission.id, user.id
    )
    return submission


def _open_section(journal: Journal, section_id: int) -> Section:
    section = next((s for s in journal.sections if s.id == section_id), None)
    if section is None:
        raise DomainError(_l("Choose a section of this journal."))
    if not section.open:
        raise Conflict(_l("This section is not taking submissions at the moment."))
    return section


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise DomainError(_l("Choose the language the manuscript is written in."))
    return value


def _check_declarations(data: SubmissionInput) -> None:
    if not data.declares_original:
        raise DomainError(
            _l("Declare that the manuscript is original and not under review elsewhere.")
        )
    if not data.consents_license:
        raise DomainError(_l("Consent to the journal's license to submit."))


def _text(value: str, limit: int, what: str, single_line: bool = False) -> str:
    try:
        value = clean_text(value, single_line=single_line)
    except ValueError:
        raise DomainError(
            _("%(what)s contains characters that are not allowed.", what=what)
        ) from None
    if len(value) > limit:
        raise DomainError(_("%(what)s is too long.", what=what))
    return value


def _texts(language: str, given: dict[str, tuple[str, str]]) -> list[SubmissionText]:
    texts = []
    for code in LANGUAGES:
        title, abstract = given.get(code, ("", ""))
        title = _text(title, MAX_TITLE, _("The title"), single_line=True)
        abstract = _text(abstract, MAX_ABSTRACT, _("The abstract"))
        if code == language and not (title and abstract):
            raise DomainError(
                _l("Give the title and the abstract in the language of the manuscript.")
            )
        if abstract and not title:
            raise DomainError(_l("Give a title with each abstract."))
        if title:
            texts.append(SubmissionText(language=code, title=title, abstract=abstract))
    return texts


def _keywords(value: str) -> str:
    words: dict[str, str] = {}
    for word in (value or "").replace(";", ",").split(","):
        word = _text(word, MAX_KEYWORD, _("A keyword"), single_line=True)
        if word:
            words.setdefault(word.casefold(), word)
    if len(words) > MAX_KEYWORDS:
        raise DomainError(_l("Give at most %(count)d keywords.", count=MAX_KEYWORDS))
    return ", ".join(words.values())


def _authors(user: User, data: SubmissionInput) -> list[SubmissionAuthor]:
    if len(data.coauthors) > MAX_COAUTHORS:
        raise DomainError(_l("Too many co-authors."))
    submitter = SubmissionAuthor(
        user_id=user.id,
        name=user.name,
        email=user.email.lower(),
        affiliation=_text(data.affiliation, 300, _("The affiliation"), single_line=True),
        orcid=rules.orcid(data.orcid),
        corresponding=True,
    )
    others = [_coauthor(given) for given in data.coauthors]
    emails = [submitter.email] + [a.email for a in others]
    if len(set(emails)) != len(emails):
        raise DomainError(_l("Each author needs a different email address."))
    place = min(max(data.position, 1), len(others) + 1) - 1
    authors = others[:place] + [submitter] + others[place:]
    for position, author in enumerate(authors):
        author.position = position
    return authors


def _coauthor(given: AuthorInput) -> SubmissionAuthor:
    name = _text(given.name, 200, _("The author's name"), single_line=True)
    if not name:
        raise DomainError(_l("Give each co-author's name."))
    try:
        email = normalize_email(given.email)
    except ValueError:
        raise DomainError(
            _l("Give a valid email address for %(name)s: we tell co-authors by mail.", name=name)
        ) from None
    account = find_user_by_email(email)
    return SubmissionAuthor(
        user_id=account.id if account else None,
        name=name,
        email=email,
        affiliation=_text(given.affiliation, 300, _("The affiliation"), single_line=True),
        orcid=rules.orcid(given.orcid),
    )


def _attach_versions(
    submission: Submission, manuscript: Upload | None, anonymized: Upload | None, user: User
) -> None:
    """The manuscript and the version reviewers read: the anonymized one, required when the
    journal is double-blind, else a stripped copy of the manuscript."""
    if manuscript is None:
        raise DomainError(_l("Upload the manuscript."))
    if anonymized is None and submission.journal.double_blind:
        raise DomainError(
            _l("This journal reviews double-blind: upload an anonymized version as well.")
        )
    _attach(submission, manuscript, FileKind.MANUSCRIPT, user, _("The manuscript"))
    _attach(
        submission, anonymized or manuscript, FileKind.ANONYMIZED, user, _("The anonymized version")
    )


def _attach(submission: Submission, upload: Upload, kind: FileKind, user: User, what: str):
    try:
        return files.attach(submission, upload.data, upload.filename, kind, submission.round, user)
    except files.FileRejected as error:
        raise files.FileRejected(
            _("%(what)s: %(problem)s", what=what, problem=error.message)
        ) from None


def revise(submission: Submission, user: User, data: RevisionInput) -> Submission:
    """The authors' revised manuscript and response letter: the next round of review."""
    _require_author(submission, user)
    if submission.stage != Stage.REVISIONS.value:
        raise Conflict(_l("Revisions can be sent only when the editors have asked for them."))
    response = _text(data.response, MAX_LETTER, _("The response letter"))
    if not response and data.response_file is None:
        raise DomainError(_l("Write a response to the reviewers or upload it as a file."))
    _next_round(submission)
    _attach_versions(submission, data.manuscript, data.anonymized, user)
    if data.response_file is not None:
        _attach(submission, data.response_file, FileKind.RESPONSE, user, _("The response letter"))
    # The response letter is the note of the step that opens the new round.
    states.move(submission, Stage.IN_REVIEW, user, note=response)
    _tell_editors(
        submission,
        "journal/author_revised",
        lambda title: _l("Revised manuscript: %(title)s", title=title),
        handling_only=True,
    )
    logger.info(
        "journal revision submission=%s round=%s user=%s", submission.id, submission.round, user.id
    )
    return submission


def _next_round(submission: Submission) -> None:
    """Opens the next round once: a second request sent at the same time finds the round
    already moved on and changes nothing."""
    moved = db.session.execute(
        update(Submission)
        .where(
            Submission.id == submission.id,
            Submission.stage == Stage.REVISIONS.value,
            Submission.round == submission.round,
        )
        .values(round=Submission.round + 1)
    ).rowcount
    if moved != 1:
        raise Conflict(_l("These revisions were already sent."))


def response_letters(submission: Submission) -> dict[int, str]:
    """The authors' written response for each round it opened (round -> text)."""
    letters, round = {}, 1
    for step in submission.steps:
        if step.from_stage == Stage.REVISIONS.value and step.to_stage == Stage.IN_REVIEW.value:
            round += 1
            letters[round] = step.note
    return letters


def approve_copyedit(submission: Submission, user: User) -> Submission:
    _require_author(submission, user)
    if submission.stage != Stage.COPYEDITING.value or not submission.files_of(FileKind.COPYEDITED):
        raise Conflict(_l("There is no copyedited manuscript to approve yet."))
    if submission.copyedit_approved_at is None:
        submission.copyedit_approved_at = utcnow()
        _tell_editors(
            submission,
            "journal/author_notice",
            lambda title: _l("Copyedit approved: %(title)s", title=title),
            handling_only=True,
            what=_l("The authors approved the copyedited manuscript."),
        )
    return submission


def approve_proofs(submission: Submission, user: User) -> Submission:
    _require_author(submission, user)
    ready = submission.files_of(FileKind.PROOF) or submission.files_of(FileKind.GALLEY_PDF)
    if submission.stage not in (Stage.PRODUCTION.value, Stage.SCHEDULED.value) or not ready:
        raise Conflict(_l("There are no proofs to approve yet."))
    if submission.proofs_approved_at is None:
        submission.proofs_approved_at = utcnow()
        _tell_editors(
            submission,
            "journal/author_notice",
            lambda title: _l("Proofs approved: %(title)s", title=title),
            handling_only=True,
            what=_l("The authors approved the proofs."),
        )
    return submission


def withdraw(submission: Submission, user: User) -> Step:
    _require_author(submission, user)
    if Stage(submission.stage) not in states.EDITORIAL:
        raise Conflict(_l("A submission can be withdrawn only before it is accepted."))
    step = states.move(submission, Stage.WITHDRAWN, user)
    _tell_editors(
        submission,
        "journal/author_notice",
        lambda title: _l("Withdrawn: %(title)s", title=title),
        handling_only=True,
        what=_l("The authors withdrew this submission."),
    )
    logger.info("journal withdrawn submission=%s user=%s", submission.id, user.id)
    return step


def _require_author(submission: Submission, user: User) -> None:
    if not access.is_author(submission, user):
        raise NotFound()


def _tell_coauthors(submission: Submission, submitter: User) -> None:
    for author in submission.authors:
        if author.email == submitter.email.lower():
            continue
        account = db.session.get(User, author.user_id) if author.user_id else None
        language = account.language if account and account.language else "en"
        title = submission.title_in(language)
        send_email(
            author.email,
            "journal/author_named",
            _l("You are named as an author of “%(title)s”", title=title),
            locale=language,
            name=author.name,
            submitter=submitter.name,
            title=title,
            journal=submission.journal.text("name", language),
            url=url_for("journal.author_submission", submission_id=submission.id, _external=True),
        )
        author.notified_at = utcnow()


def _editors_to_tell(submission: Submission, handling_only: bool) -> list[User]:
    """The editor the submission is given to, else (and for new ones) the editors-in-chief
    and, for a new submission, the section's editors."""
    if handling_only and submission.editor is not None:
        return [submission.editor]
    people = {
        editor.user_id: editor.user
        for editor in submission.journal.editors
        if editor.role == EditorRole.CHIEF.value
        or (not handling_only and editor.section_id == submission.section_id)
    }
    return list(people.values())


def _tell_editors(
    submission: Submission,
    template: str,
    subject: Callable[[str], str],
    *,
    handling_only: bool = False,
    what="",
) -> None:
    """subject: the subject for a title, made when the editor's language is known."""
    for editor in _editors_to_tell(submission, handling_only):
        title = submission.title_in(editor.language)
        send_email(
            editor.email,
            template,
            subject(title),
            locale=editor.language,
            name=editor.name,
            title=title,
            what=what,
            journal=submission.journal.text("name", editor.language),
            section=submission.section.text("name", editor.language),
            round=submission.round,
            url=url_for(
                "journal.editorial_submission", submission_id=submission.id, _external=True
            ),
        )


# What authors may download: never what reviewers attached to their reviews.
AUTHOR_FILE_KINDS = {
    FileKind.MANUSCRIPT.value,
    FileKind.ANONYMIZED.value,
    FileKind.RESPONSE.value,
    FileKind.COPYEDITED.value,
    FileKind.PROOF.value,
    FileKind.GALLEY_PDF.value,
    FileKind.GALLEY_HTML.value,
}


@dataclass
class ReviewerComment:
    round: int
    number: int  # "Reviewer 1", "Reviewer 2" within the round: never who
    text: str


def authored_by(user: User) -> list[Submission]:
    """The submissions this person sent or is named an author of, latest change first."""
    named = select(SubmissionAuthor.submission_id).where(
        or_(
            SubmissionAuthor.user_id == user.id,
            func.lower(SubmissionAuthor.email) == user.email.lower(),
        )
    )
    return list(
        db.session.scalars(
            select(Submission)
            .where(or_(Submission.submitter_id == user.id, Submission.id.in_(named)))
            .order_by(Submission.updated_at.desc(), Submission.id.desc())
            .options(
                selectinload(Submission.texts),
                selectinload(Submission.journal),
                selectinload(Submission.section),
            )
        )
    )


def author_files(submission: Submission) -> list[SubmissionFile]:
    return [f for f in submission.files if f.kind in AUTHOR_FILE_KINDS]


def author_file(submission: Submission, file_id: int) -> SubmissionFile:
    found = next((f for f in author_files(submission) if f.id == file_id), None)
    if found is None:
        raise NotFound()
    return found


def sent_decisions(submission: Submission) -> list[Decision]:
    return [d for d in submission.decisions if d.sent_at is not None]


def comments_for_authors(submission: Submission) -> list[ReviewerComment]:
    """The reviewers' comments for the authors, from completed reviews of the rounds whose
    decision was sent, numbered within each round as the decision letter numbers them."""
    decided = sorted({d.round for d in sent_decisions(submission)})
    return [
        ReviewerComment(round, n, review.for_author)
        for round in decided
        for n, review in enumerate(reviews.completed_in(submission, round), 1)
    ]
