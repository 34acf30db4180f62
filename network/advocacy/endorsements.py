"""Endorsements: organizations endorse a campaign, by mail or as a member organization's administrator."""

import logging
from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from network.advocacy.campaigns import CONFIRMED, require_open
from network.advocacy.models import Campaign, Endorsement, SignatureState
from network.auth.models import User
from network.csvexport import iso
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import Conflict, Forbidden, NotFound
from network.extensions import db
from network.geo import country_name
from network.members.queries import visible_organization_ids
from network.members.services import organizations_of

logger = logging.getLogger(__name__)


def endorse(
    campaign: Campaign,
    *,
    organization_name: str,
    country: str,
    kind: str,
    website: str,
    contact_name: str,
    contact_email: str,
    language: str,
    user: User | None = None,
) -> Endorsement:
    """An organization without an account endorses; its contact confirms by email."""
    require_open(campaign)
    if user is not None:
        contact_email = user.email
    _refuse_duplicate_endorsement(campaign, organization_name, country)
    endorsement = Endorsement(
        campaign_id=campaign.id,
        organization_name=organization_name,
        country=country,
        kind=kind,
        website=website,
        contact_name=contact_name,
        contact_email=contact_email,
        language=language,
        user_id=user.id if user else None,
    )
    db.session.add(endorsement)
    db.session.flush()
    if user is not None:
        _confirm_endorsement(endorsement)
    else:
        send_email(
            contact_email,
            "advocacy/confirm_endorsement",
            _l("Confirm your organization's endorsement"),
            locale=language,
            name=contact_name,
            campaign_title=campaign.title,
            url=url_for(
                "advocacy.confirm_endorsement", token=endorsement.confirm_token, _external=True
            ),
        )
    logger.info("endorsement campaign=%s endorsement=%s", campaign.id, endorsement.id)
    return endorsement


def administered_organizations(user) -> list:
    """Member organizations this person administers."""
    if user is None or not user.is_authenticated:
        return []
    return organizations_of(user)


def endorse_as_organization(campaign: Campaign, organization_id: int, user: User) -> Endorsement:
    """One click for an administrator of a member organization."""
    require_open(campaign)
    organization = next(
        (o for o in administered_organizations(user) if o.id == organization_id), None
    )
    if organization is None:
        raise Forbidden(_l("You are not an administrator of this organization."))
    if db.session.scalar(
        select(Endorsement.id).where(
            Endorsement.campaign_id == campaign.id, Endorsement.organization_id == organization.id
        )
    ):
        raise Conflict(_l("%(name)s already endorses this campaign.", name=organization.name))
    _refuse_duplicate_endorsement(campaign, organization.name, organization.country or "")
    endorsement = Endorsement(
        campaign_id=campaign.id,
        organization_id=organization.id,
        organization_name=organization.name,
        country=organization.country or "",
        kind=organization.kind,
        website=organization.website or "",
        contact_name=user.name,
        contact_email=user.email,
        language=user.language,
        user_id=user.id,
    )
    db.session.add(endorsement)
    _confirm_endorsement(endorsement)
    return endorsement


def _refuse_duplicate_endorsement(campaign: Campaign, organization_name: str, country: str) -> None:
    if db.session.scalar(
        select(Endorsement.id).where(
            Endorsement.campaign_id == campaign.id,
            Endorsement.country == country,
            func.lower(Endorsement.organization_name) == organization_name.lower(),
        )
    ):
        raise Conflict(_l("%(name)s already endorses this campaign.", name=organization_name))


def _confirm_endorsement(endorsement: Endorsement) -> None:
    endorsement.state = SignatureState.CONFIRMED.value
    endorsement.confirmed_at = utcnow()
    endorsement.confirm_token = None


def pending_endorsement(token: str) -> Endorsement:
    endorsement = (
        db.session.scalar(select(Endorsement).where(Endorsement.confirm_token == token))
        if token
        else None
    )
    if endorsement is None:
        raise NotFound(_l("This confirmation link is invalid or was already used."))
    return endorsement


def confirm_endorsement(token: str) -> Endorsement:
    endorsement = pending_endorsement(token)
    _confirm_endorsement(endorsement)
    return endorsement


def set_verified(campaign: Campaign, endorsement_id: int, verified: bool) -> Endorsement:
    endorsement = db.session.get(Endorsement, endorsement_id)
    if endorsement is None or endorsement.campaign_id != campaign.id:
        raise NotFound(_l("This endorsement does not exist."))
    endorsement.verified_by_staff = verified
    return endorsement


def organizations_by_country(campaign: Campaign, viewer) -> list[tuple[str, list[Endorsement]]]:
    """Confirmed endorsements by country; a member organization is named only to those who may see it."""
    grouped: dict[str, list[Endorsement]] = {}
    for endorsement in db.session.scalars(
        select(Endorsement)
        .where(
            Endorsement.campaign_id == campaign.id,
            Endorsement.state == CONFIRMED,
            or_(
                Endorsement.organization_id.is_(None),
                Endorsement.organization_id.in_(visible_organization_ids(viewer)),
            ),
        )
        .order_by(Endorsement.organization_name)
    ):
        grouped.setdefault(endorsement.country, []).append(endorsement)
    return sorted(grouped.items(), key=lambda item: country_name(item[0]).casefold())


def endorsements_for_staff(campaign: Campaign) -> list[Endorsement]:
    return list(
        db.session.scalars(
            select(Endorsement)
            .where(Endorsement.campaign_id == campaign.id)
            .order_by(Endorsement.country, Endorsement.organization_name)
        )
    )


ENDORSEMENT_HEADER = [
    "organization",
    "country_code",
    "country",
    "kind",
    "website",
    "member_organization",
    "contact_name",
    "contact_email",
    "state",
    "verified_by_staff",
    "created_at",
    "confirmed_at",
]


def endorsement_rows(campaign: Campaign):
    for e in db.session.scalars(
        select(Endorsement)
        .where(Endorsement.campaign_id == campaign.id)
        .order_by(Endorsement.created_at)
    ):
        yield [
            e.organization_name,
            e.country,
            country_name(e.country, "en"),
            e.kind,
            e.website,
            "yes" if e.organization_id else "no",
            e.contact_name,
            e.contact_email,
            e.state,
            "yes" if e.verified_by_staff else "no",
            iso(e.created_at),
            iso(e.confirmed_at),
        ]


def endorsements_to_verify() -> int:
    """Confirmed endorsements staff have not verified yet, in every campaign."""
    return db.session.scalar(
        select(func.count(Endorsement.id)).where(
            Endorsement.state == CONFIRMED, Endorsement.verified_by_staff.is_(False)
        )
    )


def campaigns_with_endorsements_to_verify(limit: int) -> list[tuple[Campaign, int, datetime]]:
    """The campaigns whose oldest endorsement to verify has waited longest: each with how many
    wait and when the oldest was confirmed."""
    count, oldest = func.count(Endorsement.id), func.min(Endorsement.confirmed_at)
    rows = db.session.execute(
        select(Campaign, count, oldest)
        .join(Endorsement, Endorsement.campaign_id == Campaign.id)
        .where(Endorsement.state == CONFIRMED, Endorsement.verified_by_staff.is_(False))
        .group_by(Campaign.id)
        .order_by(oldest, Campaign.id)
        .limit(limit)
    )
    return [(campaign, number, since) for campaign, number, since in rows]
