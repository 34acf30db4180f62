"""Against a real Redis: the job queue's worker delivers mail, the limiter counts there."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask_babel import lazy_gettext as _l

from config import BASE_DIR as ROOT
from network.email import send_email
from network.extensions import db, limiter
from network.tasks import huey
from tests.support import require

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def redis_app(app):
    require(REDIS_URL, "TEST_REDIS_URL not set: Redis tests need a real Redis")
    from huey.storage import RedisStorage

    huey.immediate = False
    saved = huey.storage
    huey.storage = RedisStorage(huey.name, url=REDIS_URL)
    huey.storage.flush_all()
    yield app
    huey.storage.flush_all()
    huey.storage = saved
    huey.immediate = True


def start_worker(app, smtp_port):
    """The worker exactly as the Procfile runs it, in its own process."""
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
    }
    consumer = Path(sys.executable).with_name("huey_consumer")
    return subprocess.Popen(
        [str(consumer), "wsgi.huey", "-w", "1", "-k", "thread"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_worker_delivers_queued_mail_through_redis(redis_app, mailbox):
    with redis_app.test_request_context():
        send_email(
            "queued@example.org",
            "auth/email_taken",
            _l("Someone tried to use your address"),
            locale="es",
        )
        db.session.commit()
    assert huey.pending_count() == 1
    assert mailbox.to("queued@example.org") == []
    worker = start_worker(redis_app, smtp_port=redis_app.config["MAIL_PORT"])
    try:
        deadline = time.monotonic() + 20
        while not mailbox.to("queued@example.org") and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.terminate()
        worker.wait(10)
    assert mailbox.last("queued@example.org")["Subject"] == "Alguien intentó usar su dirección"


def test_rate_limits_are_stored_in_redis(app):
    require(REDIS_URL, "TEST_REDIS_URL not set: Redis tests need a real Redis")
    assert type(limiter.storage).__name__.lower().startswith("redis")
