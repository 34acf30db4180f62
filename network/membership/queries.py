"""What other domains may ask about the network's memberships."""

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from network.extensions import db
from network.membership.models import Membership, MembershipStatus

APPLICANT = MembershipStatus.APPLICANT.value


def member_ids_with_status(status: str) -> Select:
    """The accounts whose membership has this status, to use inside another query's WHERE."""
    return select(Membership.user_id).where(Membership.status == status)


def application_count() -> int:
    return db.session.scalar(
        select(func.count(Membership.id)).where(Membership.status == APPLICANT)
    )


def oldest_applications(limit: int) -> list[Membership]:
    """The applications that have waited longest, with their applicants loaded for their names."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.status == APPLICANT)
            .options(selectinload(Membership.user), selectinload(Membership.organization))
            .order_by(Membership.applied_at, Membership.id)
            .limit(limit)
        )
    )
