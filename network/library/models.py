"""The knowledge library: papers, briefs, data and seminar materials, with their texts in each
language, their authors in order and their files."""

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.auth.models import User
from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.extensions import db
from network.groups.models import WorkingGroup
from network.members.models import Organization
from network.themes.models import Theme


class ItemKind(str, enum.Enum):
    WORKING_PAPER = "working_paper"
    POLICY_BRIEF = "policy_brief"
    REPORT = "report"
    JOURNAL_ARTICLE = "journal_article"
    BOOK = "book"
    CHAPTER = "chapter"
    DATA_BRIEF = "data_brief"
    DATASET = "dataset"
    PRESENTATION = "presentation"
    RECORDING = "recording"


class ItemState(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


class Confirmation(str, enum.Enum):
    NOT_ASKED = "not_asked"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


item_theme = Table(
    "library_item_theme",
    db.metadata,
    Column("item_id", ForeignKey("library_item.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# Working groups an item belongs to besides the one it was submitted to (whose chairs review it).
item_group = Table(
    "library_item_group",
    db.metadata,
    Column("item_id", ForeignKey("library_item.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "group_id", ForeignKey("working_group.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)

item_organization = Table(
    "library_item_organization",
    db.metadata,
    Column("item_id", ForeignKey("library_item.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organization_id",
        ForeignKey("organization.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Item(db.Model):
    __tablename__ = "library_item"
    __table_args__ = (
        enum_check("kind", ItemKind),
        enum_check("state", ItemState),
        CheckConstraint("date_month IS NULL OR date_month BETWEEN 1 AND 12", name="date_month"),
        CheckConstraint(
            "date_day IS NULL OR (date_month IS NOT NULL AND date_day BETWEEN 1 AND 31)",
            name="date_day",
        ),
        CheckConstraint("download_count >= 0", name="download_count"),
        Index("ix_library_item_state_published", "state", "published_at"),
        Index("ix_library_item_updated", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    state: Mapped[str] = mapped_column(String(16), default=ItemState.DRAFT.value)
    original_language: Mapped[str] = mapped_column(String(2), default="en")
    language: Mapped[str] = mapped_column(String(2), default="en", index=True)
    date_year: Mapped[int] = mapped_column(index=True)
    date_month: Mapped[int | None]
    date_day: Mapped[int | None]
    series: Mapped[str] = mapped_column(String(200), default="")
    number: Mapped[str] = mapped_column(String(40), default="")
    doi: Mapped[str | None] = mapped_column(String(200), unique=True)
    isbn: Mapped[str] = mapped_column(String(20), default="")
    issn: Mapped[str] = mapped_column(String(9), default="")
    license: Mapped[str] = mapped_column(String(40), default="CC-BY-4.0")
    keywords: Mapped[str] = mapped_column(Text, default="")
    external_url: Mapped[str] = mapped_column(String(500), default="")
    journal_title: Mapped[str] = mapped_column(String(300), default="")
    volume: Mapped[str] = mapped_column(String(20), default="")
    issue: Mapped[str] = mapped_column(String(20), default="")
    first_page: Mapped[str] = mapped_column(String(20), default="")
    last_page: Mapped[str] = mapped_column(String(20), default="")
    publisher: Mapped[str] = mapped_column(String(300), default="")
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_group.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    download_count: Mapped[int] = mapped_column(default=0)
    return_comment: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    texts: Mapped[list["ItemText"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ItemText.language"
    )
    authors: Mapped[list["ItemAuthor"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ItemAuthor.position"
    )
    files: Mapped[list["ItemFile"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ItemFile.id"
    )
    countries: Mapped[list["ItemCountry"]] = relationship(
        cascade="all, delete-orphan", order_by="ItemCountry.country"
    )
    corridors: Mapped[list["ItemCorridor"]] = relationship(
        cascade="all, delete-orphan", order_by="ItemCorridor.origin"
    )
    themes: Mapped[list[Theme]] = relationship(secondary=item_theme, order_by=Theme.position)
    other_groups: Mapped[list[WorkingGroup]] = relationship(
        secondary=item_group, order_by=WorkingGroup.name
    )
    organizations: Mapped[list[Organization]] = relationship(
        secondary=item_organization, order_by=Organization.name
    )
    submitted_by: Mapped[User | None] = relationship()

    def text_in(self, language: str | None) -> "ItemText | None":
        """The text in that language, else the original one, else any."""
        by_language = {text.language: text for text in self.texts}
        return (
            by_language.get(language or "")
            or by_language.get(self.original_language)
            or next(iter(self.texts), None)
        )

    def title_in(self, language: str | None) -> str:
        text = self.text_in(language)
        return text.title if text else ""

    def abstract_in(self, language: str | None) -> str:
        text = self.text_in(language)
        return text.abstract if text else ""

    @property
    def title(self) -> str:
        return self.title_in(self.original_language)

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    @property
    def iso_date(self) -> str:
        parts = [f"{self.date_year:04d}"]
        if self.date_month:
            parts.append(f"{self.date_month:02d}")
            if self.date_day:
                parts.append(f"{self.date_day:02d}")
        return "-".join(parts)

    @property
    def date_label(self) -> str:
        return self.iso_date

    @property
    def is_published(self) -> bool:
        return self.state == ItemState.PUBLISHED.value

    def __repr__(self) -> str:
        return f"<Item {self.id}>"


class ItemText(db.Model):
    __tablename__ = "library_item_text"
    __table_args__ = (UniqueConstraint("item_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("library_item.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(500))
    abstract: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[Item] = relationship(back_populates="texts")


class ItemAuthor(db.Model):
    __tablename__ = "library_item_author"
    __table_args__ = (enum_check("confirmation", Confirmation),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("library_item.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    orcid: Mapped[str] = mapped_column(String(19), default="")
    confirmation: Mapped[str] = mapped_column(String(16), default=Confirmation.NOT_ASKED.value)

    item: Mapped[Item] = relationship(back_populates="authors")
    user: Mapped[User | None] = relationship()


class ItemFile(db.Model):
    __tablename__ = "library_item_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("library_item.id", ondelete="CASCADE"), index=True
    )
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    item: Mapped[Item] = relationship(back_populates="files")


class ItemCountry(db.Model):
    __tablename__ = "library_item_country"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("library_item.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)


class ItemCorridor(db.Model):
    __tablename__ = "library_item_corridor"
    __table_args__ = (CheckConstraint("origin != destination", name="distinct_countries"),)

    item_id: Mapped[int] = mapped_column(
        ForeignKey("library_item.id", ondelete="CASCADE"), primary_key=True
    )
    origin: Mapped[str] = mapped_column(String(2), primary_key=True)
    destination: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)
