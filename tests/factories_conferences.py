"""Conferences as tests need them: an event of kind conference, its call, abstracts, sessions."""

from datetime import UTC, date, datetime, time, timedelta

from network.auth.models import Role
from network.conferences import abstracts, calls, reviewing, schedule, times
from network.conferences.models import AbstractState
from network.events.editing import create_event
from network.events.models import EventKind, EventStatus
from network.extensions import db
from tests.factories import make_user

UTC = UTC


def make_conference(
    organizer=None,
    *,
    title="Migration and Development Conference 2027",
    starts=datetime(2027, 6, 14, 7, 0, tzinfo=UTC),
    days=3,
    zone="America/Bogota",
    status=EventStatus.PUBLISHED,
    **fields,
):
    organizer = organizer or make_user(Role.ORGANIZER)
    event = create_event(
        organizer,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(days=days - 1, hours=10),
        timezone=zone,
        kind=EventKind.CONFERENCE.value,
        **fields,
    )
    event.status = status.value
    db.session.commit()
    return event


def make_call(
    event,
    *,
    opens=None,
    deadline=None,
    word_limit=250,
    languages=("en", "es", "fr"),
    tracks=("Remittances and development", "Diaspora associations"),
    questions=(("Is this work co-produced with migrant associations?", False),),
    criteria=(("Relevance", 5), ("Originality", 5)),
    anonymous=True,
    review_deadline=None,
):
    now = datetime.now(UTC)
    call = calls.save_call(
        event,
        calls.CallData(
            opens_at=opens or now - timedelta(days=10),
            deadline=deadline or now + timedelta(days=10),
            word_limit=word_limit,
            languages=list(languages),
            reviewers_anonymous=anonymous,
            review_deadline=review_deadline,
            tracks=[{"name": name} for name in tracks],
            questions=[{"prompt": text, "required": required} for text, required in questions],
            criteria=[{"name": name, "max_score": top} for name, top in criteria],
        ),
    )
    db.session.commit()
    return call


def make_abstract(
    call,
    submitter=None,
    *,
    title="Hometown associations and local public goods",
    text="Remittances sent collectively by hometown associations fund schools.",
    coauthors=(),
    track=None,
    language="en",
    presenter=0,
    now=None,
):
    submitter = submitter or make_user()
    abstract = abstracts.submit_abstract(
        call,
        submitter,
        abstracts.AbstractData(
            title=title,
            text=text,
            track_id=(track or call.tracks[0]).id,
            language=language,
            affiliation="Universidad de Guadalajara",
            country="MX",
            coauthors=[abstracts.Author(*c) for c in coauthors],
            presenter=presenter,
            answers={},
        ),
        now or datetime.now(UTC),
    )
    db.session.commit()
    return abstract


def accept(abstract):
    reviewing.decide(abstract, AbstractState.ACCEPTED)
    db.session.commit()
    return abstract


def make_session(
    event,
    *,
    title="Remittances I",
    room="Aula Magna",
    day_offset=0,
    starts=time(9, 0),
    ends=time(10, 30),
    chair="Rahel Tesfaye",
):
    day: date = times.event_days(event)[day_offset]
    session = schedule.save_session(
        event, None, schedule.SessionData(title, room, chair, day, starts, ends)
    )
    db.session.commit()
    return session
