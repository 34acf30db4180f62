"""Who may see whom: the one rule every page, list, feed, export and mail uses to name a person
or an organization.

A person is seen through their profile's visibility; visitors who are not signed in see only
public profiles their owner listed in the directory. A person without a profile counts as a
new profile would (members only). An organization is seen through its own visibility; its
administrators always see it. Staff see everyone, as everyone sees themselves.
"""

from sqlalchemy import and_, or_, select, true

from network.auth.models import User
from network.extensions import db
from network.members.models import Organization, OrganizationAdmin, PersonProfile, Visibility


def _signed_in(viewer) -> bool:
    return viewer is not None and viewer.is_authenticated


def sees_everyone(viewer) -> bool:
    return _signed_in(viewer) and viewer.is_staff


def viewer_kind(viewer) -> str:
    """Viewers of one kind see the same people, organizations and events: every staff member,
    every visitor, and otherwise each person alone (their own profile, groups and
    organizations)."""
    if not _signed_in(viewer):
        return "visitor"
    return "staff" if viewer.is_staff else f"person-{viewer.id}"


def _levels(viewer) -> list[str]:
    if _signed_in(viewer):
        return [Visibility.PUBLIC.value, Visibility.MEMBERS.value]
    return [Visibility.PUBLIC.value]


def profiles_visible_to(viewer):
    """SQL condition on PersonProfile: the profiles this viewer may open and read the names of."""
    if sees_everyone(viewer):
        return true()
    shown = PersonProfile.visibility.in_(_levels(viewer))
    if not _signed_in(viewer):
        return and_(shown, PersonProfile.listed_in_directory.is_(True))
    return or_(shown, PersonProfile.user_id == viewer.id)


def people_visible_to(viewer):
    """SQL condition on User: the people this viewer may see named."""
    if sees_everyone(viewer):
        return true()
    shown = User.id.in_(select(PersonProfile.user_id).where(profiles_visible_to(viewer)))
    if not _signed_in(viewer):
        return shown
    without_profile = User.id.not_in(select(PersonProfile.user_id))
    return or_(shown, without_profile, User.id == viewer.id)


def organizations_visible_to(viewer):
    """SQL condition on Organization: the organizations this viewer may see named."""
    if sees_everyone(viewer):
        return true()
    shown = Organization.visibility.in_(_levels(viewer))
    if not _signed_in(viewer):
        return shown
    administered = Organization.id.in_(
        select(OrganizationAdmin.organization_id).where(OrganizationAdmin.user_id == viewer.id)
    )
    return or_(shown, administered)


def _kept(items: list, model, condition, viewer) -> list:
    ids = [item.id for item in items]
    if not ids or sees_everyone(viewer):
        return items
    seen = set(db.session.scalars(select(model.id).where(model.id.in_(ids), condition)))
    return [item for item in items if item.id in seen]


def visible_people(users, viewer) -> list[User]:
    """The users of this list the viewer may see named, in the same order (one query)."""
    return _kept(list(users), User, people_visible_to(viewer), viewer)


def visible_profiles(profiles, viewer) -> list[PersonProfile]:
    return _kept(list(profiles), PersonProfile, profiles_visible_to(viewer), viewer)


def visible_organizations(organizations, viewer) -> list[Organization]:
    return _kept(list(organizations), Organization, organizations_visible_to(viewer), viewer)


def profile_links(user_ids, viewer) -> dict[int, int]:
    """User id -> profile id, for the people whose profile this viewer may open."""
    ids = list(user_ids)
    if not ids:
        return {}
    profiles = db.session.scalars(select(PersonProfile).where(PersonProfile.user_id.in_(ids)))
    return {profile.user_id: profile.id for profile in visible_profiles(profiles, viewer)}


def sees_person(user: User | None, viewer) -> bool:
    return user is not None and bool(visible_people([user], viewer))
