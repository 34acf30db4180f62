"""The programme: sessions, talks, speakers, and each person's own programme."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from network.auth.models import User
from network.conferences.abstracts import Author
from network.conferences.access import call_of
from network.conferences.models import (
    Abstract,
    AbstractState,
    MarkedSession,
    ProgrammeSession,
    Speaker,
    Talk,
)
from network.conferences.times import event_days, to_utc
from network.errors import Conflict, DomainError, NotFound
from network.events.models import Event
from network.extensions import db
from network.filters import clock

logger = logging.getLogger(__name__)


@dataclass
class SessionData:
    title: str
    room: str
    chair: str
    day: date
    starts: time
    ends: time


def _span(event: Event, data: SessionData) -> tuple[datetime, datetime]:
    if data.day not in event_days(event):
        raise DomainError(_l("Choose one of the conference's days."))
    starts = to_utc(data.day, data.starts, event.timezone)
    ends = to_utc(data.day, data.ends, event.timezone)
    if ends <= starts:
        raise DomainError(_l("A session must end after it starts."))
    return starts, ends


def _check_room(event: Event, room: str, starts: datetime, ends: datetime, session_id) -> None:
    clash = db.session.scalar(
        select(ProgrammeSession)
        .where(
            ProgrammeSession.event_id == event.id,
            func.lower(ProgrammeSession.room) == room.lower(),
            ProgrammeSession.starts_at < ends,
            ProgrammeSession.ends_at > starts,
            ProgrammeSession.id != (session_id or 0),
        )
        .order_by(ProgrammeSession.starts_at)
    )
    if clash is not None:
        raise Conflict(
            _l(
                "Room %(room)s is taken at that time by the session “%(session)s” "
                "(%(start)s–%(end)s).",
                room=clash.room,
                session=clash.title,
                start=clock(clash.starts_at, event.timezone),
                end=clock(clash.ends_at, event.timezone),
            )
        )


def _check_talks_fit(session: ProgrammeSession) -> None:
    needed = sum(t.duration_minutes for t in session.talks)
    if needed > session.minutes:
        raise DomainError(
            _l(
                "The talks of “%(session)s” last %(needed)d minutes but the session "
                "lasts %(length)d minutes: a talk would run past its end.",
                session=session.title,
                needed=needed,
                length=session.minutes,
            )
        )


def save_session(
    event: Event, session: ProgrammeSession | None, data: SessionData
) -> ProgrammeSession:
    starts, ends = _span(event, data)
    # Two organizers saving at once must not both find the room free (PostgreSQL row lock).
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    _check_room(event, data.room, starts, ends, session.id if session else None)
    if session is None:
        session = ProgrammeSession(event_id=event.id)
        db.session.add(session)
    else:
        session.ical_sequence += 1
    session.title, session.room, session.chair = data.title, data.room, data.chair
    session.starts_at, session.ends_at = starts, ends
    _check_talks_fit(session)
    db.session.flush()
    logger.info("session saved event=%s session=%s", event.id, session.id)
    return session


def delete_session(session: ProgrammeSession) -> None:
    db.session.delete(session)


def event_session(event: Event, session_id: int) -> ProgrammeSession:
    session = db.session.get(ProgrammeSession, session_id)
    if session is None or session.event_id != event.id:
        raise NotFound()
    return session


def _sessions(*conditions) -> list[ProgrammeSession]:
    """Sessions in time order with their talks, speakers and authors loaded in a few queries."""
    talks = selectinload(ProgrammeSession.talks)
    return list(
        db.session.scalars(
            select(ProgrammeSession)
            .where(*conditions)
            .order_by(ProgrammeSession.starts_at, ProgrammeSession.room)
            .options(
                talks.selectinload(Talk.speaker),
                talks.selectinload(Talk.abstract).selectinload(Abstract.authors),
            )
        )
    )


def sessions_of(event: Event) -> list[ProgrammeSession]:
    return _sessions(ProgrammeSession.event_id == event.id)


def programme_by_day(event: Event) -> list[tuple[date, list[ProgrammeSession]]]:
    tz = ZoneInfo(event.timezone)
    days = defaultdict(list)
    for session in sessions_of(event):
        days[session.starts_at.astimezone(tz).date()].append(session)
    return sorted(days.items())


def clock_labels(event: Event, days) -> dict[datetime, str]:
    """Every distinct time of the programme as the conference's clock shows it, formatted once."""
    moments = set()
    for _day, sessions in days:
        for session in sessions:
            moments.update((session.starts_at, session.ends_at))
            for _talk, starts, ends in session.schedule():
                moments.update((starts, ends))
    return {moment: clock(moment, event.timezone) for moment in moments}


def placed_abstract_ids(abstract_ids) -> set[int]:
    return set(
        db.session.scalars(select(Talk.abstract_id).where(Talk.abstract_id.in_(abstract_ids)))
    )


def placeable_abstracts(event: Event) -> list[Abstract]:
    call = call_of(event)
    if call is None:
        return []
    return list(
        db.session.scalars(
            select(Abstract)
            .where(
                Abstract.call_id == call.id,
                Abstract.state == AbstractState.ACCEPTED.value,
                ~exists().where(Talk.abstract_id == Abstract.id),
            )
            .order_by(Abstract.title)
        )
    )


def speaker_for(event: Event, person: Author) -> Speaker:
    """The conference's speaker record for this person, found by email when there is one."""
    speaker = None
    if person.email:
        speaker = db.session.scalar(
            select(Speaker).where(
                Speaker.event_id == event.id, func.lower(Speaker.email) == person.email.lower()
            )
        )
    if speaker is None:
        speaker = Speaker(event_id=event.id, name=person.name, email=person.email)
        db.session.add(speaker)
    speaker.name = person.name
    speaker.affiliation = person.affiliation or speaker.affiliation
    speaker.country = person.country or speaker.country
    return speaker


def add_talk(
    session: ProgrammeSession,
    duration: int,
    *,
    abstract_id: int | None = None,
    title: str = "",
    speaker: Author | None = None,
) -> Talk:
    """An accepted abstract, or an invited talk with its own title and speaker, at the session's end."""
    event = session.event
    if abstract_id:
        abstract = next((a for a in placeable_abstracts(event) if a.id == abstract_id), None)
        if abstract is None:
            raise DomainError(_l("Choose an accepted abstract that is not yet in the programme."))
        presenter = abstract.presenter
        speaker = Author(presenter.name, presenter.email, presenter.affiliation, presenter.country)
        title = ""
    elif not (title and speaker and speaker.name):
        raise DomainError(
            _l("Choose an accepted abstract, or give an invited talk's title and speaker.")
        )
    talk = Talk(
        abstract_id=abstract_id or None,
        invited_title=title,
        speaker=speaker_for(event, speaker),
        duration_minutes=duration,
        position=len(session.talks),
    )
    session.talks.append(talk)
    _check_talks_fit(session)
    session.ical_sequence += 1
    db.session.flush()
    logger.info("talk added session=%s talk=%s", session.id, talk.id)
    return talk


def event_talk(event: Event, talk_id: int) -> Talk:
    talk = db.session.get(Talk, talk_id)
    if talk is None or talk.session.event_id != event.id:
        raise NotFound()
    return talk


def change_talk(talk: Talk, duration: int) -> None:
    talk.duration_minutes = duration
    _check_talks_fit(talk.session)
    talk.session.ical_sequence += 1
    db.session.flush()


def move_talk(talk: Talk, step: int) -> None:
    talks = list(talk.session.talks)
    index = talks.index(talk)
    other = index + step
    if 0 <= other < len(talks):
        talks[index], talks[other] = talks[other], talks[index]
        for position, item in enumerate(talks):
            item.position = position
        talk.session.ical_sequence += 1
    db.session.flush()


def remove_talk(talk: Talk) -> None:
    session = talk.session
    session.talks.remove(talk)
    for position, item in enumerate(session.talks):
        item.position = position
    session.ical_sequence += 1
    db.session.flush()


def event_speaker(event: Event, speaker_id: int) -> Speaker:
    speaker = db.session.get(Speaker, speaker_id)
    if speaker is None or speaker.event_id != event.id or not speaker.talks:
        raise NotFound()
    return speaker


def speakers_of(event: Event) -> list[Speaker]:
    return list(
        db.session.scalars(
            select(Speaker)
            .where(Speaker.event_id == event.id, Speaker.talks.any())
            .order_by(Speaker.name)
        )
    )


def session_description(session: ProgrammeSession) -> str:
    """The chair and each talk with its times, as calendar text in the reader's language."""
    zone = session.event.timezone
    lines = [_("Chair: %(chair)s", chair=session.chair)] if session.chair else []
    for talk, starts, ends in session.schedule():
        speaker = talk.speaker.name + (
            f" ({talk.speaker.affiliation})" if talk.speaker.affiliation else ""
        )
        lines.append(f"{clock(starts, zone)}–{clock(ends, zone)} {talk.title} — {speaker}")
    return "\n".join(lines)


# --- My programme -----------------------------------------------------------------------------


def marked_ids(user, event: Event) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        db.session.scalars(
            select(MarkedSession.session_id)
            .join(ProgrammeSession)
            .where(MarkedSession.user_id == user.id, ProgrammeSession.event_id == event.id)
        )
    )


def toggle_mark(user: User, session: ProgrammeSession) -> bool:
    """Mark or unmark; True when the session is now in the person's programme."""
    mark = db.session.get(MarkedSession, (user.id, session.id))
    if mark is None:
        db.session.add(MarkedSession(user_id=user.id, session_id=session.id))
        return True
    db.session.delete(mark)
    return False


def marked_sessions(user: User, event: Event) -> list[ProgrammeSession]:
    return _sessions(
        ProgrammeSession.event_id == event.id,
        ProgrammeSession.id.in_(
            select(MarkedSession.session_id).where(MarkedSession.user_id == user.id)
        ),
    )
