"""Mailing lists, their subscribers and each subscription's consent record."""

import enum
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.auth.models import User
from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.extensions import db
from network.groups.models import WorkingGroup
from network.i18n import current_language


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class ListKind(str, enum.Enum):
    PUBLIC = "public"
    MEMBERS = "members"
    GROUP = "group"
    CAMPAIGN = "campaign"


class ListVisibility(str, enum.Enum):
    PUBLIC = "public"  # shown to everyone in the list directory
    MEMBERS = "members"  # shown to signed-in members only
    HIDDEN = "hidden"  # reached only by its link or by staff


class SubscriptionState(str, enum.Enum):
    PENDING = "pending"
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"


class Subscriber(db.Model):
    """One mailbox, with or without an account. A global opt-out here beats every list."""

    __tablename__ = "subscriber"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), unique=True
    )
    # Secret for the preference centre link; replacing it revokes old links.
    secret: Mapped[str] = mapped_column(String(64), default=new_secret)
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    bouncing_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Last confirmation mail: at most one per address per day, so the form cannot bomb an inbox.
    confirmation_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User | None] = relationship()

    @property
    def can_receive(self) -> bool:
        return self.opted_out_at is None and self.bouncing_at is None


class MailingList(db.Model):
    __tablename__ = "mailing_list"
    __table_args__ = (
        enum_check("kind", ListKind),
        enum_check("visibility", ListVisibility),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default=ListKind.PUBLIC.value)
    name_en: Mapped[str] = mapped_column(String(160), default="")
    name_es: Mapped[str] = mapped_column(String(160), default="")
    name_fr: Mapped[str] = mapped_column(String(160), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_es: Mapped[str] = mapped_column(Text, default="")
    description_fr: Mapped[str] = mapped_column(Text, default="")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("working_group.id", ondelete="CASCADE"))
    visibility: Mapped[str] = mapped_column(String(16), default=ListVisibility.PUBLIC.value)
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    group: Mapped[WorkingGroup | None] = relationship()

    def shown_language(self, field: str, language: str | None = None) -> str:
        """The language a reader of `language` sees the field in: theirs when written, else
        the first written of en, es, fr."""
        language = language or current_language()
        for code in (language, "en", "es", "fr"):
            if getattr(self, f"{field}_{code}", ""):
                return code
        return language

    def localized(self, field: str, language: str | None = None) -> str:
        return getattr(self, f"{field}_{self.shown_language(field, language)}", "") or ""

    def text(self, field: str, language: str | None = None) -> str:
        """As network.multilingual's models answer: templates mark a text not in the reader's
        language with translated(list, field)."""
        return self.localized(field, language)

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def is_public(self) -> bool:
        return self.kind in (ListKind.PUBLIC.value, ListKind.CAMPAIGN.value)


class Subscription(db.Model):
    """A subscriber on a list, with its consent record."""

    __tablename__ = "subscription"
    __table_args__ = (
        UniqueConstraint("list_id", "subscriber_id"),
        enum_check("state", SubscriptionState),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("mailing_list.id", ondelete="CASCADE"), index=True
    )
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscriber.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(16), default=SubscriptionState.PENDING.value)
    consent_source: Mapped[str] = mapped_column(String(16))  # a ConsentSource value
    consent_page: Mapped[str] = mapped_column(String(500), default="")
    # For imports: where the consent was given (a paper sheet, an event...), as staff stated it.
    consent_note: Mapped[str] = mapped_column(String(500), default="")
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A pending request's own link: it confirms this list only, never others someone else
    # requested for the same address. Cleared once used.
    confirm_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    mailing_list: Mapped[MailingList] = relationship()
    subscriber: Mapped[Subscriber] = relationship()


class ConsentSource(str, enum.Enum):
    FORM = "form"
    MEMBER = "member"
    IMPORT = "import"
    GROUP = "group"
    CAMPAIGN = "campaign"
    PREFERENCES = "preferences"
