"""Every periodic job, run once by a real `huey_consumer` with the default configuration: an
instance folder of its own (SQLite database and job queue, generated key), mail over SMTP.
The jobs have no request to take a host from; their links come from PUBLIC_URL."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from config import BASE_DIR as ROOT
from config import DevelopmentConfig
from network import create_app, tasks
from network.events import registrations
from network.extensions import db
from network.membership import services as membership
from network.membership.models import Membership
from network.tasks import huey
from tests.factories import make_user
from tests.factories_events import make_event

DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000/"


@pytest.fixture
def instance(tmp_path, smtp_server):
    """An app over a fresh instance folder, as a first `make run` would make it."""
    saved = huey.storage, huey.immediate, tasks._app
    config = type(
        "FreshInstance",
        (DevelopmentConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'puente.db'}",
            "HUEY_SQLITE_PATH": str(tmp_path / "huey.db"),
            "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_server.port,
            "LOG_LEVEL": "WARNING",
        },
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()
    huey.storage, huey.immediate, tasks._app = saved


def start_consumer(folder, smtp_port):
    """The worker line of the Procfile, with nothing configured but the mail server."""
    env = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG")}
    env.update(INSTANCE_PATH=str(folder), MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_port))
    consumer = os.path.join(os.path.dirname(sys.executable), "huey_consumer")
    with open(folder / "worker.log", "wb") as log:
        return subprocess.Popen(
            [consumer, "wsgi.huey", "--workers", "2", "--worker-type", "thread"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )


def test_every_periodic_job_runs_in_the_worker_and_mails_links_to_the_public_url(
    instance, tmp_path, mailbox, smtp_server
):
    event = make_event(starts_in=timedelta(hours=20))
    attendee = make_user(email="attendee@example.org")
    registrations.register(event, user=attendee)
    member = make_user(email="renewing@example.org")
    today = membership.today()
    db.session.add(
        Membership(
            user_id=member.id,
            status="active",
            statement="I study remittances.",
            start_date=today - timedelta(days=350),
            renewal_date=today + timedelta(days=15),
        )
    )
    db.session.commit()
    jobs = huey._registry.periodic_tasks
    assert len(jobs) >= 6
    for job in jobs:
        huey.enqueue(job)
    mailbox.clear()

    worker = start_consumer(tmp_path, smtp_server.port)
    try:
        deadline = time.monotonic() + 25
        while time.monotonic() < deadline and not (
            _subjects(mailbox, attendee) >= {f"Reminder: {event.title}"}
            and any("renewal" in s for s in _subjects(mailbox, member))
        ):
            time.sleep(0.1)
    finally:
        worker.terminate()
        worker.wait(10)
    log = (tmp_path / "worker.log").read_text()
    assert "Traceback" not in log and "Unhandled exception" not in log, log[-3000:]
    for job in jobs:
        assert f"{job.__module__}.{job.name}: {job.id} executed in" in log, log[-3000:]

    reminder = next(m for m in mailbox.to(attendee.email) if m["Subject"].startswith("Reminder"))
    renewal = mailbox.last(member.email)
    assert "due for renewal" in renewal["Subject"]
    for message in (reminder, renewal):
        links = mailbox.links(message)
        assert links and all(link.startswith(DEFAULT_PUBLIC_URL) for link in links), links


def _subjects(mailbox, user) -> set[str]:
    return {message["Subject"] for message in mailbox.to(user.email)}


def test_importing_the_blueprints_registers_no_job():
    """Jobs are registered by create_app (network.tasks.register_jobs), not as a side effect of
    importing a blueprint's routes; so the worker and the web processes have the same ones."""
    code = (
        "import network.advocacy.routes, network.auth.routes, network.events.routes, "
        "network.lists.routes, network.membership.routes, network.newsletters.routes\n"
        "from network.tasks import huey\nprint(len(huey._registry._registry))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "0"
