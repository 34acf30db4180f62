"""A rush on the default install: 500 guests register and confirm at once through gunicorn.

Four gunicorn workers of four threads each, as the README deploys it, on a fresh SQLite database
with the default settings (jobs queued in SQLite, mail to files), CSRF on: each guest first opens
the event page for a session and a form token, as a browser does. Rate limits are off, since
here every guest comes from one address.
"""

import http.client
import os
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from config import BASE_DIR, DevelopmentConfig
from network import create_app
from network.events import seats
from network.events.models import Event, Registration
from network.extensions import db
from tests.factories_events import make_event
from tests.support import form_token, free_port

RUSH = 500
CAPACITY = 50
CONNECTIONS = 50


class Guest:
    """One person's browser: a session cookie and the form token of its session."""

    def __init__(self, port: int, number: int):
        self.port = port
        self.email = f"guest{number}@example.net"
        self.name = f"Guest {number}"
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            page = response.read().decode()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            if cookie.startswith("session="):
                self.cookie = cookie.split(";", 1)[0]
        return response.status, page

    def submit(self, page: str, action: str, form: dict) -> tuple[int, int]:
        """Open a page, then send its form with the session's token, as a browser does."""
        status, html = self.request("GET", page)
        return status, self.request("POST", action, {**form, "csrf_token": form_token(html)})[0]

    def register(self, slug: str) -> tuple[int, int]:
        return self.submit(
            f"/events/{slug}", f"/events/{slug}/register", {"name": self.name, "email": self.email}
        )

    def confirm(self, token: str) -> tuple[int, int]:
        return self.submit(f"/events/r/{token}/confirm", f"/events/r/{token}/confirm", {})


@pytest.fixture
def instance(tmp_path, database_url):
    """A fresh instance folder with the schema and one public event open to guests."""
    if not database_url.startswith("sqlite"):
        pytest.skip("runs in the SQLite pass: the default install's database is SQLite")
    database = f"sqlite:///{tmp_path / 'puente.db'}"
    with _on(database):
        db.create_all()
        slug = make_event(capacity=CAPACITY, title="Rush seminar").slug
    return tmp_path, database, slug


@contextmanager
def _on(database: str):
    """This test's own look at the server's database."""
    app = create_app(
        type(
            "Look",
            (DevelopmentConfig,),
            {
                "SQLALCHEMY_DATABASE_URI": database,
                "SECRET_KEY": "test-only-" + "x" * 32,
                "PUBLIC_URL": None,
                "RATELIMIT_STORAGE_URI": "memory://",
                "HUEY_SQLITE_PATH": database.removeprefix("sqlite:///") + ".huey",
            },
        )
    )
    with app.app_context():
        yield
        db.engine.dispose()


@pytest.fixture
def server(instance):
    folder, database, _slug = instance
    port = free_port()
    defaults = dict.fromkeys(
        [
            "SECRET_KEY",
            "REDIS_URL",
            "RATELIMIT_STORAGE_URI",
            "MAIL_SERVER",
            "HUEY_IMMEDIATE",
            "HUEY_SQLITE_PATH",
            "MAIL_OUTBOX_DIR",
            "SQLITE_BUSY_TIMEOUT",
        ],
        "",
    )
    env = {
        **os.environ,
        **defaults,
        "INSTANCE_PATH": str(folder),
        "DATABASE_URL": database,
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "FLASK_CONFIG": "development",
        "RATELIMIT_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    with open(folder / "gunicorn.log", "w") as log:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "4",
                "--threads",
                "4",
                "wsgi:app",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(port, process)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_up(port: int, process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            if Guest(port, 0).request("GET", "/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not answer within 60 s")


def _all_at_once(guests, action) -> Counter:
    """action(guest) for every guest over CONNECTIONS connections at once; how often each status."""
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        return Counter(status for statuses in pool.map(action, guests) for status in statuses)


def test_rush_of_500_guests_gets_no_server_error(instance, server):
    folder, database, slug = instance
    guests = [Guest(server, n) for n in range(1, RUSH + 1)]
    started = time.monotonic()
    registering = _all_at_once(guests, lambda guest: guest.register(slug))
    with _on(database):
        tokens = dict(db.session.execute(select(Registration.email, Registration.token)).all())
    registered = [guest for guest in guests if guest.email in tokens]
    confirming = _all_at_once(registered, lambda guest: guest.confirm(tokens[guest.email]))
    elapsed = time.monotonic() - started
    with _on(database):
        counts = {
            **dict(
                db.session.execute(
                    select(Registration.state, func.count()).group_by(Registration.state)
                ).all()
            ),
            "seats taken": db.session.scalar(select(Event.seats_taken)),
        }
        mismatches = seats.seat_mismatches()
    locked = (folder / "gunicorn.log").read_text().count("database is locked")
    print(
        f"\nSQLite rush, gunicorn 4 workers x 4 threads, {CONNECTIONS} connections, {elapsed:.0f} s: "
        f"registering (page + POST) {dict(registering)}, confirming (page + POST) "
        f"{dict(confirming)}; {counts}; 'database is locked' in the log: {locked}"
    )
    assert registering == {200: 2 * RUSH}
    assert confirming == {200: RUSH, 302: RUSH}
    assert counts == {"confirmed": CAPACITY, "waitlisted": RUSH - CAPACITY, "seats taken": CAPACITY}
    assert mismatches == []
