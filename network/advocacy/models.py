"""Campaigns, their signatures and organizations' endorsements."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.extensions import db
from network.lists.models import MailingList, new_secret
from network.multilingual import Multilingual
from network.themes.models import Theme


class CampaignStatus(str, enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class SignatureState(str, enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"


campaign_theme = db.Table(
    "campaign_theme",
    db.metadata,
    db.Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    db.Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)


class Campaign(Multilingual, db.Model):
    TRANSLATED = ("title", "summary", "statement")

    __tablename__ = "campaign"
    __table_args__ = (
        enum_check("status", CampaignStatus),
        CheckConstraint("goal >= 0", name="goal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    statement: Mapped[str] = mapped_column(Text, default="")  # Markdown
    goal: Mapped[int] = mapped_column(default=0)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    languages: Mapped[str] = mapped_column(String(40), default="en")  # comma-separated codes
    list_id: Mapped[int | None] = mapped_column(ForeignKey("mailing_list.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=CampaignStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    mailing_list: Mapped[MailingList | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=campaign_theme, order_by=Theme.position)

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN.value and (
            self.deadline is None or self.deadline > utcnow()
        )


class Signature(db.Model):
    __tablename__ = "signature"
    __table_args__ = (
        UniqueConstraint("campaign_id", "email"),
        enum_check("state", SignatureState),
        # A campaign's confirmed signatures: counted from the index alone, listed newest first.
        Index(
            "ix_signature_campaign_state_listed", "campaign_id", "state", "listed", "confirmed_at"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    country: Mapped[str] = mapped_column(String(2))
    organization_name: Mapped[str] = mapped_column(String(200), default="")
    listed: Mapped[bool] = mapped_column(default=False)
    opt_in: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(8), default="en")
    state: Mapped[str] = mapped_column(String(16), default=SignatureState.PENDING.value)
    confirm_token: Mapped[str | None] = mapped_column(String(64), unique=True, default=new_secret)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    campaign: Mapped[Campaign] = relationship()


class Endorsement(db.Model):
    """An organization's endorsement; organizations without an account give name, country, kind."""

    __tablename__ = "endorsement"
    __table_args__ = (
        UniqueConstraint("campaign_id", "organization_name", "country"),
        UniqueConstraint("campaign_id", "organization_id"),
        enum_check("state", SignatureState),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # Set when an administrator of a member organization endorsed for it.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    organization_name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(32), default="other")
    website: Mapped[str] = mapped_column(String(500), default="")
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8), default="en")
    state: Mapped[str] = mapped_column(String(16), default=SignatureState.PENDING.value)
    confirm_token: Mapped[str | None] = mapped_column(String(64), unique=True, default=new_secret)
    verified_by_staff: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    campaign: Mapped[Campaign] = relationship()
