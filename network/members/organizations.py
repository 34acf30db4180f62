"""Organizations: their profiles and the people who say they work with them (who administers
them, and how one is invited, is in admins.py)."""

import logging
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from network.auth.models import User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import DomainError, Forbidden, NotFound
from network.extensions import db
from network.markdown import markdown_to_text
from network.members.models import (
    ORGANIZATION_KINDS,
    AffiliationState,
    OrgAffiliation,
    Organization,
    OrganizationAdmin,
    OrganizationCountry,
    OrganizationLanguage,
    PersonProfile,
    Visibility,
)
from network.members.services import (
    MAX_BIO,
    check_codes,
    check_links,
    check_text,
    check_visibility,
    chosen_themes,
    clean_corridors,
    profile_of,
    replace_image,
    search_key,
    sync_codes,
    sync_corridors,
)
from network.members.visibility import (
    organizations_visible_to,
    sees_person,
    visible_organizations,
    visible_profiles,
)
from network.validators import normalize_email

logger = logging.getLogger(__name__)


@dataclass
class OrganizationInput:
    name: str
    kind: str
    country: str | None = None
    city: str = ""
    description: str = ""
    website: str | None = None
    contact_email: str | None = None
    email_visibility: str = Visibility.MEMBERS.value
    year_founded: int | None = None
    visibility: str = Visibility.PUBLIC.value
    listed_in_directory: bool = False
    served_countries: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)
    corridors: list[tuple[str, str]] = field(default_factory=list)


def _apply_organization(org: Organization, data: OrganizationInput, logo, remove_logo) -> None:
    if data.kind not in ORGANIZATION_KINDS:
        raise DomainError(_("Choose the kind of organization from the list."))
    if len(data.description or "") > MAX_BIO:
        raise DomainError(_("The description is too long: at most %(n)d characters.", n=MAX_BIO))
    if data.year_founded is not None and not 1800 <= data.year_founded <= utcnow().year:
        raise DomainError(_("Enter a year between 1800 and this year."))
    contact_email = None
    if data.contact_email:
        try:
            contact_email = normalize_email(data.contact_email)
        except ValueError:
            raise DomainError(_("Enter a valid email address.")) from None
    check_text(data.name, data.city)
    check_links(data.website)
    check_visibility(data.visibility, data.email_visibility)
    check_codes(
        countries=[c for c in [data.country] if c] + list(data.served_countries),
        languages=data.languages,
    )
    themes = chosen_themes(data.theme_ids)
    corridors = clean_corridors(data.corridors)

    org.logo = replace_image(org.logo, logo, remove_logo)
    for name in (
        "name",
        "kind",
        "city",
        "description",
        "email_visibility",
        "year_founded",
        "visibility",
        "listed_in_directory",
    ):
        setattr(org, name, getattr(data, name))
    org.country = data.country or None
    org.website = data.website or None
    org.contact_email = contact_email
    org.themes = themes
    sync_codes(
        org.served_rows,
        data.served_countries,
        "country",
        lambda code: OrganizationCountry(country=code),
    )
    sync_codes(
        org.language_rows,
        data.languages,
        "language",
        lambda code: OrganizationLanguage(language=code),
    )
    sync_corridors(org.corridors, corridors)
    org.search_text = search_key(
        " ".join([data.name, data.city, markdown_to_text(data.description)])
    )
    org.sort_name = search_key(data.name)[:200]


def create_organization(
    creator: User, data: OrganizationInput, logo: bytes | None = None
) -> Organization:
    org = Organization()
    _apply_organization(org, data, logo, False)
    org.admins.append(OrganizationAdmin(user=creator))
    db.session.add(org)
    db.session.flush()
    logger.info("organization %s created by user %s", org.id, creator.id)
    return org


def update_organization(
    actor: User,
    org: Organization,
    data: OrganizationInput,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> Organization:
    _apply_organization(org, data, logo, remove_logo)
    db.session.flush()
    logger.info("organization %s edited by user %s", org.id, actor.id)
    return org


def is_org_admin(org: Organization, user) -> bool:
    return bool(user and user.is_authenticated and any(a.user_id == user.id for a in org.admins))


def administered_organization(org_id: int, user, allow_staff: bool = False) -> Organization:
    """The organization if the user administers it (or is staff, where allowed); else 404/403."""
    org = db.session.get(Organization, org_id)
    if org is None:
        raise NotFound()
    if not (is_org_admin(org, user) or (allow_staff and user.is_staff)):
        raise Forbidden()
    return org


def visible_organization(org_id: int, viewer) -> Organization:
    org = db.session.scalar(
        select(Organization).where(Organization.id == org_id, organizations_visible_to(viewer))
    )
    if org is None:
        raise NotFound()
    return org


def organization_named(name: str) -> Organization | None:
    """The organization whose name folds to the same key (accents, case and spaces aside)."""
    return db.session.scalar(select(Organization).where(Organization.sort_name == search_key(name)))


def request_affiliation(user: User, org: Organization, title: str) -> OrgAffiliation:
    """Lists the affiliation as pending and asks the organization's admins to confirm it."""
    profile = profile_of(user)
    if profile is None:
        raise DomainError(_("Create your profile first, then list your affiliation."))
    existing = db.session.scalar(
        select(OrgAffiliation).where(
            OrgAffiliation.person_id == profile.id, OrgAffiliation.organization_id == org.id
        )
    )
    if existing is not None:
        raise DomainError(_("You have already listed this affiliation."))
    affiliation = OrgAffiliation(person=profile, organization=org, title=title)
    db.session.add(affiliation)
    db.session.flush()
    for admin in org.admins:
        # The organization's page shows the request; the mail names only whom the admin may see.
        person_name = profile.display_name if sees_person(user, admin.user) else _l("A member")
        subject = _l(
            "%(person_name)s says they work with %(organization_name)s",
            person_name=person_name,
            organization_name=org.name,
        )
        send_email(
            admin.user.email,
            "members/affiliation_request",
            subject,
            locale=admin.user.language,
            admin_name=admin.user.name,
            person_name=person_name,
            organization_name=org.name,
            title=title,
            organization_id=org.id,
        )
    logger.info(
        "affiliation %s requested by user %s for organization %s", affiliation.id, user.id, org.id
    )
    return affiliation


def affiliation_of(org: Organization, affiliation_id: int) -> OrgAffiliation:
    affiliation = db.session.get(OrgAffiliation, affiliation_id)
    if affiliation is None or affiliation.organization_id != org.id:
        raise NotFound()
    return affiliation


def decide_affiliation(actor: User, affiliation: OrgAffiliation, approve: bool) -> None:
    affiliation_id = affiliation.id
    if approve:
        affiliation.state = AffiliationState.APPROVED.value
        affiliation.approved_at = utcnow()
    else:
        db.session.delete(affiliation)
    db.session.flush()
    logger.info(
        "affiliation %s %s by user %s",
        affiliation_id,
        "approved" if approve else "declined",
        actor.id,
    )


def withdraw_affiliation(user: User, affiliation_id: int) -> None:
    affiliation = db.session.get(OrgAffiliation, affiliation_id)
    if affiliation is None or affiliation.person.user_id != user.id:
        raise NotFound()
    db.session.delete(affiliation)
    db.session.flush()


def confirmed_people(org: Organization, viewer) -> list[OrgAffiliation]:
    """The organization's confirmed affiliations whose person this viewer may see."""
    confirmed = [a for a in org.affiliations if a.approved]
    shown = {p.id for p in visible_profiles([a.person for a in confirmed], viewer)}
    return [a for a in confirmed if a.person_id in shown]


def confirmed_organizations(profile: PersonProfile, viewer) -> list[OrgAffiliation]:
    """The person's confirmed affiliations whose organization this viewer may see."""
    confirmed = [a for a in profile.affiliation_rows if a.approved]
    shown = {o.id for o in visible_organizations([a.organization for a in confirmed], viewer)}
    return [a for a in confirmed if a.organization_id in shown]


def pending_affiliations(org: Organization) -> list[OrgAffiliation]:
    return [a for a in org.affiliations if not a.approved]
