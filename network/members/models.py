"""People and organizations of the network, and who may see what of them."""

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.auth.models import User
from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.extensions import db
from network.themes.models import Theme


class Visibility(str, enum.Enum):
    PUBLIC = "public"
    MEMBERS = "members"
    PRIVATE = "private"


VISIBILITY_LABELS = {
    Visibility.PUBLIC.value: _l("Everyone"),
    Visibility.MEMBERS.value: _l("Signed-in members"),
    Visibility.PRIVATE.value: _l("Only me"),
}


class PersonKind(str, enum.Enum):
    SCHOLAR = "scholar"
    STUDENT = "student"
    ACTIVIST = "activist"
    PRACTITIONER = "practitioner"
    POLICY_MAKER = "policy_maker"
    JOURNALIST = "journalist"


PERSON_KINDS = {
    PersonKind.SCHOLAR.value: _l("Scholar"),
    PersonKind.STUDENT.value: _l("Student"),
    PersonKind.ACTIVIST.value: _l("Activist"),
    PersonKind.PRACTITIONER.value: _l("Practitioner"),
    PersonKind.POLICY_MAKER.value: _l("Policy maker"),
    PersonKind.JOURNALIST.value: _l("Journalist"),
}


class OrganizationKind(str, enum.Enum):
    """The kinds of organization, for every domain that sorts organizations by kind."""

    MIGRANT_ASSOCIATION = "migrant_association"
    NGO = "ngo"
    RESEARCH = "research"
    THINK_TANK = "think_tank"
    INTERNATIONAL = "international"
    GOVERNMENT = "government"
    FOUNDATION = "foundation"


ORGANIZATION_KINDS = {
    OrganizationKind.MIGRANT_ASSOCIATION.value: _l(
        "Migrant association (hometown association, diaspora group)"
    ),
    OrganizationKind.NGO.value: _l("NGO or civil-society organization"),
    OrganizationKind.RESEARCH.value: _l("Research centre or university"),
    OrganizationKind.THINK_TANK.value: _l("Think tank"),
    OrganizationKind.INTERNATIONAL.value: _l("International organization"),
    OrganizationKind.GOVERNMENT.value: _l("Government agency"),
    OrganizationKind.FOUNDATION.value: _l("Foundation"),
}


class AffiliationState(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"


def full_text_index(table: str) -> Index:
    """PostgreSQL's word index over the folded search text (network.members.search); SQLite's
    is an FTS5 table made beside the table."""
    return Index(
        f"ix_{table}_search",
        text("to_tsvector('simple', search_text)"),
        postgresql_using="gin",
    ).ddl_if(dialect="postgresql")


person_theme = Table(
    "person_theme",
    db.metadata,
    Column("person_id", ForeignKey("person_profile.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True, index=True),
)

organization_theme = Table(
    "organization_theme",
    db.metadata,
    Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class PersonProfile(db.Model):
    __tablename__ = "person_profile"
    __table_args__ = (
        enum_check("kind", PersonKind),
        enum_check("visibility", Visibility),
        enum_check("email_visibility", Visibility),
        enum_check("website_visibility", Visibility),
        # Listed profiles: counted by visibility, paged in name or date order without a sort.
        Index("ix_person_profile_listing", "listed_in_directory", "visibility"),
        Index("ix_person_profile_listed_name", "listed_in_directory", "sort_name"),
        Index("ix_person_profile_listed_created", "listed_in_directory", "created_at"),
        full_text_index("person_profile"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    headline: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    expertise: Mapped[str] = mapped_column(String(500), default="")
    affiliations: Mapped[str] = mapped_column(String(500), default="")
    orcid: Mapped[str | None] = mapped_column(String(19))
    website: Mapped[str | None] = mapped_column(String(500))
    # One http(s) link per line.
    publications: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(10), default=Visibility.MEMBERS.value)
    email_visibility: Mapped[str] = mapped_column(String(10), default=Visibility.PRIVATE.value)
    website_visibility: Mapped[str] = mapped_column(String(10), default=Visibility.PUBLIC.value)
    listed_in_directory: Mapped[bool] = mapped_column(default=False)
    # Lowercased, accent-free copies kept by the service: portable search and sort.
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=person_theme, order_by=Theme.position)
    language_rows: Mapped[list["PersonLanguage"]] = relationship(
        cascade="all, delete-orphan", order_by="PersonLanguage.language"
    )
    origin_rows: Mapped[list["PersonOrigin"]] = relationship(
        cascade="all, delete-orphan", order_by="PersonOrigin.country"
    )
    corridors: Mapped[list["Corridor"]] = relationship(
        cascade="all, delete-orphan", order_by="Corridor.id"
    )
    affiliation_rows: Mapped[list["OrgAffiliation"]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    languages: AssociationProxy[list[str]] = association_proxy("language_rows", "language")
    origins: AssociationProxy[list[str]] = association_proxy("origin_rows", "country")

    @property
    def kind_label(self) -> str:
        return PERSON_KINDS.get(self.kind, self.kind)

    @property
    def publication_links(self) -> list[str]:
        return [line for line in self.publications.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<PersonProfile {self.id}>"


class PersonLanguage(db.Model):
    __tablename__ = "person_language"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person_profile.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)


class PersonOrigin(db.Model):
    __tablename__ = "person_origin"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person_profile.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)


class Organization(db.Model):
    __tablename__ = "organization"
    __table_args__ = (
        enum_check("kind", OrganizationKind),
        enum_check("visibility", Visibility),
        enum_check("email_visibility", Visibility),
        Index("ix_organization_listing", "listed_in_directory", "visibility"),
        Index("ix_organization_listed_name", "listed_in_directory", "sort_name"),
        Index("ix_organization_listed_created", "listed_in_directory", "created_at"),
        full_text_index("organization"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(24), index=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    city: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[str | None] = mapped_column(String(64))
    website: Mapped[str | None] = mapped_column(String(500))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    email_visibility: Mapped[str] = mapped_column(String(10), default=Visibility.MEMBERS.value)
    year_founded: Mapped[int | None]
    visibility: Mapped[str] = mapped_column(String(10), default=Visibility.PUBLIC.value)
    listed_in_directory: Mapped[bool] = mapped_column(default=False)
    search_text: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    themes: Mapped[list[Theme]] = relationship(
        secondary=organization_theme, order_by=Theme.position
    )
    language_rows: Mapped[list["OrganizationLanguage"]] = relationship(
        cascade="all, delete-orphan", order_by="OrganizationLanguage.language"
    )
    served_rows: Mapped[list["OrganizationCountry"]] = relationship(
        cascade="all, delete-orphan", order_by="OrganizationCountry.country"
    )
    corridors: Mapped[list["Corridor"]] = relationship(
        cascade="all, delete-orphan", order_by="Corridor.id"
    )
    admins: Mapped[list["OrganizationAdmin"]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    affiliations: Mapped[list["OrgAffiliation"]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    invitations: Mapped[list["OrganizationInvitation"]] = relationship(
        back_populates="organization",
        cascade="all, delete-orphan",
        order_by="OrganizationInvitation.created_at",
    )

    languages: AssociationProxy[list[str]] = association_proxy("language_rows", "language")
    served_countries: AssociationProxy[list[str]] = association_proxy("served_rows", "country")

    @property
    def kind_label(self) -> str:
        return ORGANIZATION_KINDS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<Organization {self.id}>"


class OrganizationLanguage(db.Model):
    __tablename__ = "organization_language"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)


class OrganizationCountry(db.Model):
    """A country whose people the organization serves."""

    __tablename__ = "organization_country"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)


class Corridor(db.Model):
    """An origin -> destination pair that a person works on or an organization serves."""

    __tablename__ = "corridor"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) != (organization_id IS NULL)", name="one_owner"),
        CheckConstraint("origin != destination", name="distinct_countries"),
        Index("ix_corridor_origin_destination", "origin", "destination"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person_profile.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    origin: Mapped[str] = mapped_column(String(2))
    destination: Mapped[str] = mapped_column(String(2), index=True)


class OrganizationAdmin(db.Model):
    __tablename__ = "organization_admin"
    __table_args__ = (UniqueConstraint("organization_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="admins")
    user: Mapped[User] = relationship()


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class OrganizationInvitation(db.Model):
    """An administrator asked someone, by address, to administer the organization with them.

    Nothing is looked up at the address when the invitation is made; the person becomes an
    administrator only by accepting it, signed in to the account that has this address.
    """

    __tablename__ = "organization_invitation"
    __table_args__ = (UniqueConstraint("organization_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_invitation_token)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organization: Mapped[Organization] = relationship(back_populates="invitations")


class OrgAffiliation(db.Model):
    """A person says they work with an organization; one of its admins approves it."""

    __tablename__ = "org_affiliation"
    __table_args__ = (
        UniqueConstraint("person_id", "organization_id"),
        enum_check("state", AffiliationState),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person_profile.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(160), default="")
    state: Mapped[str] = mapped_column(String(16), default=AffiliationState.PENDING.value)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[PersonProfile] = relationship(back_populates="affiliation_rows")
    organization: Mapped[Organization] = relationship(back_populates="affiliations")

    @property
    def approved(self) -> bool:
        return self.state == AffiliationState.APPROVED.value
