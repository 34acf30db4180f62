"""Signatures: signing a campaign, confirming by mail, the public list of signers, the export."""

import logging
from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, func, select

from network.advocacy.campaigns import CONFIRMED, require_open
from network.advocacy.models import Campaign, Signature, SignatureState
from network.auth.models import User
from network.csvexport import iso
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import NotFound
from network.extensions import db
from network.geo import country_name
from network.lists.models import ConsentSource, Subscription
from network.lists.subscriptions import activate, subscriber_for, subscription_of

logger = logging.getLogger(__name__)


def sign(
    campaign: Campaign,
    *,
    name: str,
    email: str,
    country: str,
    organization_name: str,
    listed: bool,
    opt_in: bool,
    language: str,
    user: User | None = None,
) -> Signature:
    """A signature; pending until its email is confirmed, unless a signed-in member signs.

    An address that already signed gets the same answer as a new one, so the form tells nobody
    who signed (unlisted signers included); only the address itself hears of it, by mail.
    """
    require_open(campaign)
    if user is not None:
        email = user.email
    signature = db.session.scalar(
        select(Signature).where(Signature.campaign_id == campaign.id, Signature.email == email)
    )
    if signature is not None and (user is None or signature.state == CONFIRMED):
        if user is None:
            _mail_signed_again(signature)
        logger.info("signature repeated campaign=%s signature=%s", campaign.id, signature.id)
        return signature
    # New, or a pending one the signed-in owner of the address now makes their own.
    signature = signature or Signature(campaign_id=campaign.id, email=email)
    signature.name, signature.country, signature.organization_name = (
        name,
        country,
        organization_name,
    )
    signature.listed, signature.opt_in, signature.language = listed, opt_in, language
    signature.user_id = user.id if user else None
    db.session.add(signature)
    db.session.flush()
    if user is not None:
        _confirm_signature(signature)
    else:
        _mail_confirmation(signature)
    logger.info(
        "signature campaign=%s signature=%s member=%s", campaign.id, signature.id, bool(user)
    )
    return signature


def _mail_confirmation(signature: Signature) -> None:
    send_email(
        signature.email,
        "advocacy/confirm_signature",
        _l("Confirm your signature"),
        locale=signature.language,
        name=signature.name,
        campaign_title=signature.campaign.title,
        url=url_for("advocacy.confirm_signature", token=signature.confirm_token, _external=True),
    )


def _mail_signed_again(signature: Signature) -> None:
    """A pending signature gets its link again; a confirmed one a note that nothing changed."""
    if signature.state != CONFIRMED:
        _mail_confirmation(signature)
        return
    send_email(
        signature.email,
        "advocacy/already_signed",
        _l("You have already signed"),
        locale=signature.language,
        name=signature.name,
        campaign_title=signature.campaign.title,
        url=url_for("advocacy.campaign", slug=signature.campaign.slug, _external=True),
    )


def _confirm_signature(signature: Signature) -> None:
    signature.state = SignatureState.CONFIRMED.value
    signature.confirmed_at = utcnow()
    signature.confirm_token = None  # single use
    campaign = signature.campaign
    if signature.opt_in and campaign.mailing_list is not None:
        subscriber = subscriber_for(signature.email, signature.name, signature.language)
        if signature.user_id:
            subscriber.user_id = subscriber.user_id or signature.user_id
        subscriber.opted_out_at = None  # ticking the box is the person's own request
        subscription = subscription_of(subscriber, campaign.mailing_list) or Subscription(
            subscriber_id=subscriber.id, list_id=campaign.mailing_list.id
        )
        activate(subscription, ConsentSource.CAMPAIGN.value, f"/advocacy/campaigns/{campaign.slug}")
        db.session.add(subscription)


def pending_signature(token: str) -> Signature:
    signature = (
        db.session.scalar(select(Signature).where(Signature.confirm_token == token))
        if token
        else None
    )
    if signature is None:
        raise NotFound(_l("This confirmation link is invalid or was already used."))
    return signature


def confirm_signature(token: str) -> Signature:
    signature = pending_signature(token)
    _confirm_signature(signature)
    return signature


def listed_signers(campaign: Campaign, limit: int = 500) -> list[Row]:
    """Name, organization and country of the latest listed signers: only what the page shows,
    as plain rows (hundreds of whole signatures cost more to load than to render)."""
    return list(
        db.session.execute(
            select(Signature.name, Signature.organization_name, Signature.country)
            .where(
                Signature.campaign_id == campaign.id,
                Signature.state == CONFIRMED,
                Signature.listed.is_(True),
            )
            .order_by(Signature.confirmed_at.desc())
            .limit(limit)
        )
    )


def recent_signatures(campaign: Campaign, limit: int = 200) -> list[Signature]:
    return list(
        db.session.scalars(
            select(Signature)
            .where(Signature.campaign_id == campaign.id)
            .order_by(Signature.created_at.desc())
            .limit(limit)
        )
    )


def signature_rows(campaign: Campaign):
    for s in db.session.scalars(
        select(Signature).where(Signature.campaign_id == campaign.id).order_by(Signature.created_at)
    ):
        yield [
            s.name,
            s.email,
            s.country,
            country_name(s.country, "en"),
            s.organization_name,
            "yes" if s.listed else "no",
            "yes" if s.opt_in else "no",
            s.state,
            s.language,
            iso(s.created_at),
            iso(s.confirmed_at),
        ]


SIGNATURE_HEADER = [
    "name",
    "email",
    "country_code",
    "country",
    "organization",
    "listed",
    "list_opt_in",
    "state",
    "language",
    "signed_at",
    "confirmed_at",
]


def unconfirmed_signatures() -> tuple[int, datetime | None]:
    """How many signatures wait for their signers to follow the link mailed to them, and since
    when the oldest waits."""
    pending = Signature.state == SignatureState.PENDING.value
    number, oldest = db.session.execute(
        select(func.count(Signature.id), func.min(Signature.created_at)).where(pending)
    ).one()
    return number, oldest
