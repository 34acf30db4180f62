"""Jobs of newsletters: the senders, and the tick that starts and restarts them."""

from network.dbtypes import utcnow
from network.newsletters.sending import lease_length, send_pending, senders
from network.newsletters.sending import tick as due_work
from network.tasks import enqueue

# Checks between the minutes of the tick: a batch whose worker was killed is free again one
# lease later, and is then taken over within 20 s even if no sender of it is left alive.
RECHECK_SECONDS = (20, 40)


def send_newsletter(newsletter_id: int) -> None:
    """One sender of a newsletter; queue_senders starts several."""
    send_pending(newsletter_id)


def queue_senders(newsletter_id: int) -> None:
    """Run after the commit that made the newsletter "sending" (network.outbox.after_commit)."""
    for _ in range(senders()):
        enqueue(send_newsletter, newsletter_id)


def recover_newsletters() -> None:
    """Start what is due, and restart newsletters no live worker holds."""
    for newsletter_id in due_work(utcnow()):
        queue_senders(newsletter_id)


def newsletter_tick() -> None:
    """Every minute: recover now, and again RECHECK_SECONDS later. If the database is out of
    reach, the periodic job is skipped and so are its rechecks."""
    recover_newsletters()
    for delay in RECHECK_SECONDS:
        enqueue(recover_newsletters, delay=delay)


def recover_after_restart() -> None:
    """A worker that (re)starts takes over what a killed one held, once its lease is over,
    instead of waiting for the next minute."""
    enqueue(recover_newsletters, delay=lease_length().total_seconds() + 1)
