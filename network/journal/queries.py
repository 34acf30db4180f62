"""What the journal's public pages, the home page and the staff dashboard ask: published issues
and their contents, online-first articles, journals taking submissions, and what waits for
editors."""

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from network.dbtypes import utcnow
from network.extensions import db
from network.journal.models import (
    Issue,
    Journal,
    JournalReview,
    ReviewState,
    Section,
    Stage,
    Submission,
)

PUBLISHED = Stage.PUBLISHED.value
# A review still to come: the reviewer was invited or agreed and has not sent it.
PENDING_REVIEW = (ReviewState.INVITED.value, ReviewState.ACCEPTED.value)


def all_journals() -> list[Journal]:
    return list(db.session.scalars(select(Journal).order_by(Journal.name)))


def takes_submissions(journal: Journal) -> bool:
    """Open to submissions, with at least one section open to them."""
    return journal.submissions_open and any(section.open for section in journal.sections)


def open_journals() -> list[Journal]:
    """Journals taking submissions, by name (the home page's open calls)."""
    open_section = exists().where(Section.journal_id == Journal.id, Section.open.is_(True))
    return list(
        db.session.scalars(
            select(Journal)
            .where(Journal.submissions_open.is_(True), open_section)
            .order_by(Journal.name)
        )
    )


def published_issues(journal: Journal) -> list[Issue]:
    """The journal's published issues, newest first."""
    return list(
        db.session.scalars(
            select(Issue)
            .where(Issue.journal_id == journal.id, Issue.published_at.is_not(None))
            .order_by(Issue.year.desc(), Issue.volume.desc(), Issue.number.desc(), Issue.id.desc())
        )
    )


def current_issue(journal: Journal) -> Issue | None:
    """The issue published last."""
    return db.session.scalar(
        select(Issue)
        .where(Issue.journal_id == journal.id, Issue.published_at.is_not(None))
        .order_by(Issue.published_at.desc(), Issue.id.desc())
        .limit(1)
    )


def journal_issue(journal: Journal, issue_id: int) -> Issue | None:
    """The journal's issue of that id, published or not (the caller decides who may see it)."""
    found = db.session.get(Issue, issue_id)
    return found if found is not None and found.journal_id == journal.id else None


@dataclass(frozen=True)
class SectionContents:
    section: Section
    articles: list[Submission]


def _with_details(query):
    return query.options(
        selectinload(Submission.texts),
        selectinload(Submission.authors),
        selectinload(Submission.section),
    )


def issue_contents(issue: Issue, *, published_only: bool = True) -> list[SectionContents]:
    """The issue's articles in their order, grouped by section in the sections' order.
    Editors looking at an issue not yet out see the articles scheduled in it too."""
    query = select(Submission).where(Submission.issue_id == issue.id)
    if published_only:
        query = query.where(Submission.stage == PUBLISHED)
    articles = db.session.scalars(
        _with_details(query).order_by(Submission.issue_position, Submission.id)
    )
    groups: dict[int, SectionContents] = {}
    for article in articles:
        groups.setdefault(article.section_id, SectionContents(article.section, [])).articles.append(
            article
        )
    return sorted(groups.values(), key=lambda group: (group.section.position, group.section.id))


def online_first(journal: Journal) -> list[Submission]:
    """Published articles not (yet) in a published issue, newest first."""
    in_published_issue = exists().where(
        Issue.id == Submission.issue_id, Issue.published_at.is_not(None)
    )
    return list(
        db.session.scalars(
            _with_details(select(Submission))
            .where(
                Submission.journal_id == journal.id,
                Submission.stage == PUBLISHED,
                ~in_published_issue,
            )
            .order_by(Submission.published_at.desc(), Submission.id.desc())
        )
    )


# --- What waits for editors -----------------------------------------------------------------


def _reviews_of_this_round(*states: str):
    return exists().where(
        JournalReview.submission_id == Submission.id,
        JournalReview.round == Submission.round,
        JournalReview.state.in_(states),
    )


def awaiting_decision():
    """A submission waits for its editor's decision when it is new, when every review of its
    round is in, or when its authors sent revisions and no reviewer has it yet."""
    return or_(
        Submission.stage == Stage.SUBMITTED.value,
        and_(
            Submission.stage == Stage.IN_REVIEW.value,
            ~_reviews_of_this_round(*PENDING_REVIEW),
            or_(_reviews_of_this_round(ReviewState.COMPLETED.value), Submission.round > 1),
        ),
    )


def overdue_review():
    """A review of a submission's current round, in review, that has passed its due date."""
    return and_(
        JournalReview.state.in_(PENDING_REVIEW),
        JournalReview.due_at < utcnow(),
        exists().where(
            Submission.id == JournalReview.submission_id,
            Submission.round == JournalReview.round,
            Submission.stage == Stage.IN_REVIEW.value,
        ),
    )


def awaiting_decision_count() -> int:
    """Submissions waiting for a decision, in every journal."""
    return db.session.scalar(select(func.count(Submission.id)).where(awaiting_decision()))


def overdue_review_count() -> int:
    """Reviews past their due date, in every journal."""
    return db.session.scalar(select(func.count(JournalReview.id)).where(overdue_review()))


def journals_with_work(limit: int) -> list[tuple[Journal, int, int]]:
    """Journals where something waits: each with its submissions awaiting a decision and its
    overdue reviews, most overdue first. One statement, however many journals."""
    waiting = (
        select(func.count(Submission.id))
        .where(Submission.journal_id == Journal.id, awaiting_decision())
        .scalar_subquery()
    )
    overdue = (
        select(func.count(JournalReview.id))
        .where(
            overdue_review(),
            JournalReview.submission_id.in_(
                select(Submission.id)
                .where(Submission.journal_id == Journal.id)
                .correlate(Journal)  # the journal of the enclosing query, two levels up
            ),
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Journal, waiting.label("waiting"), overdue.label("overdue"))
        .where(or_(waiting > 0, overdue > 0))
        .order_by(overdue.desc(), waiting.desc(), Journal.name)
        .limit(limit)
    )
    return [(journal, number, late) for journal, number, late in rows]


def published_article(submission_id: int) -> Submission | None:
    found = db.session.get(Submission, submission_id)
    if found is None or found.stage != Stage.PUBLISHED.value or not found.item_id:
        return None
    return found
