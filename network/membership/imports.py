"""Staff import people or organizations from CSV.

Every row is checked first and every problem reported; a file with any bad row writes nothing.
People and organizations already known (by address, by name) are updated: they get the
membership the import gives when they have none, or move from applicant to active.
"""

import csv
import logging
import secrets
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from network.auth.models import User
from network.csvimport import decode as decode_text
from network.csvimport import dict_reader
from network.errors import DomainError
from network.extensions import db
from network.geo import is_country
from network.members.models import ORGANIZATION_KINDS, PERSON_KINDS, Organization, Visibility
from network.members.organizations import (
    OrganizationInput,
    organization_named,
    update_organization,
)
from network.members.services import PersonInput, save_person_profile, search_key
from network.membership import services
from network.membership.models import Membership, MembershipStatus
from network.security import hash_password
from network.validators import clean_text, normalize_email

logger = logging.getLogger(__name__)
MAX_BYTES = 300_000  # the checked file travels back in the confirm form
MAX_ROWS = 2000
PEOPLE, ORGANIZATIONS = "people", "organizations"
REQUIRED_COLUMNS = {PEOPLE: ("name", "email"), ORGANIZATIONS: ("name", "kind")}
LANGUAGES = ("en", "es", "fr")
IMPORT_STATUSES = (MembershipStatus.APPLICANT.value, MembershipStatus.ACTIVE.value)
# Example files offered on the import page: the columns read, one row each.
TEMPLATES = {
    PEOPLE: (
        ["name", "email", "kind", "country", "language"],
        [["Ana Quispe", "ana.quispe@example.org", next(iter(PERSON_KINDS)), "PE", "es"]],
    ),
    ORGANIZATIONS: (
        ["name", "kind", "country", "email"],
        [["Red Migrante", next(iter(ORGANIZATION_KINDS)), "MX", "contacto@example.org"]],
    ),
}


@dataclass
class Row:
    line: int
    name: str
    email: str | None
    country: str | None
    language: str
    kind: str | None
    existing: bool = False


@dataclass
class Report:
    what: str
    rows: list[Row] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def new_count(self) -> int:
        return sum(not row.existing for row in self.rows)

    @property
    def updated_count(self) -> int:
        return sum(row.existing for row in self.rows)


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise DomainError(
            _l("The file is too large: import at most %(kb)d kB at a time.", kb=MAX_BYTES // 1000),
            413,
        )
    return decode_text(data)


def check(text: str, what: str) -> Report:
    """What importing this file would do, and every reason it cannot be imported."""
    report = Report(what)
    reader = dict_reader(text.lstrip("\ufeff"), restkey="_extra")
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error:
        header = []
    reader.fieldnames = header
    missing = [c for c in REQUIRED_COLUMNS[what] if c not in header]
    if missing:
        report.problems.append(
            (
                1,
                _l(
                    "The first row must name the columns; missing: %(columns)s.",
                    columns=", ".join(missing),
                ),
            )
        )
        return report
    seen: dict[str, int] = {}
    try:
        for raw in reader:
            line = reader.line_num
            if len(report.rows) + len(report.problems) >= MAX_ROWS:
                report.problems.append(
                    (line, _l("A file may hold at most %(n)d rows.", n=MAX_ROWS))
                )
                break
            if any((v or "").strip() for k, v in raw.items() if k != "_extra"):
                _check_row(report, seen, line, raw)
    except csv.Error:
        report.problems.append((reader.line_num, _l("This row is not valid CSV.")))
    if not report.rows and not report.problems:
        report.problems.append((1, _l("The file has no rows to import.")))
    _check_existing(report, seen)
    return report


def _check_row(report: Report, seen: dict, line: int, raw: dict) -> None:
    problems = []
    if raw.get("_extra"):
        problems.append(_l("This row has more cells than the first row has columns."))
    try:
        name = clean_text(raw.get("name"), single_line=True)
    except ValueError:
        name = None
        problems.append(_l("The name contains characters that are not allowed."))
    if name == "":
        problems.append(_l("The name is missing."))
    elif name and len(name) > 120:
        problems.append(_l("The name is longer than 120 characters."))
    email = _email(raw, problems, required=report.what == PEOPLE)
    # People are told apart by address, organizations by name.
    key = email if report.what == PEOPLE else (search_key(name) if name else None)
    if key and key in seen:
        problems.append(
            _l("%(email)s is also on row %(line)d.", email=email, line=seen[key])
            if report.what == PEOPLE
            else _l("The same organization is also on row %(line)d.", line=seen[key])
        )
    elif key:
        seen[key] = line
    country = (raw.get("country") or "").strip().upper() or None
    if country and not is_country(country):
        problems.append(_l("“%(value)s” is not a known country code.", value=country[:20]))
    language = (raw.get("language") or "").strip().lower() or "en"
    if language not in LANGUAGES:
        problems.append(_l("The language must be en, es or fr."))
    kind = _kind(raw, report.what, country, problems)
    report.problems.extend((line, problem) for problem in problems)
    if not problems:
        report.rows.append(Row(line, name, email, country, language, kind))


def _email(raw: dict, problems: list, required: bool) -> str | None:
    given = (raw.get("email") or "").strip()
    if not given and not required:
        return None
    try:
        return normalize_email(given)
    except ValueError:
        problems.append(_l("“%(value)s” is not a valid email address.", value=given[:80]))
        return None


def _kind(raw: dict, what: str, country: str | None, problems: list) -> str | None:
    kinds = PERSON_KINDS if what == PEOPLE else ORGANIZATION_KINDS
    kind = (raw.get("kind") or "").strip().lower() or None
    if kind and kind not in kinds:
        problems.append(_l("The kind must be one of: %(kinds)s.", kinds=", ".join(kinds)))
    elif kind is None and (what == ORGANIZATIONS or country):
        # A person's country lives on their profile, and a profile needs a kind.
        problems.append(_l("The kind is missing; use one of: %(kinds)s.", kinds=", ".join(kinds)))
    return kind


def _check_existing(report: Report, seen: dict) -> None:
    """Rows naming someone already known update them instead of creating them again."""
    if not seen:
        return
    column = func.lower(User.email) if report.what == PEOPLE else Organization.sort_name
    known = {
        seen[value] for value in db.session.scalars(select(column).where(column.in_(list(seen))))
    }
    for row in report.rows:
        row.existing = row.line in known


def run(text: str, what: str, status: str, actor: User) -> tuple[int, int]:
    """Imports the whole file or, if anything is wrong with it, nothing."""
    if status not in IMPORT_STATUSES or what not in REQUIRED_COLUMNS:
        raise DomainError(_l("Choose applicant or active."))
    report = check(text, what)
    if not report.valid:
        raise DomainError(_l("The file has problems; nothing was imported."))
    create = _create_person if what == PEOPLE else _create_organization
    # Nobody knows this password: imported people choose theirs through "forgot password".
    unusable = hash_password(secrets.token_urlsafe(32))
    today = services.today()
    try:
        for row in report.rows:
            if row.existing:
                membership = _existing_membership(row, what, actor)
            else:
                membership = create(row, actor, unusable)
            if membership is None:
                continue
            if status == MembershipStatus.ACTIVE.value:
                services.start_term(membership, today)
                membership.decided_by_id = actor.id
            db.session.add(membership)
        db.session.flush()
    except IntegrityError:
        # Someone took an address or a name between the check and the import.
        raise DomainError(_l("The file has problems; nothing was imported.")) from None
    logger.info(
        "imported %s new=%s updated=%s status=%s by=%s",
        what,
        report.new_count,
        report.updated_count,
        status,
        actor.id,
    )
    return report.new_count, report.updated_count


def _existing_membership(row: Row, what: str, actor: User) -> Membership | None:
    """The membership to give or move on for someone known; None when theirs went further."""
    if what == PEOPLE:
        user = db.session.scalar(select(User).where(func.lower(User.email) == row.email.lower()))
        membership = services.membership_of(user) or Membership(user=user, applied_by=actor)
    else:
        organization = organization_named(row.name)
        membership = services.membership_of_organization(organization) or Membership(
            organization=organization, applied_by=actor
        )
    if membership.id is None or membership.status == MembershipStatus.APPLICANT.value:
        return membership
    return None


def _create_person(row: Row, actor: User, password_hash: str) -> Membership:
    user = User(name=row.name, email=row.email, language=row.language, password_hash=password_hash)
    db.session.add(user)
    db.session.flush()
    if row.kind:
        save_person_profile(
            user,
            PersonInput(
                display_name=row.name,
                kind=row.kind,
                country=row.country,
                visibility=Visibility.PRIVATE.value,
            ),
        )
    return Membership(user=user, applied_by=actor)


def _create_organization(row: Row, actor: User, _password_hash: str) -> Membership:
    organization = Organization()
    db.session.add(organization)
    update_organization(
        actor,
        organization,
        OrganizationInput(
            name=row.name,
            kind=row.kind,
            country=row.country,
            contact_email=row.email,
            visibility=Visibility.MEMBERS.value,
        ),
    )
    return Membership(organization=organization, applied_by=actor)
