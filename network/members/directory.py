"""The expert finder: people and organizations by text, kind, theme, country, corridor, language.

Every page costs the same few statements whatever the data size: one count, one page of rows,
and one selectin load per shown collection.
"""

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from network.extensions import db
from network.members.models import (
    Corridor,
    Organization,
    OrganizationCountry,
    OrganizationLanguage,
    PersonLanguage,
    PersonOrigin,
    PersonProfile,
    organization_theme,
    person_theme,
)
from network.members.search import text_matches
from network.members.visibility import organizations_visible_to, profiles_visible_to
from network.signals import group_choices, group_member_ids

PER_PAGE = 20


@dataclass
class DirectoryFilters:
    q: str = ""
    kind: str = ""
    theme_id: int | None = None
    country: str = ""
    origin: str = ""
    destination: str = ""
    language: str = ""
    group_id: int | None = None
    sort: str = "name"


def working_groups() -> list[tuple[int, str]]:
    """(id, name) of the groups people can be found by; the groups domain answers."""
    return [choice for _receiver, choices in group_choices.send() for choice in choices]


def _listed(model, visible):
    return and_(model.listed_in_directory.is_(True), visible)


def _corridor(owner_column, filters: DirectoryFilters):
    conditions = [owner_column.is_not(None)]
    if filters.origin:
        conditions.append(Corridor.origin == filters.origin)
    if filters.destination:
        conditions.append(Corridor.destination == filters.destination)
    return select(owner_column).where(*conditions)


def _order(stmt, model, sort: str):
    if sort == "newest":
        return stmt.order_by(model.created_at.desc(), model.id.desc())
    return stmt.order_by(model.sort_name, model.id)


def people_statement(filters: DirectoryFilters, viewer):
    """The selection of people; the staff member list can reuse it with its own visibility."""
    stmt = select(PersonProfile).where(_listed(PersonProfile, profiles_visible_to(viewer)))
    if filters.q.strip():
        stmt = stmt.where(text_matches(PersonProfile, filters.q))
    if filters.kind:
        stmt = stmt.where(PersonProfile.kind == filters.kind)
    if filters.theme_id:
        stmt = stmt.where(
            PersonProfile.id.in_(
                select(person_theme.c.person_id).where(person_theme.c.theme_id == filters.theme_id)
            )
        )
    if filters.country:
        stmt = stmt.where(
            or_(
                PersonProfile.country == filters.country,
                PersonProfile.id.in_(
                    select(PersonOrigin.person_id).where(PersonOrigin.country == filters.country)
                ),
            )
        )
    if filters.origin or filters.destination:
        stmt = stmt.where(PersonProfile.id.in_(_corridor(Corridor.person_id, filters)))
    if filters.language:
        stmt = stmt.where(
            PersonProfile.id.in_(
                select(PersonLanguage.person_id).where(PersonLanguage.language == filters.language)
            )
        )
    if filters.group_id:
        for _receiver, member_ids in group_member_ids.send(filters.group_id):
            stmt = stmt.where(PersonProfile.user_id.in_(member_ids))
    return _order(stmt, PersonProfile, filters.sort)


def organizations_statement(filters: DirectoryFilters, viewer):
    stmt = select(Organization).where(_listed(Organization, organizations_visible_to(viewer)))
    if filters.q.strip():
        stmt = stmt.where(text_matches(Organization, filters.q))
    if filters.kind:
        stmt = stmt.where(Organization.kind == filters.kind)
    if filters.theme_id:
        stmt = stmt.where(
            Organization.id.in_(
                select(organization_theme.c.organization_id).where(
                    organization_theme.c.theme_id == filters.theme_id
                )
            )
        )
    if filters.country:
        stmt = stmt.where(
            or_(
                Organization.country == filters.country,
                Organization.id.in_(
                    select(OrganizationCountry.organization_id).where(
                        OrganizationCountry.country == filters.country
                    )
                ),
            )
        )
    if filters.origin or filters.destination:
        stmt = stmt.where(Organization.id.in_(_corridor(Corridor.organization_id, filters)))
    if filters.language:
        stmt = stmt.where(
            Organization.id.in_(
                select(OrganizationLanguage.organization_id).where(
                    OrganizationLanguage.language == filters.language
                )
            )
        )
    return _order(stmt, Organization, filters.sort)


def search_people(filters: DirectoryFilters, viewer, page: int = 1):
    stmt = people_statement(filters, viewer).options(
        selectinload(PersonProfile.themes), selectinload(PersonProfile.corridors)
    )
    return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False, count=True)


def search_organizations(filters: DirectoryFilters, viewer, page: int = 1):
    stmt = organizations_statement(filters, viewer).options(
        selectinload(Organization.themes), selectinload(Organization.corridors)
    )
    return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False, count=True)
