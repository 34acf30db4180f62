"""What a worker does: claim a batch of deliveries, send it over one SMTP connection, repeat.

Each message is committed as "sending" before its SMTP call and as "sent" after it. A worker
killed in between leaves one row in "sending" whose lease runs out; whoever claims it next
sends it again. So nothing is lost, and each killed worker repeats at most one message.

Leases are short (NEWSLETTER_LEASE_SECONDS, 30 s) and a live worker's LeaseKeeper renews them,
so a killed worker's batch is free again within one lease: the other senders, a restarted
worker, or the periodic recovery (every 20 s) take it over, well within a minute.
"""

import logging
import smtplib
import threading
import time
import uuid
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import and_, bindparam, exists, func, or_, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from network.dbtypes import utcnow
from network.email import deliver
from network.extensions import db, mail
from network.lists.models import MailingList, Subscriber
from network.newsletters import audience, services
from network.newsletters.messages import Composer
from network.newsletters.models import Delivery, DeliveryState, Newsletter

logger = logging.getLogger(__name__)

PENDING = DeliveryState.PENDING.value
SENDING = DeliveryState.SENDING.value
BATCH_SIZE = 100
# A batch takes about this long, so a busy sender looks for a dead one's rows at least as often.
BATCH_SECONDS = 10
# SMTP's longest wait (RFC 5321, 4.5.3.2): a worker silent for longer is hung, and its lease
# is left to run out so that others take its rows over.
STUCK_AFTER_SECONDS = 600
MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=1)
IDLE_POLL_SECONDS = 1.0
# Consumers tick at the same moment; only one of them restarts a stalled newsletter.
KICK_INTERVAL = timedelta(seconds=5)


# The two statements of every message are built once (on first use, after the imports):
# building an ORM statement cost about as much CPU per message as writing its MIME bytes.
DELIVERY = Delivery.__table__


@cache
def start_statement():
    """Mark a row "sending" if it is still this run's and unfinished, the newsletter is not
    paused or cancelled, and the reader is still on a chosen list and not opted out or
    bouncing, all checked in the same statement."""
    on_list = audience.receiving_list(DELIVERY.c.newsletter_id, DELIVERY.c.subscriber_id)
    return (
        update(DELIVERY)
        .where(
            DELIVERY.c.id == bindparam("row"),
            DELIVERY.c.claim_token == bindparam("token"),
            DELIVERY.c.state.in_(services.UNFINISHED),
            DELIVERY.c.attempts < MAX_ATTEMPTS,
            exists().where(
                Newsletter.id == DELIVERY.c.newsletter_id, Newsletter.status == services.SENDING
            ),
            exists().where(
                Subscriber.id == DELIVERY.c.subscriber_id,
                Subscriber.opted_out_at.is_(None),
                Subscriber.bouncing_at.is_(None),
            ),
            on_list.is_not(None),
        )
        .values(
            state=SENDING,
            attempts=DELIVERY.c.attempts + 1,
            list_id=on_list,
            claimed_at=bindparam("now"),
            lease_until=bindparam("until"),
        )
        .returning(DELIVERY.c.list_id, DELIVERY.c.attempts)
    )


@cache
def outcome_statement():
    """An attempt's outcome; sent_at and next_attempt_at change only when given."""
    return (
        update(DELIVERY)
        .where(DELIVERY.c.id == bindparam("row"))
        .values(
            state=bindparam("state"),
            last_error=bindparam("error"),
            claim_token=None,
            lease_until=None,
            sent_at=func.coalesce(
                bindparam("sent", type_=DELIVERY.c.sent_at.type), DELIVERY.c.sent_at
            ),
            next_attempt_at=func.coalesce(
                bindparam("retry", type_=DELIVERY.c.next_attempt_at.type),
                DELIVERY.c.next_attempt_at,
            ),
        )
    )


class ConnectionLost(Exception):
    """The SMTP session is gone; the rest of the batch waits for a new one."""


def lease_length() -> timedelta:
    return timedelta(seconds=current_app.config["NEWSLETTER_LEASE_SECONDS"])


def senders() -> int:
    return max(1, int(current_app.config["NEWSLETTER_SENDERS"]))


def rate_per_sender() -> float:
    """NEWSLETTER_RATE is for all senders together; 0 means as fast as the server takes it."""
    return max(0.0, float(current_app.config["NEWSLETTER_RATE"])) / senders()


class Pacer:
    def __init__(self, rate: float):
        self.interval = 1 / rate if rate > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        delay = self.next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self.next_at = max(self.next_at, time.monotonic()) + self.interval


def batch_size(rate: float) -> int:
    if not rate:
        return BATCH_SIZE
    return max(1, min(BATCH_SIZE, int(rate * BATCH_SECONDS)))


def claim_batch(
    newsletter_id: int, token: str, now: datetime, size: int, lease: timedelta
) -> list[int]:
    """Take up to `size` rows nobody holds: pending and due, or a dead worker's (lease over).

    PostgreSQL skips rows another worker is claiming at this moment; SQLite runs the whole
    statement under its single write lock, so the guarded UPDATE alone is enough there.
    """
    claimable = (
        select(Delivery.id)
        .where(
            Delivery.newsletter_id == newsletter_id,
            or_(
                and_(
                    Delivery.state == PENDING,
                    or_(Delivery.lease_until.is_(None), Delivery.lease_until <= now),
                    or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
                ),
                and_(Delivery.state == SENDING, Delivery.lease_until <= now),
            ),
        )
        .order_by(Delivery.id)
        .limit(size)
        .with_for_update(skip_locked=True)
    )
    result = db.session.execute(
        update(Delivery)
        .where(Delivery.id.in_(claimable.scalar_subquery()))
        .values(claim_token=token, claimed_at=now, lease_until=now + lease)
        .returning(Delivery.id),
        execution_options={"synchronize_session": False},
    )
    return sorted(result.scalars())


def release(newsletter_id: int, token: str, retry_at: datetime | None = None) -> None:
    """Give back the rows of a batch that were not tried, for any worker to take."""
    db.session.execute(
        update(Delivery)
        .where(
            Delivery.newsletter_id == newsletter_id,
            Delivery.claim_token == token,
            Delivery.state == PENDING,
        )
        .values(claim_token=None, lease_until=None, next_attempt_at=retry_at),
        execution_options={"synchronize_session": False},
    )


@contextmanager
def smtp_connection():
    """One SMTP session for a whole batch; without a mail server, None (mail goes to files)."""
    if not current_app.config["MAIL_SERVER"]:
        yield None
        return
    connection = mail.connect()
    connection.__enter__()
    try:
        yield connection
    finally:
        with suppress(smtplib.SMTPException, OSError):
            connection.__exit__(None, None, None)


class LeaseKeeper:
    """Renews the leases of a run's rows from a thread of its own, three times per lease, so a
    live worker keeps its batch however slowly it sends, and a killed one (the thread dies
    with it) loses it one lease later. Renewals stop when the run has made no progress for
    STUCK_AFTER_SECONDS, so a hung worker's batch is taken over too."""

    def __init__(self, newsletter_id: int, token: str, lease: timedelta):
        self.app = current_app._get_current_object()
        self.newsletter_id, self.token, self.lease = newsletter_id, token, lease
        self.progress_at = time.monotonic()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name=f"lease-{newsletter_id}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()

    def progress(self) -> None:
        self.progress_at = time.monotonic()

    def run(self) -> None:
        with self.app.app_context():
            while not self.stopped.wait(self.lease.total_seconds() / 3):
                if time.monotonic() - self.progress_at < STUCK_AFTER_SECONDS:
                    self.renew()

    def renewal(self):
        """The run's rows, except those the sending thread has locked in its open transaction:
        it is writing their state and lease itself, and waiting for them could deadlock with it
        (PostgreSQL then aborts one side, the send included)."""
        held = (
            select(Delivery.id)
            .where(
                Delivery.newsletter_id == self.newsletter_id,
                Delivery.claim_token == self.token,
                Delivery.state.in_(services.UNFINISHED),
            )
            .with_for_update(skip_locked=True)
        )
        return (
            update(Delivery)
            .where(Delivery.id.in_(held.scalar_subquery()))
            .values(lease_until=bindparam("until"))
        )

    def renew(self) -> None:
        try:
            with db.engine.begin() as connection:
                connection.execute(self.renewal(), {"until": utcnow() + self.lease})
        except SQLAlchemyError as error:  # the next renewal may get through; the lease is 3x longer
            logger.warning("newsletter %s: lease not renewed (%s)", self.newsletter_id, error)


@contextmanager
def loaded_across_commits():
    """The newsletter's texts and lists are read once per run; each message commits twice."""
    session = db.session()
    saved, session.expire_on_commit = session.expire_on_commit, False
    try:
        yield
    finally:
        session.expire_on_commit = saved


class Run:
    """One worker sending one newsletter until nothing is left that it can take."""

    def __init__(self, newsletter: Newsletter):
        self.newsletter_id = newsletter.id
        self.composer = Composer(newsletter)
        self.lists: dict[int, MailingList] = {item.id: item for item in newsletter.lists}
        self.lease = lease_length()
        rate = rate_per_sender()
        self.pacer = Pacer(rate)
        self.size = batch_size(rate)
        self.token = uuid.uuid4().hex  # one per run: the rows its LeaseKeeper renews
        self.keeper = LeaseKeeper(self.newsletter_id, self.token, self.lease)

    def loop(self) -> None:
        with self.keeper:
            while True:
                ids = claim_batch(self.newsletter_id, self.token, utcnow(), self.size, self.lease)
                db.session.commit()
                self.keeper.progress()
                if ids:
                    if not self.send_batch(ids, self.token):
                        return
                elif not self.wait_for_others():
                    return

    def send_batch(self, ids: list[int], token: str) -> bool:
        """False when this run should end: paused, cancelled, or no mail server to talk to."""
        recipients = db.session.execute(
            select(Delivery.id, Subscriber)
            .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
            .where(Delivery.id.in_(ids))
            .order_by(Delivery.id)
        ).all()
        try:
            with smtp_connection() as connection:
                for delivery_id, subscriber in recipients:
                    if not self.send_one(delivery_id, subscriber, token, connection):
                        release(self.newsletter_id, token)
                        db.session.commit()
                        return False
            commit_quickly()  # the last message's "sent"
        except ConnectionLost:
            release(self.newsletter_id, token)
            db.session.commit()
        except (smtplib.SMTPException, OSError) as error:
            logger.warning(
                "newsletter %s: no SMTP session (%s); retrying later", self.newsletter_id, error
            )
            db.session.rollback()
            release(self.newsletter_id, token, retry_at=utcnow() + FIRST_RETRY)
            db.session.commit()
            return False
        return True

    def wait_for_others(self) -> bool:
        """Nothing to claim now. Wait while another worker holds rows (if it died, its lease
        runs out and they become ours); stop when all is done or only retries remain."""
        now = utcnow()
        if services.finish_if_done(self.newsletter_id, now) or not self.still_sending():
            db.session.commit()
            return False
        held_until = db.session.scalar(
            select(func.min(Delivery.lease_until)).where(
                Delivery.newsletter_id == self.newsletter_id,
                Delivery.state.in_(services.UNFINISHED),
                Delivery.lease_until > now,
            )
        )
        db.session.commit()
        if held_until is None:
            return False
        time.sleep(max(0.05, min(IDLE_POLL_SECONDS, (held_until - now).total_seconds() + 0.05)))
        return True

    def still_sending(self) -> bool:
        return (
            db.session.scalar(select(Newsletter.status).where(Newsletter.id == self.newsletter_id))
            == services.SENDING
        )

    def send_one(self, delivery_id: int, subscriber: Subscriber, token: str, connection) -> bool:
        """Send one claimed row. False when the newsletter stopped being sent."""
        self.keeper.progress()
        self.pacer.wait()
        started = self.mark_sending(delivery_id, token)
        if started is None:
            return self.not_started(delivery_id, subscriber.id, token)
        list_id, attempts = started
        message = self.composer.message(subscriber, self.lists[list_id])
        try:
            deliver(message, connection=connection)
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            self.refused(delivery_id, subscriber.id, attempts, code, text)
        except smtplib.SMTPSenderRefused as error:
            retry_later(delivery_id, attempts, f"{error.smtp_code} {error.smtp_error!r}")
            raise ConnectionLost from error
        except smtplib.SMTPResponseException as error:
            self.refused(delivery_id, subscriber.id, attempts, error.smtp_code, error.smtp_error)
        except (smtplib.SMTPException, OSError) as error:
            retry_later(delivery_id, attempts, repr(error))
            raise ConnectionLost from error
        else:
            # Committed with the next message's "sending" (one commit per message): a worker
            # killed before that commit leaves this row "sending", so it is sent once more.
            record(delivery_id, DeliveryState.SENT, commit=False, sent_at=utcnow())
        return True

    def mark_sending(self, delivery_id: int, token: str) -> tuple[int, int] | None:
        """Commit "sending" when every guard of start_statement holds: (list id, attempts), or
        None when one does not."""
        now = utcnow()
        row = db.session.execute(
            start_statement(),
            {"row": delivery_id, "token": token, "now": now, "until": now + self.lease},
        ).one_or_none()
        commit_quickly()
        return tuple(row) if row else None

    def not_started(self, delivery_id: int, subscriber_id: int, token: str) -> bool:
        """Why a row could not be marked "sending", and what to record for it."""
        row = db.session.execute(
            select(Delivery.claim_token, Delivery.state, Delivery.attempts).where(
                Delivery.id == delivery_id
            )
        ).one_or_none()
        if row is None or row.claim_token != token or row.state not in services.UNFINISHED:
            db.session.commit()
            return True  # taken over by another worker, or already done
        if not self.still_sending():
            return False
        subscriber = db.session.get(Subscriber, subscriber_id, populate_existing=True)
        reason = not_receiving(
            subscriber, audience.receiving_list_id(self.newsletter_id, subscriber_id)
        )
        if reason:
            record(delivery_id, DeliveryState.SKIPPED, reason)
        else:
            record(delivery_id, DeliveryState.FAILED, f"gave up after {row.attempts} attempts")
        return True

    def refused(self, delivery_id: int, subscriber_id: int, attempts: int, code: int, text) -> None:
        detail = f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
        if not 500 <= code < 600:
            retry_later(delivery_id, attempts, detail)
            return
        db.session.execute(
            update(Subscriber)
            .where(Subscriber.id == subscriber_id, Subscriber.bouncing_at.is_(None))
            .values(bouncing_at=utcnow()),
            execution_options={"synchronize_session": False},
        )
        record(delivery_id, DeliveryState.FAILED, detail)
        logger.info(
            "newsletter %s: subscriber %s bounced (%s)", self.newsletter_id, subscriber_id, code
        )


def not_receiving(subscriber: Subscriber, list_id: int | None) -> str:
    if subscriber.opted_out_at is not None:
        return "opted out"
    if subscriber.bouncing_at is not None:
        return "bouncing"
    if list_id is None:
        return "unsubscribed"
    return ""


def commit_quickly() -> None:
    """Commit one message's state without waiting for the disk (PostgreSQL): a killed worker
    loses nothing the database already took; only a crash of the database itself can forget
    its last fraction of a second, whose messages are then sent again after their lease."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    db.session.commit()


def record(
    delivery_id: int,
    state: DeliveryState,
    error: str = "",
    *,
    commit: bool = True,
    sent_at: datetime | None = None,
    next_attempt_at: datetime | None = None,
) -> None:
    """The outcome of one attempt, committed at once unless told; the row is nobody's any more."""
    db.session.execute(
        outcome_statement(),
        {
            "row": delivery_id,
            "state": state.value,
            "error": error[:500],
            "sent": sent_at,
            "retry": next_attempt_at,
        },
    )
    if commit:
        commit_quickly()


def retry_later(delivery_id: int, attempts: int, error: str) -> None:
    """A temporary failure: back off 1, 2, 4, 8 minutes; after MAX_ATTEMPTS it has failed."""
    if attempts >= MAX_ATTEMPTS:
        record(delivery_id, DeliveryState.FAILED, error)
    else:
        record(
            delivery_id,
            DeliveryState.PENDING,
            error,
            next_attempt_at=utcnow() + FIRST_RETRY * 2 ** max(0, attempts - 1),
        )


def send_pending(newsletter_id: int) -> None:
    """Entry point of a sending task."""
    newsletter = db.session.get(Newsletter, newsletter_id)
    if newsletter is None or newsletter.status != services.SENDING:
        return
    with loaded_across_commits():
        Run(newsletter).loop()


def tick(now: datetime) -> list[int]:
    """Start scheduled newsletters that are due, restart those no live worker holds, close
    finished ones. Returns the newsletters whose senders should be queued."""
    wake = []
    for newsletter_id in services.due_scheduled(now):
        if services.start_scheduled(newsletter_id, now):
            wake.append(newsletter_id)
        db.session.commit()
    for newsletter_id in services.stalled(now):
        if services.take_kick(newsletter_id, now, KICK_INTERVAL):
            wake.append(newsletter_id)
        db.session.commit()
    for newsletter_id in services.finished_candidates():
        services.finish_if_done(newsletter_id, now)
        db.session.commit()
    return wake
