"""Conference speed at a large congress: 2,000 abstracts with reviews and a 300-talk programme.

    .venv/bin/python benchmarks/conferences.py
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/puente_conferences_bench .venv/bin/python benchmarks/conferences.py

Drops and recreates every table of the database it is given (a temporary SQLite file by
default), bulk-inserts the data, then prints p50/p95 times for: the public programme page, the
programme feed, a person's own programme, the organizer's abstract list (all and one state),
a reviewer's list of 150 assignments, and submitting an abstract.
"""

import itertools
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import database_url, percentiles, timed  # noqa: E402

from config import DevelopmentConfig  # noqa: E402
from network import create_app  # noqa: E402
from network.auth.models import Role, User  # noqa: E402
from network.conferences import calls  # noqa: E402
from network.conferences.models import (  # noqa: E402
    Abstract,
    AbstractAuthor,
    MarkedSession,
    ProgrammeSession,
    Review,
    ReviewAssignment,
    ReviewScore,
    Speaker,
    Talk,
)
from network.dbtypes import utcnow  # noqa: E402
from network.events.editing import create_event  # noqa: E402
from network.events.models import EventKind, EventStatus  # noqa: E402
from network.extensions import db  # noqa: E402
from network.security import hash_password  # noqa: E402

ABSTRACTS = 2_000
REVIEWERS = 40
SESSIONS = 60
TALKS_PER_SESSION = 5
PASSWORD = "benchmark passphrase"
COUNTRIES = [
    "MX",
    "GT",
    "SN",
    "ML",
    "GH",
    "KE",
    "IN",
    "PH",
    "FR",
    "ES",
    "US",
    "MA",
    "PE",
    "NP",
    "UA",
]
STATES = ["submitted", "under_review", "accepted", "rejected", "withdrawn"]
TEXT = "Collective remittances fund schools, roads and water in the home towns. " * 20


def people(count: int, role: Role, prefix: str) -> list[User]:
    password_hash = hash_password(PASSWORD)
    users = [
        User(
            email=f"{prefix}{i}@example.org",
            name=f"{prefix.title()} {i}",
            role=role.value,
            password_hash=password_hash,
            email_verified_at=utcnow(),
        )
        for i in range(count)
    ]
    db.session.add_all(users)
    db.session.flush()
    return users


def populate(rng: random.Random):
    (organizer,) = people(1, Role.ORGANIZER, "organizer")
    reviewers = people(REVIEWERS, Role.MEMBER, "reviewer")
    authors = people(200, Role.MEMBER, "author")
    starts = datetime(2027, 6, 14, 14, 0, tzinfo=UTC)
    event = create_event(
        organizer,
        title="World Congress on Migration and Development",
        kind=EventKind.CONFERENCE.value,
        timezone="America/Bogota",
        starts_at=starts,
        ends_at=starts + timedelta(days=4, hours=10),
    )
    event.status = EventStatus.PUBLISHED.value
    now = utcnow()
    call = calls.save_call(
        event,
        calls.CallData(
            opens_at=now - timedelta(days=30),
            deadline=now + timedelta(days=30),
            word_limit=400,
            languages=["en", "es", "fr"],
            reviewers_anonymous=True,
            tracks=[{"name": f"Track {n}"} for n in range(8)],
            criteria=[
                {"name": name, "max_score": 5} for name in ("Relevance", "Originality", "Clarity")
            ],
        ),
    )
    db.session.flush()
    db.session.execute(
        insert(Abstract),
        [
            {
                "call_id": call.id,
                "submitter_id": authors[i % len(authors)].id,
                "track_id": call.tracks[i % 8].id,
                "language": rng.choice(["en", "es", "fr"]),
                "title": f"Abstract {i}: remittances and local development",
                "text": TEXT,
                "state": "accepted" if i < SESSIONS * TALKS_PER_SESSION else rng.choice(STATES),
                "created_at": now,
                "updated_at": now,
            }
            for i in range(ABSTRACTS)
        ],
    )
    ids = db.session.scalars(select(Abstract.id).order_by(Abstract.id)).all()
    db.session.execute(
        insert(AbstractAuthor),
        [
            {
                "abstract_id": aid,
                "position": p,
                "name": f"Author {aid}-{p}",
                "email": f"a{aid}-{p}@example.org",
                "affiliation": "University",
                "country": rng.choice(COUNTRIES),
                "presenter": p == 0,
            }
            for aid in ids
            for p in range(2)
        ],
    )
    db.session.execute(
        insert(ReviewAssignment),
        [
            {"abstract_id": aid, "user_id": reviewers[(n + k) % REVIEWERS].id, "assigned_at": now}
            for n, aid in enumerate(ids)
            for k in range(3)
        ],
    )
    db.session.execute(
        insert(Review),
        [
            {
                "abstract_id": aid,
                "reviewer_id": reviewers[(n + k) % REVIEWERS].id,
                "comment": "Fine.",
                "updated_at": now,
            }
            for n, aid in enumerate(ids)
            for k in range(3)
        ],
    )
    reviews = db.session.execute(select(Review.id)).scalars().all()
    db.session.execute(
        insert(ReviewScore),
        [
            {"review_id": rid, "criterion_id": c.id, "score": rng.randint(0, 5)}
            for rid in reviews
            for c in call.criteria
        ],
    )
    db.session.execute(
        insert(ProgrammeSession),
        [
            {
                "event_id": event.id,
                "title": f"Session {n}",
                "room": f"Room {n % 6}",
                "chair": "Chair",
                "starts_at": starts + timedelta(days=n // 12, hours=(n % 12) // 6 * 2),
                "ends_at": starts + timedelta(days=n // 12, hours=(n % 12) // 6 * 2 + 2),
                "ical_sequence": 0,
            }
            for n in range(SESSIONS)
        ],
    )
    session_ids = db.session.scalars(
        select(ProgrammeSession.id).order_by(ProgrammeSession.id)
    ).all()
    db.session.execute(
        insert(Speaker),
        [
            {
                "event_id": event.id,
                "name": f"Author {aid}-0",
                "email": f"a{aid}-0@example.org",
                "affiliation": "University",
                "country": "MX",
            }
            for aid in ids[: SESSIONS * TALKS_PER_SESSION]
        ],
    )
    speaker_ids = db.session.scalars(select(Speaker.id).order_by(Speaker.id)).all()
    db.session.execute(
        insert(Talk),
        [
            {
                "session_id": session_ids[n // TALKS_PER_SESSION],
                "abstract_id": ids[n],
                "speaker_id": speaker_ids[n],
                "invited_title": "",
                "position": n % TALKS_PER_SESSION,
                "duration_minutes": 20,
            }
            for n in range(SESSIONS * TALKS_PER_SESSION)
        ],
    )
    db.session.execute(
        insert(MarkedSession),
        [{"user_id": authors[0].id, "session_id": sid} for sid in session_ids[::3]],
    )
    db.session.commit()
    return event, call, [organizer.email, reviewers[0].email, authors[0].email]


def signed_in(app, email: str):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client


def main() -> None:
    url = database_url("conferences")
    config = type(
        "Bench",
        (DevelopmentConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "PUBLIC_URL": "http://puente.bench",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "HUEY_IMMEDIATE": True,
            "MAIL_OUTBOX_DIR": tempfile.mkdtemp(),
            "LOG_LEVEL": "ERROR",
        },
    )
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        event, call, (organizer, reviewer, author) = populate(random.Random(2026))
        print(
            f"database: {db.engine.dialect.name}; {ABSTRACTS:,} abstracts with 3 reviews each, "
            f"{SESSIONS} sessions, {SESSIONS * TALKS_PER_SESSION} talks"
        )
        slug = event.slug
        track_id = call.tracks[0].id

    anonymous = app.test_client()
    print(
        "public programme page:                  "
        + percentiles(timed(lambda: anonymous.get(f"/conferences/{slug}/programme")))
    )
    print(
        "programme feed (.ics):                  "
        + percentiles(timed(lambda: anonymous.get(f"/conferences/{slug}/programme.ics")))
    )
    person = signed_in(app, author)
    print(
        "my programme (.ics, 20 sessions):       "
        + percentiles(timed(lambda: person.get(f"/conferences/{slug}/my-programme.ics")))
    )
    boss = signed_in(app, organizer)
    print(
        f"organizer's abstract list (all {ABSTRACTS:,}):  "
        + percentiles(timed(lambda: boss.get(f"/conferences/{slug}/manage/abstracts"), 5))
    )
    print(
        "organizer's abstract list (accepted):   "
        + percentiles(
            timed(lambda: boss.get(f"/conferences/{slug}/manage/abstracts?state=accepted"), 5)
        )
    )
    judge = signed_in(app, reviewer)
    print(
        "reviewer's list (150 assignments):      "
        + percentiles(timed(lambda: judge.get("/conferences/reviews")))
    )
    numbers = itertools.count(1)
    print(
        "submit an abstract (POST):              "
        + percentiles(
            timed(
                lambda: person.post(
                    f"/conferences/{slug}/submit",
                    data={
                        "title": f"Remittances {next(numbers)}",
                        "text": TEXT[:1500],
                        "track": track_id,
                        "language": "en",
                        "presenter": 0,
                    },
                )
            )
        )
    )
    with app.app_context():
        db.drop_all()


if __name__ == "__main__":
    main()
