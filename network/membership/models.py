"""Membership of the network: an application staff approve, then a term that is renewed."""

import enum
import unicodedata
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, event, update
from sqlalchemy.orm import Mapped, Session, attributes, mapped_column, relationship

from network.auth.models import User
from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.extensions import db
from network.members.models import Organization


class MembershipStatus(str, enum.Enum):
    APPLICANT = "applicant"
    ACTIVE = "active"
    LAPSED = "lapsed"
    SUSPENDED = "suspended"


STATUS_LABELS = {
    MembershipStatus.APPLICANT.value: _l("Applicant"),
    MembershipStatus.ACTIVE.value: _l("Active"),
    MembershipStatus.LAPSED.value: _l("Lapsed"),
    MembershipStatus.SUSPENDED.value: _l("Suspended"),
}


class Membership(db.Model):
    __tablename__ = "membership"
    __table_args__ = (
        enum_check("status", MembershipStatus),
        CheckConstraint(
            "status != 'active' or (start_date is not null and renewal_date is not null)",
            name="active_has_term",
        ),
        CheckConstraint("(user_id IS NULL) != (organization_id IS NULL)", name="one_member"),
        Index("ix_membership_sort_name_id", "sort_name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), unique=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(
        String(16), default=MembershipStatus.APPLICANT.value, index=True
    )
    statement: Mapped[str] = mapped_column(Text, default="")
    # The folded name of the person or organization: the staff list is ordered by it.
    sort_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    renewal_date: Mapped[date | None] = mapped_column(Date, index=True)
    # The renewal date a reminder was sent for: one reminder per term.
    reminded_for_renewal: Mapped[date | None] = mapped_column(Date)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # For an organization: the admin who applied on its behalf.
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    # load_on_pending: a new membership given only an id still reads its member's name.
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], load_on_pending=True)
    organization: Mapped[Organization | None] = relationship(load_on_pending=True)
    applied_by: Mapped[User | None] = relationship(foreign_keys=[applied_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def name(self) -> str:
        return self.user.name if self.user else self.organization.name

    @property
    def email(self) -> str:
        return self.user.email if self.user else (self.organization.contact_email or "")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def __repr__(self) -> str:
        return f"<Membership {self.id} {self.status}>"


def fold(name: str) -> str:
    """A name as it sorts: case and accents set aside ("Émile" beside "emile")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))[:200]


def _renamed(session: Session, model) -> list:
    return [
        item
        for item in session.dirty
        if isinstance(item, model) and attributes.get_history(item, "name").has_changes()
    ]


@event.listens_for(Session, "before_flush")
def _keep_sort_names(session: Session, _context, _instances) -> None:
    """Every writer keeps the stored sort key: new memberships, renamed people and organizations."""
    for membership in session.new:
        if isinstance(membership, Membership):
            membership.sort_name = fold(membership.name)
    for column, model in ((Membership.user_id, User), (Membership.organization_id, Organization)):
        for member in _renamed(session, model):
            session.execute(
                update(Membership)
                .where(column == member.id)
                .values(sort_name=fold(member.name))
                .execution_options(synchronize_session=False)
            )
