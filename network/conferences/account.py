"""What conferences keep about a person: removed with the account, included in its export."""

from sqlalchemy import delete, select

from network.auth.models import User
from network.conferences.abstracts import my_abstracts
from network.conferences.models import (
    Abstract,
    MarkedSession,
    Review,
    ReviewAssignment,
    Talk,
    TrackReviewer,
)
from network.extensions import db
from network.signals import account_data, account_deleting


@account_deleting.connect
def _forget_author_and_reviewer(user: User) -> None:
    """What the person submitted, reviewed and marked goes with the account; their talks leave
    the programme."""
    db.session.execute(
        delete(Talk).where(
            Talk.abstract_id.in_(select(Abstract.id).where(Abstract.submitter_id == user.id))
        )
    )
    for row in [
        *my_abstracts(None, user),
        *db.session.scalars(select(Review).where(Review.reviewer_id == user.id)),
    ]:
        db.session.delete(row)
    for column in (ReviewAssignment.user_id, TrackReviewer.user_id, MarkedSession.user_id):
        db.session.execute(delete(column.class_).where(column == user.id))


@account_data.connect
def _author_and_reviewer_data(user: User):
    reviews = db.session.scalars(select(Review).where(Review.reviewer_id == user.id)).all()
    return "conference_abstracts", {
        "submitted": [
            {
                "conference": a.call.event.title,
                "title": a.title,
                "text": a.text,
                "track": a.track.name,
                "language": a.language,
                "state": a.state,
                "authors": [
                    {
                        "name": p.name,
                        "email": p.email,
                        "affiliation": p.affiliation,
                        "country": p.country,
                        "presenter": p.presenter,
                    }
                    for p in a.authors
                ],
                "submitted_at": a.created_at.isoformat(),
            }
            for a in my_abstracts(None, user)
        ],
        "reviews": [
            {
                "abstract": r.abstract.title,
                "comment": r.comment,
                "scores": {c.name: r.score_for(c.id) for c in r.abstract.call.criteria},
            }
            for r in reviews
        ],
    }
