"""Crash safety: two real worker processes on PostgreSQL and Redis send a newsletter to a real
SMTP server with the default settings (rate, senders, lease); each is killed with SIGKILL
mid-way and started again. Everyone receives it, no more messages are repeated than workers
were killed, and the batch a killed worker held is taken over within a minute."""

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from config import BASE_DIR as ROOT
from network.dbtypes import utcnow
from network.extensions import db
from network.newsletters import services
from network.newsletters.models import Delivery, Newsletter
from network.newsletters.sending import LeaseKeeper, claim_batch, lease_length
from network.tasks import huey
from tests.factories_newsletters import make_audience, make_newsletter, start_without_senders
from tests.support import require

REDIS_URL = os.environ.get("TEST_REDIS_URL")
RECIPIENTS = 300
TAKEOVER_LIMIT_SECONDS = 60


@pytest.fixture
def queued_app(app, database_url):
    require(
        database_url.startswith("postgresql"),
        "TEST_DATABASE_URL must be PostgreSQL: "
        "the crash test needs row locks shared by two processes",
    )
    require(REDIS_URL, "TEST_REDIS_URL not set: the crash test runs workers on a real Redis")
    from huey.storage import RedisStorage

    saved = huey.storage
    huey.immediate = False
    huey.storage = RedisStorage(huey.name, url=REDIS_URL)
    huey.storage.flush_all()
    yield app
    huey.storage.flush_all()
    huey.storage = saved
    huey.immediate = True


class Worker:
    """`huey_consumer wsgi.huey` as the Procfile runs it, one thread, in its own process."""

    def __init__(self, app, log_path):
        defaults = {
            name: value for name, value in os.environ.items() if not name.startswith("NEWSLETTER_")
        }
        self.env = {
            **defaults,
            "REDIS_URL": REDIS_URL,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(app.config["MAIL_PORT"]),
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "LOG_LEVEL": "WARNING",
        }
        self.log_path = log_path
        self.process = None

    def start(self):
        consumer = os.path.join(os.path.dirname(sys.executable), "huey_consumer")
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [consumer, "wsgi.huey", "-w", "1", "-k", "thread"],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=log,
            )
        return self

    def kill(self):
        self.process.kill()  # SIGKILL: no cleanup, no goodbye
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_killed_workers_lose_nothing_and_repeat_at_most_their_message_in_flight(
    queued_app, mailbox, tmp_path
):
    mailing_list, readers = make_audience(RECIPIENTS)
    newsletter = make_newsletter([mailing_list])
    assert services.send_now(newsletter, utcnow()) == RECIPIENTS
    db.session.commit()  # queues the senders
    workers = [Worker(queued_app, tmp_path / f"worker{n}.log").start() for n in (1, 2)]
    kills, takeovers = 0, []
    try:
        assert wait_until(lambda: len(mailbox.messages) >= RECIPIENTS // 10, 60), (
            tmp_path / "worker1.log"
        ).read_text()[-3000:]
        for worker in workers:
            worker.kill()
            killed_at, held = time.monotonic(), _held_rows(newsletter.id)
            assert held, "the killed worker held no batch"
            kills += 1
            worker.start()
            assert wait_until(lambda held=held: _taken_over(held), 2 * TAKEOVER_LIMIT_SECONDS)
            takeovers.append(time.monotonic() - killed_at)
        everyone = {reader.email for reader in readers}
        finished = wait_until(lambda: {r[0] for r, _m in mailbox.messages} >= everyone, 120)
        assert finished, f"{len({r[0] for r, _m in mailbox.messages})} of {RECIPIENTS} received"
        assert wait_until(lambda: _status(newsletter.id) == "sent", 30)
    finally:
        for worker in workers:
            worker.stop()

    received = Counter(rcpts[0] for rcpts, _message in mailbox.messages)
    assert set(received) == {reader.email for reader in readers}
    repeated = sum(count - 1 for count in received.values())
    assert repeated <= kills, f"{repeated} repeated messages after {kills} kills"
    states = dict(
        db.session.execute(
            select(Delivery.state, func.count())
            .where(Delivery.newsletter_id == newsletter.id)
            .group_by(Delivery.state)
        ).all()
    )
    assert states == {"sent": RECIPIENTS}
    ids = {message["Message-ID"] for _r, message in mailbox.messages}
    assert len(ids) == RECIPIENTS  # a repeat carries the same Message-ID as the first copy
    print(
        f"\nbatch of a SIGKILLed worker taken over after "
        f"{', '.join(f'{seconds:.1f} s' for seconds in takeovers)} "
        f"(lease {lease_length().total_seconds():.0f} s, default settings)"
    )
    assert max(takeovers) < TAKEOVER_LIMIT_SECONDS


def _held_rows(newsletter_id) -> dict[int, str]:
    """Unfinished rows some worker has claimed, and by which claim."""
    db.session.expire_all()
    rows = dict(
        db.session.execute(
            select(Delivery.id, Delivery.claim_token).where(
                Delivery.newsletter_id == newsletter_id,
                Delivery.state.in_(services.UNFINISHED),
                Delivery.claim_token.is_not(None),
            )
        ).all()
    )
    db.session.commit()
    return rows


def _taken_over(held: dict[int, str]) -> bool:
    """Every row held at the kill has been finished or claimed by another run since."""
    rows = db.session.execute(
        select(Delivery.id, Delivery.claim_token, Delivery.state).where(Delivery.id.in_(held))
    ).all()
    db.session.commit()
    return all(
        state not in services.UNFINISHED or token != held[row_id] for row_id, token, state in rows
    )


def _status(newsletter_id):
    db.session.expire_all()
    return db.session.scalar(select(Newsletter.status).where(Newsletter.id == newsletter_id))


def test_a_live_workers_batch_outlasts_its_lease_and_a_dead_ones_is_freed_one_lease_later(app):
    mailing_list, _readers = make_audience(5)
    newsletter = make_newsletter([mailing_list])
    start_without_senders(newsletter)
    lease = timedelta(seconds=0.6)
    claimed = claim_batch(newsletter.id, "live", utcnow(), 5, lease)
    db.session.commit()
    assert len(claimed) == 5

    with LeaseKeeper(newsletter.id, "live", lease):
        time.sleep(3 * lease.total_seconds())
        assert claim_batch(newsletter.id, "other", utcnow(), 5, lease) == []  # still held
        db.session.commit()
    time.sleep(lease.total_seconds() + 0.1)  # the keeper stopped, as if the worker were killed
    assert claim_batch(newsletter.id, "other", utcnow(), 5, lease) == claimed
    db.session.commit()


def test_renewing_leases_never_waits_for_the_row_the_sender_is_writing(app, database_url):
    """The sender keeps one row locked between its "sent" and the next commit; a renewal that
    waited for it deadlocked with the sender's next UPDATE, and PostgreSQL aborted the send."""
    require(database_url.startswith("postgresql"), "row locks are PostgreSQL's")
    mailing_list, _readers = make_audience(3)
    newsletter = make_newsletter([mailing_list])
    start_without_senders(newsletter)
    lease = timedelta(seconds=30)
    first, *others = claim_batch(newsletter.id, "live", utcnow(), 3, lease)
    db.session.commit()
    db.session.execute(update(Delivery).where(Delivery.id == first).values(state="sent"))

    keeper = LeaseKeeper(newsletter.id, "live", timedelta(minutes=10))

    def renew():
        with app.app_context():
            keeper.renew()

    renewal = threading.Thread(target=renew)
    renewal.start()
    renewal.join(timeout=5)
    still_waiting = renewal.is_alive()
    db.session.rollback()
    renewal.join()

    assert not still_waiting
    leases = dict(
        db.session.execute(
            select(Delivery.id, Delivery.lease_until).where(Delivery.newsletter_id == newsletter.id)
        ).all()
    )
    assert all(leases[row] > utcnow() + timedelta(minutes=5) for row in others)
    assert leases[first] < utcnow() + timedelta(minutes=1)
