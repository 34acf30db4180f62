"""Abstracts: submitting, changing and withdrawing them."""

import logging
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from network.auth.models import User
from network.conferences.models import (
    OPEN_STATES,
    Abstract,
    AbstractAnswer,
    AbstractAuthor,
    AbstractState,
    Call,
    Talk,
)
from network.conferences.states import notify_state, set_state
from network.errors import Conflict, DomainError, Forbidden, NotFound
from network.extensions import db
from network.filters import deadline

logger = logging.getLogger(__name__)


@dataclass
class Author:
    name: str
    email: str = ""
    affiliation: str = ""
    country: str = ""


@dataclass
class AbstractData:
    title: str
    text: str
    track_id: int
    language: str
    affiliation: str
    country: str
    coauthors: list[Author]
    presenter: int  # 0: the submitter; n: the n-th co-author
    answers: dict[int, str]


def word_count(text: str) -> int:
    return len(text.split())


def check_open(call: Call, now: datetime) -> None:
    if now < call.opens_at:
        raise Forbidden(
            _l("The call for abstracts opens on %(date)s.", date=deadline(call.opens_at))
        )
    if now >= call.deadline:
        raise Forbidden(
            _l(
                "The call for abstracts closed on %(date)s. Abstracts can no longer "
                "be submitted or changed.",
                date=deadline(call.deadline),
            )
        )


def _check_abstract(call: Call, data: AbstractData) -> None:
    words = word_count(data.text)
    if words > call.word_limit:
        raise DomainError(
            _l(
                "Your abstract has %(words)d words; the limit is %(limit)d. "
                "Shorten it by %(excess)d words.",
                words=words,
                limit=call.word_limit,
                excess=words - call.word_limit,
            )
        )
    if data.track_id not in {t.id for t in call.tracks}:
        raise DomainError(_l("Choose one of the call's tracks."))
    if data.language not in call.language_codes:
        raise DomainError(_l("Choose one of the languages the call accepts."))
    if not 0 <= data.presenter <= len(data.coauthors):
        raise DomainError(_l("Choose the presenter among the authors."))
    for question in call.questions:
        if question.required and not data.answers.get(question.id, "").strip():
            raise DomainError(
                _l("Answer the question “%(question)s”.", question=question.text("prompt"))
            )


def _check_not_sent_twice(call: Call, submitter: User, title: str) -> None:
    """A second click on "Submit" or a resent form must not make a second abstract."""
    same = select(Abstract.id).where(
        Abstract.call_id == call.id,
        Abstract.submitter_id == submitter.id,
        Abstract.state != AbstractState.WITHDRAWN.value,
        func.lower(Abstract.title) == title.strip().lower(),
    )
    if db.session.scalar(same) is not None:
        raise Conflict(
            _l(
                "You have already submitted an abstract with this title. "
                "Change it from your submissions instead."
            )
        )


def _fill_abstract(abstract: Abstract, submitter: User, data: AbstractData) -> None:
    abstract.title, abstract.text = data.title, data.text.replace("\r\n", "\n")
    abstract.track_id, abstract.language = data.track_id, data.language
    people = [
        Author(submitter.name, submitter.email, data.affiliation, data.country),
        *data.coauthors,
    ]
    abstract.authors = [
        AbstractAuthor(
            position=n,
            name=p.name,
            email=p.email,
            affiliation=p.affiliation,
            country=p.country,
            presenter=n == data.presenter,
        )
        for n, p in enumerate(people)
    ]
    abstract.answers = [
        AbstractAnswer(question_id=qid, text=text)
        for qid, text in data.answers.items()
        if text.strip()
    ]


def submit_abstract(call: Call, submitter: User, data: AbstractData, now: datetime) -> Abstract:
    check_open(call, now)
    _check_abstract(call, data)
    _check_not_sent_twice(call, submitter, data.title)
    abstract = Abstract(
        call_id=call.id, submitter_id=submitter.id, state=AbstractState.SUBMITTED.value
    )
    db.session.add(abstract)
    _fill_abstract(abstract, submitter, data)
    db.session.flush()
    logger.info("abstract submitted id=%s call=%s user=%s", abstract.id, call.id, submitter.id)
    notify_state(abstract)
    return abstract


def update_abstract(abstract: Abstract, data: AbstractData, now: datetime) -> None:
    check_open(abstract.call, now)
    if abstract.state not in OPEN_STATES:
        raise Conflict(_l("This abstract can no longer be changed."))
    _check_abstract(abstract.call, data)
    _fill_abstract(abstract, abstract.submitter, data)
    db.session.flush()
    logger.info("abstract edited id=%s", abstract.id)


def withdraw_abstract(abstract: Abstract) -> None:
    if abstract.state in (AbstractState.REJECTED.value, AbstractState.WITHDRAWN.value):
        raise Conflict(_l("This abstract can no longer be withdrawn."))
    db.session.execute(delete(Talk).where(Talk.abstract_id == abstract.id))
    set_state(abstract, AbstractState.WITHDRAWN)


def own_abstract(abstract_id: int, user) -> Abstract:
    abstract = db.session.get(Abstract, abstract_id)
    if abstract is None or abstract.submitter_id != user.id:
        raise NotFound()
    return abstract


def my_abstracts(call: Call | None, user) -> list[Abstract]:
    """The person's abstracts to one call, or to every call when none is given."""
    query = select(Abstract).where(Abstract.submitter_id == user.id).order_by(Abstract.id.desc())
    if call is not None:
        query = query.where(Abstract.call_id == call.id)
    return list(db.session.scalars(query))
