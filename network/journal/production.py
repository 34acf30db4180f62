"""From an accepted manuscript to a published article: the copyedited manuscript and the
authors' approval, proofs, galleys, a place in an issue, and publication, which makes the
article an item of the knowledge library."""

import logging
import re
from collections.abc import Callable

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select, update

from network import filestore
from network.auth.models import User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import Conflict, DomainError, Forbidden, NotFound
from network.extensions import db
from network.journal import access, dois, files, states
from network.journal.models import FileKind, Issue, Stage, Submission, SubmissionFile
from network.library import items
from network.library.files import check_size, safe_name
from network.library.items import AuthorInput, ItemInput
from network.library.models import Item, ItemKind
from network.markdown import ALLOWED_TAGS, clean_html

logger = logging.getLogger(__name__)

GALLEY_KINDS = ("pdf", "html")
# What an HTML galley may keep besides what Markdown renders to: the parts of an article.
GALLEY_TAGS = ALLOWED_TAGS | {
    "abbr",
    "caption",
    "cite",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "q",
    "section",
    "small",
    "span",
    "sub",
    "sup",
}
# Crossref takes pages without punctuation: 12, e101, iv.
PAGE = re.compile(r"^[A-Za-z0-9]{1,20}$")
BEFORE_PUBLICATION = (Stage.PRODUCTION.value, Stage.SCHEDULED.value)


# --- Copyediting ------------------------------------------------------------------------------


def start_copyediting(
    submission: Submission, actor: User, data: bytes, filename: str
) -> SubmissionFile:
    """Adds a copyedited manuscript (the first moves the accepted submission to copyediting; a
    later one is a newer version) and asks the authors to review and approve it."""
    _require_handler(submission, actor)
    if submission.stage == Stage.ACCEPTED.value:
        states.move(submission, Stage.COPYEDITING, actor)
    elif submission.stage != Stage.COPYEDITING.value:
        raise Conflict(_("A copyedited manuscript is added between acceptance and production."))
    stored = files.attach(submission, data, filename, FileKind.COPYEDITED, submission.round, actor)
    submission.copyedit_approved_at = None  # the authors approve this version, not an older one
    _tell_authors(
        submission,
        "journal/production_copyedit",
        lambda title: _l("Please review the copyedited manuscript: %(title)s", title=title),
    )
    logger.info("journal copyedit submission=%s user=%s", submission.id, actor.id)
    return stored


def send_to_production(submission: Submission, actor: User) -> Submission:
    _require_handler(submission, actor)
    if submission.stage != Stage.COPYEDITING.value:
        raise Conflict(_("Only a submission in copyediting goes to production."))
    if submission.copyedit_approved_at is None:
        raise DomainError(_("The authors have not approved the copyedited manuscript yet."))
    states.move(submission, Stage.PRODUCTION, actor)
    return submission


# --- Proofs and galleys -----------------------------------------------------------------------


def add_proof(submission: Submission, actor: User, data: bytes, filename: str) -> SubmissionFile:
    """Adds proofs and asks the authors to approve them (again, if they approved older ones)."""
    _require_before_publication(submission, actor)
    stored = files.attach(submission, data, filename, FileKind.PROOF, submission.round, actor)
    submission.proofs_approved_at = None
    _tell_authors(
        submission,
        "journal/production_proofs",
        lambda title: _l("Please approve the proofs: %(title)s", title=title),
    )
    return stored


def add_galley(
    submission: Submission, actor: User, data: bytes, filename: str, kind: str
) -> SubmissionFile:
    """A PDF galley (what the library will offer), or an HTML one kept as cleaned HTML."""
    _require_before_publication(submission, actor)
    if kind == "pdf":
        return files.attach(
            submission, data, filename, FileKind.GALLEY_PDF, submission.round, actor
        )
    if kind == "html":
        return _store_html(submission, actor, data, filename)
    raise DomainError(_("Choose PDF or HTML."))


def _store_html(submission: Submission, actor: User, data: bytes, filename: str):
    check_size(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text or "\x00" in text:
        raise files.FileRejected(_("An HTML galley is a web page saved as UTF-8 text."))
    cleaned = str(clean_html(text, GALLEY_TAGS)).strip().encode()
    if not cleaned:
        raise files.FileRejected(_("Nothing readable is left of this HTML file once cleaned."))
    name = filestore.store(files.journal_dir(), cleaned, "html")
    stored = SubmissionFile(
        round=submission.round,
        kind=FileKind.GALLEY_HTML.value,
        stored_name=name,
        original_name=safe_name(filename, "html"),
        mime_type="text/html",
        size=len(cleaned),
        uploaded_by_id=actor.id,
    )
    submission.files.append(stored)
    return stored


def html_galley(submission: Submission) -> Markup | None:
    """The latest HTML galley, ready to show in a page (cleaned again on the way out)."""
    stored = submission.latest_file(FileKind.GALLEY_HTML)
    path = files.file_path(stored) if stored else None
    if path is None or not path.is_file():
        return None
    return clean_html(path.read_text(encoding="utf-8"), GALLEY_TAGS)


def missing_for_publication(submission: Submission) -> list[str]:
    """What still has to happen before the article can be scheduled or published."""
    missing = []
    if not submission.files_of(FileKind.GALLEY_PDF):
        missing.append(_("Upload the PDF galley."))
    if submission.proofs_approved_at is None:
        missing.append(_("The authors approve the proofs."))
    return missing


def _require_ready(submission: Submission) -> None:
    missing = missing_for_publication(submission)
    if missing:
        raise DomainError(" ".join(missing))


# --- Issues and publication -------------------------------------------------------------------


def check_pages(first: str, last: str) -> tuple[str, str]:
    first, last = (first or "").strip(), (last or "").strip()
    if last and not first:
        raise DomainError(_("Give the first page too."))
    if not all(PAGE.match(page) for page in (first, last) if page):
        raise DomainError(_("A page is a number, or letters and digits such as e101."))
    if first.isdigit() and last.isdigit() and int(last) < int(first):
        raise DomainError(_("The last page comes before the first."))
    return first, last


def schedule(
    submission: Submission,
    issue: Issue,
    actor: User,
    position: int | None = None,
    first_page: str = "",
    last_page: str = "",
) -> Submission:
    """Places the article in an issue, at a position (None: last) with its pages. An article in
    production is scheduled; a published one (online first) keeps its publication date."""
    _require_handler(submission, actor)
    if issue.journal_id != submission.journal_id:
        raise NotFound()
    published = submission.stage == Stage.PUBLISHED.value
    if submission.stage not in (*BEFORE_PUBLICATION, Stage.PUBLISHED.value):
        raise Conflict(_("Only an article in production can be placed in an issue."))
    if issue.is_published and not published:
        raise Conflict(
            _("This issue is already published: publish the article online first, then place it.")
        )
    first_page, last_page = check_pages(first_page, last_page)
    if not published:
        _require_ready(submission)
    if submission.stage == Stage.PRODUCTION.value:
        states.move(submission, Stage.SCHEDULED, actor)
    submission.issue = issue
    submission.issue_position = _position(issue, submission, position)
    submission.first_page, submission.last_page = first_page, last_page
    dois.assign(submission)
    if published:
        refresh_library_item(submission, actor)
    return submission


def _position(issue: Issue, submission: Submission, asked: int | None) -> int:
    if asked is not None:
        if asked < 0:
            raise DomainError(_("A position is a whole number from 0."))
        return asked
    last = db.session.scalar(
        select(func.max(Submission.issue_position)).where(
            Submission.issue_id == issue.id, Submission.id != submission.id
        )
    )
    return 0 if last is None else last + 1


def unschedule(submission: Submission, actor: User) -> Submission:
    """Takes a scheduled article out of its issue, back to production."""
    _require_handler(submission, actor)
    if submission.stage != Stage.SCHEDULED.value:
        raise Conflict(_("Only a scheduled article can be taken out of its issue."))
    states.move(submission, Stage.PRODUCTION, actor)
    submission.issue = None
    submission.issue_position = 0
    submission.first_page = submission.last_page = ""
    dois.assign(submission)
    return submission


def publish_online_first(submission: Submission, actor: User) -> Submission:
    """Publishes the article now, in its issue if it is scheduled in one, else on its own."""
    _require_handler(submission, actor)
    return publish(submission, actor)


def publish(submission: Submission, actor: User) -> Submission:
    """Publishes an article in production or scheduled: its DOI, its library item with the PDF
    galley, and a mail to its authors. Publishing an issue publishes its articles through here."""
    if submission.stage not in BEFORE_PUBLICATION:
        raise Conflict(_("Only an article in production or scheduled can be published."))
    _require_ready(submission)
    _claim(submission)
    states.move(submission, Stage.PUBLISHED, actor)
    submission.published_at = submission.published_at or utcnow()
    dois.assign(submission)
    item = _put_in_library(submission, actor)
    _tell_authors(
        submission,
        "journal/production_published",
        lambda title: _l("Published: %(title)s", title=title),
        url=url_for("library.item", item_id=item.id, _external=True),
    )
    logger.info("journal published submission=%s item=%s user=%s", submission.id, item.id, actor.id)
    return submission


def _claim(submission: Submission) -> None:
    """One guarded UPDATE: of two editors publishing at once, the second finds the stage
    changed (it waits for the first's commit) and stops before making a second library item."""
    claimed = db.session.execute(
        update(Submission)
        .where(Submission.id == submission.id, Submission.stage == submission.stage)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        raise Conflict(_("This article changed meanwhile. Reload the page and try again."))


# --- The library item -------------------------------------------------------------------------


def library_input(submission: Submission) -> ItemInput:
    """The article as the library describes it."""
    journal, issue = submission.journal, submission.issue
    texts = {text.language: (text.title, text.abstract) for text in submission.texts}
    original = submission.language if submission.language in texts else next(iter(texts), "en")
    moment = submission.published_at or utcnow()
    dated = (
        {"date_year": issue.year}
        if issue
        else {
            "date_year": moment.year,
            "date_month": moment.month,
            "date_day": moment.day,
        }
    )
    return ItemInput(
        kind=ItemKind.JOURNAL_ARTICLE.value,
        texts=texts,
        original_language=original,
        language=submission.language,
        authors=[
            AuthorInput(
                name=author.name,
                user_id=author.user_id,
                affiliation=author.affiliation,
                orcid=author.orcid,
            )
            for author in submission.authors
        ],
        doi=submission.doi or "",
        issn=journal.issn,
        license=journal.license,
        keywords=submission.keywords,
        journal_title=journal.name,
        volume=str(issue.volume) if issue else "",
        issue=str(issue.number) if issue else "",
        first_page=submission.first_page,
        last_page=submission.last_page,
        publisher=journal.publisher,
        **dated,
    )


def _put_in_library(submission: Submission, actor: User) -> Item:
    galley = submission.latest_file(FileKind.GALLEY_PDF)
    path = files.file_path(galley)
    if not path.is_file():
        raise DomainError(_("The PDF galley's file is missing. Upload it again."))
    item = items.create_published(
        actor,
        library_input(submission),
        (path.read_bytes(), galley.original_name),
        submission.published_at,
    )
    db.session.flush()
    submission.item_id = item.id
    return item


def library_item(submission: Submission) -> Item | None:
    return db.session.get(Item, submission.item_id) if submission.item_id else None


def refresh_library_item(submission: Submission, actor: User) -> None:
    """After a published article's issue, pages or DOI change, its library item follows."""
    item = library_item(submission)
    if item is not None:
        items.update_published(item, actor, library_input(submission))


# --- Helpers ----------------------------------------------------------------------------------


def _require_handler(submission: Submission, actor: User) -> None:
    if not access.handles(submission, actor):
        raise Forbidden()


def _require_before_publication(submission: Submission, actor: User) -> None:
    _require_handler(submission, actor)
    if submission.stage not in BEFORE_PUBLICATION:
        raise Conflict(_("Proofs and galleys are added in production, before publication."))


def _tell_authors(
    submission: Submission, template: str, subject: Callable[[str], str], url: str = ""
) -> None:
    """Mails each author in their language (their account's, else the manuscript's).
    subject: the subject for a title, made once the author's language is known."""
    url = url or url_for("journal.author_submission", submission_id=submission.id, _external=True)
    told = set()
    for author in submission.authors:
        if not author.email or author.email.lower() in told:
            continue
        told.add(author.email.lower())
        account = db.session.get(User, author.user_id) if author.user_id else None
        language = account.language if account and account.language else submission.language
        title = submission.title_in(language)
        send_email(
            author.email,
            template,
            subject(title),
            locale=language,
            name=author.name,
            title=title,
            journal=submission.journal.text("name", language),
            url=url,
        )
