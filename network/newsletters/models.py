"""Newsletters, their language versions, and one delivery row per recipient."""

import enum
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.auth.models import User
from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.extensions import db
from network.groups.models import WorkingGroup
from network.lists.models import ListKind, ListVisibility, MailingList, Subscriber
from network.themes.models import Theme


class NewsletterStatus(str, enum.Enum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    PAUSED = "paused"
    SENT = "sent"
    CANCELLED = "cancelled"


class DeliveryState(str, enum.Enum):
    PENDING = "pending"
    SENDING = "sending"  # committed just before the SMTP call: it may have gone out
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # unsubscribed, opted out or bouncing by the time its turn came


def public_list_clause():
    """Lists whose newsletters anyone may read in the archive."""
    return and_(
        MailingList.visibility == ListVisibility.PUBLIC.value,
        MailingList.kind.in_((ListKind.PUBLIC.value, ListKind.CAMPAIGN.value)),
    )


def is_public_list(mailing_list: MailingList) -> bool:
    return mailing_list.is_public and mailing_list.visibility == ListVisibility.PUBLIC.value


newsletter_list = Table(
    "newsletter_list",
    db.metadata,
    Column("newsletter_id", ForeignKey("newsletter.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "list_id", ForeignKey("mailing_list.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Newsletter(db.Model):
    __tablename__ = "newsletter"
    __table_args__ = (enum_check("status", NewsletterStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    preheader: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    sender_name: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(
        String(16), default=NewsletterStatus.DRAFT.value, index=True
    )
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Last time sending tasks were queued; keeps two schedulers from doubling the senders.
    kicked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    segment_language: Mapped[str] = mapped_column(String(8), default="")
    segment_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_group.id", ondelete="SET NULL")
    )
    # Profile fields: only people with an account and a profile match these.
    segment_member_kind: Mapped[str] = mapped_column(String(20), default="")
    segment_membership_status: Mapped[str] = mapped_column(String(16), default="")
    segment_country: Mapped[str] = mapped_column(String(2), default="")
    segment_corridor_origin: Mapped[str] = mapped_column(String(2), default="")
    segment_corridor_destination: Mapped[str] = mapped_column(String(2), default="")
    segment_theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("theme.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # When the main language's subject, preheader or text last changed.
    content_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    lists: Mapped[list[MailingList]] = relationship(
        secondary=newsletter_list, order_by=MailingList.id
    )
    versions: Mapped[list["NewsletterVersion"]] = relationship(
        back_populates="newsletter",
        cascade="all, delete-orphan",
        order_by="NewsletterVersion.language",
    )
    segment_group: Mapped[WorkingGroup | None] = relationship()
    segment_theme: Mapped[Theme | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    def version(self, language: str | None) -> "Newsletter | NewsletterVersion":
        """The text a reader of this language gets: their version, else the default."""
        for version in self.versions:
            if version.language == language:
                return version
        return self

    @property
    def is_public(self) -> bool:
        return any(is_public_list(mailing_list) for mailing_list in self.lists)

    @property
    def languages(self) -> list[str]:
        return [self.language] + [v.language for v in self.versions]

    @property
    def outdated_versions(self) -> list[str]:
        """Languages whose version was not saved again after the main text changed."""
        changed = self.content_changed_at
        return [
            v.language
            for v in self.versions
            if changed and (v.updated_at is None or v.updated_at < changed)
        ]


class NewsletterVersion(db.Model):
    __tablename__ = "newsletter_version"
    __table_args__ = (UniqueConstraint("newsletter_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    newsletter_id: Mapped[int] = mapped_column(ForeignKey("newsletter.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(200))
    preheader: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=utcnow)

    newsletter: Mapped[Newsletter] = relationship(back_populates="versions")


class Delivery(db.Model):
    """One recipient of one newsletter: pending -> sending -> sent / failed (or skipped).

    A worker claims rows by writing its claim token and a lease; a row whose lease ran out
    (its worker died) can be claimed again. "sending" is committed before the SMTP call and
    "sent" after it, so a killed worker repeats at most the one message it was sending.
    """

    __tablename__ = "newsletter_delivery"
    __table_args__ = (
        UniqueConstraint("newsletter_id", "subscriber_id"),
        enum_check("state", DeliveryState),
        Index("ix_newsletter_delivery_newsletter_state", "newsletter_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    newsletter_id: Mapped[int] = mapped_column(ForeignKey("newsletter.id", ondelete="CASCADE"))
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscriber.id", ondelete="CASCADE"), index=True
    )
    # The list whose headers and unsubscribe link the message carried.
    list_id: Mapped[int | None] = mapped_column(ForeignKey("mailing_list.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(16), default=DeliveryState.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    newsletter: Mapped[Newsletter] = relationship()
    subscriber: Mapped[Subscriber] = relationship()
