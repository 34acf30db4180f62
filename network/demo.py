"""Deterministic demo data: the same network every time seed-demo runs."""

import random

from network.advocacy.demo import seed_advocacy
from network.auth.models import Role, User
from network.conferences.demo import seed_conferences
from network.dbtypes import utcnow
from network.events.demo import seed_events
from network.extensions import db
from network.groups.demo import seed_groups
from network.journal.demo import seed_journal
from network.library.demo import seed_library
from network.lists.demo import seed_lists
from network.members.demo import seed_members
from network.membership.demo import seed_membership, seed_organization_memberships
from network.newsletters.demo import seed_newsletters
from network.security import hash_password
from network.themes.demo import seed_themes

DEMO_PASSWORD = "puente-demo-2026"

STAFF = [
    ("admin", "Amara Okafor", "admin@puente.example", "en", "Africa/Lagos"),
    ("staff", "Lucía Fernández", "staff@puente.example", "es", "America/Mexico_City"),
    ("organizer", "Jean-Baptiste Mbeki", "organizer@puente.example", "fr", "Africa/Dakar"),
    ("member", "Maria dos Santos", "member@puente.example", "es", "America/Sao_Paulo"),
]

MEMBERS = [
    ("Ana María Quispe", "es", "America/Lima"),
    ("Dilnoza Karimova", "en", "Asia/Tashkent"),
    ("Kwame Mensah", "en", "Africa/Accra"),
    ("Fatima Zahra El Idrissi", "fr", "Africa/Casablanca"),
    ("José Ñúñez", "es", "America/Bogota"),
    ("Priya Raman", "en", "Asia/Kolkata"),
    ("Nguyễn Thị Lan", "en", "Asia/Ho_Chi_Minh"),
    ("Aïssatou Diallo", "fr", "Africa/Conakry"),
    ("Carlos Mejía", "es", "America/Tegucigalpa"),
    ("Olena Kovalenko", "en", "Europe/Kyiv"),
    ("Rahel Tesfaye", "en", "Africa/Addis_Ababa"),
    ("Marisol Gutiérrez", "es", "America/Guatemala"),
    ("Hamid Karimi", "en", "Asia/Kabul"),
    ("Sophie Martin", "fr", "Europe/Paris"),
    ("Rodrigo Almeida", "es", "America/Argentina/Buenos_Aires"),
    ("Leila Haddad", "fr", "Asia/Beirut"),
    ("Moussa Traoré", "fr", "Africa/Bamako"),
    ("Grace Wanjiru", "en", "Africa/Nairobi"),
    ("Juan Pablo Rojas", "es", "America/Santiago"),
    ("Samira Benali", "fr", "Africa/Algiers"),
    ("Tomás Villanueva", "es", "Europe/Madrid"),
    ("Ayesha Siddiqui", "en", "Asia/Karachi"),
    ("Daniel Osei", "en", "Europe/London"),
    ("Elena Popescu", "en", "Europe/Bucharest"),
]


def demo_logins() -> list[tuple[str, str]]:
    return [(role, email) for role, _name, email, _lang, _tz in STAFF]


def seed_users(rng: random.Random) -> list[User]:
    password_hash = hash_password(DEMO_PASSWORD)
    users = [
        User(
            name=name,
            email=email,
            role=Role(role).value,
            language=lang,
            timezone=tz,
            password_hash=password_hash,
            email_verified_at=utcnow(),
        )
        for role, name, email, lang, tz in STAFF
    ]
    for index, (name, lang, tz) in enumerate(MEMBERS):
        email = f"member{index + 1:02d}@puente.example"
        users.append(
            User(
                name=name,
                email=email,
                role=Role.MEMBER.value,
                language=lang,
                timezone=tz,
                password_hash=password_hash,
                email_verified_at=utcnow(),
            )
        )
    db.session.add_all(users)
    db.session.flush()
    return users


# Each domain adds its own step; they run in order with one shared random source.
STEPS = [
    seed_users,
    seed_themes,
    seed_groups,
    seed_membership,
    seed_lists,
    seed_advocacy,
    seed_members,
    seed_events,
    seed_conferences,
    seed_newsletters,
    seed_organization_memberships,
    seed_library,
    seed_journal,
]


def seed() -> None:
    rng = random.Random(2026)
    for step in STEPS:
        step(rng)
