"""Conferences: a call for abstracts, its review and the programme of an Event of kind conference."""

import enum
from datetime import datetime, timedelta
from typing import Optional

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.auth.models import User
from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.events.models import Event
from network.extensions import db
from network.multilingual import Multilingual
from network.themes.models import Theme


class AbstractState(str, enum.Enum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


STATE_LABELS = {
    AbstractState.SUBMITTED.value: _l("Submitted"),
    AbstractState.UNDER_REVIEW.value: _l("Under review"),
    AbstractState.ACCEPTED.value: _l("Accepted"),
    AbstractState.REJECTED.value: _lp("abstract", "Rejected"),
    AbstractState.WITHDRAWN.value: _l("Withdrawn"),
}
OPEN_STATES = (AbstractState.SUBMITTED.value, AbstractState.UNDER_REVIEW.value)
# States organizers decide on; authors hear of them when the organizers send the notifications.
DECISION_STATES = (
    AbstractState.UNDER_REVIEW.value,
    AbstractState.ACCEPTED.value,
    AbstractState.REJECTED.value,
)


class Call(db.Model):
    """The call for abstracts of one conference."""

    __tablename__ = "conference_call"
    __table_args__ = (
        CheckConstraint("deadline > opens_at", name="deadline_after_opening"),
        CheckConstraint("word_limit > 0", name="word_limit_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    # When reviewers should have scored; told to them when they are assigned.
    review_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    word_limit: Mapped[int] = mapped_column(default=300)
    # ISO 639-1 codes separated by spaces.
    languages: Mapped[str] = mapped_column(String(200), default="en es fr")
    reviewers_anonymous: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship()
    tracks: Mapped[list["Track"]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="Track.position"
    )
    questions: Mapped[list["CallQuestion"]] = relationship(
        cascade="all, delete-orphan", order_by="CallQuestion.position"
    )
    criteria: Mapped[list["Criterion"]] = relationship(
        cascade="all, delete-orphan", order_by="Criterion.position"
    )

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.deadline


class Track(Multilingual, db.Model):
    TRANSLATED = ("name",)

    __tablename__ = "conference_track"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("conference_call.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)

    call: Mapped[Call] = relationship(back_populates="tracks")
    theme: Mapped[Theme | None] = relationship()
    reviewers: Mapped[list[User]] = relationship(
        secondary="conference_track_reviewer", order_by=User.name
    )


class TrackReviewer(db.Model):
    __tablename__ = "conference_track_reviewer"

    track_id: Mapped[int] = mapped_column(
        ForeignKey("conference_track.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CallQuestion(Multilingual, db.Model):
    # The column keeps its name; the attribute may not be "text", Multilingual's method.
    TRANSLATED = ("prompt",)

    __tablename__ = "conference_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("conference_call.id", ondelete="CASCADE"), index=True
    )
    prompt: Mapped[str] = mapped_column("text", String(500))
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)


class Criterion(db.Model):
    __tablename__ = "conference_criterion"
    __table_args__ = (CheckConstraint("max_score > 0", name="max_score_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("conference_call.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    max_score: Mapped[int] = mapped_column(default=5)
    position: Mapped[int] = mapped_column(default=0)


class Abstract(db.Model):
    __tablename__ = "conference_abstract"
    __table_args__ = (
        enum_check("state", AbstractState),
        Index("ix_conference_abstract_call_state", "call_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("conference_call.id", ondelete="CASCADE"))
    submitter_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("conference_track.id"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=AbstractState.SUBMITTED.value)
    # The state the submitter was last told about; decisions wait here until announced.
    notified_state: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    call: Mapped[Call] = relationship()
    submitter: Mapped[User] = relationship()
    track: Mapped[Track] = relationship()
    authors: Mapped[list["AbstractAuthor"]] = relationship(
        cascade="all, delete-orphan", order_by="AbstractAuthor.position"
    )
    answers: Mapped[list["AbstractAnswer"]] = relationship(cascade="all, delete-orphan")
    reviews: Mapped[list["Review"]] = relationship(
        back_populates="abstract", cascade="all, delete-orphan", order_by="Review.id"
    )
    reviewers: Mapped[list[User]] = relationship(
        secondary="conference_review_assignment", order_by=User.name, viewonly=True
    )

    @property
    def presenter(self) -> Optional["AbstractAuthor"]:
        return next((a for a in self.authors if a.presenter), None)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def announced_state(self) -> str:
        """What the authors see: a decision not yet announced stays hidden from them."""
        return self.notified_state or self.state

    @property
    def announced_label(self) -> str:
        return str(STATE_LABELS[self.announced_state])

    @property
    def announcement_pending(self) -> bool:
        return self.state in DECISION_STATES and self.state != self.notified_state

    def answer_to(self, question_id: int) -> str:
        return next((a.text for a in self.answers if a.question_id == question_id), "")


class AbstractAuthor(db.Model):
    """The submitter (position 0) and co-authors; co-authors need no account."""

    __tablename__ = "conference_abstract_author"

    id: Mapped[int] = mapped_column(primary_key=True)
    abstract_id: Mapped[int] = mapped_column(
        ForeignKey("conference_abstract.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    presenter: Mapped[bool] = mapped_column(default=False)


class AbstractAnswer(db.Model):
    __tablename__ = "conference_abstract_answer"

    abstract_id: Mapped[int] = mapped_column(
        ForeignKey("conference_abstract.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("conference_question.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text, default="")


class ReviewAssignment(db.Model):
    __tablename__ = "conference_review_assignment"

    abstract_id: Mapped[int] = mapped_column(
        ForeignKey("conference_abstract.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Review(db.Model):
    __tablename__ = "conference_review"
    __table_args__ = (UniqueConstraint("abstract_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    abstract_id: Mapped[int] = mapped_column(
        ForeignKey("conference_abstract.id", ondelete="CASCADE")
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    abstract: Mapped[Abstract] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship()
    scores: Mapped[list["ReviewScore"]] = relationship(cascade="all, delete-orphan")

    def score_for(self, criterion_id: int) -> int | None:
        return next((s.score for s in self.scores if s.criterion_id == criterion_id), None)


class ReviewScore(db.Model):
    __tablename__ = "conference_review_score"
    __table_args__ = (CheckConstraint("score >= 0", name="score_not_negative"),)

    review_id: Mapped[int] = mapped_column(
        ForeignKey("conference_review.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("conference_criterion.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[int] = mapped_column()


class EmailTemplate(db.Model):
    """An organizer's wording of the mail sent when an abstract reaches a state, per language."""

    __tablename__ = "conference_email_template"
    __table_args__ = (UniqueConstraint("call_id", "state", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("conference_call.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)


class Speaker(db.Model):
    """A person speaking at a conference: from an accepted abstract or invited."""

    __tablename__ = "conference_speaker"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="")
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="")

    talks: Mapped[list["Talk"]] = relationship(back_populates="speaker")


class ProgrammeSession(db.Model):
    __tablename__ = "conference_session"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_conference_session_event_start", "event_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    room: Mapped[str] = mapped_column(String(120))
    chair: Mapped[str] = mapped_column(String(120), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # RFC 5545 SEQUENCE of this session's VEVENT.
    ical_sequence: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship()
    talks: Mapped[list["Talk"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Talk.position"
    )

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def schedule(self) -> list[tuple["Talk", datetime, datetime]]:
        """Each talk with its start and end, one after another from the session's start."""
        result, start = [], self.starts_at
        for talk in self.talks:
            end = start + timedelta(minutes=talk.duration_minutes)
            result.append((talk, start, end))
            start = end
        return result


class Talk(db.Model):
    __tablename__ = "conference_talk"
    __table_args__ = (CheckConstraint("duration_minutes > 0", name="duration_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("conference_session.id", ondelete="CASCADE"), index=True
    )
    abstract_id: Mapped[int | None] = mapped_column(
        ForeignKey("conference_abstract.id", ondelete="CASCADE"), unique=True
    )
    speaker_id: Mapped[int] = mapped_column(ForeignKey("conference_speaker.id"), index=True)
    # Only invited talks carry their own title; an abstract's talk shows the abstract's.
    invited_title: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)
    duration_minutes: Mapped[int] = mapped_column(default=20)

    session: Mapped[ProgrammeSession] = relationship(back_populates="talks")
    abstract: Mapped[Abstract | None] = relationship()
    speaker: Mapped[Speaker] = relationship(back_populates="talks")

    @property
    def title(self) -> str:
        return self.abstract.title if self.abstract else self.invited_title


class MarkedSession(db.Model):
    """A session a person put in their own programme."""

    __tablename__ = "conference_marked_session"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("conference_session.id", ondelete="CASCADE"), primary_key=True, index=True
    )
