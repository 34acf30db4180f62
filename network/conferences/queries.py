"""What other domains may ask about conferences: the abstracts that wait for a decision."""

from datetime import datetime

from sqlalchemy import func, select

from network.conferences.models import Abstract, AbstractState, Call
from network.events.models import Event
from network.extensions import db

AWAITING_DECISION = (AbstractState.SUBMITTED.value, AbstractState.UNDER_REVIEW.value)


def abstracts_awaiting_decision() -> int:
    """Abstracts submitted or under review, in every conference."""
    return db.session.scalar(
        select(func.count(Abstract.id)).where(Abstract.state.in_(AWAITING_DECISION))
    )


def conferences_awaiting_decision(limit: int) -> list[tuple[Event, int, datetime]]:
    """The conferences whose oldest waiting abstract has waited longest: each with how many
    abstracts wait and when the oldest came."""
    count, oldest = func.count(Abstract.id), func.min(Abstract.created_at)
    rows = db.session.execute(
        select(Event, count, oldest)
        .join(Call, Call.event_id == Event.id)
        .join(Abstract, Abstract.call_id == Call.id)
        .where(Abstract.state.in_(AWAITING_DECISION))
        .group_by(Event.id)
        .order_by(oldest, Event.id)
        .limit(limit)
    )
    return [(event, number, since) for event, number, since in rows]
