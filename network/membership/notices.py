"""Telling staff about membership applications."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from network.auth.models import ROLE_RANK, Role, User
from network.email import send_email
from network.extensions import db
from network.membership.models import Membership

MANAGERS = [role.value for role, rank in ROLE_RANK.items() if rank >= ROLE_RANK[Role.STAFF]]


def tell_staff(membership: Membership, applicant: User) -> None:
    """One mail per application to everyone who decides on memberships, in their language."""
    managers = db.session.scalars(
        select(User)
        .where(User.role.in_(MANAGERS), User.is_active_account.is_(True), User.id != applicant.id)
        .order_by(User.id)
    )
    for manager in managers:
        send_email(
            manager.email,
            "membership/application_received",
            _l("Membership application: %(name)s", name=membership.name),
            locale=manager.language,
            user=manager,
            member_name=membership.name,
            for_organization=membership.organization is not None,
            url=url_for("membership.detail", membership_id=membership.id, _external=True),
        )
