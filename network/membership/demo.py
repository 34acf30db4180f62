"""Demo memberships: mostly active with terms ending through the year, some waiting, a few lapsed."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from network.auth.models import User
from network.dbtypes import utcnow
from network.extensions import db
from network.members.models import Organization
from network.membership.models import Membership, MembershipStatus
from network.membership.services import today

STATEMENTS = [
    "I research remittance corridors between Central America and the United States.",
    "Nuestra asociación de oriundos financia obras en los pueblos de origen.",
    "Je travaille avec les associations de la diaspora malienne en France.",
    "I advise my ministry on labour migration agreements in the Gulf.",
    "Estudio la integración de migrantes venezolanos en ciudades andinas.",
]


def seed_membership(rng) -> list[Membership]:
    people = list(db.session.scalars(select(User).order_by(User.id)))
    start_of_demo = today()
    memberships = []
    for index, person in enumerate(people):
        membership = Membership(user_id=person.id, statement=STATEMENTS[index % len(STATEMENTS)])
        _give_status(membership, rng, start_of_demo, index, always_active=index < 4)
        memberships.append(membership)
    db.session.add_all(memberships)
    db.session.flush()
    return memberships


def seed_organization_memberships(rng) -> list[Membership]:
    """Runs after the organizations exist; their first admin applied for them."""
    memberships = []
    for index, org in enumerate(db.session.scalars(select(Organization).order_by(Organization.id))):
        membership = Membership(
            organization_id=org.id,
            statement=STATEMENTS[index % len(STATEMENTS)],
            applied_by_id=org.admins[0].user_id if org.admins else None,
        )
        _give_status(membership, rng, today(), index)
        memberships.append(membership)
    db.session.add_all(memberships)
    db.session.flush()
    return memberships


def _give_status(
    membership: Membership, rng, start_of_demo, index: int, always_active=False
) -> None:
    roll = rng.random()
    if always_active or roll < 0.65:
        start = start_of_demo - timedelta(days=rng.randint(10, 360))
        membership.status = MembershipStatus.ACTIVE.value
    elif roll < 0.8:
        membership.status = MembershipStatus.APPLICANT.value
        membership.applied_at = utcnow() - timedelta(days=1 + index % 20, hours=index % 7)
        return
    elif roll < 0.95:
        start = start_of_demo - timedelta(days=rng.randint(380, 500))
        membership.status = MembershipStatus.LAPSED.value
    else:
        start = start_of_demo - timedelta(days=200)
        membership.status = MembershipStatus.SUSPENDED.value
    membership.start_date, membership.renewal_date = start, start + timedelta(days=365)
    membership.applied_at = datetime.combine(start - timedelta(days=5 + index % 20), time(10), UTC)
