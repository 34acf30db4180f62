"""What other domains may ask about working groups; they never query these tables themselves."""

from sqlalchemy import Select, or_, select

from network.extensions import db
from network.groups.models import GroupMembership, MembershipState, WorkingGroup


def active_member_ids(group_id: int) -> Select:
    """The ids of a group's active members, to use inside another query's WHERE."""
    return select(GroupMembership.user_id).where(
        GroupMembership.group_id == group_id, GroupMembership.state == MembershipState.ACTIVE.value
    )


def active_group_ids(user_id: int) -> Select:
    """The ids of the groups a person is an active member of, to use inside a WHERE."""
    return select(GroupMembership.group_id).where(
        GroupMembership.user_id == user_id, GroupMembership.state == MembershipState.ACTIVE.value
    )


def is_active_member(group_id: int, user_id: int) -> bool:
    return user_id in db.session.scalars(
        active_member_ids(group_id).where(GroupMembership.user_id == user_id)
    )


def groups_of(user_id: int) -> list[WorkingGroup]:
    return list(
        db.session.scalars(
            select(WorkingGroup)
            .where(WorkingGroup.id.in_(active_group_ids(user_id)))
            .order_by(WorkingGroup.name)
        )
    )


def all_groups() -> list[WorkingGroup]:
    return list(db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.name)))


def choices() -> list[tuple[int, str]]:
    """(id, name) of every group by name, for pickers."""
    return [(group.id, group.name) for group in all_groups()]


def group_by_slug(slug: str) -> WorkingGroup | None:
    return db.session.scalar(select(WorkingGroup).where(WorkingGroup.slug == slug))


def group_by_id(group_id: int | None) -> WorkingGroup | None:
    return db.session.get(WorkingGroup, group_id) if group_id else None


def chaired_group_ids(user_id: int) -> Select:
    """The ids of the groups a person chairs or co-chairs, to use inside a WHERE."""
    return select(WorkingGroup.id).where(
        or_(WorkingGroup.chair_id == user_id, WorkingGroup.cochair_id == user_id)
    )


def chair_ids(group_id: int | None) -> list[int]:
    group = group_by_id(group_id)
    return [i for i in (group.chair_id, group.cochair_id) if i] if group else []


def groups_on_theme(theme_id: int) -> list[WorkingGroup]:
    return list(
        db.session.scalars(
            select(WorkingGroup)
            .where(WorkingGroup.theme_id == theme_id)
            .order_by(WorkingGroup.name)
        )
    )


def groups_among(ids: Select) -> Select:
    """The groups whose ids the statement gives, by name (the site search pages them)."""
    return select(WorkingGroup).where(WorkingGroup.id.in_(ids)).order_by(WorkingGroup.name)


def groups_by_ids(ids) -> list[WorkingGroup]:
    ids = list(ids or [])
    if not ids:
        return []
    return list(db.session.scalars(select(WorkingGroup).where(WorkingGroup.id.in_(ids))))
