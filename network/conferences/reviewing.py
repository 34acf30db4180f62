"""Review: reviewers, their scores and the organizers' decisions."""

import logging

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import selectinload

from network.auth.models import User
from network.conferences.models import (
    OPEN_STATES,
    Abstract,
    AbstractAuthor,
    AbstractState,
    Call,
    Review,
    ReviewAssignment,
    ReviewScore,
    Track,
    TrackReviewer,
)
from network.conferences.schedule import placed_abstract_ids
from network.conferences.states import set_state
from network.email import send_email
from network.errors import Conflict, DomainError, NotFound
from network.events.models import Event
from network.extensions import db
from network.reviewing import account_by_email, refuse_author

logger = logging.getLogger(__name__)


DECISIONS = (AbstractState.UNDER_REVIEW, AbstractState.ACCEPTED, AbstractState.REJECTED)


def decide(abstract: Abstract, state: AbstractState) -> None:
    if state not in DECISIONS:
        raise DomainError(_l("Choose accept, reject or under review."))
    if abstract.state == AbstractState.WITHDRAWN.value:
        raise Conflict(_l("The authors withdrew this abstract."))
    if state != AbstractState.ACCEPTED and abstract.id in placed_abstract_ids([abstract.id]):
        raise Conflict(_l("This abstract is in the programme; remove its talk first."))
    set_state(abstract, state, announce=False)


def start_review(call: Call) -> int:
    abstracts = db.session.scalars(
        select(Abstract).where(
            Abstract.call_id == call.id, Abstract.state == AbstractState.SUBMITTED.value
        )
    ).all()
    for abstract in abstracts:
        set_state(abstract, AbstractState.UNDER_REVIEW)
    return len(abstracts)


# --- Review -----------------------------------------------------------------------------------


def find_account(email: str) -> User:
    user = account_by_email(email)
    if user is None:
        raise DomainError(_l("No account uses %(email)s. Reviewers need an account.", email=email))
    return user


def _authors(abstract: Abstract) -> list[tuple[int | None, str]]:
    return [(abstract.submitter_id, ""), *((None, a.email) for a in abstract.authors)]


def assign_reviewer(abstract: Abstract, email: str) -> User:
    reviewer = find_account(email)
    refuse_author(
        _authors(abstract),
        user_id=reviewer.id,
        email=reviewer.email,
        name=reviewer.name,
        title=abstract.title,
    )
    if db.session.get(ReviewAssignment, (abstract.id, reviewer.id)) is None:
        db.session.add(ReviewAssignment(abstract_id=abstract.id, user_id=reviewer.id))
        tell_reviewer(reviewer, abstract.call, abstract=abstract)
    if abstract.state == AbstractState.SUBMITTED.value:
        set_state(abstract, AbstractState.UNDER_REVIEW)
    db.session.flush()
    logger.info("reviewer assigned abstract=%s user=%s", abstract.id, reviewer.id)
    return reviewer


def tell_reviewer(
    reviewer: User, call: Call, *, abstract: Abstract | None = None, track: Track | None = None
) -> None:
    """Mail a new reviewer what to review and where, once the assignment is committed."""
    conference = call.event.title
    if abstract is not None:
        subject = _l(
            "%(conference)s: please review “%(title)s”", conference=conference, title=abstract.title
        )
        url = url_for("conferences.review", abstract_id=abstract.id, _external=True)
    else:
        subject = _l(
            "%(conference)s: you review the track %(track)s",
            conference=conference,
            track=track.name,
        )
        url = url_for("conferences.reviews", _external=True)
    send_email(
        reviewer.email,
        "conferences/reviewer_assigned",
        subject,
        locale=reviewer.language,
        name=reviewer.name,
        conference=conference,
        abstract=abstract,
        track=track,
        due=call.review_deadline,
        zone=call.event.timezone,
        review_url=url,
    )


def unassign_reviewer(abstract: Abstract, user_id: int) -> None:
    db.session.execute(
        delete(ReviewAssignment).where(
            ReviewAssignment.abstract_id == abstract.id, ReviewAssignment.user_id == user_id
        )
    )


def assign_track_reviewer(track: Track, email: str) -> User:
    """A reviewer of a whole track; abstracts they are an author of stay hidden from them."""
    reviewer = find_account(email)
    if db.session.get(TrackReviewer, (track.id, reviewer.id)) is None:
        db.session.add(TrackReviewer(track_id=track.id, user_id=reviewer.id))
        tell_reviewer(reviewer, track.call, track=track)
    db.session.flush()
    logger.info("track reviewer track=%s user=%s", track.id, reviewer.id)
    return reviewer


def event_track(event: Event, track_id: int) -> Track:
    track = db.session.get(Track, track_id)
    if track is None or track.call.event_id != event.id:
        raise NotFound()
    return track


def unassign_track_reviewer(track: Track, user_id: int) -> None:
    db.session.execute(
        delete(TrackReviewer).where(
            TrackReviewer.track_id == track.id, TrackReviewer.user_id == user_id
        )
    )


def _reviewable(user: User):
    """SQL condition: assigned to this person (directly or by track), not theirs, not withdrawn."""
    direct = exists().where(
        ReviewAssignment.abstract_id == Abstract.id, ReviewAssignment.user_id == user.id
    )
    by_track = exists().where(
        TrackReviewer.track_id == Abstract.track_id, TrackReviewer.user_id == user.id
    )
    authored = exists().where(
        AbstractAuthor.abstract_id == Abstract.id,
        func.lower(AbstractAuthor.email) == user.email.lower(),
    )
    return (
        or_(direct, by_track)
        & ~authored
        & (Abstract.submitter_id != user.id)
        & (Abstract.state != AbstractState.WITHDRAWN.value)
    )


def assigned_abstracts(user: User, call: Call | None = None) -> list[Abstract]:
    query = (
        select(Abstract)
        .where(_reviewable(user))
        .order_by(Abstract.call_id, Abstract.id)
        .options(
            selectinload(Abstract.call).selectinload(Call.event),
            selectinload(Abstract.track),
            selectinload(Abstract.reviews),
        )
    )
    if call is not None:
        query = query.where(Abstract.call_id == call.id)
    return list(db.session.scalars(query))


def assigned_abstract(abstract_id: int, user) -> Abstract:
    abstract = db.session.scalar(
        select(Abstract).where(Abstract.id == abstract_id, _reviewable(user))
    )
    if abstract is None:
        raise NotFound()
    return abstract


def review_of(abstract: Abstract, user: User) -> Review | None:
    return db.session.scalar(
        select(Review).where(Review.abstract_id == abstract.id, Review.reviewer_id == user.id)
    )


def save_review(abstract: Abstract, reviewer: User, scores: dict[int, int], comment: str) -> Review:
    if abstract.state not in OPEN_STATES:
        raise Conflict(_l("The decision on this abstract is made; reviews are closed."))
    for criterion in abstract.call.criteria:
        score = scores.get(criterion.id)
        if score is None or not 0 <= score <= criterion.max_score:
            raise DomainError(
                _l(
                    "Score “%(name)s” from 0 to %(max)d.",
                    name=criterion.name,
                    max=criterion.max_score,
                )
            )
    review = review_of(abstract, reviewer) or Review(
        abstract_id=abstract.id, reviewer_id=reviewer.id
    )
    review.comment = comment
    review.scores = [
        ReviewScore(criterion_id=c.id, score=scores[c.id]) for c in abstract.call.criteria
    ]
    db.session.add(review)
    db.session.flush()
    logger.info("review saved abstract=%s reviewer=%s", abstract.id, reviewer.id)
    return review


def average_scores(abstract: Abstract) -> dict:
    """Average per criterion id, and under "total" the average of the reviews' sums."""
    if not abstract.reviews:
        return {}
    averages = {
        c.id: sum(r.score_for(c.id) or 0 for r in abstract.reviews) / len(abstract.reviews)
        for c in abstract.call.criteria
    }
    averages["total"] = sum(averages.values())
    return averages


ABSTRACTS_PER_PAGE = 50


def call_abstracts(call: Call, state: str | None, page: int):
    """One page of the call's abstracts, optionally in one state."""
    query = (
        select(Abstract)
        .where(Abstract.call_id == call.id)
        .order_by(Abstract.id)
        .options(
            selectinload(Abstract.submitter),
            selectinload(Abstract.track),
            selectinload(Abstract.authors),
            selectinload(Abstract.reviews).selectinload(Review.scores),
        )
    )
    if state:
        query = query.where(Abstract.state == state)
    return db.paginate(query, page=page, per_page=ABSTRACTS_PER_PAGE, error_out=False)


def call_abstract(event: Event, abstract_id: int) -> Abstract:
    abstract = db.session.get(Abstract, abstract_id)
    if abstract is None or abstract.call.event_id != event.id:
        raise NotFound()
    return abstract
