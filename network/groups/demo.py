"""Demo working groups: one per seeded thematic area, chaired and joined by demo members."""

from sqlalchemy import select

from network.auth.models import Role, User
from network.dbtypes import utcnow
from network.extensions import db
from network.groups.models import GroupMembership, MembershipState, WorkingGroup
from network.themes.data import WORKING_GROUP_THEMES
from network.themes.models import Theme

DESCRIPTION = (
    "The **{name}** working group brings together researchers, migrant associations and "
    "practitioners.\n\n"
    "- shares data, methods and field experience\n"
    "- prepares policy briefs for the network's meetings\n"
    "- meets online every two months"
)


def seed_groups(rng) -> list[WorkingGroup]:
    themes = {t.slug: t for t in db.session.scalars(select(Theme))}
    people = list(
        db.session.scalars(select(User).where(User.role == Role.MEMBER.value).order_by(User.id))
    )
    groups = []
    for slug, name, _es, _fr in WORKING_GROUP_THEMES:
        chair, cochair = rng.sample(people, 2)
        group = WorkingGroup(
            slug=slug,
            name=name,
            description=DESCRIPTION.format(name=name),
            theme=themes.get(slug),
            chair=chair,
            cochair=cochair,
        )
        db.session.add(group)
        groups.append(group)
    db.session.flush()
    for group in groups:
        joined = {group.chair_id, group.cochair_id}
        joined.update(p.id for p in rng.sample(people, rng.randint(3, 7)))
        for user_id in sorted(joined):
            db.session.add(
                GroupMembership(
                    group_id=group.id,
                    user_id=user_id,
                    state=MembershipState.ACTIVE.value,
                    approved_at=utcnow(),
                )
            )
        waiting = [p for p in rng.sample(people, 2) if p.id not in joined]
        for person in waiting:
            db.session.add(GroupMembership(group_id=group.id, user_id=person.id))
    db.session.flush()
    return groups
