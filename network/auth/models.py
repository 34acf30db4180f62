import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from network.dbtypes import UTCDateTime, enum_check, utcnow
from network.extensions import db


class Role(str, enum.Enum):
    MEMBER = "member"
    ORGANIZER = "organizer"
    STAFF = "staff"
    ADMIN = "admin"


ROLE_RANK = {Role.MEMBER: 0, Role.ORGANIZER: 1, Role.STAFF: 2, Role.ADMIN: 3}

ROLE_LABELS = {
    Role.MEMBER.value: _l("Member"),
    Role.ORGANIZER.value: _l("Organizer"),
    Role.STAFF.value: _l("Staff"),
    Role.ADMIN.value: _l("Administrator"),
}


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __table_args__ = (enum_check("role", Role),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER.value)
    language: Mapped[str] = mapped_column(String(8), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Part of the login cookie: replacing it ends every session of this account.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, role: Role) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[role]

    @property
    def is_staff(self) -> bool:
        return self.has_role(Role.STAFF)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    def __repr__(self) -> str:
        return f"<User {self.id}>"
