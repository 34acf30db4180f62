import enum
import secrets
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.auth.models import User
from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.extensions import db
from network.groups.models import WorkingGroup
from network.multilingual import Multilingual
from network.themes.models import Theme


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


class EventKind(str, enum.Enum):
    SEMINAR = "seminar"
    WORKSHOP = "workshop"
    WEBINAR = "webinar"
    CONFERENCE = "conference"


class Visibility(str, enum.Enum):
    PUBLIC = "public"
    MEMBERS = "members"
    GROUP = "group"


class EventStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class RegistrationState(str, enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


PENDING = RegistrationState.PENDING.value
CONFIRMED = RegistrationState.CONFIRMED.value
WAITLISTED = RegistrationState.WAITLISTED.value
CANCELLED = RegistrationState.CANCELLED.value
REJECTED = RegistrationState.REJECTED.value
ACTIVE_STATES = (PENDING, CONFIRMED, WAITLISTED)
# The furthest ahead a reminder can be set, in hours before the start.
MAX_REMINDER_HOURS = 24 * 14
_ACTIVE_SQL = text("state IN ('pending', 'confirmed', 'waitlisted')")


class QuestionKind(str, enum.Enum):
    SHORT = "short"
    LONG = "long"
    SINGLE = "single"
    MULTIPLE = "multiple"
    CHECKBOX = "checkbox"


event_theme = Table(
    "event_theme",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True, index=True),
)

event_organizer = Table(
    "event_organizer",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Event(Multilingual, db.Model):
    TRANSLATED = ("title", "description")

    __tablename__ = "event"
    __table_args__ = (
        enum_check("kind", EventKind),
        enum_check("visibility", Visibility),
        enum_check("status", EventStatus),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("seats_taken >= 0", name="seats_not_negative"),
        # The last line of defence against overbooking; the guarded UPDATE in services keeps to it.
        CheckConstraint(
            "capacity IS NULL OR seats_taken <= capacity", name="seats_within_capacity"
        ),
        CheckConstraint("reminder_hours >= 0", name="reminder_hours"),
        Index("ix_event_status_starts_at", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default=EventKind.SEMINAR.value)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    join_url: Mapped[str] = mapped_column(String(500), default="")
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_group.id", ondelete="SET NULL"), index=True
    )
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.PUBLIC.value)
    status: Mapped[str] = mapped_column(String(16), default=EventStatus.DRAFT.value)
    # Bumped on every change a calendar shows (RFC 5545 SEQUENCE).
    ical_sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    capacity: Mapped[int | None] = mapped_column()
    seats_taken: Mapped[int] = mapped_column(default=0)
    waitlist_enabled: Mapped[bool] = mapped_column(default=True)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approval_required: Mapped[bool] = mapped_column(default=False)
    allow_non_members: Mapped[bool] = mapped_column(default=True)
    reminder_hours: Mapped[int] = mapped_column(default=24)

    group: Mapped[WorkingGroup | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=event_theme, order_by=Theme.position)
    organizers: Mapped[list[User]] = relationship(secondary=event_organizer, order_by=User.name)
    languages: Mapped[list["EventLanguage"]] = relationship(
        cascade="all, delete-orphan", order_by="EventLanguage.code"
    )
    questions: Mapped[list["RegistrationQuestion"]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="RegistrationQuestion.position",
    )

    @property
    def language_codes(self) -> list[str]:
        return [language.code for language in self.languages]

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED.value

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED.value

    def is_organizer(self, user) -> bool:
        return bool(
            user and user.is_authenticated and any(o.id == user.id for o in self.organizers)
        )

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.slug}>"


class EventLanguage(db.Model):
    """A language the event is held in (ISO 639-1), one row each so lists can filter on it."""

    __tablename__ = "event_language"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(8), primary_key=True, index=True)


class RegistrationQuestion(Multilingual, db.Model):
    TRANSLATED = ("label",)

    __tablename__ = "registration_question"
    __table_args__ = (enum_check("kind", QuestionKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default=QuestionKind.SHORT.value)
    label: Mapped[str] = mapped_column(String(300))
    choices: Mapped[list] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="questions")


class Registration(db.Model):
    __tablename__ = "registration"
    __table_args__ = (
        enum_check("state", RegistrationState),
        # One active registration per person and event; cancelled and rejected rows stay as history.
        Index(
            "uq_registration_event_email_active",
            "event_id",
            "email",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
        Index("ix_registration_event_state", "event_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    state: Mapped[str] = mapped_column(String(16), default=RegistrationState.PENDING.value)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Secret of the links in mail (confirm, cancel); never shown to organizers.
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    # Secret in the check-in QR code; only organizers can act on it.
    checkin_code: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def awaits_email(self) -> bool:
        return self.state == RegistrationState.PENDING.value and self.email_confirmed_at is None


class EventFeedToken(db.Model):
    """Secret of a person's calendar feed of their registrations; replacing it revokes the old URL."""

    __tablename__ = "event_feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
