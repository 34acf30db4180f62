"""Working groups and their members, as tests need them."""

import itertools

from network.dbtypes import utcnow
from network.extensions import db
from network.groups.models import GroupMembership, MembershipState, WorkingGroup

_counter = itertools.count(1)


def make_group(
    *,
    name: str | None = None,
    slug: str | None = None,
    description: str = "",
    chair=None,
    cochair=None,
    theme=None,
) -> WorkingGroup:
    n = next(_counter)
    group = WorkingGroup(
        name=name or f"Group {n}",
        slug=slug or f"group-{n}",
        description=description,
        chair=chair,
        cochair=cochair,
        theme=theme,
    )
    db.session.add(group)
    db.session.flush()
    for person in (chair, cochair):
        if person is not None:
            add_member(group, person)
    db.session.commit()
    return group


def add_member(
    group: WorkingGroup, user, state: MembershipState = MembershipState.ACTIVE
) -> GroupMembership:
    membership = GroupMembership(
        group_id=group.id,
        user_id=user.id,
        state=state.value,
        approved_at=utcnow() if state == MembershipState.ACTIVE else None,
    )
    db.session.add(membership)
    db.session.commit()
    return membership
