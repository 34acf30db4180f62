"""Capacity under many simultaneous registrations, on a file SQLite database and on PostgreSQL.

Each thread has its own app context, session and connection (NullPool) and all are released at
once by a Barrier. A control with a naive count-then-insert shows that the race is real.
"""
import threading
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.pool import NullPool

from network import create_app
from network.auth.models import User
from network.dbtypes import utcnow
from network.events import services
from network.events.models import Event, Registration
from network.extensions import db
from tests.factories import make_user
from tests.factories_events import make_event
from tests.support import require

CAPACITY = 10


def _is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def _sqlite_pass_only(url: str) -> None:
    # Not a missing part: CI's first pass runs these on SQLite, its second pass on PostgreSQL.
    if not url.startswith("sqlite:///"):
        pytest.skip("runs in the SQLite pass")


@pytest.fixture
def threaded_app(config_class, database_url, app):
    """A second app on the same database whose sessions each open their own connection."""
    options = {"poolclass": NullPool}
    if database_url.startswith("sqlite"):
        # Writers queue on SQLite's lock instead of failing at once with "database is locked".
        options["connect_args"] = {"timeout": 60}
    return create_app(type("Threaded", (config_class,), {"SQLALCHEMY_ENGINE_OPTIONS": options}))


def _run_together(threaded_app, count: int, work) -> list:
    """Run work(i) in `count` threads released at the same moment; returns what each returned."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        with threaded_app.app_context():
            barrier.wait()
            try:
                results[i] = work(i)
            except Exception as error:  # the test inspects what each thread met
                db.session.rollback()
                results[i] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return results


def naive_register(event_id: int, user_id: int) -> str:
    """What the guard prevents: count, think, insert. Used only by the control below."""
    event = db.session.get(Event, event_id)
    user = db.session.get(User, user_id)
    confirmed = db.session.scalar(select(func.count()).where(
        Registration.event_id == event_id, Registration.state == "confirmed"))
    time.sleep(0.02)
    state = "confirmed" if confirmed < event.capacity else "waitlisted"
    db.session.add(Registration(event_id=event_id, user_id=user.id, email=user.email, name=user.name,
                                state=state, email_confirmed_at=utcnow()))
    db.session.commit()
    return state


def _people(count: int) -> list[int]:
    users = [make_user(commit=False) for _ in range(count)]
    db.session.commit()
    return [user.id for user in users]


def _guarded(threaded_app, event_id: int, user_ids: list[int]) -> list:
    def work(i):
        event = db.session.get(Event, event_id)
        registration = services.register(event, user=db.session.get(User, user_ids[i]))
        db.session.commit()
        return registration.state

    return _run_together(threaded_app, len(user_ids), work)


def _states(event_id: int) -> dict:
    db.session.expire_all()
    rows = db.session.execute(select(Registration.state, func.count()).where(
        Registration.event_id == event_id).group_by(Registration.state))
    return dict(rows.all())


def _check_capacity_holds(threaded_app, count: int):
    event = make_event(capacity=CAPACITY)
    results = _guarded(threaded_app, event.id, _people(count))
    assert not [r for r in results if isinstance(r, Exception)]
    assert results.count("confirmed") == CAPACITY
    assert results.count("waitlisted") == count - CAPACITY
    assert _states(event.id) == {"confirmed": CAPACITY, "waitlisted": count - CAPACITY}
    assert db.session.get(Event, event.id).seats_taken == CAPACITY


def _check_control_overbooks(threaded_app, count: int):
    event_id = make_event(capacity=CAPACITY).id
    people = _people(count)
    results = _run_together(threaded_app, count, lambda i: naive_register(event_id, people[i]))
    assert not [r for r in results if isinstance(r, Exception)]
    assert _states(event_id)["confirmed"] > CAPACITY


def test_capacity_holds_on_sqlite_file(threaded_app, database_url):
    _sqlite_pass_only(database_url)
    _check_capacity_holds(threaded_app, 80)


def test_without_the_guard_sqlite_overbooks(threaded_app, database_url):
    _sqlite_pass_only(database_url)
    _check_control_overbooks(threaded_app, 80)


def test_capacity_holds_on_postgresql(threaded_app, database_url):
    require(_is_postgres(database_url), "TEST_DATABASE_URL must point at PostgreSQL")
    _check_capacity_holds(threaded_app, 60)


def test_without_the_guard_postgresql_overbooks(threaded_app, database_url):
    require(_is_postgres(database_url), "TEST_DATABASE_URL must point at PostgreSQL")
    _check_control_overbooks(threaded_app, 60)


def test_double_submit_at_once_gives_one_registration(threaded_app):
    event = make_event(capacity=5)
    user_id = _people(1)[0]
    results = _guarded(threaded_app, event.id, [user_id] * 20)
    assert results.count("confirmed") == 1
    assert all(isinstance(r, services.AlreadyRegistered) for r in results if r != "confirmed")
    assert _states(event.id) == {"confirmed": 1}
    assert db.session.get(Event, event.id).seats_taken == 1


def test_simultaneous_cancellations_promote_in_order_without_overbooking(threaded_app):
    event = make_event(capacity=5)
    people = _people(12)
    for user_id in people:
        services.register(event, user=db.session.get(User, user_id))
        db.session.commit()
    confirmed = db.session.scalars(select(Registration.id).where(
        Registration.event_id == event.id, Registration.state == "confirmed")).all()

    def cancel(i):
        registration = db.session.get(Registration, confirmed[i])
        services.cancel_registration(registration)
        db.session.commit()

    results = _run_together(threaded_app, 3, cancel)
    assert results == [None, None, None]
    db.session.expire_all()
    assert _states(event.id) == {"confirmed": 5, "waitlisted": 4, "cancelled": 3}
    assert db.session.get(Event, event.id).seats_taken == 5
    promoted = db.session.scalars(select(Registration.user_id).where(
        Registration.event_id == event.id, Registration.state == "confirmed",
        Registration.id.not_in(confirmed))).all()
    assert sorted(promoted) == people[5:8]
