"""Background jobs of newsletters: the senders, and the tick that starts and restarts them."""
from huey import crontab

from network.dbtypes import utcnow
from network.newsletters.sending import lease_length, send_pending, senders, tick
from network.tasks import app_context, huey


@huey.task()
def send_newsletter(newsletter_id: int) -> None:
    with app_context():
        send_pending(newsletter_id)


def queue_senders(newsletter_id: int) -> None:
    """Call after the commit that made the newsletter "sending"."""
    for _ in range(senders()):
        send_newsletter(newsletter_id)


# Checks between the minutes of the tick: a batch whose worker was killed is free again one
# lease later, and is then taken over within 20 s even if no sender of it is left alive.
RECHECK_SECONDS = (20, 40)


def _wake_due() -> bool:
    """False when the database could not be reached (a periodic run is then skipped)."""
    with app_context():
        for newsletter_id in tick(utcnow()):
            queue_senders(newsletter_id)
        return True
    return False


@huey.periodic_task(crontab(minute="*"))
def newsletter_tick() -> None:
    if _wake_due():
        for delay in RECHECK_SECONDS:
            recover_newsletters.schedule(delay=delay)


@huey.task()
def recover_newsletters() -> None:
    _wake_due()


@huey.on_startup()
def recover_after_restart() -> None:
    """A worker that (re)starts takes over what a killed one held, once its lease is over,
    instead of waiting for the next minute."""
    with app_context():
        delay = lease_length().total_seconds() + 1
    recover_newsletters.schedule(delay=delay)
