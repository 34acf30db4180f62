"""Membership of the network: an application staff approve, then a term that is renewed."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    start_date: Mapped[date | None] = mapped_column(Date)
    renewal_date: Mapped[date | None] = mapped_column(Date, index=True)
    # The renewal date a reminder was sent for: one reminder per term.
    reminded_for_renewal: Mapped[date | None] = mapped_column(Date)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # For an organization: the admin who applied on its behalf.
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    organization: Mapped[Organization | None] = relationship()
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
