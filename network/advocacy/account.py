"""What a person signed: exported with their account, anonymized when the account is deleted."""

import logging

from sqlalchemy import or_, select

from network.advocacy.models import Endorsement, Signature
from network.auth.models import User
from network.csvexport import iso
from network.extensions import db

logger = logging.getLogger(__name__)


def forget_user(user: User) -> None:
    """Account deletion: anonymize what the person signed."""
    for signature in db.session.scalars(
        select(Signature).where(or_(Signature.user_id == user.id, Signature.email == user.email))
    ):
        signature.name = ""
        signature.email = f"deleted-{signature.id}@deleted.invalid"
        signature.organization_name = ""
        signature.listed = False
        signature.user_id = None
    for endorsement in db.session.scalars(
        select(Endorsement).where(
            or_(Endorsement.user_id == user.id, Endorsement.contact_email == user.email)
        )
    ):
        endorsement.contact_name = ""
        endorsement.contact_email = f"deleted-{endorsement.id}@deleted.invalid"
        endorsement.user_id = None
    logger.info("advocacy data anonymized user=%s", user.id)


def user_data(user: User) -> dict:
    signatures = db.session.scalars(
        select(Signature).where(or_(Signature.user_id == user.id, Signature.email == user.email))
    ).all()
    endorsements = db.session.scalars(
        select(Endorsement).where(
            or_(Endorsement.user_id == user.id, Endorsement.contact_email == user.email)
        )
    ).all()
    return {
        "signatures": [
            {
                "campaign": s.campaign.slug,
                "name": s.name,
                "email": s.email,
                "country": s.country,
                "organization": s.organization_name,
                "listed": s.listed,
                "state": s.state,
                "signed_at": iso(s.created_at),
            }
            for s in signatures
        ],
        "endorsements": [
            {
                "campaign": e.campaign.slug,
                "organization": e.organization_name,
                "contact_email": e.contact_email,
                "state": e.state,
            }
            for e in endorsements
        ],
    }
