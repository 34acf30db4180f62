"""Decisions recorded on abstracts, announced to their authors later and all at once."""

import logging
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network.conferences.models import DECISION_STATES, Abstract, Call, Review
from network.conferences.states import notify_state, state_message
from network.errors import Conflict
from network.extensions import db

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preview:
    """The mail one author of this kind of decision would get, in their language."""

    state: str
    count: int
    name: str
    language: str
    subject: str
    body: str


def pending(call: Call) -> list[Abstract]:
    """Abstracts whose decision their authors have not been told yet."""
    abstracts = db.session.scalars(
        select(Abstract)
        .where(Abstract.call_id == call.id, Abstract.state.in_(DECISION_STATES))
        .where(Abstract.state != Abstract.notified_state)
        .order_by(Abstract.state, Abstract.id)
        .options(
            selectinload(Abstract.submitter),
            selectinload(Abstract.track),
            selectinload(Abstract.reviews).selectinload(Review.scores),
        )
    )
    return list(abstracts)


def previews(abstracts: list[Abstract]) -> list[Preview]:
    """One mail per kind of decision, written for the first author of that kind."""
    result = []
    for state in DECISION_STATES:
        of_state = [a for a in abstracts if a.state == state]
        if of_state:
            submitter = of_state[0].submitter
            subject, body = state_message(of_state[0], submitter.language)
            result.append(
                Preview(state, len(of_state), submitter.name, submitter.language, subject, body)
            )
    return result


def announce(call: Call) -> int:
    """Mail every author their abstract's decision; each is sent after the commit."""
    abstracts = pending(call)
    if not abstracts:
        raise Conflict(_l("Every decision has already been announced."))
    for abstract in abstracts:
        notify_state(abstract)
    db.session.flush()
    logger.info("decisions announced call=%s count=%s", call.id, len(abstracts))
    return len(abstracts)
