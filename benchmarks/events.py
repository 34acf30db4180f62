"""Events benchmark: list, event page and personal feed latency over a large dataset, and
200 simultaneous registrations for 50 seats.

    .venv/bin/python benchmarks/events.py            (PostgreSQL database puente_events)
    BENCH_DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python benchmarks/events.py

The database's tables are dropped and created again.
"""

import logging
import os
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import p50_p95  # noqa: E402
from common import timed as common_timed
from sqlalchemy import func, insert, select  # noqa: E402

from config import TestingConfig  # noqa: E402
from network import create_app  # noqa: E402
from network.auth.models import User  # noqa: E402
from network.dbtypes import utcnow  # noqa: E402
from network.events import editing, registrations  # noqa: E402
from network.events.models import Event, EventFeedToken, Registration, new_token  # noqa: E402
from network.extensions import db  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/puente_events"
)
EVENTS, REGISTRATIONS, USERS = 2_000, 100_000, 5_000
PER_EVENT = REGISTRATIONS // EVENTS
REQUESTS = 200
RUSH, SEATS = 200, 50
CHUNK = 10_000


class BenchConfig(TestingConfig):
    SQLALCHEMY_DATABASE_URI = DATABASE_URL
    # Threads wait for one of 40 connections rather than exhaust the server's limit.
    SQLALCHEMY_ENGINE_OPTIONS = (
        {"pool_size": 40, "max_overflow": 0, "pool_timeout": 300}
        if DATABASE_URL.startswith("postgresql")
        else {"connect_args": {"timeout": 300}}
    )
    MAIL_OUTBOX_DIR = tempfile.mkdtemp(prefix="puente-bench-mail-")
    RATELIMIT_ENABLED = False
    SQLALCHEMY_ECHO = False


def chunks(rows):
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def seed() -> tuple[str, str]:
    """Bulk rows; returns an event's slug and a personal feed token."""
    now = utcnow()
    users = [
        {
            "email": f"bench{i}@example.org",
            "name": f"Bench Person {i}",
            "password_hash": "x",
            "role": "organizer" if i == 0 else "member",
            "language": ("en", "es", "fr")[i % 3],
            "timezone": "UTC",
            "session_token": new_token(),
            "is_active_account": True,
            "created_at": now,
            "email_verified_at": now,
        }
        for i in range(USERS + RUSH)
    ]
    for part in chunks(users):
        db.session.execute(insert(User), part)
    kinds = ("seminar", "workshop", "webinar", "conference")
    countries = ("MX", "PE", "SN", "KE", "DE", "PH", "CO", "MA", "IN", "AR")
    events = []
    for i in range(EVENTS):
        starts = now + timedelta(days=(i % 400) - 100, hours=i % 24)
        events.append(
            {
                "slug": f"bench-event-{i}",
                "kind": kinds[i % 4],
                "title": f"Benchmark event {i}",
                "description": "A *benchmark* event, with text.\n" * 20,
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "timezone": "America/Lima",
                "country": countries[i % len(countries)],
                "visibility": "public",
                "status": "published",
                "capacity": None,
                "seats_taken": PER_EVENT,
                "created_at": now,
                "updated_at": now,
            }
        )
    for part in chunks(events):
        db.session.execute(insert(Event), part)
    event_ids = db.session.scalars(select(Event.id).order_by(Event.id)).all()
    user_rows = db.session.execute(
        select(User.id, User.email, User.name).order_by(User.id).limit(USERS)
    ).all()
    registrations = []
    for index, event_id in enumerate(event_ids):
        for k in range(PER_EVENT):
            user_id, email, name = user_rows[(index * 7 + k * 97) % USERS]
            registrations.append(
                {
                    "event_id": event_id,
                    "user_id": user_id,
                    "email": email,
                    "name": name,
                    "state": "confirmed",
                    "answers": {},
                    "token": new_token(),
                    "checkin_code": new_token(),
                    "language": "en",
                    "created_at": now,
                    "email_confirmed_at": now,
                    "confirmed_at": now,
                }
            )
    for part in chunks(registrations):
        db.session.execute(insert(Registration), part)
    busiest = db.session.execute(
        select(Registration.user_id, func.count())
        .group_by(Registration.user_id)
        .order_by(func.count().desc())
        .limit(1)
    ).one()
    token = EventFeedToken(user_id=busiest[0])
    db.session.add(token)
    db.session.commit()
    print(
        f"seeded {EVENTS} events, {len(registrations)} registrations; "
        f"personal feed of a person with {busiest[1]} registrations"
    )
    return db.session.scalar(
        select(Event.slug).where(Event.starts_at > now).order_by(Event.starts_at).limit(1)
    ), token.token


def timed(client, url: str) -> tuple[float, float]:
    client.get(url)  # warm caches
    return p50_p95(common_timed(lambda: client.get(url), REQUESTS))


def rush(app) -> None:
    """RUSH people press Register at the same moment for an event with SEATS seats."""
    with app.app_context():
        organizer = db.session.scalar(select(User).where(User.role == "organizer"))
        starts = utcnow() + timedelta(days=3)
        event = editing.create_event(
            organizer,
            title="The rush",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            timezone="Europe/Madrid",
        )
        event.status, event.capacity = "published", SEATS
        db.session.commit()
        event_id = event.id
        people = db.session.scalars(select(User.id).order_by(User.id.desc()).limit(RUSH)).all()
    barrier = threading.Barrier(RUSH)
    errors = []

    def register(user_id):
        with app.app_context():
            barrier.wait()
            try:
                registrations.register(
                    db.session.get(Event, event_id), user=db.session.get(User, user_id)
                )
                db.session.commit()
            except Exception as error:  # counted and printed below
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(user_id,)) for user_id in people]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    with app.app_context():
        counts = dict(
            db.session.execute(
                select(Registration.state, func.count())
                .where(Registration.event_id == event_id)
                .group_by(Registration.state)
            ).all()
        )
        seats = db.session.get(Event, event_id).seats_taken
    print(
        f"{RUSH} concurrent registrations for {SEATS} seats: {elapsed:.2f} s "
        f"-> confirmed {counts.get('confirmed', 0)}, waitlisted {counts.get('waitlisted', 0)}, "
        f"seats_taken {seats}, errors {len(errors)}"
    )


def main() -> None:
    app = create_app(BenchConfig)
    # Each registration logs and writes its mail; the figures are what this script prints.
    for name in ("network", "huey"):
        logging.getLogger(name).setLevel(logging.ERROR)
    print(f"database: {DATABASE_URL.split('@')[-1]}")
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        slug, token = seed()
        print(f"seeding took {time.perf_counter() - started:.1f} s")
    client = app.test_client()
    for label, url in [
        ("event list", "/events/"),
        ("event page", f"/events/{slug}"),
        ("personal feed", f"/events/my/{token}.ics"),
    ]:
        p50, p95 = timed(client, url)
        print(f"{label:14s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({REQUESTS} requests)")
    rush(app)


if __name__ == "__main__":
    main()
