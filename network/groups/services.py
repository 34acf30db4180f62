"""Working groups: staff set them up, members ask to join, chairs decide."""

import logging

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from network.auth.models import User
from network.dbtypes import utcnow
from network.email import send_email
from network.errors import Conflict, DomainError, Forbidden, NotFound
from network.extensions import db
from network.groups.models import GroupMembership, MembershipState, WorkingGroup
from network.groups.queries import group_by_slug
from network.members.visibility import sees_person
from network.signals import account_data, account_deleting

logger = logging.getLogger(__name__)


def group_or_404(slug: str) -> WorkingGroup:
    group = group_by_slug(slug)
    if group is None:
        raise NotFound()
    return group


def group_for_chair(slug: str, user) -> WorkingGroup:
    """The group if this person chairs it or is staff; 404 if there is none, else 403."""
    group = group_or_404(slug)
    if not (group.is_chair(user) or user.is_staff):
        raise Forbidden()
    return group


def save_group(
    group: WorkingGroup | None,
    *,
    name: str,
    slug: str,
    description: str,
    theme_id: int | None,
    chair: User | None,
    cochair: User | None,
    actor: User,
) -> WorkingGroup:
    if chair is not None and cochair is not None and chair.id == cochair.id:
        raise DomainError(_l("The co-chair must be a different person from the chair."))
    if group is None:
        group = WorkingGroup()
        db.session.add(group)
    group.name, group.slug, group.description = name, slug, description
    group.theme_id = theme_id or None
    group.chair, group.cochair = chair, cochair
    db.session.flush()
    for person in (chair, cochair):
        if person is not None:
            _make_active(group, person)
    logger.info("group saved id=%s by=%s", group.id, actor.id)
    return group


def _make_active(group: WorkingGroup, user: User) -> None:
    """Chairs are members of the group they chair."""
    membership = membership_of(group, user)
    if membership is None:
        db.session.add(
            GroupMembership(
                group_id=group.id,
                user_id=user.id,
                state=MembershipState.ACTIVE.value,
                approved_at=utcnow(),
            )
        )
    elif membership.state != MembershipState.ACTIVE.value:
        membership.state, membership.approved_at = MembershipState.ACTIVE.value, utcnow()


def membership_of(group: WorkingGroup, user) -> GroupMembership | None:
    if not user or not user.is_authenticated:
        return None
    return db.session.scalar(
        select(GroupMembership).where(
            GroupMembership.group_id == group.id, GroupMembership.user_id == user.id
        )
    )


def active_members(group: WorkingGroup) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(GroupMembership, GroupMembership.user_id == User.id)
            .where(
                GroupMembership.group_id == group.id,
                GroupMembership.state == MembershipState.ACTIVE.value,
            )
            .order_by(User.name, User.id)
        )
    )


def pending_requests(group: WorkingGroup) -> list[GroupMembership]:
    return list(
        db.session.scalars(
            select(GroupMembership)
            .where(
                GroupMembership.group_id == group.id,
                GroupMembership.state == MembershipState.PENDING.value,
            )
            .order_by(GroupMembership.requested_at, GroupMembership.id)
        )
    )


def request_to_join(group: WorkingGroup, user: User) -> GroupMembership:
    existing = membership_of(group, user)
    if existing is not None:
        if existing.state == MembershipState.ACTIVE.value:
            raise Conflict(_l("You are already a member of this group."))
        raise Conflict(_l("Your request to join this group is already waiting for the chairs."))
    membership = GroupMembership(group_id=group.id, user_id=user.id)
    db.session.add(membership)
    db.session.flush()
    for chair in {c for c in (group.chair, group.cochair) if c is not None}:
        # The chair reads the name on the requests page; the mail names only whom they may see.
        name = user.name if sees_person(user, chair) else _l("A member")
        send_email(
            chair.email,
            "groups/join_requested",
            _l("%(name)s asks to join %(group_name)s", name=name, group_name=group.name),
            locale=chair.language,
            user=chair,
            name=name,
            group_name=group.name,
            url=url_for("groups.requests", slug=group.slug, _external=True),
        )
    logger.info("group join requested group=%s user=%s", group.id, user.id)
    return membership


def leave(group: WorkingGroup, user: User) -> None:
    membership = membership_of(group, user)
    if membership is None:
        raise Conflict(_l("You are not a member of this group."))
    db.session.delete(membership)
    logger.info("group left group=%s user=%s", group.id, user.id)


def _pending(group: WorkingGroup, membership_id: int) -> GroupMembership:
    membership = db.session.get(GroupMembership, membership_id)
    if membership is None or membership.group_id != group.id:
        raise NotFound()
    if membership.state != MembershipState.PENDING.value:
        raise Conflict(_l("This request has already been decided."))
    return membership


def approve(group: WorkingGroup, membership_id: int, actor: User) -> User:
    membership = _pending(group, membership_id)
    membership.state, membership.approved_at = MembershipState.ACTIVE.value, utcnow()
    member = membership.user
    send_email(
        member.email,
        "groups/approved",
        _l("Welcome to the %(group_name)s working group", group_name=group.name),
        locale=member.language,
        user=member,
        group_name=group.name,
        url=url_for("groups.detail", slug=group.slug, _external=True),
    )
    logger.info("group request approved group=%s user=%s by=%s", group.id, member.id, actor.id)
    return member


def reject(group: WorkingGroup, membership_id: int, actor: User) -> User:
    membership = _pending(group, membership_id)
    member = membership.user
    db.session.delete(membership)
    logger.info("group request rejected group=%s user=%s by=%s", group.id, member.id, actor.id)
    return member


@account_deleting.connect
def _forget_member(user: User) -> None:
    db.session.execute(delete(GroupMembership).where(GroupMembership.user_id == user.id))
    for column in (WorkingGroup.chair_id, WorkingGroup.cochair_id):
        db.session.execute(update(WorkingGroup).where(column == user.id).values({column: None}))


@account_data.connect
def _member_data(user: User):
    rows = db.session.execute(
        select(
            WorkingGroup.name,
            WorkingGroup.slug,
            GroupMembership.state,
            GroupMembership.requested_at,
            GroupMembership.approved_at,
        )
        .join(GroupMembership, GroupMembership.group_id == WorkingGroup.id)
        .where(GroupMembership.user_id == user.id)
        .order_by(WorkingGroup.name)
    )
    return "working_groups", [
        {
            "group": name,
            "slug": slug,
            "state": state,
            "requested_at": requested.isoformat(),
            "approved_at": approved.isoformat() if approved else None,
        }
        for name, slug, state, requested, approved in rows
    ]
