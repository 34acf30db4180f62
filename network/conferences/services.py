"""Conferences: the call for abstracts, review, decisions and the programme."""
import logging
import string
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, url_for
from flask_babel import force_locale, format_datetime, gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import selectinload

from network.auth.models import User
from network.conferences.models import (OPEN_STATES, STATE_LABELS, Abstract, AbstractAnswer,
                                        AbstractAuthor, AbstractState, Call, CallQuestion,
                                        Criterion, EmailTemplate, MarkedSession,
                                        ProgrammeSession, Review, ReviewAssignment, ReviewScore,
                                        Speaker, Talk, Track, TrackReviewer)
from network.email import send_email
from network.errors import DomainError
from network.events.models import Event, EventKind
from network.events.services import can_manage, can_view, local_to_utc, visibility_clause
from network.extensions import db
from network.signals import account_data, account_deleting

logger = logging.getLogger(__name__)


# --- Conferences and who may do what ---------------------------------------------------------

def conference_or_404(slug: str, user) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug,
                                                  Event.kind == EventKind.CONFERENCE.value))
    if event is None or not can_view(event, user):
        abort(404)
    return event


def managed_conference(slug: str, user) -> Event:
    event = conference_or_404(slug, user)
    if not can_manage(event, user):
        abort(403)
    return event


def visible_conferences(user) -> list[Event]:
    return list(db.session.scalars(select(Event).where(
        Event.kind == EventKind.CONFERENCE.value, visibility_clause(user)).order_by(
        Event.starts_at.desc())))


def managed_conferences(user) -> list[Event]:
    query = select(Event).where(Event.kind == EventKind.CONFERENCE.value).order_by(Event.starts_at.desc())
    if not user.is_staff:
        query = query.where(Event.organizers.any(User.id == user.id))
    return list(db.session.scalars(query))


def call_of(event: Event) -> Call | None:
    return db.session.scalar(select(Call).where(Call.event_id == event.id))


def call_or_404(event: Event) -> Call:
    call = call_of(event)
    if call is None:
        abort(404)
    return call


# --- Times in the conference's zone -----------------------------------------------------------

def to_utc(day: date, clock: time, zone: str) -> datetime:
    return local_to_utc(datetime.combine(day, clock), zone)


def local_clock(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def event_days(event: Event) -> list[date]:
    tz = ZoneInfo(event.timezone)
    first = event.starts_at.astimezone(tz).date()
    last = event.ends_at.astimezone(tz).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- The call ---------------------------------------------------------------------------------

@dataclass
class CallData:
    """Tracks, questions and criteria are dicts of column values; an "id" keeps an existing row."""
    opens_at: datetime
    deadline: datetime
    word_limit: int
    languages: list[str]
    reviewers_anonymous: bool
    tracks: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    criteria: list[dict] = field(default_factory=list)


def save_call(event: Event, data: CallData) -> Call:
    """Open a call or change it; rows already used by abstracts or reviews cannot be removed."""
    if data.deadline <= data.opens_at:
        raise DomainError(_l("The deadline must come after the opening."))
    if not data.tracks:
        raise DomainError(_l("Give the call at least one track."))
    if not data.criteria:
        raise DomainError(_l("Give the call at least one review criterion."))
    if not data.languages:
        raise DomainError(_l("Choose at least one language for abstracts."))
    call = call_of(event) or Call(event_id=event.id)
    call.opens_at, call.deadline = data.opens_at, data.deadline
    call.word_limit = data.word_limit
    call.languages = " ".join(data.languages)
    call.reviewers_anonymous = data.reviewers_anonymous
    db.session.add(call)
    db.session.flush()
    _sync(call, "tracks", data.tracks, Track, _track_in_use,
          _l("Track “%(name)s” has abstracts and cannot be removed."))
    _sync(call, "questions", data.questions, CallQuestion, lambda q: False, "")
    _sync(call, "criteria", data.criteria, Criterion, _criterion_in_use,
          _l("Criterion “%(name)s” has scores and cannot be removed."))
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
    return track.id is not None and bool(db.session.scalar(
        select(exists().where(Abstract.track_id == track.id))))


def _criterion_in_use(criterion: Criterion) -> bool:
    return criterion.id is not None and bool(db.session.scalar(
        select(exists().where(ReviewScore.criterion_id == criterion.id))))


# --- Abstracts --------------------------------------------------------------------------------

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
        raise DomainError(_l("The call for abstracts opens on %(date)s.",
                             date=format_datetime(call.opens_at)), status=403)
    if now >= call.deadline:
        raise DomainError(_l("The call for abstracts closed on %(date)s. Abstracts can no longer "
                             "be submitted or changed.", date=format_datetime(call.deadline)),
                          status=403)


def _check_abstract(call: Call, data: AbstractData) -> None:
    words = word_count(data.text)
    if words > call.word_limit:
        raise DomainError(_l("Your abstract has %(words)d words; the limit is %(limit)d. "
                             "Shorten it by %(excess)d words.", words=words,
                             limit=call.word_limit, excess=words - call.word_limit))
    if data.track_id not in {t.id for t in call.tracks}:
        raise DomainError(_l("Choose one of the call's tracks."))
    if data.language not in call.language_codes:
        raise DomainError(_l("Choose one of the languages the call accepts."))
    if not 0 <= data.presenter <= len(data.coauthors):
        raise DomainError(_l("Choose the presenter among the authors."))
    for question in call.questions:
        if question.required and not data.answers.get(question.id, "").strip():
            raise DomainError(_l("Answer the question “%(question)s”.", question=question.text))


def _check_not_sent_twice(call: Call, submitter: User, title: str) -> None:
    """A second click on "Submit" or a resent form must not make a second abstract."""
    same = select(Abstract.id).where(
        Abstract.call_id == call.id, Abstract.submitter_id == submitter.id,
        Abstract.state != AbstractState.WITHDRAWN.value,
        func.lower(Abstract.title) == title.strip().lower())
    if db.session.scalar(same) is not None:
        raise DomainError(_l("You have already submitted an abstract with this title. "
                             "Change it from your submissions instead."), status=409)


def _fill_abstract(abstract: Abstract, submitter: User, data: AbstractData) -> None:
    abstract.title, abstract.text = data.title, data.text.replace("\r\n", "\n")
    abstract.track_id, abstract.language = data.track_id, data.language
    people = [Author(submitter.name, submitter.email, data.affiliation, data.country),
              *data.coauthors]
    abstract.authors = [AbstractAuthor(position=n, name=p.name, email=p.email,
                                       affiliation=p.affiliation, country=p.country,
                                       presenter=n == data.presenter)
                        for n, p in enumerate(people)]
    abstract.answers = [AbstractAnswer(question_id=qid, text=text)
                        for qid, text in data.answers.items() if text.strip()]


def submit_abstract(call: Call, submitter: User, data: AbstractData, now: datetime) -> Abstract:
    check_open(call, now)
    _check_abstract(call, data)
    _check_not_sent_twice(call, submitter, data.title)
    abstract = Abstract(call_id=call.id, submitter_id=submitter.id,
                        state=AbstractState.SUBMITTED.value)
    db.session.add(abstract)
    _fill_abstract(abstract, submitter, data)
    db.session.flush()
    logger.info("abstract submitted id=%s call=%s user=%s", abstract.id, call.id, submitter.id)
    notify_state(abstract)
    return abstract


def update_abstract(abstract: Abstract, data: AbstractData, now: datetime) -> None:
    check_open(abstract.call, now)
    if abstract.state not in OPEN_STATES:
        raise DomainError(_l("This abstract can no longer be changed."), status=409)
    _check_abstract(abstract.call, data)
    _fill_abstract(abstract, abstract.submitter, data)
    db.session.flush()
    logger.info("abstract edited id=%s", abstract.id)


def withdraw_abstract(abstract: Abstract) -> None:
    if abstract.state in (AbstractState.REJECTED.value, AbstractState.WITHDRAWN.value):
        raise DomainError(_l("This abstract can no longer be withdrawn."), status=409)
    db.session.execute(delete(Talk).where(Talk.abstract_id == abstract.id))
    set_state(abstract, AbstractState.WITHDRAWN)


def own_abstract(abstract_id: int, user) -> Abstract:
    abstract = db.session.get(Abstract, abstract_id)
    if abstract is None or abstract.submitter_id != user.id:
        abort(404)
    return abstract


def my_abstracts(call: Call | None, user) -> list[Abstract]:
    """The person's abstracts to one call, or to every call when none is given."""
    query = select(Abstract).where(Abstract.submitter_id == user.id).order_by(Abstract.id.desc())
    if call is not None:
        query = query.where(Abstract.call_id == call.id)
    return list(db.session.scalars(query))


# --- States and the mail about them -----------------------------------------------------------

PLACEHOLDERS = ("name", "title", "conference", "track", "state", "url")
PLACEHOLDER_LIST = ", ".join("{%s}" % name for name in PLACEHOLDERS)
DEFAULT_SUBJECTS = {
    AbstractState.SUBMITTED.value: _l("{conference}: we received your abstract"),
    AbstractState.UNDER_REVIEW.value: _l("{conference}: your abstract is under review"),
    AbstractState.ACCEPTED.value: _l("{conference}: your abstract is accepted"),
    AbstractState.REJECTED.value: _l("{conference}: decision on your abstract"),
    AbstractState.WITHDRAWN.value: _l("{conference}: your abstract is withdrawn"),
}
DEFAULT_BODIES = {
    AbstractState.SUBMITTED.value: _l(
        "Dear {name},\n\nthank you for submitting “{title}” to the track {track} of {conference}. "
        "You can change it until the deadline.\n\nYour submission: {url}"),
    AbstractState.UNDER_REVIEW.value: _l(
        "Dear {name},\n\nyour abstract “{title}” is now being reviewed. We will write to you "
        "when the programme committee has decided.\n\nYour submission: {url}"),
    AbstractState.ACCEPTED.value: _l(
        "Dear {name},\n\nwe are glad to tell you that your abstract “{title}” has been accepted "
        "for {conference}. We will let you know your session and time.\n\nYour submission: {url}"),
    AbstractState.REJECTED.value: _l(
        "Dear {name},\n\nthank you for submitting “{title}” to {conference}. We are sorry that "
        "we could not include it in this year's programme. The reviewers' comments are on your "
        "submission's page.\n\nYour submission: {url}"),
    AbstractState.WITHDRAWN.value: _l(
        "Dear {name},\n\nyour abstract “{title}” has been withdrawn from {conference}.\n\n"
        "Your submission: {url}"),
}


def template_problem(text: str) -> str | None:
    """Why a template cannot be used, or None: only the plain {placeholders} listed are allowed."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return str(_l("A brace is not closed. Write {{ and }} for a brace in the text."))
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            return str(_l("Unknown placeholder {%(name)s}. You can use: %(allowed)s.",
                          name=name, allowed=PLACEHOLDER_LIST))
    return None


def fill_template(text: str, values: dict[str, str]) -> str:
    if template_problem(text):
        raise DomainError(template_problem(text))
    return text.format_map(values)


def email_template(call: Call, state: str, language: str) -> tuple[str, str]:
    """(subject, body) as the organizers wrote it, or the default in that language."""
    row = db.session.scalar(select(EmailTemplate).where(
        EmailTemplate.call_id == call.id, EmailTemplate.state == state,
        EmailTemplate.language == language))
    if row is not None:
        return row.subject, row.body
    with force_locale(language):
        return str(DEFAULT_SUBJECTS[state]), str(DEFAULT_BODIES[state])


def save_email_template(call: Call, state: str, language: str, subject: str, body: str) -> None:
    for text in (subject, body):
        problem = template_problem(text)
        if problem:
            raise DomainError(problem)
    row = db.session.scalar(select(EmailTemplate).where(
        EmailTemplate.call_id == call.id, EmailTemplate.state == state,
        EmailTemplate.language == language))
    if row is None:
        row = EmailTemplate(call_id=call.id, state=state, language=language)
        db.session.add(row)
    row.subject, row.body = subject, body
    db.session.flush()


def state_message(abstract: Abstract, language: str) -> tuple[str, str]:
    subject, body = email_template(abstract.call, abstract.state, language)
    with force_locale(language):
        values = {"name": abstract.submitter.name, "title": abstract.title,
                  "conference": abstract.call.event.title, "track": abstract.track.name,
                  "state": str(STATE_LABELS[abstract.state]),
                  "url": url_for("conferences.abstract", abstract_id=abstract.id, _external=True)}
    # A subject is one line whatever the title holds.
    return " ".join(fill_template(subject, values).split()), fill_template(body, values)


def notify_state(abstract: Abstract) -> None:
    language = abstract.submitter.language
    subject, body = state_message(abstract, language)
    # send_email treats "%(" as a placeholder; the subject is already final.
    subject = subject.replace("%", "%%") if "%(" in subject else subject
    send_email(abstract.submitter.email, "conferences/state_change", subject, locale=language,
               body=body, abstract=abstract)


def set_state(abstract: Abstract, state: AbstractState) -> None:
    if abstract.state == state.value:
        return
    abstract.state = state.value
    db.session.flush()
    logger.info("abstract state id=%s state=%s", abstract.id, state.value)
    notify_state(abstract)


DECISIONS = (AbstractState.UNDER_REVIEW, AbstractState.ACCEPTED, AbstractState.REJECTED)


def decide(abstract: Abstract, state: AbstractState) -> None:
    if state not in DECISIONS:
        raise DomainError(_l("Choose accept, reject or under review."))
    if abstract.state == AbstractState.WITHDRAWN.value:
        raise DomainError(_l("The authors withdrew this abstract."), status=409)
    if state != AbstractState.ACCEPTED and abstract.id in placed_abstract_ids([abstract.id]):
        raise DomainError(_l("This abstract is in the programme; remove its talk first."), status=409)
    set_state(abstract, state)


def start_review(call: Call) -> int:
    abstracts = db.session.scalars(select(Abstract).where(
        Abstract.call_id == call.id, Abstract.state == AbstractState.SUBMITTED.value)).all()
    for abstract in abstracts:
        set_state(abstract, AbstractState.UNDER_REVIEW)
    return len(abstracts)


# --- Review -----------------------------------------------------------------------------------

def find_account(email: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise DomainError(_l("No account uses %(email)s. Reviewers need an account.", email=email))
    return user


def is_coauthor(abstract: Abstract, user: User) -> bool:
    emails = {a.email.lower() for a in abstract.authors if a.email}
    return abstract.submitter_id == user.id or user.email.lower() in emails


def assign_reviewer(abstract: Abstract, email: str) -> User:
    reviewer = find_account(email)
    if is_coauthor(abstract, reviewer):
        raise DomainError(_l("%(name)s is an author of “%(title)s” and cannot review it.",
                             name=reviewer.name, title=abstract.title))
    if db.session.get(ReviewAssignment, (abstract.id, reviewer.id)) is None:
        db.session.add(ReviewAssignment(abstract_id=abstract.id, user_id=reviewer.id))
    if abstract.state == AbstractState.SUBMITTED.value:
        set_state(abstract, AbstractState.UNDER_REVIEW)
    db.session.flush()
    logger.info("reviewer assigned abstract=%s user=%s", abstract.id, reviewer.id)
    return reviewer


def unassign_reviewer(abstract: Abstract, user_id: int) -> None:
    db.session.execute(delete(ReviewAssignment).where(ReviewAssignment.abstract_id == abstract.id,
                                                      ReviewAssignment.user_id == user_id))


def assign_track_reviewer(track: Track, email: str) -> User:
    """A reviewer of a whole track; abstracts they are an author of stay hidden from them."""
    reviewer = find_account(email)
    if db.session.get(TrackReviewer, (track.id, reviewer.id)) is None:
        db.session.add(TrackReviewer(track_id=track.id, user_id=reviewer.id))
    db.session.flush()
    logger.info("track reviewer track=%s user=%s", track.id, reviewer.id)
    return reviewer


def event_track(event: Event, track_id: int) -> Track:
    track = db.session.get(Track, track_id)
    if track is None or track.call.event_id != event.id:
        abort(404)
    return track


def unassign_track_reviewer(track: Track, user_id: int) -> None:
    db.session.execute(delete(TrackReviewer).where(TrackReviewer.track_id == track.id,
                                                   TrackReviewer.user_id == user_id))


def _reviewable(user: User):
    """SQL condition: assigned to this person (directly or by track), not theirs, not withdrawn."""
    direct = exists().where(ReviewAssignment.abstract_id == Abstract.id,
                            ReviewAssignment.user_id == user.id)
    by_track = exists().where(TrackReviewer.track_id == Abstract.track_id,
                              TrackReviewer.user_id == user.id)
    authored = exists().where(AbstractAuthor.abstract_id == Abstract.id,
                              func.lower(AbstractAuthor.email) == user.email.lower())
    return (or_(direct, by_track) & ~authored & (Abstract.submitter_id != user.id)
            & (Abstract.state != AbstractState.WITHDRAWN.value))


def assigned_abstracts(user: User, call: Call | None = None) -> list[Abstract]:
    query = select(Abstract).where(_reviewable(user)).order_by(Abstract.call_id, Abstract.id).options(
        selectinload(Abstract.call).selectinload(Call.event), selectinload(Abstract.track),
        selectinload(Abstract.reviews))
    if call is not None:
        query = query.where(Abstract.call_id == call.id)
    return list(db.session.scalars(query))


def assigned_abstract(abstract_id: int, user) -> Abstract:
    abstract = db.session.scalar(select(Abstract).where(Abstract.id == abstract_id,
                                                        _reviewable(user)))
    if abstract is None:
        abort(404)
    return abstract


def review_of(abstract: Abstract, user: User) -> Review | None:
    return db.session.scalar(select(Review).where(Review.abstract_id == abstract.id,
                                                  Review.reviewer_id == user.id))


def save_review(abstract: Abstract, reviewer: User, scores: dict[int, int], comment: str) -> Review:
    if abstract.state not in OPEN_STATES:
        raise DomainError(_l("The decision on this abstract is made; reviews are closed."), status=409)
    for criterion in abstract.call.criteria:
        score = scores.get(criterion.id)
        if score is None or not 0 <= score <= criterion.max_score:
            raise DomainError(_l("Score “%(name)s” from 0 to %(max)d.", name=criterion.name,
                                 max=criterion.max_score))
    review = review_of(abstract, reviewer) or Review(abstract_id=abstract.id, reviewer_id=reviewer.id)
    review.comment = comment
    review.scores = [ReviewScore(criterion_id=c.id, score=scores[c.id]) for c in abstract.call.criteria]
    db.session.add(review)
    db.session.flush()
    logger.info("review saved abstract=%s reviewer=%s", abstract.id, reviewer.id)
    return review


def average_scores(abstract: Abstract) -> dict:
    """Average per criterion id, and under "total" the average of the reviews' sums."""
    if not abstract.reviews:
        return {}
    averages = {c.id: sum(r.score_for(c.id) or 0 for r in abstract.reviews) / len(abstract.reviews)
                for c in abstract.call.criteria}
    averages["total"] = sum(averages.values())
    return averages


ABSTRACTS_PER_PAGE = 50


def call_abstracts(call: Call, state: str | None, page: int):
    """One page of the call's abstracts, optionally in one state."""
    query = select(Abstract).where(Abstract.call_id == call.id).order_by(Abstract.id).options(
        selectinload(Abstract.submitter), selectinload(Abstract.track), selectinload(Abstract.authors),
        selectinload(Abstract.reviews).selectinload(Review.scores))
    if state:
        query = query.where(Abstract.state == state)
    return db.paginate(query, page=page, per_page=ABSTRACTS_PER_PAGE, error_out=False)


def call_abstract(event: Event, abstract_id: int) -> Abstract:
    abstract = db.session.get(Abstract, abstract_id)
    if abstract is None or abstract.call.event_id != event.id:
        abort(404)
    return abstract


# --- Programme --------------------------------------------------------------------------------

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
    clash = db.session.scalar(select(ProgrammeSession).where(
        ProgrammeSession.event_id == event.id,
        func.lower(ProgrammeSession.room) == room.lower(),
        ProgrammeSession.starts_at < ends, ProgrammeSession.ends_at > starts,
        ProgrammeSession.id != (session_id or 0)).order_by(ProgrammeSession.starts_at))
    if clash is not None:
        raise DomainError(_l("Room %(room)s is taken at that time by the session “%(session)s” "
                             "(%(start)s–%(end)s).", room=clash.room, session=clash.title,
                             start=local_clock(clash.starts_at, event.timezone),
                             end=local_clock(clash.ends_at, event.timezone)), status=409)


def _check_talks_fit(session: ProgrammeSession) -> None:
    needed = sum(t.duration_minutes for t in session.talks)
    if needed > session.minutes:
        raise DomainError(_l("The talks of “%(session)s” last %(needed)d minutes but the session "
                             "lasts %(length)d minutes: a talk would run past its end.",
                             session=session.title, needed=needed, length=session.minutes))


def save_session(event: Event, session: ProgrammeSession | None, data: SessionData) -> ProgrammeSession:
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
        abort(404)
    return session


def _sessions(*conditions) -> list[ProgrammeSession]:
    """Sessions in time order with their talks, speakers and authors loaded in a few queries."""
    talks = selectinload(ProgrammeSession.talks)
    return list(db.session.scalars(select(ProgrammeSession).where(*conditions).order_by(
        ProgrammeSession.starts_at, ProgrammeSession.room).options(
        talks.selectinload(Talk.speaker),
        talks.selectinload(Talk.abstract).selectinload(Abstract.authors))))


def sessions_of(event: Event) -> list[ProgrammeSession]:
    return _sessions(ProgrammeSession.event_id == event.id)


def programme_by_day(event: Event) -> list[tuple[date, list[ProgrammeSession]]]:
    tz = ZoneInfo(event.timezone)
    days = defaultdict(list)
    for session in sessions_of(event):
        days[session.starts_at.astimezone(tz).date()].append(session)
    return sorted(days.items())


def placed_abstract_ids(abstract_ids) -> set[int]:
    return set(db.session.scalars(select(Talk.abstract_id).where(Talk.abstract_id.in_(abstract_ids))))


def placeable_abstracts(event: Event) -> list[Abstract]:
    call = call_of(event)
    if call is None:
        return []
    return list(db.session.scalars(select(Abstract).where(
        Abstract.call_id == call.id, Abstract.state == AbstractState.ACCEPTED.value,
        ~exists().where(Talk.abstract_id == Abstract.id)).order_by(Abstract.title)))


def speaker_for(event: Event, person: Author) -> Speaker:
    """The conference's speaker record for this person, found by email when there is one."""
    speaker = None
    if person.email:
        speaker = db.session.scalar(select(Speaker).where(
            Speaker.event_id == event.id, func.lower(Speaker.email) == person.email.lower()))
    if speaker is None:
        speaker = Speaker(event_id=event.id, name=person.name, email=person.email)
        db.session.add(speaker)
    speaker.name = person.name
    speaker.affiliation = person.affiliation or speaker.affiliation
    speaker.country = person.country or speaker.country
    return speaker


def add_talk(session: ProgrammeSession, duration: int, *, abstract_id: int | None = None,
             title: str = "", speaker: Author | None = None) -> Talk:
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
        raise DomainError(_l("Choose an accepted abstract, or give an invited talk's title and speaker."))
    talk = Talk(abstract_id=abstract_id or None, invited_title=title,
                speaker=speaker_for(event, speaker), duration_minutes=duration,
                position=len(session.talks))
    session.talks.append(talk)
    _check_talks_fit(session)
    session.ical_sequence += 1
    db.session.flush()
    logger.info("talk added session=%s talk=%s", session.id, talk.id)
    return talk


def event_talk(event: Event, talk_id: int) -> Talk:
    talk = db.session.get(Talk, talk_id)
    if talk is None or talk.session.event_id != event.id:
        abort(404)
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
        abort(404)
    return speaker


def speakers_of(event: Event) -> list[Speaker]:
    return list(db.session.scalars(select(Speaker).where(
        Speaker.event_id == event.id, Speaker.talks.any()).order_by(Speaker.name)))


def session_description(session: ProgrammeSession) -> str:
    """The chair and each talk with its times, as calendar text in the reader's language."""
    zone = session.event.timezone
    lines = [_("Chair: %(chair)s", chair=session.chair)] if session.chair else []
    for talk, starts, ends in session.schedule():
        speaker = talk.speaker.name + (f" ({talk.speaker.affiliation})" if talk.speaker.affiliation else "")
        lines.append(f"{local_clock(starts, zone)}–{local_clock(ends, zone)} {talk.title} — {speaker}")
    return "\n".join(lines)


# --- My programme -----------------------------------------------------------------------------

def marked_ids(user, event: Event) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(db.session.scalars(select(MarkedSession.session_id).join(ProgrammeSession).where(
        MarkedSession.user_id == user.id, ProgrammeSession.event_id == event.id)))


def toggle_mark(user: User, session: ProgrammeSession) -> bool:
    """Mark or unmark; True when the session is now in the person's programme."""
    mark = db.session.get(MarkedSession, (user.id, session.id))
    if mark is None:
        db.session.add(MarkedSession(user_id=user.id, session_id=session.id))
        return True
    db.session.delete(mark)
    return False


def marked_sessions(user: User, event: Event) -> list[ProgrammeSession]:
    return _sessions(ProgrammeSession.event_id == event.id, ProgrammeSession.id.in_(
        select(MarkedSession.session_id).where(MarkedSession.user_id == user.id)))


# --- Other domains ---------------------------------------------------------------------------

@account_deleting.connect
def _forget_author_and_reviewer(user: User) -> None:
    """What the person submitted, reviewed and marked goes with the account; their talks leave
    the programme."""
    db.session.execute(delete(Talk).where(Talk.abstract_id.in_(
        select(Abstract.id).where(Abstract.submitter_id == user.id))))
    for row in [*my_abstracts(None, user),
                *db.session.scalars(select(Review).where(Review.reviewer_id == user.id))]:
        db.session.delete(row)
    for column in (ReviewAssignment.user_id, TrackReviewer.user_id, MarkedSession.user_id):
        db.session.execute(delete(column.class_).where(column == user.id))


@account_data.connect
def _author_and_reviewer_data(user: User):
    reviews = db.session.scalars(select(Review).where(Review.reviewer_id == user.id)).all()
    return "conference_abstracts", {
        "submitted": [{"conference": a.call.event.title, "title": a.title, "text": a.text,
                       "track": a.track.name, "language": a.language, "state": a.state,
                       "authors": [{"name": p.name, "email": p.email, "affiliation": p.affiliation,
                                    "country": p.country, "presenter": p.presenter} for p in a.authors],
                       "submitted_at": a.created_at.isoformat()} for a in my_abstracts(None, user)],
        "reviews": [{"abstract": r.abstract.title, "comment": r.comment,
                     "scores": {c.name: r.score_for(c.id) for c in r.abstract.call.criteria}}
                    for r in reviews],
    }
