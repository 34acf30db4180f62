"""People's profiles and the rules every profile keeps (organizations: organizations.py)."""

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from wtforms.validators import ValidationError

from network.auth.models import User
from network.email import send_email
from network.errors import DomainError, NotFound
from network.extensions import db
from network.geo import is_country, is_language
from network.markdown import markdown_to_text
from network.members.models import (
    PERSON_KINDS,
    Corridor,
    Organization,
    OrganizationAdmin,
    OrganizationInvitation,
    PersonLanguage,
    PersonOrigin,
    PersonProfile,
    Visibility,
)
from network.members.uploads import discard_image, store_image
from network.members.visibility import profiles_visible_to, visible_organizations
from network.signals import account_data, account_deleting
from network.themes.queries import themes_by_ids
from network.validators import HttpURL, clean_text

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
            value = value[len(prefix) :]
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


def check_codes(countries=(), languages=()) -> None:
    if not all(is_country(c) for c in countries):
        raise DomainError(_("Choose countries from the list."))
    if not all(is_language(code) and len(code) == 2 for code in languages):
        raise DomainError(_("Choose languages from the list."))


def chosen_themes(theme_ids) -> list:
    ids = set(theme_ids or [])
    themes = themes_by_ids(ids)
    if len(themes) != len(ids):
        raise DomainError(_("Choose themes from the list."))
    return themes


def clean_corridors(pairs) -> list[tuple[str, str]]:
    result = []
    for origin, destination in pairs or []:
        origin, destination = (origin or "").upper(), (destination or "").upper()
        check_codes(countries=[origin, destination])
        if origin == destination:
            raise DomainError(_("A corridor goes from one country to another."))
        if (origin, destination) not in result:
            result.append((origin, destination))
    return result


def sync_codes(rows: list, codes, attribute: str, make) -> None:
    """Keeps the rows whose code stays, removes the others, adds the new ones (no key clashes)."""
    wanted = list(dict.fromkeys(c for c in codes or []))
    for row in list(rows):
        if getattr(row, attribute) not in wanted:
            rows.remove(row)
    present = {getattr(row, attribute) for row in rows}
    rows.extend(make(code) for code in wanted if code not in present)


def sync_corridors(corridors: list, pairs) -> None:
    wanted = clean_corridors(pairs)
    for corridor in list(corridors):
        if (corridor.origin, corridor.destination) not in wanted:
            corridors.remove(corridor)
    present = {(c.origin, c.destination) for c in corridors}
    corridors.extend(Corridor(origin=o, destination=d) for o, d in wanted if (o, d) not in present)


def check_text(*values) -> None:
    for value in values:
        try:
            clean_text(value)
        except ValueError:
            raise DomainError(
                _("Names and titles cannot contain invisible or control characters.")
            ) from None


def is_http_url(value: str) -> bool:
    """The shared form rule for links, applied to a plain value."""
    try:
        HttpURL()(None, SimpleNamespace(data=value))
    except ValidationError:
        return False
    return True


def check_links(*urls) -> None:
    if not all(is_http_url(url) for url in urls if url):
        raise DomainError(_("Links must be web addresses starting with http:// or https://."))


def check_visibility(*values) -> None:
    if not all(v in {x.value for x in Visibility} for v in values):
        raise DomainError(_("Choose who can see this from the list."))


def replace_image(current: str | None, upload: bytes | None, remove: bool) -> str | None:
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


def save_person_profile(
    user: User, data: PersonInput, photo: bytes | None = None, remove_photo: bool = False
) -> PersonProfile:
    """Creates or updates the user's own profile; everything is checked before anything changes."""
    if data.kind not in PERSON_KINDS:
        raise DomainError(_("Choose what describes you from the list."))
    if len(data.bio or "") > MAX_BIO:
        raise DomainError(_("The biography is too long: at most %(n)d characters.", n=MAX_BIO))
    try:
        orcid = normalize_orcid(data.orcid)
    except ValueError:
        raise DomainError(
            _("This is not a valid ORCID iD. It looks like 0000-0002-1825-0097.")
        ) from None
    check_text(data.display_name, data.headline, data.expertise, data.affiliations)
    check_links(data.website, *data.publications)
    check_visibility(data.visibility, data.email_visibility, data.website_visibility)
    check_codes(
        countries=[c for c in [data.country] if c] + list(data.origins), languages=data.languages
    )
    themes = chosen_themes(data.theme_ids)
    corridors = clean_corridors(data.corridors)

    profile = profile_of(user)
    if profile is None:
        profile = PersonProfile(user=user)
        db.session.add(profile)
    profile.photo = replace_image(profile.photo, photo, remove_photo)
    for name in (
        "display_name",
        "kind",
        "headline",
        "bio",
        "expertise",
        "affiliations",
        "visibility",
        "email_visibility",
        "website_visibility",
        "listed_in_directory",
    ):
        setattr(profile, name, getattr(data, name))
    profile.country = data.country or None
    profile.orcid = orcid
    profile.website = data.website or None
    profile.publications = "\n".join(data.publications)
    profile.themes = themes
    sync_codes(
        profile.origin_rows, data.origins, "country", lambda code: PersonOrigin(country=code)
    )
    sync_codes(
        profile.language_rows,
        data.languages,
        "language",
        lambda code: PersonLanguage(language=code),
    )
    sync_corridors(profile.corridors, corridors)
    profile.search_text = search_key(
        " ".join(
            [
                data.display_name,
                data.headline,
                data.expertise,
                data.affiliations,
                markdown_to_text(data.bio),
            ]
        )
    )
    profile.sort_name = search_key(data.display_name)[:120]
    db.session.flush()
    logger.info("person profile %s saved by user %s", profile.id, user.id)
    return profile


def visible_profile(profile_id: int, viewer) -> PersonProfile:
    """The profile if this viewer may see it; 404 otherwise, so hidden profiles stay unknown."""
    profile = db.session.scalar(
        select(PersonProfile).where(PersonProfile.id == profile_id, profiles_visible_to(viewer))
    )
    if profile is None:
        raise NotFound()
    return profile


def send_contact_message(sender: User, profile: PersonProfile, message: str) -> None:
    """Mails a member; the sender never learns the address, the recipient may reply directly."""
    if profile.user_id == sender.id:
        raise DomainError(_("You cannot write to yourself."))
    visible_profile(profile.id, sender)
    recipient = profile.user
    subject = _l(
        "%(sender_name)s wrote to you through %(network_name)s",
        sender_name=sender.name,
        network_name=current_app.config["NETWORK_NAME"],
    )
    send_email(
        recipient.email,
        "members/contact",
        subject,
        locale=recipient.language,
        headers={"Reply-To": sender.email},
        sender_name=sender.name,
        recipient_name=profile.display_name,
        message=message,
        sender_profile=profile_of(sender),
    )
    logger.info("contact message from user %s to profile %s", sender.id, profile.id)


# --- organizations a person administers ----------------------------------------------------


def organizations_of(user) -> list[Organization]:
    return list(
        db.session.scalars(
            select(Organization)
            .join(OrganizationAdmin)
            .where(OrganizationAdmin.user_id == user.id)
            .order_by(Organization.sort_name)
        )
    )


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


# --- "your data" and account deletion -----------------------------------------------------------


def _person_export(profile: PersonProfile) -> dict:
    return {
        "display_name": profile.display_name,
        "kind": profile.kind,
        "headline": profile.headline,
        "bio": profile.bio,
        "photo": profile.photo,
        "country": profile.country,
        "countries_of_origin": list(profile.origins),
        "languages": list(profile.languages),
        "themes": [t.slug for t in profile.themes],
        "expertise": profile.expertise,
        "affiliations": profile.affiliations,
        "orcid": profile.orcid,
        "website": profile.website,
        "publications": profile.publication_links,
        "corridors": [
            {"origin": c.origin, "destination": c.destination} for c in profile.corridors
        ],
        "visibility": profile.visibility,
        "email_visibility": profile.email_visibility,
        "website_visibility": profile.website_visibility,
        "listed_in_directory": profile.listed_in_directory,
        "organization_affiliations": [
            {"organization": a.organization.name, "title": a.title, "state": a.state}
            for a in profile.affiliation_rows
        ],
        "created_at": profile.created_at.isoformat(),
    }


@account_data.connect
def _member_data(user: User):
    profile = profile_of(user)
    return "members", {
        "profile": _person_export(profile) if profile else None,
        "organizations_administered": [
            {"id": org.id, "name": org.name} for org in organizations_of(user)
        ],
    }


@account_deleting.connect
def _forget_member(user: User) -> None:
    profile = profile_of(user)
    if profile is not None:
        discard_image(profile.photo)
        db.session.delete(profile)
    db.session.execute(delete(OrganizationAdmin).where(OrganizationAdmin.user_id == user.id))
    db.session.execute(
        delete(OrganizationInvitation).where(OrganizationInvitation.email == user.email)
    )
    db.session.flush()
    logger.info("members data of user %s removed", user.id)
