"""Demo events: seminars, webinars and workshops around the network, some with registrations."""

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from network.auth.models import Role, User
from network.dbtypes import utcnow
from network.events.editing import add_question, create_event
from network.events.models import EventStatus, Registration, RegistrationState
from network.extensions import db
from network.groups.models import WorkingGroup
from network.themes.models import Theme
from network.times import local_to_utc

# title, kind, city, country, IANA zone, languages, venue, online
EVENTS = [
    (
        "Remesas y desarrollo local en los Andes",
        "seminar",
        "Lima",
        "PE",
        "America/Lima",
        ["es"],
        "Pontificia Universidad Católica del Perú",
        False,
    ),
    (
        "Diaspora bonds: lessons from Ethiopia and Nigeria",
        "webinar",
        "",
        "",
        "Africa/Addis_Ababa",
        ["en"],
        "",
        True,
    ),
    (
        "Migrations climatiques au Sahel",
        "seminar",
        "Dakar",
        "SN",
        "Africa/Dakar",
        ["fr"],
        "Université Cheikh Anta Diop",
        False,
    ),
    (
        "Data on irregular migration: methods workshop",
        "workshop",
        "Berlin",
        "DE",
        "Europe/Berlin",
        ["en"],
        "Humboldt-Universität",
        False,
    ),
    (
        "Asociaciones de oriundos y obra pública",
        "seminar",
        "Ciudad de México",
        "MX",
        "America/Mexico_City",
        ["es", "en"],
        "Colegio de México",
        True,
    ),
    (
        "Labour migration corridors in South Asia",
        "webinar",
        "",
        "",
        "Asia/Kolkata",
        ["en"],
        "",
        True,
    ),
    (
        "Retour et réintégration : ce que disent les données",
        "workshop",
        "Casablanca",
        "MA",
        "Africa/Casablanca",
        ["fr", "ar"],
        "Université Hassan II",
        False,
    ),
    (
        "Women in migrant associations",
        "seminar",
        "Manila",
        "PH",
        "Asia/Manila",
        ["en"],
        "University of the Philippines Diliman",
        True,
    ),
    (
        "Migración de tránsito en Centroamérica",
        "seminar",
        "Tegucigalpa",
        "HN",
        "America/Tegucigalpa",
        ["es"],
        "UNAH",
        False,
    ),
    (
        "Skills partnerships between Europe and Africa",
        "webinar",
        "",
        "",
        "Europe/Brussels",
        ["en", "fr"],
        "",
        True,
    ),
    (
        "Writing for policy: a workshop for early-career researchers",
        "workshop",
        "Nairobi",
        "KE",
        "Africa/Nairobi",
        ["en"],
        "University of Nairobi",
        False,
    ),
    (
        "Refugiados venezolanos en Colombia: integración urbana",
        "seminar",
        "Bogotá",
        "CO",
        "America/Bogota",
        ["es"],
        "Universidad de los Andes",
        True,
    ),
    (
        "Digital remittances and financial inclusion",
        "webinar",
        "",
        "",
        "Asia/Ho_Chi_Minh",
        ["en"],
        "",
        True,
    ),
    (
        "Diaspora et investissement au Mali",
        "seminar",
        "Bamako",
        "ML",
        "Africa/Bamako",
        ["fr"],
        "Université des Lettres et des Sciences Humaines",
        False,
    ),
    (
        "Migration statistics for civil society",
        "workshop",
        "Kyiv",
        "UA",
        "Europe/Kyiv",
        ["en", "uk"],
        "Kyiv School of Economics",
        True,
    ),
    (
        "Movilidad humana en el Cono Sur",
        "seminar",
        "Buenos Aires",
        "AR",
        "America/Argentina/Buenos_Aires",
        ["es", "pt"],
        "Universidad de Buenos Aires",
        False,
    ),
    (
        "Return migration to Afghanistan: field notes",
        "webinar",
        "",
        "",
        "Asia/Kabul",
        ["en"],
        "",
        True,
    ),
    (
        "Brain circulation in the Caribbean",
        "seminar",
        "Kingston",
        "JM",
        "America/Jamaica",
        ["en"],
        "University of the West Indies",
        False,
    ),
]

# Each event is written in its first language; a few carry versions in the others.
DESCRIPTIONS = {
    "en": (
        "A session of the network's **{kind}** series.\n\n"
        "- Presentations by researchers and migrant associations\n"
        "- Discussion with the audience\n\n"
        "Organized with partners in {place}."
    ),
    "es": (
        "Una sesión del ciclo de encuentros de la red.\n\n"
        "- Presentaciones de personas investigadoras y asociaciones de migrantes\n"
        "- Debate con el público\n\n"
        "Organizada con organizaciones aliadas en {place}."
    ),
    "fr": (
        "Une séance du cycle de rencontres du réseau.\n\n"
        "- Présentations de chercheurs et d’associations de migrants\n"
        "- Débat avec le public\n\n"
        "Organisée avec des partenaires à {place}."
    ),
}
TITLE_VERSIONS = {
    "Remesas y desarrollo local en los Andes": {
        "en": "Remittances and local development in the Andes",
        "fr": "Envois de fonds et développement local dans les Andes",
    },
    "Migrations climatiques au Sahel": {
        "en": "Climate migration in the Sahel",
        "es": "Migraciones climáticas en el Sahel",
    },
    "Brain circulation in the Caribbean": {"es": "Circulación de cerebros en el Caribe"},
}


def _description(language: str, kind: str, city: str, zone: str) -> str:
    place = city or zone.split("/")[-1].replace("_", " ")
    return DESCRIPTIONS.get(language, DESCRIPTIONS["en"]).format(kind=kind, place=place)


def _languages(event, language: str, kind: str, city: str, zone: str) -> None:
    """The language the event is written in, and its versions in the others."""
    event.original_language = language if language in DESCRIPTIONS else "en"
    for other, title in TITLE_VERSIONS.get(event.title, {}).items():
        event.set_version("title", other, title)
        event.set_version("description", other, _description(other, kind, city, zone))


def _start(rng: random.Random, index: int, zone: str) -> datetime:
    days = (index - 4) * 9 + rng.randint(0, 4)  # a few past events, most upcoming
    local_day = (utcnow() + timedelta(days=days)).date()
    local = datetime.combine(local_day, time(rng.choice([9, 10, 15, 17, 18]), 0))
    return local_to_utc(local, zone)


def seed_events(rng: random.Random) -> None:
    organizers = db.session.scalars(
        select(User)
        .where(User.role.in_([Role.ORGANIZER.value, Role.STAFF.value, Role.ADMIN.value]))
        .order_by(User.id)
    ).all()
    members = db.session.scalars(
        select(User).where(User.role == Role.MEMBER.value).order_by(User.id)
    ).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.position)).all()
    groups = db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.id)).all()
    for index, (title, kind, city, country, zone, languages, venue, online) in enumerate(EVENTS):
        starts_at = _start(rng, index, zone)
        event = create_event(
            rng.choice(organizers),
            title=title,
            kind=kind,
            timezone=zone,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=rng.choice([2, 3, 6])),
            description=_description(languages[0], kind, city, zone),
            venue_name=venue,
            city=city,
            country=country,
            languages=languages,
            join_url=f"https://meet.example.org/puente-{index + 1}" if online else "",
            theme_ids=[t.id for t in rng.sample(themes, min(2, len(themes)))],
            group_id=rng.choice(groups).id if groups and rng.random() < 0.5 else None,
        )
        _languages(event, languages[0], kind, city, zone)
        event.status = EventStatus.PUBLISHED.value
        event.capacity = rng.choice([None, 8, 12, 30, 60]) if kind != "webinar" else None
        if index % 5 == 0:
            add_question(
                event,
                kind="single",
                label="How do you take part?",
                choices=["Researcher", "Migrant association", "NGO", "Student"],
                required=True,
            )
        _register_some(rng, event, members)
    db.session.flush()


def _register_some(rng: random.Random, event, members: list[User]) -> None:
    people = rng.sample(members, rng.randint(0, min(len(members), 14)))
    confirmed_at = event.starts_at - timedelta(days=10)
    for position, person in enumerate(people):
        full = event.capacity is not None and event.seats_taken >= event.capacity
        state = RegistrationState.WAITLISTED.value if full else RegistrationState.CONFIRMED.value
        event.seats_taken += 0 if full else 1
        registration = Registration(
            event_id=event.id,
            user_id=person.id,
            email=person.email,
            name=person.name,
            language=person.language,
            state=state,
            answers={},
            created_at=confirmed_at + timedelta(hours=position),
            email_confirmed_at=confirmed_at,
            confirmed_at=None if full else confirmed_at,
            waitlisted_at=confirmed_at + timedelta(hours=position) if full else None,
        )
        if event.ends_at < utcnow() and not full and rng.random() < 0.8:
            registration.checked_in_at = event.starts_at.astimezone(UTC)
        db.session.add(registration)
