"""Campaigns: the directory, their progress, the staff's editing and closing."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from network.advocacy.models import Campaign, CampaignStatus, Endorsement, Signature, SignatureState
from network.dbtypes import utcnow
from network.errors import Conflict, DomainError, NotFound
from network.extensions import db
from network.lists.models import ListKind, MailingList
from network.lists.staff import campaign_list
from network.lists.subscriptions import get_list
from network.themes.models import Theme
from network.themes.queries import themes_by_ids

PENDING_SIGNATURE_MAX_AGE = timedelta(days=7)
CONFIRMED = SignatureState.CONFIRMED.value


def campaign_by_slug(slug: str) -> Campaign:
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        raise NotFound(_l("This campaign does not exist."))
    return campaign


def get_campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(_l("This campaign does not exist."))
    return campaign


def campaigns_for_directory() -> list[Campaign]:
    return list(
        db.session.scalars(
            select(Campaign).order_by(Campaign.status.desc(), Campaign.created_at.desc())
        )
    )


def require_open(campaign: Campaign) -> None:
    if not campaign.is_open:
        raise Conflict(_l("This campaign is closed and no longer takes signatures."))


def campaign_progress(campaign: Campaign) -> dict:
    people = (
        db.session.scalar(
            select(func.count())
            .select_from(Signature)
            .where(Signature.campaign_id == campaign.id, Signature.state == CONFIRMED)
        )
        or 0
    )
    organizations = (
        db.session.scalar(
            select(func.count())
            .select_from(Endorsement)
            .where(Endorsement.campaign_id == campaign.id, Endorsement.state == CONFIRMED)
        )
        or 0
    )
    percent = min(100, round(100 * people / campaign.goal)) if campaign.goal else 0
    return {"people": people, "organizations": organizations, "percent": percent}


def save_campaign(campaign: Campaign, data: dict, theme_ids: list[int]) -> Campaign:
    clash = db.session.scalar(
        select(Campaign.id).where(Campaign.slug == data["slug"], Campaign.id != campaign.id)
    )
    if clash is not None:
        raise DomainError(_l("Another campaign already uses this short name."))
    list_id = data.pop("list_id")
    for field, value in data.items():
        setattr(campaign, field, value)
    campaign.themes = themes_by_ids(theme_ids)
    if list_id:
        mailing_list = get_list(list_id)
        if mailing_list.kind != ListKind.CAMPAIGN.value:
            raise DomainError(_l("Choose a campaign list."))
        campaign.mailing_list = mailing_list
    elif campaign.mailing_list is None:
        campaign.mailing_list = _new_campaign_list(campaign)
    db.session.add(campaign)
    db.session.flush()
    return campaign


def _new_campaign_list(campaign: Campaign) -> MailingList:
    return campaign_list(f"campaign-{campaign.slug}"[:80], campaign.title, campaign.summary)


def close_campaign(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.CLOSED.value:
        campaign.status = CampaignStatus.CLOSED.value
        campaign.closed_at = utcnow()


def expire_pending_signatures(now=None) -> int:
    cutoff = (now or utcnow()) - PENDING_SIGNATURE_MAX_AGE
    count = 0
    for model in (Signature, Endorsement):
        for row in db.session.scalars(
            select(model).where(
                model.state == SignatureState.PENDING.value, model.created_at < cutoff
            )
        ):
            db.session.delete(row)
            count += 1
    return count


def open_campaigns(*, theme_id: int | None = None, limit: int = 3) -> list[tuple[Campaign, dict]]:
    """Campaigns taking signatures, newest first, each with its progress."""
    query = select(Campaign).where(
        Campaign.status == CampaignStatus.OPEN.value,
        or_(Campaign.deadline.is_(None), Campaign.deadline > utcnow()),
    )
    if theme_id:
        query = query.where(Campaign.themes.any(Theme.id == theme_id))
    found = db.session.scalars(query.order_by(Campaign.created_at.desc()).limit(limit))
    return [(campaign, campaign_progress(campaign)) for campaign in found]
