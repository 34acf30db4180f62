"""Mailing lists (consent, double opt-in, unsubscribe, preference centre, group lists) and campaigns."""
import csv
import io
import logging
from datetime import timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select, update

from network.advocacy.links import read_unsubscribe_token
from network.advocacy.models import (Campaign, CampaignStatus, ConsentSource, Endorsement, ListKind,
                                     ListVisibility, MailingList, Signature, SignatureState, Subscriber,
                                     Subscription, SubscriptionState, new_secret)
from network.auth.models import User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import DomainError
from network.extensions import db
from network.geo import country_name
from network.groups.models import GroupMembership, MembershipState, WorkingGroup
from network.members.models import Organization, OrganizationAdmin
from network.members.visibility import organizations_visible_to
from network.themes.models import Theme
from network.tokens import InvalidToken
from network.validators import clean_text, normalize_email

logger = logging.getLogger(__name__)

CONFIRMATION_MAX_AGE = timedelta(days=7)
CONFIRMATION_MAIL_INTERVAL = timedelta(hours=24)
ACTIVE = SubscriptionState.ACTIVE.value
PENDING = SubscriptionState.PENDING.value
UNSUBSCRIBED = SubscriptionState.UNSUBSCRIBED.value


# --- Lists -----------------------------------------------------------------------------------

def get_list(list_id: int) -> MailingList:
    mailing_list = db.session.get(MailingList, list_id)
    if mailing_list is None:
        raise DomainError(_l("This mailing list does not exist."), 404)
    return mailing_list


def visible_lists(user) -> list[MailingList]:
    """Lists shown in the directory to this person (anonymous, member or staff)."""
    query = select(MailingList).where(MailingList.archived.is_(False)).order_by(MailingList.slug)
    if user is not None and user.is_authenticated and user.is_staff:
        return list(db.session.scalars(query))
    shown = [ListVisibility.PUBLIC.value]
    if user is not None and user.is_authenticated:
        shown.append(ListVisibility.MEMBERS.value)
    return list(db.session.scalars(query.where(MailingList.visibility.in_(shown))))


def list_for_page(slug: str, user) -> MailingList:
    """A list by slug, if this person may see its page; members-only and group lists need a sign-in."""
    mailing_list = db.session.scalar(select(MailingList).where(MailingList.slug == slug,
                                                              MailingList.archived.is_(False)))
    signed_in = user is not None and user.is_authenticated
    if mailing_list is None or (mailing_list.visibility == ListVisibility.MEMBERS.value and not signed_in):
        raise DomainError(_l("This mailing list does not exist."), 404)
    return mailing_list


def may_join(user, mailing_list: MailingList) -> bool:
    """Who may subscribe: anyone to public and campaign lists, members to members' lists,
    group members to their group's list."""
    if mailing_list.archived:
        return False
    if mailing_list.is_public:
        return True
    if user is None or not user.is_authenticated:
        return False
    if mailing_list.kind == ListKind.MEMBERS.value:
        return True
    return mailing_list.group_id is not None and is_group_member(user.id, mailing_list.group_id)


def is_group_member(user_id: int, group_id: int) -> bool:
    return db.session.scalar(select(GroupMembership.id).where(
        GroupMembership.group_id == group_id, GroupMembership.user_id == user_id,
        GroupMembership.state == MembershipState.ACTIVE.value)) is not None


def counts_by_state(list_ids: list[int] | None = None) -> dict[int, dict[str, int]]:
    query = select(Subscription.list_id, Subscription.state, func.count()).group_by(
        Subscription.list_id, Subscription.state)
    if list_ids is not None:
        query = query.where(Subscription.list_id.in_(list_ids))
    counts: dict[int, dict[str, int]] = {}
    for list_id, state, count in db.session.execute(query):
        counts.setdefault(list_id, {})[state] = count
    return counts


# --- Subscribers ------------------------------------------------------------------------------

def subscriber_by_email(email: str) -> Subscriber | None:
    return db.session.scalar(select(Subscriber).where(Subscriber.email == email))


def subscriber_for(email: str, name: str = "", language: str = "en") -> Subscriber:
    subscriber = subscriber_by_email(email)
    if subscriber is None:
        subscriber = Subscriber(email=email, name=name, language=language)
        db.session.add(subscriber)
        db.session.flush()
    elif name and not subscriber.name:
        subscriber.name = name
    return subscriber


def subscriber_for_user(user: User) -> Subscriber:
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.user_id == user.id))
    if subscriber is None:
        subscriber = subscriber_by_email(user.email)
        if subscriber is None:
            subscriber = Subscriber(email=user.email, name=user.name, language=user.language)
            db.session.add(subscriber)
        subscriber.user_id = user.id
        db.session.flush()
    elif subscriber.email != user.email and subscriber_by_email(user.email) is None:
        subscriber.email = user.email  # follows the account's address
    return subscriber


def subscription_of(subscriber: Subscriber, mailing_list: MailingList) -> Subscription | None:
    return db.session.scalar(select(Subscription).where(
        Subscription.subscriber_id == subscriber.id, Subscription.list_id == mailing_list.id))


def _activate(subscription: Subscription, source: str, page: str = "", note: str = "") -> None:
    now = utcnow()
    subscription.state = ACTIVE
    subscription.consent_source = source
    subscription.consent_page = page[:500]
    subscription.consent_note = note[:500]
    subscription.consent_at = now
    subscription.confirmed_at = now if source != ConsentSource.IMPORT.value else None
    subscription.unsubscribed_at = None
    subscription.confirm_token = None


def subscribe_member(user: User, mailing_list: MailingList, page: str = "") -> Subscription:
    """One click for a signed-in member: their account already proved the address."""
    if not may_join(user, mailing_list):
        raise DomainError(_l("You cannot subscribe to this list."), 403)
    subscriber = subscriber_for_user(user)
    subscriber.opted_out_at = None  # their own action lifts their own global opt-out
    subscription = subscription_of(subscriber, mailing_list) or Subscription(
        subscriber_id=subscriber.id, list_id=mailing_list.id, consent_source=ConsentSource.MEMBER.value)
    db.session.add(subscription)
    if subscription.state != ACTIVE:
        _activate(subscription, ConsentSource.MEMBER.value, page)
    logger.info("member subscribed user=%s list=%s", user.id, mailing_list.id)
    return subscription


def unsubscribe_member(user: User, mailing_list: MailingList) -> None:
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.user_id == user.id))
    subscription = subscriber and subscription_of(subscriber, mailing_list)
    if subscription is not None:
        end_subscription(subscription)


def member_subscriptions(user: User) -> dict[int, Subscription]:
    """The member's subscriptions by list id."""
    query = select(Subscription).join(Subscriber).where(Subscriber.user_id == user.id)
    return {s.list_id: s for s in db.session.scalars(query)}


def request_subscription(email: str, name: str, language: str, mailing_list: MailingList,
                         page: str = "", source: str = ConsentSource.FORM.value) -> None:
    """Double opt-in: a pending subscription with its own link, and at most one confirmation
    mail per address a day.

    Returns nothing the caller could show: the answer is the same whether the address was
    new, pending or already subscribed.
    """
    if not mailing_list.is_public or mailing_list.archived:
        raise DomainError(_l("This mailing list does not exist."), 404)
    subscriber = subscriber_for(email, name, language)
    subscription = subscription_of(subscriber, mailing_list)
    if subscription is not None and subscription.state == ACTIVE and subscriber.opted_out_at is None:
        return
    if subscription is None:
        subscription = Subscription(subscriber_id=subscriber.id, mailing_list=mailing_list)
        db.session.add(subscription)
    if subscription.state != PENDING or not subscription.confirm_token:
        subscription.confirm_token = new_secret()  # a link already mailed keeps working
    subscription.state = PENDING
    subscription.consent_source = source
    subscription.consent_page = page[:500]
    subscription.consent_at = utcnow()
    subscription.confirmed_at = None
    send_confirmation(subscriber, subscription)


def send_confirmation(subscriber: Subscriber, subscription: Subscription) -> bool:
    """Mail the link that confirms this one list, unless a confirmation mail went to this
    address within the last day."""
    now = utcnow()
    if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < CONFIRMATION_MAIL_INTERVAL:
        logger.info("confirmation mail held back subscriber=%s", subscriber.id)
        return False
    subscriber.confirmation_sent_at = now
    send_email(subscriber.email, "advocacy/confirm_subscription",
               _l("Confirm your subscription to %(network_name)s"), locale=subscriber.language,
               name=subscriber.name, list_name=subscription.mailing_list.localized("name", subscriber.language),
               url=url_for("advocacy.confirm", token=subscription.confirm_token, _external=True),
               days=CONFIRMATION_MAX_AGE.days)
    return True


def pending_subscription(token: str) -> Subscription:
    """The one pending request a confirmation link names."""
    subscription = db.session.scalar(select(Subscription).where(
        Subscription.confirm_token == token, Subscription.state == PENDING,
        Subscription.consent_at >= utcnow() - CONFIRMATION_MAX_AGE)) if token else None
    if subscription is None:
        raise DomainError(_l("This confirmation link is invalid or has expired. Subscribe again to get a new one."))
    return subscription


def confirm_subscription(token: str) -> Subscription:
    """The list the link names becomes active, and no other; the link is then used up."""
    subscription = pending_subscription(token)
    confirmed = db.session.execute(update(Subscription).where(
        Subscription.id == subscription.id, Subscription.state == PENDING,
        Subscription.confirm_token == token).values(state=ACTIVE, confirmed_at=utcnow(), confirm_token=None))
    if confirmed.rowcount != 1:
        raise DomainError(_l("This confirmation link is invalid or has expired. Subscribe again to get a new one."))
    subscription.subscriber.opted_out_at = None  # confirming is the person's own request
    logger.info("subscription confirmed subscriber=%s list=%s", subscription.subscriber_id,
                subscription.list_id)
    return subscription


def expire_pending(now=None) -> int:
    """Unconfirmed requests older than the link's lifetime are forgotten."""
    cutoff = (now or utcnow()) - CONFIRMATION_MAX_AGE
    expired = db.session.scalars(select(Subscription).where(
        Subscription.state == PENDING, Subscription.consent_at < cutoff)).all()
    for subscription in expired:
        db.session.delete(subscription)
    return len(expired)


# --- Unsubscribe and preference centre --------------------------------------------------------

def end_subscription(subscription: Subscription) -> None:
    if subscription.state != UNSUBSCRIBED:
        subscription.state = UNSUBSCRIBED
        subscription.unsubscribed_at = utcnow()


def subscription_from_token(token: str) -> Subscription:
    """The one subscription a List-Unsubscribe token names; 400 if forged, 404 if gone."""
    try:
        subscriber_id, list_id = read_unsubscribe_token(token)
    except (InvalidToken, TypeError, ValueError):
        raise DomainError(_l("This unsubscribe link is not valid."), 400)
    subscription = db.session.scalar(select(Subscription).where(
        Subscription.subscriber_id == subscriber_id, Subscription.list_id == list_id))
    if subscription is None:
        raise DomainError(_l("This unsubscribe link is not valid."), 404)
    return subscription


def unsubscribe_by_token(token: str) -> Subscription:
    subscription = subscription_from_token(token)
    end_subscription(subscription)
    logger.info("one-click unsubscribe subscriber=%s list=%s", subscription.subscriber_id,
                subscription.list_id)
    return subscription


def subscriber_by_secret(secret: str) -> Subscriber:
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.secret == secret)) \
        if secret and len(secret) >= 20 else None
    if subscriber is None:
        raise DomainError(_l("This link is not valid. Use the link in a recent message from us."), 404)
    return subscriber


def subscriptions_of(subscriber: Subscriber) -> list[Subscription]:
    return list(db.session.scalars(select(Subscription).join(MailingList).where(
        Subscription.subscriber_id == subscriber.id).order_by(MailingList.slug)))


def update_preferences(subscriber: Subscriber, wanted_list_ids: set[int], language: str) -> None:
    """The preference centre's save: each list on or off, and the language of future mail."""
    subscriber.language = language
    for subscription in subscriptions_of(subscriber):
        if subscription.list_id in wanted_list_ids:
            if subscription.state != ACTIVE:
                _activate(subscription, ConsentSource.PREFERENCES.value, "preferences")
        else:
            end_subscription(subscription)
    if wanted_list_ids:
        subscriber.opted_out_at = None


def opt_out(subscriber: Subscriber) -> None:
    """Unsubscribe from everything; no import, group or staff action can undo it."""
    subscriber.opted_out_at = subscriber.opted_out_at or utcnow()
    for subscription in subscriptions_of(subscriber):
        end_subscription(subscription)
    logger.info("global opt-out subscriber=%s", subscriber.id)


# --- Sending ----------------------------------------------------------------------------------

def active_subscribers(list_ids: list[int]) -> Select:
    """Subscribers to mail for these lists: an active subscription on any of them, not opted
    out, not bouncing, each once. Working-group lists are brought up to date first."""
    for mailing_list in db.session.scalars(select(MailingList).where(
            MailingList.id.in_(list_ids), MailingList.group_id.is_not(None))):
        sync_group_list(mailing_list)
    db.session.flush()
    on_list = select(Subscription.subscriber_id).where(
        Subscription.list_id.in_(list_ids), Subscription.state == ACTIVE)
    return select(Subscriber).where(Subscriber.id.in_(on_list), Subscriber.opted_out_at.is_(None),
                                    Subscriber.bouncing_at.is_(None)).order_by(Subscriber.id)


# --- Working-group lists ----------------------------------------------------------------------

def group_list(group: WorkingGroup) -> MailingList | None:
    return db.session.scalar(select(MailingList).where(MailingList.group_id == group.id,
                                                       MailingList.archived.is_(False)))


def sync_group_list(mailing_list: MailingList) -> None:
    """Active group members are on the list, former members are not.

    A member who unsubscribed stays unsubscribed; their choice outlives the sync.
    """
    members = db.session.scalars(select(User).join(GroupMembership).where(
        GroupMembership.group_id == mailing_list.group_id,
        GroupMembership.state == MembershipState.ACTIVE.value)).all()
    member_ids = {user.id for user in members}
    for user in members:
        subscriber = subscriber_for_user(user)
        if subscription_of(subscriber, mailing_list) is None:
            subscription = Subscription(subscriber_id=subscriber.id, list_id=mailing_list.id)
            _activate(subscription, ConsentSource.GROUP.value, "group")
            db.session.add(subscription)
    leavers = db.session.scalars(select(Subscription).join(Subscriber).where(
        Subscription.list_id == mailing_list.id, Subscription.state != UNSUBSCRIBED,
        or_(Subscriber.user_id.is_(None), Subscriber.user_id.not_in(member_ids or {0})))).all()
    for subscription in leavers:
        end_subscription(subscription)


def sync_all_group_lists() -> None:
    for mailing_list in db.session.scalars(select(MailingList).where(
            MailingList.group_id.is_not(None), MailingList.archived.is_(False))):
        sync_group_list(mailing_list)


def group_list_for_page(group: WorkingGroup, user) -> tuple[MailingList | None, Subscription | None, bool]:
    """The group's list, the viewer's subscription to it and whether they may join it."""
    mailing_list = group_list(group)
    if mailing_list is None or user is None or not user.is_authenticated:
        return mailing_list, None, False
    return mailing_list, member_subscriptions(user).get(mailing_list.id), may_join(user, mailing_list)


# --- Staff: lists, import, export -------------------------------------------------------------

def save_list(mailing_list: MailingList, data: dict) -> MailingList:
    clash = db.session.scalar(select(MailingList.id).where(MailingList.slug == data["slug"],
                                                           MailingList.id != mailing_list.id))
    if clash is not None:
        raise DomainError(_l("Another list already uses this short name."))
    if data["kind"] == ListKind.GROUP.value and not data.get("group_id"):
        raise DomainError(_l("Choose the working group of a working-group list."))
    if data["kind"] != ListKind.GROUP.value:
        data["group_id"] = None
    if not any(data.get(f"name_{code}") for code in ("en", "es", "fr")):
        raise DomainError(_l("Give the list a name in at least one language."))
    for field, value in data.items():
        setattr(mailing_list, field, value)
    db.session.add(mailing_list)
    db.session.flush()
    if mailing_list.group_id:
        sync_group_list(mailing_list)
    return mailing_list


def search_subscriptions(mailing_list: MailingList, query: str = "", state: str = "", page: int = 1,
                         per_page: int = 50):
    stmt = select(Subscription).join(Subscriber).where(Subscription.list_id == mailing_list.id)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Subscriber.email).like(like), func.lower(Subscriber.name).like(like)))
    if state:
        stmt = stmt.where(Subscription.state == state)
    return db.paginate(stmt.order_by(Subscriber.email), page=page, per_page=per_page, error_out=False)


def export_rows(mailing_list: MailingList):
    stmt = select(Subscription).join(Subscriber).where(
        Subscription.list_id == mailing_list.id).order_by(Subscriber.email)
    for s in db.session.scalars(stmt):
        yield [s.subscriber.email, s.subscriber.name, s.subscriber.language, s.state,
               "yes" if s.subscriber.opted_out_at else "no", s.consent_source, s.consent_page,
               s.consent_note, _iso(s.consent_at), _iso(s.confirmed_at), _iso(s.unsubscribed_at)]


EXPORT_HEADER = ["email", "name", "language", "state", "opted_out_everywhere", "consent_source",
                 "consent_page", "consent_note", "consent_at", "confirmed_at", "unsubscribed_at"]


def _iso(value) -> str:
    return value.isoformat() if value else ""


class ImportReport:
    """What an import would do (dry run) or did: rows to add, rows skipped and why, bad rows."""

    def __init__(self):
        self.to_add: list[tuple[str, str, str]] = []
        self.already: list[str] = []
        self.opted_out: list[str] = []
        self.unsubscribed: list[str] = []
        self.errors: list[tuple[int, str, str]] = []

    @property
    def valid(self) -> bool:
        return not self.errors


MAX_IMPORT_ROWS = 20_000


def read_import(mailing_list: MailingList, content: bytes) -> ImportReport:
    """Check every row of a CSV with columns email, name and optionally language."""
    report = ImportReport()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_l("The file is not UTF-8 text. Save it as CSV UTF-8 and try again."))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _read_rows(mailing_list, reader, report)
    except csv.Error:
        # Also a cell longer than the csv module's limit (128 kB).
        raise DomainError(_l("The file is not valid CSV, or one of its cells is too long."))
    return report


def _read_rows(mailing_list: MailingList, reader: csv.DictReader, report: ImportReport) -> None:
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "email" not in fields:
        raise DomainError(_l("The first line must name the columns, with at least one called email."))
    reader.fieldnames = fields
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            raise DomainError(_l("The file has more than %(n)s rows. Split it.", n=MAX_IMPORT_ROWS))
        raw_email = (row.get("email") or "").strip()
        try:
            email = normalize_email(raw_email)
        except ValueError:
            report.errors.append((line, raw_email[:80], str(_l("not a valid email address"))))
            continue
        try:
            name = clean_text(row.get("name") or "", single_line=True)
        except ValueError:
            report.errors.append((line, email, str(_l("the name contains characters that are not allowed"))))
            continue
        if len(name) > 120:
            report.errors.append((line, email, str(_l("the name is longer than 120 characters"))))
            continue
        language = (row.get("language") or "").strip().lower()
        if language and language not in ("en", "es", "fr"):
            report.errors.append((line, email, str(_l("the language must be en, es or fr"))))
            continue
        if email in seen:
            report.errors.append((line, email, str(_l("this address appears twice in the file"))))
            continue
        seen.add(email)
        subscriber = subscriber_by_email(email)
        subscription = subscriber and subscription_of(subscriber, mailing_list)
        if subscriber is not None and subscriber.opted_out_at is not None:
            report.opted_out.append(email)
        elif subscription is not None and subscription.state == UNSUBSCRIBED:
            report.unsubscribed.append(email)
        elif subscription is not None and subscription.state == ACTIVE:
            report.already.append(email)
        else:
            report.to_add.append((email, name, language or "en"))


def import_subscribers(mailing_list: MailingList, content: bytes, consent_note: str,
                       dry_run: bool) -> ImportReport:
    """All or nothing: rows are written only when every row is valid and it is not a dry run.
    Opted-out addresses and people who left this list are never added back."""
    if not consent_note.strip():
        raise DomainError(_l("Say where these people gave their consent."))
    report = read_import(mailing_list, content)
    if dry_run or not report.valid:
        return report
    for email, name, language in report.to_add:
        subscriber = subscriber_for(email, name, language)
        subscription = subscription_of(subscriber, mailing_list) or Subscription(
            subscriber_id=subscriber.id, list_id=mailing_list.id)
        _activate(subscription, ConsentSource.IMPORT.value, "import", consent_note)
        db.session.add(subscription)
    logger.info("import list=%s added=%s", mailing_list.id, len(report.to_add))
    return report


# --- Campaigns --------------------------------------------------------------------------------

PENDING_SIGNATURE_MAX_AGE = timedelta(days=7)


def campaign_by_slug(slug: str) -> Campaign:
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        raise DomainError(_l("This campaign does not exist."), 404)
    return campaign


def get_campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise DomainError(_l("This campaign does not exist."), 404)
    return campaign


def campaigns_for_directory() -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).order_by(Campaign.status.desc(),
                                                             Campaign.created_at.desc())))


def _require_open(campaign: Campaign) -> None:
    if not campaign.is_open:
        raise DomainError(_l("This campaign is closed and no longer takes signatures."), 409)


def sign(campaign: Campaign, *, name: str, email: str, country: str, organization_name: str,
         listed: bool, opt_in: bool, language: str, user: User | None = None) -> Signature:
    """A signature; pending until its email is confirmed, unless a signed-in member signs.

    An address that already signed gets the same answer as a new one, so the form tells nobody
    who signed (unlisted signers included); only the address itself hears of it, by mail.
    """
    _require_open(campaign)
    if user is not None:
        email = user.email
    signature = db.session.scalar(select(Signature).where(Signature.campaign_id == campaign.id,
                                                          Signature.email == email))
    if signature is not None and (user is None or signature.state == CONFIRMED):
        if user is None:
            _mail_signed_again(signature)
        logger.info("signature repeated campaign=%s signature=%s", campaign.id, signature.id)
        return signature
    # New, or a pending one the signed-in owner of the address now makes their own.
    signature = signature or Signature(campaign_id=campaign.id, email=email)
    signature.name, signature.country, signature.organization_name = name, country, organization_name
    signature.listed, signature.opt_in, signature.language = listed, opt_in, language
    signature.user_id = user.id if user else None
    db.session.add(signature)
    db.session.flush()
    if user is not None:
        _confirm_signature(signature)
    else:
        _mail_confirmation(signature)
    logger.info("signature campaign=%s signature=%s member=%s", campaign.id, signature.id, bool(user))
    return signature


def _mail_confirmation(signature: Signature) -> None:
    send_email(signature.email, "advocacy/confirm_signature", _l("Confirm your signature"),
               locale=signature.language, name=signature.name, campaign_title=signature.campaign.title,
               url=url_for("advocacy.confirm_signature", token=signature.confirm_token, _external=True))


def _mail_signed_again(signature: Signature) -> None:
    """A pending signature gets its link again; a confirmed one a note that nothing changed."""
    if signature.state != CONFIRMED:
        _mail_confirmation(signature)
        return
    send_email(signature.email, "advocacy/already_signed", _l("You have already signed"),
               locale=signature.language, name=signature.name, campaign_title=signature.campaign.title,
               url=url_for("advocacy.campaign", slug=signature.campaign.slug, _external=True))


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
            subscriber_id=subscriber.id, list_id=campaign.mailing_list.id)
        _activate(subscription, ConsentSource.CAMPAIGN.value, f"/advocacy/campaigns/{campaign.slug}")
        db.session.add(subscription)


def pending_signature(token: str) -> Signature:
    signature = db.session.scalar(select(Signature).where(Signature.confirm_token == token)) \
        if token else None
    if signature is None:
        raise DomainError(_l("This confirmation link is invalid or was already used."), 404)
    return signature


def confirm_signature(token: str) -> Signature:
    signature = pending_signature(token)
    _confirm_signature(signature)
    return signature


def endorse(campaign: Campaign, *, organization_name: str, country: str, kind: str, website: str,
            contact_name: str, contact_email: str, language: str, user: User | None = None) -> Endorsement:
    """An organization without an account endorses; its contact confirms by email."""
    _require_open(campaign)
    if user is not None:
        contact_email = user.email
    _refuse_duplicate_endorsement(campaign, organization_name, country)
    endorsement = Endorsement(campaign_id=campaign.id, organization_name=organization_name, country=country,
                              kind=kind, website=website, contact_name=contact_name,
                              contact_email=contact_email, language=language,
                              user_id=user.id if user else None)
    db.session.add(endorsement)
    db.session.flush()
    if user is not None:
        _confirm_endorsement(endorsement)
    else:
            send_email(contact_email, "advocacy/confirm_endorsement", _l("Confirm your organization's endorsement"),
                   locale=language, name=contact_name, campaign_title=campaign.title,
                   url=url_for("advocacy.confirm_endorsement", token=endorsement.confirm_token,
                               _external=True))
    logger.info("endorsement campaign=%s endorsement=%s", campaign.id, endorsement.id)
    return endorsement


def administered_organizations(user) -> list:
    """Member organizations this person administers."""
    if user is None or not user.is_authenticated:
        return []
    return list(db.session.scalars(select(Organization).join(OrganizationAdmin).where(
        OrganizationAdmin.user_id == user.id).order_by(Organization.name)))


def endorse_as_organization(campaign: Campaign, organization_id: int, user: User) -> Endorsement:
    """One click for an administrator of a member organization."""
    _require_open(campaign)
    organization = next((o for o in administered_organizations(user) if o.id == organization_id), None)
    if organization is None:
        raise DomainError(_l("You are not an administrator of this organization."), 403)
    if db.session.scalar(select(Endorsement.id).where(Endorsement.campaign_id == campaign.id,
                                                      Endorsement.organization_id == organization.id)):
        raise DomainError(_l("%(name)s already endorses this campaign.", name=organization.name), 409)
    _refuse_duplicate_endorsement(campaign, organization.name, organization.country or "")
    endorsement = Endorsement(campaign_id=campaign.id, organization_id=organization.id,
                              organization_name=organization.name, country=organization.country or "",
                              kind=organization.kind, website=organization.website or "",
                              contact_name=user.name, contact_email=user.email,
                              language=user.language, user_id=user.id)
    db.session.add(endorsement)
    _confirm_endorsement(endorsement)
    return endorsement


def _refuse_duplicate_endorsement(campaign: Campaign, organization_name: str, country: str) -> None:
    if db.session.scalar(select(Endorsement.id).where(
            Endorsement.campaign_id == campaign.id, Endorsement.country == country,
            func.lower(Endorsement.organization_name) == organization_name.lower())):
        raise DomainError(_l("%(name)s already endorses this campaign.", name=organization_name), 409)


def _confirm_endorsement(endorsement: Endorsement) -> None:
    endorsement.state = SignatureState.CONFIRMED.value
    endorsement.confirmed_at = utcnow()
    endorsement.confirm_token = None


def pending_endorsement(token: str) -> Endorsement:
    endorsement = db.session.scalar(select(Endorsement).where(Endorsement.confirm_token == token)) \
        if token else None
    if endorsement is None:
        raise DomainError(_l("This confirmation link is invalid or was already used."), 404)
    return endorsement


def confirm_endorsement(token: str) -> Endorsement:
    endorsement = pending_endorsement(token)
    _confirm_endorsement(endorsement)
    return endorsement


def set_verified(campaign: Campaign, endorsement_id: int, verified: bool) -> Endorsement:
    endorsement = db.session.get(Endorsement, endorsement_id)
    if endorsement is None or endorsement.campaign_id != campaign.id:
        raise DomainError(_l("This endorsement does not exist."), 404)
    endorsement.verified_by_staff = verified
    return endorsement


CONFIRMED = SignatureState.CONFIRMED.value


def campaign_progress(campaign: Campaign) -> dict:
    people = db.session.scalar(select(func.count()).select_from(Signature).where(
        Signature.campaign_id == campaign.id, Signature.state == CONFIRMED)) or 0
    organizations = db.session.scalar(select(func.count()).select_from(Endorsement).where(
        Endorsement.campaign_id == campaign.id, Endorsement.state == CONFIRMED)) or 0
    percent = min(100, round(100 * people / campaign.goal)) if campaign.goal else 0
    return {"people": people, "organizations": organizations, "percent": percent}


def listed_signers(campaign: Campaign, limit: int = 500) -> list[Signature]:
    return list(db.session.scalars(select(Signature).where(
        Signature.campaign_id == campaign.id, Signature.state == CONFIRMED,
        Signature.listed.is_(True)).order_by(Signature.confirmed_at.desc()).limit(limit)))


def organizations_by_country(campaign: Campaign, viewer) -> list[tuple[str, list[Endorsement]]]:
    """Confirmed endorsements by country; a member organization is named only to those who may see it."""
    grouped: dict[str, list[Endorsement]] = {}
    for endorsement in db.session.scalars(select(Endorsement).where(
            Endorsement.campaign_id == campaign.id, Endorsement.state == CONFIRMED,
            or_(Endorsement.organization_id.is_(None), Endorsement.organization_id.in_(
                select(Organization.id).where(organizations_visible_to(viewer)))))
            .order_by(Endorsement.organization_name)):
        grouped.setdefault(endorsement.country, []).append(endorsement)
    return sorted(grouped.items(), key=lambda item: country_name(item[0]).casefold())


def save_campaign(campaign: Campaign, data: dict, theme_ids: list[int]) -> Campaign:
    clash = db.session.scalar(select(Campaign.id).where(Campaign.slug == data["slug"],
                                                        Campaign.id != campaign.id))
    if clash is not None:
        raise DomainError(_l("Another campaign already uses this short name."))
    list_id = data.pop("list_id")
    for field, value in data.items():
        setattr(campaign, field, value)
    campaign.themes = list(db.session.scalars(select(Theme).where(Theme.id.in_(theme_ids))))
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
    slug = f"campaign-{campaign.slug}"[:80]
    mailing_list = db.session.scalar(select(MailingList).where(MailingList.slug == slug))
    if mailing_list is None:
        mailing_list = MailingList(slug=slug, kind=ListKind.CAMPAIGN.value, name_en=campaign.title[:160],
                                   visibility=ListVisibility.HIDDEN.value,
                                   description_en=campaign.summary)
        db.session.add(mailing_list)
    return mailing_list


def close_campaign(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.CLOSED.value:
        campaign.status = CampaignStatus.CLOSED.value
        campaign.closed_at = utcnow()


def signature_rows(campaign: Campaign):
    for s in db.session.scalars(select(Signature).where(Signature.campaign_id == campaign.id)
                                .order_by(Signature.created_at)):
        yield [s.name, s.email, s.country, country_name(s.country, "en"), s.organization_name,
               "yes" if s.listed else "no", "yes" if s.opt_in else "no", s.state, s.language,
               _iso(s.created_at), _iso(s.confirmed_at)]


SIGNATURE_HEADER = ["name", "email", "country_code", "country", "organization", "listed", "list_opt_in",
                    "state", "language", "signed_at", "confirmed_at"]
ENDORSEMENT_HEADER = ["organization", "country_code", "country", "kind", "website", "member_organization",
                      "contact_name", "contact_email", "state", "verified_by_staff", "created_at",
                      "confirmed_at"]


def endorsement_rows(campaign: Campaign):
    for e in db.session.scalars(select(Endorsement).where(Endorsement.campaign_id == campaign.id)
                                .order_by(Endorsement.created_at)):
        yield [e.organization_name, e.country, country_name(e.country, "en"), e.kind, e.website,
               "yes" if e.organization_id else "no", e.contact_name, e.contact_email, e.state,
               "yes" if e.verified_by_staff else "no", _iso(e.created_at), _iso(e.confirmed_at)]


def expire_pending_signatures(now=None) -> int:
    cutoff = (now or utcnow()) - PENDING_SIGNATURE_MAX_AGE
    count = 0
    for model in (Signature, Endorsement):
        for row in db.session.scalars(select(model).where(model.state == SignatureState.PENDING.value,
                                                          model.created_at < cutoff)):
            db.session.delete(row)
            count += 1
    return count


# --- Other domains' signals -------------------------------------------------------------------

def forget_user(user: User) -> None:
    """Account deletion: end the person's subscriptions and anonymize what they signed."""
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.user_id == user.id)) \
        or subscriber_by_email(user.email)
    if subscriber is not None:
        for subscription in subscriptions_of(subscriber):
            end_subscription(subscription)
        subscriber.user_id = None
        subscriber.name = ""
        subscriber.email = f"deleted-{subscriber.id}@deleted.invalid"
        subscriber.opted_out_at = subscriber.opted_out_at or utcnow()
    for signature in db.session.scalars(select(Signature).where(
            or_(Signature.user_id == user.id, Signature.email == user.email))):
        signature.name = ""
        signature.email = f"deleted-{signature.id}@deleted.invalid"
        signature.organization_name = ""
        signature.listed = False
        signature.user_id = None
    for endorsement in db.session.scalars(select(Endorsement).where(
            or_(Endorsement.user_id == user.id, Endorsement.contact_email == user.email))):
        endorsement.contact_name = ""
        endorsement.contact_email = f"deleted-{endorsement.id}@deleted.invalid"
        endorsement.user_id = None
    logger.info("advocacy data anonymized user=%s", user.id)


def user_data(user: User) -> dict:
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.user_id == user.id)) \
        or subscriber_by_email(user.email)
    subscriptions = subscriptions_of(subscriber) if subscriber else []
    signatures = db.session.scalars(select(Signature).where(
        or_(Signature.user_id == user.id, Signature.email == user.email))).all()
    endorsements = db.session.scalars(select(Endorsement).where(
        or_(Endorsement.user_id == user.id, Endorsement.contact_email == user.email))).all()
    return {
        "opted_out_at": _iso(subscriber.opted_out_at) if subscriber else "",
        "subscriptions": [{"list": s.mailing_list.slug, "state": s.state, "consent_source": s.consent_source,
                           "consent_page": s.consent_page, "consent_at": _iso(s.consent_at),
                           "confirmed_at": _iso(s.confirmed_at), "unsubscribed_at": _iso(s.unsubscribed_at)}
                          for s in subscriptions],
        "signatures": [{"campaign": s.campaign.slug, "name": s.name, "email": s.email, "country": s.country,
                        "organization": s.organization_name, "listed": s.listed, "state": s.state,
                        "signed_at": _iso(s.created_at)} for s in signatures],
        "endorsements": [{"campaign": e.campaign.slug, "organization": e.organization_name,
                          "contact_email": e.contact_email, "state": e.state} for e in endorsements],
    }
