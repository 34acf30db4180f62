"""Rate limits hold across the processes that serve the site; mail to one address is capped."""

import os
import secrets
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http.cookiejar import CookieJar
from multiprocessing import get_context
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import (
    HTTPCookieProcessor,
    HTTPRedirectHandler,
    Request,
    build_opener,
)

import pytest
from limits import parse
from limits.strategies import FixedWindowRateLimiter

from config import BASE_DIR as ROOT
from config import ProductionConfig
from network import create_app
from network.auth.models import Role
from network.events import registrations as event_registrations
from network.extensions import db
from network.ratelimit import SQLiteStorage
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_events import make_event
from tests.factories_members import make_profile
from tests.support import form_token, free_port, require

REDIS_URL = os.environ.get("TEST_REDIS_URL")
SIGNUP_LIMIT = 30  # AUTH_IP_LIMIT: sign-up, sign-in and reset share it per IP
ENDORSE_LIMIT = 10  # ADVOCACY_FORM_LIMIT
MAIL_CAP = 5  # RATELIMIT_MAIL_PER_ADDRESS


# --- Real processes: gunicorn as the Procfile runs it ---------------------------------------------


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor: a cookie jar and the CSRF token of the page it opened."""

    def __init__(self, base: str):
        self.base = base
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), _NoRedirect)

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=30).read().decode()

    def post(self, path: str, data: dict) -> int:
        try:
            with self.opener.open(
                Request(self.base + path, urlencode(data, doseq=True).encode()), timeout=60
            ) as response:
                return response.status
        except HTTPError as error:
            return error.code


@contextmanager
def gunicorn(app, instance: Path, **settings):
    """`make run`'s web process, 2 workers, on a free port with its own instance folder.

    One thread per worker, so that a busy worker leaves the next request to the other one: a
    threaded worker may accept them all, and one process would prove nothing.

    Yields once both workers answer, with the base URL and a function that lists the workers
    that have answered since.
    """
    port = free_port()
    log = instance / "access.log"
    instance.mkdir(parents=True, exist_ok=True)
    # Empty values count as unset and keep a developer's .env from filling them in.
    env = {
        **os.environ,
        "FLASK_CONFIG": "development",
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": secrets.token_hex(32),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "REDIS_URL": "",
        "RATELIMIT_STORAGE_URI": "",
        "MAIL_SERVER": "",
        "LOG_LEVEL": "WARNING",
        **settings,
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "1",
        "--access-logfile",
        str(log),
        "--access-logformat",
        "%(p)s %(s)s",
        "wsgi:app",
    ]
    with open(instance / "gunicorn.err", "wb") as errors:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=errors, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_both_workers(base, server, log, instance)
        seen = len(log.read_text().splitlines())
        yield base, lambda: _worker_pids(log, since=seen)
    finally:
        server.terminate()
        server.wait(20)


def _wait_for_both_workers(base: str, server, log: Path, instance: Path) -> None:
    """Each worker loads the app on its own; the first one up would otherwise take everything."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, (instance / "gunicorn.err").read_text()
        try:
            fire(4, lambda _: Browser(base).get("/signup"))
        except (URLError, ConnectionError):
            time.sleep(0.2)
            continue
        if len(_worker_pids(log)) == 2:
            return
    pytest.fail("gunicorn's two workers did not both answer within 60 s")


def _worker_pids(log: Path, since: int = 0) -> set[str]:
    time.sleep(0.3)  # the access log is written after the answer
    return {line.split()[0] for line in log.read_text().splitlines()[since:] if line.strip()}


def fire(count: int, post) -> list[int]:
    """`count` POSTs, four at a time so that both workers take some; returns their statuses."""
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(post, range(count)))


@pytest.mark.parametrize("store", ["sqlite", "redis"])
def test_limits_hold_across_gunicorn_workers(app, tmp_path, store):
    """Default install (no Redis: a SQLite file in the instance folder) and production (Redis)."""
    settings = {}
    if store == "redis":
        require(REDIS_URL, "TEST_REDIS_URL not set: Redis rate limits need a real Redis")
        settings["RATELIMIT_STORAGE_URI"] = REDIS_URL  # the app fixture has emptied its counters
    campaign = make_campaign(slug="statement")
    with gunicorn(app, tmp_path / "instance", **settings) as (base, pids):
        visitor = Browser(base)
        token = form_token(visitor.get("/signup"))
        # The limit counts every attempt; unequal passwords spare the test 30 password hashes.
        signups = fire(
            SIGNUP_LIMIT + 15,
            lambda n: visitor.post(
                "/signup",
                {
                    "csrf_token": token,
                    "name": f"Person {n}",
                    "email": f"person{n}@example.org",
                    "password": "a long passphrase 2026",
                    "confirm": "another passphrase",
                },
            ),
        )
        token = form_token(visitor.get(f"/advocacy/campaigns/{campaign.slug}"))
        endorsements = fire(
            ENDORSE_LIMIT + 10,
            lambda n: visitor.post(
                f"/advocacy/campaigns/{campaign.slug}/endorse",
                {
                    "endorse-csrf_token": token,
                    "endorse-organization_name": f"Org {n}",
                    "endorse-country": "MX",
                    "endorse-kind": "ngo",
                    "endorse-contact_name": "Rosa",
                    "endorse-contact_email": f"org{n}@example.org",
                },
            ),
        )
        answered_by = pids()
    assert len(answered_by) == 2, "both workers must have answered for the test to mean anything"
    errors = (tmp_path / "instance" / "gunicorn.err").read_text()
    assert sum(status != 429 for status in signups) == SIGNUP_LIMIT, (signups, errors)
    assert set(signups) == {400, 429}, errors  # the form refused, or the limit
    assert sum(status != 429 for status in endorsements) == ENDORSE_LIMIT, (endorsements, errors)
    assert set(endorsements) == {200, 429}
    assert (tmp_path / "instance" / "ratelimit.db").exists() == (store == "sqlite")


# --- The SQLite store on its own -----------------------------------------------------------------


def _hit_from_threads(path: str, count: int) -> int:
    """`count` hits from 4 threads sharing one store, as in a threaded worker."""
    limiter = FixedWindowRateLimiter(SQLiteStorage(f"sqlite:///{path}"))
    with ThreadPoolExecutor(4) as pool:
        return sum(pool.map(lambda _: limiter.hit(parse("50 per hour"), "shared"), range(count)))


def test_sqlite_store_counts_hits_from_many_processes_and_threads_exactly(tmp_path):
    with get_context("fork").Pool(4) as pool:
        allowed = pool.starmap(_hit_from_threads, [(str(tmp_path / "limits.db"), 40)] * 4)
    assert sum(allowed) == 50


def test_sqlite_store_starts_a_new_window_once_the_old_one_expires(tmp_path):
    limiter = FixedWindowRateLimiter(SQLiteStorage(f"sqlite:///{tmp_path / 'limits.db'}"))
    item = parse("2 per 1 second")
    assert [limiter.hit(item, "k") for _ in range(3)] == [True, True, False]
    assert limiter.get_window_stats(item, "k").remaining == 0
    time.sleep(1.1)
    assert limiter.hit(item, "k")
    assert limiter.get_window_stats(item, "k").remaining == 1


# --- Production refuses counters kept per process ----------------------------------------------


def production(**settings):
    return type(
        "Production",
        (ProductionConfig,),
        {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "PUBLIC_URL": "https://puente.example.org",
            "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_SINGLE_PROCESS": False,
            **settings,
        },
    )


def test_production_refuses_per_process_rate_limits(app):
    with pytest.raises(RuntimeError, match="counts in each process"):
        create_app(production())
    create_app(production(RATELIMIT_SINGLE_PROCESS=True))  # one process: its own memory is shared


# --- Mail to one address -------------------------------------------------------------------------


def test_guest_registrations_mail_one_address_at_most_the_daily_cap(client, mailbox):
    events = [make_event(title=f"Seminar {n}") for n in range(12)]
    for event in events:
        response = client.post(
            f"/events/{event.slug}/register",
            data={"name": "Visit http://evil.example now", "email": "victim@example.org"},
        )
        assert response.status_code == 200
        assert "Check your inbox" in response.get_data(as_text=True)
    assert len(mailbox.to("victim@example.org")) == MAIL_CAP
    client.post(
        f"/events/{events[0].slug}/register", data={"name": "Ana", "email": "ana@example.org"}
    )
    assert len(mailbox.to("ana@example.org")) == 1  # the cap is per address


def test_contact_messages_from_members_count_toward_the_cap(client, auth, mailbox):
    victim = make_profile(make_user(email="victim@example.org"))
    for sender in [make_user() for _ in range(3)]:  # each member may write 5 an hour
        auth.login(sender)
        for n in range(2):
            response = client.post(
                f"/members/{victim.id}/contact", data={"message": f"Visit http://evil.example {n}"}
            )
            assert response.status_code == 302
        auth.logout()
    assert len(mailbox.to("victim@example.org")) == MAIL_CAP


def test_mail_a_signed_in_person_asks_for_is_not_capped(client, auth, mailbox):
    member = make_user(email="member@example.org")
    auth.login(member)
    for n in range(MAIL_CAP + 2):
        event = make_event(title=f"Seminar {n}")
        assert client.post(f"/events/{event.slug}/register", data={}).status_code == 302
    assert len(mailbox.to("member@example.org")) == MAIL_CAP + 2


def test_organizers_messages_to_registrants_are_not_capped(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer)
    event_registrations.register(event, user=make_user(email="attendee@example.org"))
    db.session.commit()
    auth.login(organizer)
    for n in range(MAIL_CAP + 2):
        assert (
            client.post(
                f"/events/{event.id}/message",
                data={"states": ["confirmed"], "subject": f"Update {n}", "body": "Room 4."},
            ).status_code
            == 302
        )
    assert len(mailbox.to("attendee@example.org")) == MAIL_CAP + 3  # with the confirmation
