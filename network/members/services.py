"""Profiles of people and organizations: who may see and change them, and the rules they keep."""
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from flask import abort, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from wtforms.validators import ValidationError

from network.auth.models import User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import DomainError
from network.extensions import db
from network.geo import is_country, is_language
from network.groups.models import GroupMembership, MembershipState, WorkingGroup
from network.markdown import markdown_to_text
from network.members.models import (ORGANIZATION_KINDS, PERSON_KINDS, AffiliationState, Corridor,
                                    Organization, OrganizationAdmin, OrganizationCountry,
                                    OrganizationInvitation, OrganizationLanguage, OrgAffiliation,
                                    PersonLanguage, PersonOrigin, PersonProfile, Visibility,
                                    new_invitation_token)
from network.members.uploads import discard_image, store_image
from network.members.visibility import (organizations_visible_to, profiles_visible_to, sees_person,
                                        visible_organizations, visible_profiles)
from network.signals import account_data, account_deleting
from network.themes.models import Theme
from network.validators import HttpURL, clean_text, normalize_email

logger = logging.getLogger(__name__)

MAX_BIO = 20_000
ORCID_PATTERN = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")


# --- shared rules -------------------------------------------------------------------------------

def search_key(text: str | None) -> str:
    """Lowercase, accents removed, spaces collapsed: how text is stored and searched."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def orcid_checksum_ok(digits: str) -> bool:
    """ISO 7064 MOD 11-2 over the first 15 digits; the 16th is the check character."""
    total = 0
    for digit in digits[:15]:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return digits[15] == ("X" if result == 10 else str(result))


def normalize_orcid(value: str | None) -> str | None:
    """The 0000-0000-0000-000X form of an ORCID iD, or None if empty; ValueError if invalid."""
    value = (value or "").strip().upper()
    for prefix in ("HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/", "ORCID.ORG/"):
        if value.startswith(prefix):
            value = value[len(prefix):]
    if not value:
        return None
    match = ORCID_PATTERN.match(value)
    if not match or not orcid_checksum_ok("".join(match.groups())):
        raise ValueError("not an ORCID iD")
    return "-".join(match.groups())


def can_see(visibility: str, viewer, owner_ids=()) -> bool:
    """Whether a viewer may see something with this visibility that belongs to owner_ids."""
    if viewer is not None and viewer.is_authenticated:
        if viewer.id in owner_ids or viewer.is_staff:
            return True
        return visibility in (Visibility.PUBLIC.value, Visibility.MEMBERS.value)
    return visibility == Visibility.PUBLIC.value


def _check_codes(countries=(), languages=()) -> None:
    if not all(is_country(c) for c in countries):
        raise DomainError(_("Choose countries from the list."))
    if not all(is_language(code) and len(code) == 2 for code in languages):
        raise DomainError(_("Choose languages from the list."))


def _themes(theme_ids) -> list[Theme]:
    ids = set(theme_ids or [])
    themes = list(db.session.scalars(select(Theme).where(Theme.id.in_(ids)))) if ids else []
    if len(themes) != len(ids):
        raise DomainError(_("Choose themes from the list."))
    return themes


def _clean_corridors(pairs) -> list[tuple[str, str]]:
    result = []
    for origin, destination in pairs or []:
        origin, destination = (origin or "").upper(), (destination or "").upper()
        _check_codes(countries=[origin, destination])
        if origin == destination:
            raise DomainError(_("A corridor goes from one country to another."))
        if (origin, destination) not in result:
            result.append((origin, destination))
    return result


def _sync_codes(rows: list, codes, attribute: str, make) -> None:
    """Keeps the rows whose code stays, removes the others, adds the new ones (no key clashes)."""
    wanted = list(dict.fromkeys(c for c in codes or []))
    for row in list(rows):
        if getattr(row, attribute) not in wanted:
            rows.remove(row)
    present = {getattr(row, attribute) for row in rows}
    rows.extend(make(code) for code in wanted if code not in present)


def _sync_corridors(corridors: list, pairs) -> None:
    wanted = _clean_corridors(pairs)
    for corridor in list(corridors):
        if (corridor.origin, corridor.destination) not in wanted:
            corridors.remove(corridor)
    present = {(c.origin, c.destination) for c in corridors}
    corridors.extend(Corridor(origin=o, destination=d) for o, d in wanted if (o, d) not in present)


def _check_text(*values) -> None:
    for value in values:
        try:
            clean_text(value)
        except ValueError:
            raise DomainError(_("Names and titles cannot contain invisible or control characters."))


def is_http_url(value: str) -> bool:
    """The shared form rule for links, applied to a plain value."""
    try:
        HttpURL()(None, SimpleNamespace(data=value))
    except ValidationError:
        return False
    return True


def _check_links(*urls) -> None:
    if not all(is_http_url(url) for url in urls if url):
        raise DomainError(_("Links must be web addresses starting with http:// or https://."))


def _check_visibility(*values) -> None:
    if not all(v in {x.value for x in Visibility} for v in values):
        raise DomainError(_("Choose who can see this from the list."))


def _replace_image(current: str | None, upload: bytes | None, remove: bool) -> str | None:
    if upload:
        new = store_image(upload)
        discard_image(current)
        return new
    if remove:
        discard_image(current)
        return None
    return current


# --- people -------------------------------------------------------------------------------------

@dataclass
class PersonInput:
    display_name: str
    kind: str
    headline: str = ""
    bio: str = ""
    country: str | None = None
    expertise: str = ""
    affiliations: str = ""
    orcid: str | None = None
    website: str | None = None
    publications: list[str] = field(default_factory=list)
    visibility: str = Visibility.MEMBERS.value
    email_visibility: str = Visibility.PRIVATE.value
    website_visibility: str = Visibility.PUBLIC.value
    listed_in_directory: bool = False
    origins: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)
    corridors: list[tuple[str, str]] = field(default_factory=list)


def profile_of(user) -> PersonProfile | None:
    return db.session.scalar(select(PersonProfile).where(PersonProfile.user_id == user.id))


def save_person_profile(user: User, data: PersonInput, photo: bytes | None = None,
                        remove_photo: bool = False) -> PersonProfile:
    """Creates or updates the user's own profile; everything is checked before anything changes."""
    if data.kind not in PERSON_KINDS:
        raise DomainError(_("Choose what describes you from the list."))
    if len(data.bio or "") > MAX_BIO:
        raise DomainError(_("The biography is too long: at most %(n)d characters.", n=MAX_BIO))
    try:
        orcid = normalize_orcid(data.orcid)
    except ValueError:
        raise DomainError(_("This is not a valid ORCID iD. It looks like 0000-0002-1825-0097."))
    _check_text(data.display_name, data.headline, data.expertise, data.affiliations)
    _check_links(data.website, *data.publications)
    _check_visibility(data.visibility, data.email_visibility, data.website_visibility)
    _check_codes(countries=[c for c in [data.country] if c] + list(data.origins),
                 languages=data.languages)
    themes = _themes(data.theme_ids)
    corridors = _clean_corridors(data.corridors)

    profile = profile_of(user)
    if profile is None:
        profile = PersonProfile(user=user)
        db.session.add(profile)
    profile.photo = _replace_image(profile.photo, photo, remove_photo)
    for name in ("display_name", "kind", "headline", "bio", "expertise", "affiliations",
                 "visibility", "email_visibility", "website_visibility", "listed_in_directory"):
        setattr(profile, name, getattr(data, name))
    profile.country = data.country or None
    profile.orcid = orcid
    profile.website = data.website or None
    profile.publications = "\n".join(data.publications)
    profile.themes = themes
    _sync_codes(profile.origin_rows, data.origins, "country",
                lambda code: PersonOrigin(country=code))
    _sync_codes(profile.language_rows, data.languages, "language",
                lambda code: PersonLanguage(language=code))
    _sync_corridors(profile.corridors, corridors)
    profile.search_text = search_key(" ".join([data.display_name, data.headline, data.expertise,
                                               data.affiliations, markdown_to_text(data.bio)]))
    profile.sort_name = search_key(data.display_name)[:120]
    db.session.flush()
    logger.info("person profile %s saved by user %s", profile.id, user.id)
    return profile


def visible_profile(profile_id: int, viewer) -> PersonProfile:
    """The profile if this viewer may see it; 404 otherwise, so hidden profiles stay unknown."""
    profile = db.session.scalar(select(PersonProfile).where(
        PersonProfile.id == profile_id, profiles_visible_to(viewer)))
    if profile is None:
        abort(404)
    return profile


def active_group_memberships(profile: PersonProfile) -> list[WorkingGroup]:
    return list(db.session.scalars(
        select(WorkingGroup).join(GroupMembership, GroupMembership.group_id == WorkingGroup.id)
        .where(GroupMembership.user_id == profile.user_id,
               GroupMembership.state == MembershipState.ACTIVE.value)
        .order_by(WorkingGroup.name)))


CONTACT_SUBJECT = _l("%(sender_name)s wrote to you through %(network_name)s")


def send_contact_message(sender: User, profile: PersonProfile, message: str) -> None:
    """Mails a member; the sender never learns the address, the recipient may reply directly."""
    if profile.user_id == sender.id:
        raise DomainError(_("You cannot write to yourself."))
    visible_profile(profile.id, sender)
    recipient = profile.user
    send_email(recipient.email, "members/contact", CONTACT_SUBJECT, locale=recipient.language,
               headers={"Reply-To": sender.email}, sender_name=sender.name,
               recipient_name=profile.display_name, message=message,
               sender_profile=profile_of(sender))
    logger.info("contact message from user %s to profile %s", sender.id, profile.id)


# --- organizations ------------------------------------------------------------------------------

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
            raise DomainError(_("Enter a valid email address."))
    _check_text(data.name, data.city)
    _check_links(data.website)
    _check_visibility(data.visibility, data.email_visibility)
    _check_codes(countries=[c for c in [data.country] if c] + list(data.served_countries),
                 languages=data.languages)
    themes = _themes(data.theme_ids)
    corridors = _clean_corridors(data.corridors)

    org.logo = _replace_image(org.logo, logo, remove_logo)
    for name in ("name", "kind", "city", "description", "email_visibility", "year_founded",
                 "visibility", "listed_in_directory"):
        setattr(org, name, getattr(data, name))
    org.country = data.country or None
    org.website = data.website or None
    org.contact_email = contact_email
    org.themes = themes
    _sync_codes(org.served_rows, data.served_countries, "country",
                lambda code: OrganizationCountry(country=code))
    _sync_codes(org.language_rows, data.languages, "language",
                lambda code: OrganizationLanguage(language=code))
    _sync_corridors(org.corridors, corridors)
    org.search_text = search_key(" ".join([data.name, data.city, markdown_to_text(data.description)]))
    org.sort_name = search_key(data.name)[:200]


def create_organization(creator: User, data: OrganizationInput, logo: bytes | None = None) -> Organization:
    org = Organization()
    _apply_organization(org, data, logo, False)
    org.admins.append(OrganizationAdmin(user=creator))
    db.session.add(org)
    db.session.flush()
    logger.info("organization %s created by user %s", org.id, creator.id)
    return org


def update_organization(actor: User, org: Organization, data: OrganizationInput,
                        logo: bytes | None = None, remove_logo: bool = False) -> Organization:
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
        abort(404)
    if not (is_org_admin(org, user) or (allow_staff and user.is_staff)):
        abort(403)
    return org


def visible_organization(org_id: int, viewer) -> Organization:
    org = db.session.scalar(select(Organization).where(
        Organization.id == org_id, organizations_visible_to(viewer)))
    if org is None:
        abort(404)
    return org


INVITATION_DAYS = 7
INVITATION_SUBJECT = _l("You are invited to administer %(organization_name)s")


def invite_admin(actor: User, org: Organization, email: str) -> None:
    """Mails an invitation to the address, whoever has it: the answer is the same for any
    address, and nothing is looked up, so the form tells nobody who has an account."""
    try:
        email = normalize_email(email)
    except ValueError:
        raise DomainError(_("Enter a valid email address."))
    invitation = db.session.scalar(select(OrganizationInvitation).where(
        OrganizationInvitation.organization_id == org.id, OrganizationInvitation.email == email))
    # Inviting again renews the link and its time, and makes the old link useless.
    renewed = {"token": new_invitation_token(), "invited_by_id": actor.id, "accepted_at": None,
               "expires_at": utcnow() + timedelta(days=INVITATION_DAYS)}
    if invitation is None:
        invitation = OrganizationInvitation(organization_id=org.id, email=email, **renewed)
        db.session.add(invitation)
    else:
        for name, value in renewed.items():
            setattr(invitation, name, value)
    db.session.flush()
    send_email(email, "members/admin_invitation", INVITATION_SUBJECT, organization_name=org.name,
               days=INVITATION_DAYS,
               url=url_for("members.invitation", token=invitation.token, _external=True))
    logger.info("invitation %s to administer organization %s sent by user %s",
                invitation.id, org.id, actor.id)


def open_invitation(token: str) -> OrganizationInvitation:
    """The invitation this link belongs to while it can still be accepted."""
    invitation = db.session.scalar(select(OrganizationInvitation).where(
        OrganizationInvitation.token == token)) if token else None
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= utcnow():
        raise DomainError(_("This invitation is not valid any more. Ask an administrator of the "
                            "organization to invite you again."), 404)
    return invitation


def accept_invitation(user: User, token: str) -> Organization:
    """Only the account with the invited address accepts, and only once."""
    invitation = open_invitation(token)
    if user.email != invitation.email:
        raise DomainError(_("This invitation was sent to another address. Sign in with the "
                            "account that has that address to accept it."), 403)
    taken = db.session.execute(
        update(OrganizationInvitation)
        .where(OrganizationInvitation.id == invitation.id, OrganizationInvitation.accepted_at.is_(None))
        .values(accepted_at=utcnow())).rowcount
    if not taken:
        raise DomainError(_("This invitation is not valid any more. Ask an administrator of the "
                            "organization to invite you again."), 404)
    org = invitation.organization
    if not is_org_admin(org, user):
        org.admins.append(OrganizationAdmin(user=user))
    db.session.flush()
    logger.info("user %s accepted invitation %s to administer organization %s",
                user.id, invitation.id, org.id)
    return org


def pending_invitations(org: Organization) -> list[OrganizationInvitation]:
    now = utcnow()
    return [i for i in org.invitations if i.accepted_at is None and i.expires_at > now]


def withdraw_invitation(actor: User, org: Organization, invitation_id: int) -> None:
    invitation = next((i for i in org.invitations if i.id == invitation_id), None)
    if invitation is None:
        abort(404)
    org.invitations.remove(invitation)
    db.session.flush()
    logger.info("invitation %s withdrawn by user %s", invitation_id, actor.id)


def remove_admin(actor: User, org: Organization, user_id: int) -> None:
    """An admin may step down or remove another; the organization stays even with none left."""
    admin = next((a for a in org.admins if a.user_id == user_id), None)
    if admin is None:
        abort(404)
    org.admins.remove(admin)
    db.session.flush()
    logger.info("user %s no longer admin of organization %s (by user %s)", user_id, org.id, actor.id)


AFFILIATION_SUBJECT = _l("%(person_name)s says they work with %(organization_name)s")


def request_affiliation(user: User, org: Organization, title: str) -> OrgAffiliation:
    """Lists the affiliation as pending and asks the organization's admins to confirm it."""
    profile = profile_of(user)
    if profile is None:
        raise DomainError(_("Create your profile first, then list your affiliation."))
    existing = db.session.scalar(select(OrgAffiliation).where(
        OrgAffiliation.person_id == profile.id, OrgAffiliation.organization_id == org.id))
    if existing is not None:
        raise DomainError(_("You have already listed this affiliation."))
    affiliation = OrgAffiliation(person=profile, organization=org, title=title)
    db.session.add(affiliation)
    db.session.flush()
    for admin in org.admins:
        # The organization's page shows the request; the mail names only whom the admin may see.
        person_name = profile.display_name if sees_person(user, admin.user) else _l("A member")
        send_email(admin.user.email, "members/affiliation_request", AFFILIATION_SUBJECT,
                   locale=admin.user.language, admin_name=admin.user.name, person_name=person_name,
                   organization_name=org.name, title=title, organization_id=org.id)
    logger.info("affiliation %s requested by user %s for organization %s",
                affiliation.id, user.id, org.id)
    return affiliation


def affiliation_of(org: Organization, affiliation_id: int) -> OrgAffiliation:
    affiliation = db.session.get(OrgAffiliation, affiliation_id)
    if affiliation is None or affiliation.organization_id != org.id:
        abort(404)
    return affiliation


def decide_affiliation(actor: User, affiliation: OrgAffiliation, approve: bool) -> None:
    affiliation_id = affiliation.id
    if approve:
        affiliation.state = AffiliationState.APPROVED.value
        affiliation.approved_at = utcnow()
    else:
        db.session.delete(affiliation)
    db.session.flush()
    logger.info("affiliation %s %s by user %s", affiliation_id,
                "approved" if approve else "declined", actor.id)


def withdraw_affiliation(user: User, affiliation_id: int) -> None:
    affiliation = db.session.get(OrgAffiliation, affiliation_id)
    if affiliation is None or affiliation.person.user_id != user.id:
        abort(404)
    db.session.delete(affiliation)
    db.session.flush()


def organizations_of(user) -> list[Organization]:
    return list(db.session.scalars(
        select(Organization).join(OrganizationAdmin)
        .where(OrganizationAdmin.user_id == user.id).order_by(Organization.sort_name)))


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


def name_choices(users, viewer) -> list[tuple[int, str]]:
    """(id, label) for picking people by name, never by address; equal names are told apart by
    an organization the viewer may see, and by account number."""
    users = list(users)
    counts = Counter(user.name.casefold() for user in users)
    choices = []
    for user in users:
        label = user.name
        if counts[user.name.casefold()] > 1:
            shown = visible_organizations(organizations_of(user), viewer)
            label = f"{user.name} ({', '.join([o.name for o in shown[:1]] + [f'#{user.id}'])})"
        choices.append((user.id, label))
    return choices


def pending_affiliations(org: Organization) -> list[OrgAffiliation]:
    return [a for a in org.affiliations if not a.approved]


# --- "your data" and account deletion -----------------------------------------------------------

def _person_export(profile: PersonProfile) -> dict:
    return {
        "display_name": profile.display_name, "kind": profile.kind, "headline": profile.headline,
        "bio": profile.bio, "photo": profile.photo, "country": profile.country,
        "countries_of_origin": list(profile.origins), "languages": list(profile.languages),
        "themes": [t.slug for t in profile.themes], "expertise": profile.expertise,
        "affiliations": profile.affiliations, "orcid": profile.orcid, "website": profile.website,
        "publications": profile.publication_links,
        "corridors": [{"origin": c.origin, "destination": c.destination} for c in profile.corridors],
        "visibility": profile.visibility, "email_visibility": profile.email_visibility,
        "website_visibility": profile.website_visibility,
        "listed_in_directory": profile.listed_in_directory,
        "organization_affiliations": [
            {"organization": a.organization.name, "title": a.title, "state": a.state}
            for a in profile.affiliation_rows],
        "created_at": profile.created_at.isoformat(),
    }


@account_data.connect
def _member_data(user: User):
    profile = profile_of(user)
    return "members", {
        "profile": _person_export(profile) if profile else None,
        "organizations_administered": [{"id": org.id, "name": org.name} for org in organizations_of(user)],
    }


@account_deleting.connect
def _forget_member(user: User) -> None:
    profile = profile_of(user)
    if profile is not None:
        discard_image(profile.photo)
        db.session.delete(profile)
    db.session.execute(delete(OrganizationAdmin).where(OrganizationAdmin.user_id == user.id))
    db.session.execute(delete(OrganizationInvitation).where(OrganizationInvitation.email == user.email))
    db.session.flush()
    logger.info("members data of user %s removed", user.id)
