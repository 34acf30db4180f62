"""A journal's issues: volume, number, year and title, a cover image, the order and pages of
their articles, and publishing an issue with every article scheduled in it."""

import io
import logging
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select, update

from network import filestore
from network.auth.models import User
from network.dbtypes import utcnow
from network.errors import Conflict, DomainError, NotFound
from network.extensions import db
from network.journal import access, dois, production
from network.journal.files import FileRejected, journal_dir
from network.journal.models import Issue, Journal, Stage, Submission
from network.validators import clean_text

logger = logging.getLogger(__name__)

MAX_COVER_BYTES = 5 * 1024 * 1024
# The first bytes of each image format a cover may be in, its Pillow name and its extension.
COVER_FORMATS = (
    (b"\x89PNG\r\n\x1a\n", "PNG", "png"),
    (b"\xff\xd8\xff", "JPEG", "jpg"),
)
COVER_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
MAX_TITLE = 300


@dataclass
class IssueInput:
    volume: int
    number: int
    year: int
    title: str = ""
    original_language: str = "en"


@dataclass
class Placement:
    """An article's place in its issue, as the issue's page sets it."""

    submission_id: int
    position: int
    first_page: str = ""
    last_page: str = ""


# --- Reading ----------------------------------------------------------------------------------


def journal_issues(journal: Journal) -> list[Issue]:
    """Every issue of the journal, the newest first."""
    return list(
        db.session.scalars(
            select(Issue)
            .where(Issue.journal_id == journal.id)
            .order_by(Issue.year.desc(), Issue.volume.desc(), Issue.number.desc(), Issue.id.desc())
        )
    )


def open_issues(journal: Journal) -> list[Issue]:
    """Issues articles can still be scheduled in: those not yet published."""
    return [issue for issue in journal_issues(journal) if not issue.is_published]


def chief_issue(journal: Journal, issue_id: int, user) -> Issue:
    """The journal's issue, for its editors-in-chief; anyone else gets a 404."""
    issue = db.session.get(Issue, issue_id)
    if issue is None or issue.journal_id != journal.id or not access.is_chief(journal, user):
        raise NotFound()
    return issue


def editor_issue(journal: Journal, issue_id: int, user) -> Issue:
    """The journal's issue, for any of its editors (who place articles in issues)."""
    issue = db.session.get(Issue, issue_id)
    if issue is None or issue.journal_id != journal.id or not access.is_editor(journal, user):
        raise NotFound()
    return issue


# --- Writing ----------------------------------------------------------------------------------


def create_issue(journal: Journal, actor: User, data: IssueInput) -> Issue:
    access.require_chief(journal, actor)
    issue = Issue(journal_id=journal.id, journal=journal)
    _apply(issue, data)
    db.session.add(issue)
    logger.info("journal issue created journal=%s user=%s", journal.id, actor.id)
    return issue


def update_issue(issue: Issue, actor: User, data: IssueInput) -> Issue:
    """Changes the issue; its published articles' library items follow (their DOIs stay)."""
    access.require_chief(issue.journal, actor)
    _apply(issue, data)
    for article in issue.articles:
        if article.stage == Stage.PUBLISHED.value:
            production.refresh_library_item(article, actor)
        elif article.stage == Stage.SCHEDULED.value:
            dois.assign(article)
    return issue


def _apply(issue: Issue, data: IssueInput) -> None:
    if not (1 <= data.volume <= 9999 and 1 <= data.number <= 9999):
        raise DomainError(_("Volume and number are whole numbers from 1."))
    if not 1000 <= data.year <= 9999:
        raise DomainError(_("Give the year with four digits."))
    try:
        title = clean_text(" ".join((data.title or "").split()))
    except ValueError:
        raise DomainError(_("The title contains characters that are not allowed.")) from None
    if len(title) > MAX_TITLE:
        raise DomainError(_("The title is longer than %(count)d characters.", count=MAX_TITLE))
    if data.original_language not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Choose the title's language from the list."))
    same = select(Issue.id).where(
        Issue.journal_id == issue.journal_id,
        Issue.volume == data.volume,
        Issue.number == data.number,
    )
    if issue.id:
        same = same.where(Issue.id != issue.id)
    if db.session.scalar(same):
        raise Conflict(
            _(
                "Volume %(volume)d already has an issue number %(number)d.",
                volume=data.volume,
                number=data.number,
            )
        )
    issue.volume, issue.number, issue.year = data.volume, data.number, data.year
    issue.title, issue.original_language = title, data.original_language


def arrange(issue: Issue, actor: User, placements: list[Placement]) -> Issue:
    """Sets the order and pages of the issue's articles."""
    access.require_chief(issue.journal, actor)
    articles = {article.id: article for article in issue.articles}
    for placed in placements:
        article = articles.get(placed.submission_id)
        if article is None:
            raise DomainError(_("This article is not in the issue any more. Reload the page."))
        production.schedule(
            article, issue, actor, placed.position, placed.first_page, placed.last_page
        )
    return issue


# --- The cover --------------------------------------------------------------------------------


def set_cover(issue: Issue, actor: User, data: bytes, filename: str) -> Issue:
    """A PNG, JPEG or WebP image of up to 5 MB, known by its content, stored beside the
    journal's files; a cover it replaces leaves once the change is committed."""
    access.require_chief(issue.journal, actor)
    extension = _check_cover(data)
    name = filestore.store(journal_dir(), data, extension, prefix="cover-")
    _forget_cover(issue)
    issue.cover_name = name
    return issue


def remove_cover(issue: Issue, actor: User) -> Issue:
    access.require_chief(issue.journal, actor)
    _forget_cover(issue)
    issue.cover_name = None
    return issue


def cover_path(issue: Issue) -> Path | None:
    if not issue.cover_name:
        return None
    path = journal_dir() / issue.cover_name
    return path if path.is_file() else None


def cover_type(issue: Issue) -> str:
    return COVER_TYPES[issue.cover_name.rsplit(".", 1)[-1]]


def _forget_cover(issue: Issue) -> None:
    if issue.cover_name:
        filestore.given_up(journal_dir() / issue.cover_name)


def _check_cover(data: bytes) -> str:
    if not data:
        raise FileRejected(_("The file is empty."))
    if len(data) > MAX_COVER_BYTES:
        raise FileRejected(
            _("The image is larger than %(mb)d MB.", mb=MAX_COVER_BYTES // (1024 * 1024))
        )
    kind = next(((name, ext) for magic, name, ext in COVER_FORMATS if data.startswith(magic)), None)
    if kind is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind = ("WEBP", "webp")
    if kind is None:
        raise FileRejected(_("A cover is a PNG, JPEG or WebP image."))
    try:
        with Image.open(io.BytesIO(data), formats=[kind[0]]) as image:
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise FileRejected(_("This image is damaged and cannot be read.")) from None
    return kind[1]


# --- Publishing -------------------------------------------------------------------------------


def publish_issue(issue: Issue, actor: User) -> list[Submission]:
    """Publishes every article scheduled in the issue (as publishing one online first does)
    and the issue itself; articles already published online first keep their date."""
    access.require_chief(issue.journal, actor)
    if issue.is_published:
        raise Conflict(_("This issue is already published."))
    articles = [
        a for a in issue.articles if a.stage in (Stage.SCHEDULED.value, Stage.PUBLISHED.value)
    ]
    if not articles:
        raise DomainError(_("An empty issue cannot be published. Schedule articles in it first."))
    if issue.year > utcnow().year:
        raise DomainError(
            _("This issue is dated %(year)d: publish it from that year on.", year=issue.year)
        )
    _claim(issue)
    scheduled = [a for a in articles if a.stage == Stage.SCHEDULED.value]
    for article in scheduled:
        production.publish(article, actor)
    issue.published_at = utcnow()
    logger.info(
        "journal issue published issue=%s articles=%s user=%s", issue.id, len(scheduled), actor.id
    )
    return scheduled


def _claim(issue: Issue) -> None:
    """One guarded UPDATE, so that two editors publishing at once publish it once."""
    claimed = db.session.execute(
        update(Issue)
        .where(Issue.id == issue.id, Issue.published_at.is_(None))
        .values(published_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        raise Conflict(_("This issue is already published."))
