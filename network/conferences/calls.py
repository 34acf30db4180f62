"""The call for abstracts: its dates, tracks, questions and criteria."""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from network.conferences.access import call_of
from network.conferences.models import Abstract, Call, CallQuestion, Criterion, ReviewScore, Track
from network.errors import DomainError
from network.events.models import Event
from network.extensions import db

logger = logging.getLogger(__name__)


@dataclass
class CallData:
    """Tracks, questions and criteria are dicts of column values; an "id" keeps an existing row."""

    opens_at: datetime
    deadline: datetime
    word_limit: int
    languages: list[str]
    reviewers_anonymous: bool
    review_deadline: datetime | None = None
    tracks: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    criteria: list[dict] = field(default_factory=list)


def save_call(event: Event, data: CallData) -> Call:
    """Open a call or change it; rows already used by abstracts or reviews cannot be removed."""
    if data.deadline <= data.opens_at:
        raise DomainError(_l("The deadline must come after the opening."))
    if data.review_deadline and data.review_deadline <= data.deadline:
        raise DomainError(_l("Reviews are due after the call closes: choose a later date."))
    if not data.tracks:
        raise DomainError(_l("Give the call at least one track."))
    if not data.criteria:
        raise DomainError(_l("Give the call at least one review criterion."))
    if not data.languages:
        raise DomainError(_l("Choose at least one language for abstracts."))
    call = call_of(event) or Call(event_id=event.id)
    call.opens_at, call.deadline = data.opens_at, data.deadline
    call.review_deadline = data.review_deadline
    call.word_limit = data.word_limit
    call.languages = " ".join(data.languages)
    call.reviewers_anonymous = data.reviewers_anonymous
    db.session.add(call)
    db.session.flush()
    _sync(
        call,
        "tracks",
        data.tracks,
        Track,
        _track_in_use,
        _l("Track “%(name)s” has abstracts and cannot be removed."),
    )
    _sync(call, "questions", data.questions, CallQuestion, lambda q: False, "")
    _sync(
        call,
        "criteria",
        data.criteria,
        Criterion,
        _criterion_in_use,
        _l("Criterion “%(name)s” has scores and cannot be removed."),
    )
    db.session.flush()
    logger.info("call saved event=%s call=%s", event.id, call.id)
    return call


def _sync(call: Call, attribute: str, wanted: list[dict], model, in_use, in_use_message) -> None:
    """Rows kept by id (others are new), set and ordered as wanted; rows left out are removed."""
    existing = {row.id: row for row in getattr(call, attribute)}
    kept = []
    for position, values in enumerate(wanted):
        row = existing.pop(values.get("id"), None) or model(call_id=call.id)
        for name, value in values.items():
            if name != "id":
                setattr(row, name, value)
        row.position = position
        kept.append(row)
    for row in existing.values():
        if in_use(row):
            raise DomainError(in_use_message % {"name": row.name})
    setattr(call, attribute, kept)


def _track_in_use(track: Track) -> bool:
    return track.id is not None and bool(
        db.session.scalar(select(exists().where(Abstract.track_id == track.id)))
    )


def _criterion_in_use(criterion: Criterion) -> bool:
    return criterion.id is not None and bool(
        db.session.scalar(select(exists().where(ReviewScore.criterion_id == criterion.id)))
    )
