"""Who administers an organization: invitations by mail, accepting them, stepping down (never
the last one), and the mail that tells administrators old and new."""

import logging
from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from network.auth.models import User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import Conflict, DomainError, Forbidden, NotFound
from network.extensions import db
from network.members.models import (
    Organization,
    OrganizationAdmin,
    OrganizationInvitation,
    new_invitation_token,
)
from network.members.organizations import is_org_admin
from network.validators import normalize_email

logger = logging.getLogger(__name__)

INVITATION_DAYS = 7


def invite_admin(actor: User, org: Organization, email: str) -> None:
    """Mails an invitation to the address, whoever has it: the answer is the same for any
    address, and nothing is looked up, so the form tells nobody who has an account."""
    try:
        email = normalize_email(email)
    except ValueError:
        raise DomainError(_("Enter a valid email address.")) from None
    invitation = db.session.scalar(
        select(OrganizationInvitation).where(
            OrganizationInvitation.organization_id == org.id, OrganizationInvitation.email == email
        )
    )
    # Inviting again renews the link and its time, and makes the old link useless.
    renewed = {
        "token": new_invitation_token(),
        "invited_by_id": actor.id,
        "accepted_at": None,
        "expires_at": utcnow() + timedelta(days=INVITATION_DAYS),
    }
    if invitation is None:
        invitation = OrganizationInvitation(organization_id=org.id, email=email, **renewed)
        db.session.add(invitation)
    else:
        for name, value in renewed.items():
            setattr(invitation, name, value)
    db.session.flush()
    send_email(
        email,
        "members/admin_invitation",
        _l("You are invited to administer %(organization_name)s", organization_name=org.name),
        organization_name=org.name,
        days=INVITATION_DAYS,
        url=url_for("members.invitation", token=invitation.token, _external=True),
    )
    logger.info(
        "invitation %s to administer organization %s sent by user %s",
        invitation.id,
        org.id,
        actor.id,
    )


def open_invitation(token: str) -> OrganizationInvitation:
    """The invitation this link belongs to while it can still be accepted."""
    invitation = (
        db.session.scalar(
            select(OrganizationInvitation).where(OrganizationInvitation.token == token)
        )
        if token
        else None
    )
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at <= utcnow()
    ):
        raise NotFound(
            _(
                "This invitation is not valid any more. Ask an administrator of the "
                "organization to invite you again."
            )
        )
    return invitation


def accept_invitation(user: User, token: str) -> Organization:
    """Only the account with the invited address accepts, and only once."""
    invitation = open_invitation(token)
    if user.email != invitation.email:
        raise Forbidden(
            _(
                "This invitation was sent to another address. Sign in with the "
                "account that has that address to accept it."
            )
        )
    taken = db.session.execute(
        update(OrganizationInvitation)
        .where(
            OrganizationInvitation.id == invitation.id, OrganizationInvitation.accepted_at.is_(None)
        )
        .values(accepted_at=utcnow())
    ).rowcount
    if not taken:
        raise NotFound(
            _(
                "This invitation is not valid any more. Ask an administrator of the "
                "organization to invite you again."
            )
        )
    org = invitation.organization
    if not is_org_admin(org, user):
        _tell_admins(org, user, invitation.email)
        org.admins.append(OrganizationAdmin(user=user))
    db.session.flush()
    logger.info(
        "user %s accepted invitation %s to administer organization %s",
        user.id,
        invitation.id,
        org.id,
    )
    return org


def _tell_admins(org: Organization, new: User, email: str) -> None:
    """The new administrator is told what they can now do; those already there, who joined them.
    The others learn only the invited address, which their page of invitations showed."""
    links = {
        "organization_url": url_for("members.organization", org_id=org.id, _external=True),
        "admins_url": url_for("members.organization_admins", org_id=org.id, _external=True),
    }
    send_email(
        new.email,
        "members/admin_welcome",
        _l("You now administer %(organization_name)s", organization_name=org.name),
        locale=new.language,
        name=new.name,
        organization_name=org.name,
        **links,
    )
    for admin in org.admins:
        send_email(
            admin.user.email,
            "members/admin_joined",
            _l("A new administrator of %(organization_name)s", organization_name=org.name),
            locale=admin.user.language,
            name=admin.user.name,
            organization_name=org.name,
            email=email,
            **links,
        )


def pending_invitations(org: Organization) -> list[OrganizationInvitation]:
    now = utcnow()
    return [i for i in org.invitations if i.accepted_at is None and i.expires_at > now]


def withdraw_invitation(actor: User, org: Organization, invitation_id: int) -> None:
    invitation = next((i for i in org.invitations if i.id == invitation_id), None)
    if invitation is None:
        raise NotFound()
    org.invitations.remove(invitation)
    db.session.flush()
    logger.info("invitation %s withdrawn by user %s", invitation_id, actor.id)


def remove_admin(actor: User, org: Organization, user_id: int) -> None:
    """An admin may step down or remove another, but an organization keeps at least one."""
    admin = next((a for a in org.admins if a.user_id == user_id), None)
    if admin is None:
        raise NotFound()
    if len(org.admins) == 1:
        raise Conflict(
            _(
                "%(name)s needs at least one administrator. Invite someone else first; once "
                "they accept, this administrator can step down.",
                name=org.name,
            )
        )
    org.admins.remove(admin)
    db.session.flush()
    logger.info(
        "user %s no longer admin of organization %s (by user %s)", user_id, org.id, actor.id
    )
