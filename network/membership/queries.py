"""What other domains may ask about the network's memberships."""

from sqlalchemy import Select, select

from network.membership.models import Membership


def member_ids_with_status(status: str) -> Select:
    """The accounts whose membership has this status, to use inside another query's WHERE."""
    return select(Membership.user_id).where(Membership.status == status)
