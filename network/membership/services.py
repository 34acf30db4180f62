"""Membership of the network: applications, staff decisions, terms and renewals."""

import logging
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from flask import current_app, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import joinedload

from network.auth.models import Role, User
from network.auth.services import json_ready
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import Conflict, DomainError, NotFound
from network.extensions import db
from network.geo import is_country, is_language
from network.groups.queries import active_member_ids
from network.members.models import Organization
from network.members.queries import organizations_matching, people_matching, person_country
from network.members.services import organizations_of
from network.membership import notices
from network.membership.models import STATUS_LABELS, Membership, MembershipStatus
from network.params import whole_number
from network.signals import account_data, account_deleting

logger = logging.getLogger(__name__)
REMINDER_DAYS = 30
APPLICANT, ACTIVE, LAPSED, SUSPENDED = (s.value for s in MembershipStatus)


def today() -> date:
    return utcnow().date()


def term_days() -> int:
    return current_app.config["MEMBERSHIP_TERM_DAYS"]


def membership_of(user: User) -> Membership | None:
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id))


def membership_of_organization(org: Organization) -> Membership | None:
    return db.session.scalar(select(Membership).where(Membership.organization_id == org.id))


def organization_memberships(user: User) -> list[tuple[Organization, Membership | None]]:
    """The organizations this person administers, each with its membership if it has one."""
    return [(org, membership_of_organization(org)) for org in organizations_of(user)]


def membership_or_404(membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None:
        raise NotFound()
    return membership


def apply(applicant: User, statement: str, organization: Organization | None = None) -> Membership:
    """A first application, or a new one after a membership lapsed: for the applicant or for an
    organization the applicant administers (the route checks that)."""
    if organization is None:
        membership = membership_of(applicant)
    else:
        membership = membership_of_organization(organization)
    if membership is None:
        membership = Membership(user=None if organization else applicant, organization=organization)
        db.session.add(membership)
    elif membership.status == APPLICANT:
        raise Conflict(_l("This application is already waiting for a decision."))
    elif membership.status == ACTIVE:
        raise Conflict(_l("This membership is already active."))
    elif membership.status == SUSPENDED:
        raise Conflict(_l("This membership is suspended. Please write to the network's staff."))
    membership.status, membership.statement, membership.applied_at = APPLICANT, statement, utcnow()
    membership.applied_by_id = applicant.id
    membership.decided_at = membership.decided_by_id = None
    db.session.flush()
    notices.tell_staff(membership, applicant)
    logger.info("membership applied id=%s by=%s", membership.id, applicant.id)
    return membership


def recipients(membership: Membership) -> list[User]:
    """Who hears about a membership: the person, or every admin of the organization."""
    if membership.user is not None:
        return [membership.user]
    return [admin.user for admin in membership.organization.admins]


def _notify(membership: Membership, template: str, subject, **context) -> None:
    for person in recipients(membership):
        send_email(
            person.email,
            template,
            subject,
            locale=person.language,
            user=person,
            member_name=membership.name,
            for_organization=membership.organization is not None,
            url=url_for("membership.status", _external=True),
            **context,
        )


def start_term(membership: Membership, today: date) -> None:
    membership.status = ACTIVE
    membership.start_date = today
    membership.renewal_date = today + timedelta(days=term_days())


def _decided(membership: Membership, actor: User, action: str) -> None:
    membership.decided_at, membership.decided_by_id = utcnow(), actor.id
    logger.info("membership %s id=%s by=%s", action, membership.id, actor.id)


def _require(membership: Membership, *allowed: str) -> None:
    if membership.status not in allowed:
        raise Conflict(
            _l(
                "This membership is %(status)s; that action does not apply.",
                status=membership.status_label,
            )
        )


def approve(membership: Membership, actor: User, today: date) -> None:
    _require(membership, APPLICANT)
    start_term(membership, today)
    _decided(membership, actor, "approved")
    _notify(
        membership,
        "membership/approved",
        _l("Welcome to %(network_name)s", network_name=current_app.config["NETWORK_NAME"]),
        renewal_date=membership.renewal_date,
    )


def reject(membership: Membership, actor: User) -> None:
    _require(membership, APPLICANT)
    _notify(
        membership,
        "membership/rejected",
        _l("Your application to %(network_name)s", network_name=current_app.config["NETWORK_NAME"]),
    )
    _decided(membership, actor, "rejected")
    db.session.delete(membership)


def suspend(membership: Membership, actor: User) -> None:
    _require(membership, ACTIVE, LAPSED)
    membership.status = SUSPENDED
    _decided(membership, actor, "suspended")


def reactivate(membership: Membership, actor: User, today: date) -> None:
    """Back to active; a term that has run out starts again from today."""
    _require(membership, SUSPENDED, LAPSED)
    if membership.renewal_date is None or membership.renewal_date < today:
        start_term(membership, today)
    membership.status = ACTIVE
    _decided(membership, actor, "reactivated")


def renew(membership: Membership, actor: User, today: date) -> None:
    """Staff add one more term, counted from the current renewal date (or today if that has passed)."""
    _require(membership, ACTIVE, LAPSED)
    _extend(membership, today)
    _decided(membership, actor, "renewed")


def renewal_window_opens(membership: Membership) -> date | None:
    """From this day the member may renew by themselves: when the reminder goes out."""
    if membership.status != ACTIVE or membership.renewal_date is None:
        return None
    return membership.renewal_date - timedelta(days=REMINDER_DAYS)


def renew_own(membership: Membership, actor: User, today: date) -> None:
    """A member (or an organization's admin) renews an active membership whose term is ending."""
    _require(membership, ACTIVE)
    opens = renewal_window_opens(membership)
    if today < opens:
        raise DomainError(
            _l(
                "You can renew from %(date)s, %(days)d days before the renewal date.",
                date=format_date(opens, "long"),
                days=REMINDER_DAYS,
            ),
            409,
        )
    _extend(membership, today)
    logger.info("membership renewed by member id=%s by=%s", membership.id, actor.id)


def _extend(membership: Membership, today: date) -> None:
    membership.status = ACTIVE
    membership.renewal_date = max(membership.renewal_date or today, today) + timedelta(
        days=term_days()
    )


def set_renewal_date(membership: Membership, actor: User, renewal: date, today: date) -> None:
    _require(membership, ACTIVE, LAPSED)
    if membership.start_date and renewal <= membership.start_date:
        raise DomainError(_l("The renewal date must come after the start date."))
    membership.renewal_date = renewal
    membership.status = ACTIVE if renewal >= today else LAPSED
    _decided(membership, actor, "renewal date set")


def send_renewal_reminders(today: date) -> int:
    """Mail everyone whose term ends within REMINDER_DAYS, once per renewal date.

    The guarded UPDATE claims the reminder, so two workers running at once send it once.
    """
    due = db.session.scalars(
        select(Membership.id).where(
            Membership.status == ACTIVE,
            Membership.renewal_date >= today,
            Membership.renewal_date <= today + timedelta(days=REMINDER_DAYS),
            or_(
                Membership.reminded_for_renewal.is_(None),
                Membership.reminded_for_renewal != Membership.renewal_date,
            ),
        )
    ).all()
    sent = 0
    for membership_id in due:
        claimed = db.session.execute(
            update(Membership)
            .where(
                Membership.id == membership_id,
                Membership.status == ACTIVE,
                or_(
                    Membership.reminded_for_renewal.is_(None),
                    Membership.reminded_for_renewal != Membership.renewal_date,
                ),
            )
            .values(reminded_for_renewal=Membership.renewal_date)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            continue
        membership = db.session.get(Membership, membership_id)
        db.session.refresh(membership)
        _notify(
            membership,
            "membership/renewal_reminder",
            _l(
                "Your membership of %(network_name)s is due for renewal",
                network_name=current_app.config["NETWORK_NAME"],
            ),
            renewal_date=membership.renewal_date,
        )
        sent += 1
    logger.info("renewal reminders sent=%s", sent)
    return sent


def lapse_expired(today: date) -> int:
    count = db.session.execute(
        update(Membership)
        .where(Membership.status == ACTIVE, Membership.renewal_date < today)
        .values(status=LAPSED)
        .execution_options(synchronize_session=False)
    ).rowcount
    logger.info("memberships lapsed=%s", count)
    return count


MEMBER_TYPES = ("person", "organization")


@dataclass
class MemberFilters:
    q: str = ""
    status: str = ""
    type: str = ""
    role: str = ""
    country: str = ""
    language: str = ""
    theme: int | None = None
    group: int | None = None

    @classmethod
    def from_args(cls, args) -> "MemberFilters":
        """Unknown or malformed values are dropped: a shared link never fails."""

        def pick(name, allowed):
            value = args.get(name, "")
            return value if allowed(value) else ""

        return cls(
            q=args.get("q", "").strip()[:100],
            status=pick("status", STATUS_LABELS.__contains__),
            type=pick("type", MEMBER_TYPES.__contains__),
            role=pick("role", {r.value for r in Role}.__contains__),
            country=pick("country", lambda v: len(v) == 2 and is_country(v)).upper(),
            language=pick("language", lambda v: len(v) == 2 and is_language(v)).lower(),
            theme=whole_number(args.get("theme"), 1),
            group=whole_number(args.get("group"), 1),
        )

    def as_args(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v}


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def member_query(filters: MemberFilters):
    """Every membership, of people and organizations, whether or not their profile is listed.

    Ordered by the stored sort name, so a page is read in index order; the filters are
    subqueries, so the count reads the memberships alone.
    """
    query = (
        select(Membership)
        .options(joinedload(Membership.user), joinedload(Membership.organization))
        .order_by(Membership.sort_name, Membership.id)
    )
    if filters.status:
        query = query.where(Membership.status == filters.status)
    if filters.type == "person":
        query = query.where(Membership.user_id.is_not(None))
    elif filters.type == "organization":
        query = query.where(Membership.organization_id.is_not(None))
    if filters.role:
        query = query.where(
            Membership.user_id.in_(select(User.id).where(User.role == filters.role))
        )
    if filters.group:
        query = query.where(Membership.user_id.in_(active_member_ids(filters.group)))
    if filters.q or filters.country or filters.language or filters.theme:
        query = query.where(or_(_person_matches(filters), _organization_matches(filters)))
    return query


def _profile_fields(filters: MemberFilters) -> dict:
    return {"country": filters.country, "language": filters.language, "theme_id": filters.theme}


def _person_matches(filters: MemberFilters):
    conditions = []
    if filters.q:
        raw = _like(filters.q.lower())
        conditions.append(
            or_(
                func.lower(User.name).like(raw, escape="\\"),
                func.lower(User.email).like(raw, escape="\\"),
                User.id.in_(people_matching(words=filters.q)),
            )
        )
    if filters.country or filters.language or filters.theme:
        conditions.append(User.id.in_(people_matching(**_profile_fields(filters))))
    return Membership.user_id.in_(select(User.id).where(*conditions))


def _organization_matches(filters: MemberFilters):
    search = {}
    if filters.q:
        search = {"words": filters.q, "contact_like": _like(filters.q.lower())}
    return Membership.organization_id.in_(
        organizations_matching(**search, **_profile_fields(filters))
    )


def csv_header() -> list[str]:
    return [
        _("Name"),
        _("Type"),
        _("Email"),
        _("Country"),
        _("Status"),
        _("Start date"),
        _("Renewal date"),
        _("Applied on"),
        _("Role"),
    ]


def csv_rows(filters: MemberFilters):
    rows = db.session.execute(member_query(filters).add_columns(person_country(Membership.user_id)))
    for membership, lives_in in rows:
        if membership.user is not None:
            kind, country, role = _("Person"), lives_in, membership.user.role
        else:
            kind, country, role = _("Organization"), membership.organization.country, ""
        yield [
            membership.name,
            kind,
            membership.email,
            country or "",
            membership.status_label,
            membership.start_date,
            membership.renewal_date,
            membership.applied_at.date(),
            role,
        ]


def queue() -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.status == APPLICANT)
            .order_by(Membership.applied_at, Membership.id)
        )
    )


def status_counts() -> dict[str, int]:
    rows = db.session.execute(select(Membership.status, func.count()).group_by(Membership.status))
    return dict(rows.all())


@account_deleting.connect
def _forget_member(user: User) -> None:
    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    for column in (Membership.decided_by_id, Membership.applied_by_id):
        db.session.execute(update(Membership).where(column == user.id).values({column: None}))


@account_data.connect
def _membership_data(user: User):
    membership = membership_of(user)
    if membership is None:
        return "membership", None
    return "membership", {
        "status": membership.status,
        "statement": membership.statement,
        "applied_at": json_ready(membership.applied_at),
        "start_date": json_ready(membership.start_date),
        "renewal_date": json_ready(membership.renewal_date),
    }
