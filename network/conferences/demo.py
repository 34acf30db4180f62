"""A demo conference: its call, abstracts from many countries, reviews and a programme."""

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from network.auth.models import Role, User
from network.conferences.abstracts import Author
from network.conferences.calls import CallData, save_call
from network.conferences.models import (
    Abstract,
    AbstractAuthor,
    AbstractState,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from network.conferences.schedule import SessionData, add_talk, save_session
from network.conferences.times import event_days
from network.dbtypes import utcnow
from network.events.editing import create_event
from network.events.models import EventKind, EventStatus
from network.extensions import db
from network.themes import queries as theme_queries
from network.times import local_to_utc

ZONE = "America/Mexico_City"

# title, language
ABSTRACTS = [
    ("Remesas colectivas y obra pública en Zacatecas", "es"),
    ("Hometown associations and school building in Ghana's Volta region", "en"),
    ("Les associations de migrants maliens et l'accès à l'eau à Kayes", "fr"),
    ("Digital remittances and the cost of sending money to Central Asia", "en"),
    ("Mujeres migrantes y liderazgo en asociaciones de oriundos", "es"),
    ("Diaspora bonds: what Ethiopia's experience teaches", "en"),
    ("Retour volontaire et réintégration au Sénégal : un bilan", "fr"),
    ("Venezuelan refugees and urban labour markets in Bogotá", "en"),
    ("Migración de tránsito y redes de apoyo en Tegucigalpa", "es"),
    ("Skills partnerships between Morocco and Spain", "en"),
    ("Transferts de fonds et scolarisation des filles au Burkina Faso", "fr"),
    ("Climate mobility in the Sahel: what households decide", "en"),
    ("Brain circulation among Filipino nurses", "en"),
    ("Remesas sociales: ideas que viajan entre Ecuador y Madrid", "es"),
    ("Afghan return migration and housing", "en"),
    ("Les diasporas comoriennes et le financement des villages", "fr"),
    ("Ukrainian migrant associations in Poland after 2022", "en"),
    ("Política migratoria y sociedad civil en el Cono Sur", "es"),
]
TEXT = (
    "This paper draws on fieldwork with migrant associations and local authorities. "
    "It shows how collective remittances and volunteer work change what local governments "
    "can provide, and where these efforts meet their limits.\n\n"
    "We combine interviews, household surveys and municipal budgets, and discuss what "
    "policy makers and associations can learn from each other."
)
# name, affiliation, country
COAUTHORS = [
    ("Kwame Mensah", "University of Ghana", "GH"),
    ("Aïssatou Diallo", "Université Gamal Abdel Nasser", "GN"),
    ("Carlos Mejía", "UNAH", "HN"),
    ("Priya Raman", "Jawaharlal Nehru University", "IN"),
    ("Nguyễn Thị Lan", "Vietnam National University", "VN"),
    ("Olena Kovalenko", "Kyiv School of Economics", "UA"),
    ("Rahel Tesfaye", "Addis Ababa University", "ET"),
    ("Leila Haddad", "Université Saint-Joseph", "LB"),
    ("Juan Pablo Rojas", "Universidad de Chile", "CL"),
    ("Hamid Karimi", "Kabul University", "AF"),
    ("Samira Benali", "Université d'Alger", "DZ"),
    ("Grace Wanjiru", "University of Nairobi", "KE"),
]
SUBMITTER_PLACES = [
    ("Universidad Autónoma de Zacatecas", "MX"),
    ("University of Lagos", "NG"),
    ("Université des Lettres de Bamako", "ML"),
    ("Westminster International University", "UZ"),
    ("FLACSO Guatemala", "GT"),
    ("Migrant Forum in Asia", "PH"),
    ("Université Cheikh Anta Diop", "SN"),
    ("Universidad de los Andes", "CO"),
    ("Universidad Nacional de Colombia", "CO"),
    ("Universidad de Buenos Aires", "AR"),
    ("Université Joseph Ki-Zerbo", "BF"),
    ("Université Mohammed V", "MA"),
    ("University of the Philippines", "PH"),
    ("FLACSO Ecuador", "EC"),
    ("Afghanistan Research and Evaluation Unit", "AF"),
    ("Université des Comores", "KM"),
    ("Ukrainian Catholic University", "UA"),
    ("CONICET", "AR"),
]
SESSIONS = [  # day, start, end, room, title
    (0, time(9, 30), time(11, 0), "Aula Magna", "Remittances and local development"),
    (0, time(9, 30), time(11, 0), "Sala Juan Rulfo", "Diasporas and return"),
    (0, time(11, 30), time(13, 0), "Aula Magna", "Gender and migrant associations"),
    (1, time(9, 30), time(11, 0), "Aula Magna", "Refugees, transit and cities"),
    (1, time(11, 30), time(13, 0), "Sala Juan Rulfo", "Skills, labour and circulation"),
    (2, time(10, 0), time(11, 30), "Aula Magna", "Climate, mobility and policy"),
]


def seed_conferences(rng: random.Random) -> None:
    users = db.session.scalars(select(User).order_by(User.id)).all()
    organizer = next(u for u in users if u.role == Role.ORGANIZER.value)
    members = [u for u in users if u.role == Role.MEMBER.value]
    themes = theme_queries.all_themes()
    day = (utcnow() + timedelta(days=75)).date()
    event = create_event(
        organizer,
        title="Congreso Puente 2027: Migración, remesas y desarrollo",
        kind=EventKind.CONFERENCE.value,
        timezone=ZONE,
        starts_at=local_to_utc(datetime.combine(day, time(9, 0)), ZONE),
        ends_at=local_to_utc(datetime.combine(day + timedelta(days=2), time(18, 0)), ZONE),
        description=(
            "Tres días de investigación y práctica de asociaciones de migrantes, ONG y academia."
        ),
        venue_name="Centro Universitario de Ciencias Sociales",
        city="Guadalajara",
        country="MX",
        languages=["es", "en", "fr"],
        capacity=300,
        theme_ids=[t.id for t in themes[:3]],
    )
    event.status = EventStatus.PUBLISHED.value
    event.original_language = "es"
    event.set_version("title", "en", "Puente Congress 2027: Migration, remittances and development")
    event.set_version(
        "description",
        "en",
        "Three days of research and practice from migrant associations, NGOs and scholars.",
    )
    now = utcnow()
    call = save_call(
        event,
        CallData(
            opens_at=now - timedelta(days=60),
            deadline=now - timedelta(days=10),
            word_limit=300,
            languages=["es", "en", "fr"],
            reviewers_anonymous=True,
            tracks=[{"name": t.name_en, "theme_id": t.id} for t in themes[:4]]
            or [{"name": "Migration and development"}],
            questions=[{"prompt": "Is this work co-produced with a migrant association or NGO?"}],
            criteria=[
                {"name": name, "max_score": 5} for name in ("Relevance", "Originality", "Clarity")
            ],
        ),
    )
    abstracts = _abstracts(rng, call, members, now - timedelta(days=30))
    _reviews(
        rng, call, abstracts, [u for u in users if u.role != Role.MEMBER.value][:3] + members[-4:]
    )
    _programme(rng, event, [a for a in abstracts if a.state == AbstractState.ACCEPTED.value])
    db.session.flush()


def _abstracts(rng, call, members, submitted_at) -> list[Abstract]:
    states = (
        [AbstractState.ACCEPTED] * 10
        + [AbstractState.REJECTED] * 4
        + [AbstractState.UNDER_REVIEW] * 3
        + [AbstractState.WITHDRAWN]
    )
    result = []
    for index, ((title, language), state) in enumerate(zip(ABSTRACTS, states, strict=False)):
        submitter = members[index % len(members)]
        affiliation, country = SUBMITTER_PLACES[index]
        coauthors = rng.sample(COAUTHORS, rng.randint(0, 2))
        abstract = Abstract(
            call_id=call.id,
            submitter_id=submitter.id,
            language=language,
            track_id=call.tracks[index % len(call.tracks)].id,
            title=title,
            text=TEXT,
            state=state.value,
            created_at=submitted_at + timedelta(hours=index),
        )
        abstract.authors = [
            AbstractAuthor(
                position=0,
                name=submitter.name,
                email=submitter.email,
                affiliation=affiliation,
                country=country,
                presenter=not coauthors or index % 2 == 0,
            )
        ] + [
            AbstractAuthor(
                position=n,
                name=name,
                affiliation=aff,
                country=code,
                presenter=bool(coauthors) and index % 2 == 1 and n == 1,
            )
            for n, (name, aff, code) in enumerate(coauthors, start=1)
        ]
        db.session.add(abstract)
        result.append(abstract)
    db.session.flush()
    return result


def _reviews(rng, call, abstracts, reviewers) -> None:
    for abstract in abstracts:
        if abstract.state == AbstractState.WITHDRAWN.value:
            continue
        for reviewer in rng.sample([r for r in reviewers if r.id != abstract.submitter_id], 2):
            db.session.add(ReviewAssignment(abstract_id=abstract.id, user_id=reviewer.id))
            good = abstract.state == AbstractState.ACCEPTED.value
            db.session.add(
                Review(
                    abstract_id=abstract.id,
                    reviewer_id=reviewer.id,
                    comment=rng.choice(
                        [
                            "Clear fieldwork and strong policy relevance.",
                            "The method section needs more detail.",
                            "Good dialogue between scholars and associations.",
                        ]
                    ),
                    scores=[
                        ReviewScore(
                            criterion_id=c.id,
                            score=rng.randint(3, 5) if good else rng.randint(1, 3),
                        )
                        for c in call.criteria
                    ],
                )
            )


def _programme(rng, event, accepted) -> None:
    days = event_days(event)
    sessions = [
        save_session(
            event, None, SessionData(title, room, rng.choice(COAUTHORS)[0], days[day], starts, ends)
        )
        for day, starts, ends, room, title in SESSIONS
    ]
    add_talk(
        sessions[0],
        30,
        title="Keynote: collective remittances after twenty years",
        speaker=Author("Amara Okafor", "", "University of Lagos", "NG"),
    )
    for index, abstract in enumerate(accepted):
        session = sessions[index % len(sessions)]
        if sum(t.duration_minutes for t in session.talks) + 20 <= session.minutes:
            add_talk(session, 20, abstract_id=abstract.id)
