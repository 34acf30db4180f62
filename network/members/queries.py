"""What other domains may ask about people's and organizations' profiles."""

from sqlalchemy import ColumnElement, Select, func, or_, select

from network.extensions import db
from network.members.models import (
    Corridor,
    Organization,
    OrganizationAdmin,
    OrganizationCountry,
    OrganizationLanguage,
    PersonLanguage,
    PersonOrigin,
    PersonProfile,
    organization_theme,
    person_theme,
)
from network.members.search import text_matches
from network.members.visibility import organizations_visible_to


def profile_user_ids(
    *,
    kind: str | None = None,
    country: str | None = None,
    theme_id: int | None = None,
    corridor_origin: str | None = None,
    corridor_destination: str | None = None,
) -> Select | None:
    """Accounts whose profile matches every field given, to use inside a WHERE; None when
    no field is given (nothing to narrow)."""
    conditions = []
    if kind:
        conditions.append(PersonProfile.kind == kind)
    if country:
        conditions.append(PersonProfile.country == country)
    if theme_id:
        conditions.append(
            PersonProfile.id.in_(
                select(person_theme.c.person_id).where(person_theme.c.theme_id == theme_id)
            )
        )
    corridor = []
    if corridor_origin:
        corridor.append(Corridor.origin == corridor_origin)
    if corridor_destination:
        corridor.append(Corridor.destination == corridor_destination)
    if corridor:
        conditions.append(PersonProfile.id.in_(select(Corridor.person_id).where(*corridor)))
    return select(PersonProfile.user_id).where(*conditions) if conditions else None


def people_matching(
    *,
    words: str | None = None,
    country: str | None = None,
    language: str | None = None,
    theme_id: int | None = None,
) -> Select:
    """Accounts whose profile matches every field given: words found by full-text search,
    a country they live in or come from, a language they speak, a theme."""
    conditions = []
    if words:
        conditions.append(text_matches(PersonProfile, words))
    if country:
        conditions.append(
            or_(
                PersonProfile.country == country,
                PersonProfile.id.in_(
                    select(PersonOrigin.person_id).where(PersonOrigin.country == country)
                ),
            )
        )
    if language:
        conditions.append(
            PersonProfile.id.in_(
                select(PersonLanguage.person_id).where(PersonLanguage.language == language)
            )
        )
    if theme_id:
        conditions.append(
            PersonProfile.id.in_(
                select(person_theme.c.person_id).where(person_theme.c.theme_id == theme_id)
            )
        )
    return select(PersonProfile.user_id).where(*conditions)


def organizations_matching(
    *,
    words: str | None = None,
    contact_like: str | None = None,
    country: str | None = None,
    language: str | None = None,
    theme_id: int | None = None,
) -> Select:
    """Organizations matching every field given: words found by full-text search or (LIKE)
    the contact address, a country they are based or work in, a language, a theme."""
    conditions = []
    if words:
        conditions.append(
            or_(
                text_matches(Organization, words),
                func.lower(Organization.contact_email).like(contact_like, escape="\\"),
            )
        )
    if country:
        conditions.append(
            or_(
                Organization.country == country,
                Organization.id.in_(
                    select(OrganizationCountry.organization_id).where(
                        OrganizationCountry.country == country
                    )
                ),
            )
        )
    if language:
        conditions.append(
            Organization.id.in_(
                select(OrganizationLanguage.organization_id).where(
                    OrganizationLanguage.language == language
                )
            )
        )
    if theme_id:
        conditions.append(
            Organization.id.in_(
                select(organization_theme.c.organization_id).where(
                    organization_theme.c.theme_id == theme_id
                )
            )
        )
    return select(Organization.id).where(*conditions)


def person_country(user_id: ColumnElement) -> ColumnElement:
    """The country a person lives in, as a column beside a query over accounts."""
    return select(PersonProfile.country).where(PersonProfile.user_id == user_id).scalar_subquery()


def visible_organization_ids(viewer) -> Select:
    return select(Organization.id).where(organizations_visible_to(viewer))


def organizations_by_ids(ids) -> list[Organization]:
    """The organizations with these ids, by name."""
    ids = list(ids or [])
    if not ids:
        return []
    query = select(Organization).where(Organization.id.in_(ids)).order_by(Organization.name)
    return list(db.session.scalars(query))


def organization_admin_ids(organization_id: int) -> Select:
    """The accounts that administer an organization's profile (who act in its name)."""
    return select(OrganizationAdmin.user_id).where(
        OrganizationAdmin.organization_id == organization_id
    )
