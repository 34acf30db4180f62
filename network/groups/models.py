import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.auth.models import User
from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.extensions import db
from network.multilingual import Multilingual
from network.themes.models import Theme


class MembershipState(str, enum.Enum):
    PENDING = "pending"
    ACTIVE = "active"


class WorkingGroup(Multilingual, db.Model):
    TRANSLATED = ("name", "description")

    __tablename__ = "working_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    cochair_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    theme: Mapped[Theme | None] = relationship()
    chair: Mapped[User | None] = relationship(foreign_keys=[chair_id])
    cochair: Mapped[User | None] = relationship(foreign_keys=[cochair_id])

    def is_chair(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id in (self.chair_id, self.cochair_id))


class GroupMembership(db.Model):
    __tablename__ = "group_membership"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id"),
        enum_check("state", MembershipState),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_group.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default=MembershipState.PENDING.value)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    group: Mapped[WorkingGroup] = relationship()
    user: Mapped[User] = relationship()
