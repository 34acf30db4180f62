"""Periodic jobs of the events domain, run by the Huey consumer."""
import logging

from huey import crontab

from network.events import services
from network.extensions import db
from network.tasks import app_context, huey

logger = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="*/10"))
def send_event_reminders() -> None:
    with app_context():
        sent = services.send_reminders()
        db.session.commit()
        logger.info("event reminders sent=%s", sent)


@huey.periodic_task(crontab(minute="*/15"))
def expire_registration_holds() -> None:
    with app_context():
        expired = services.expire_holds()
        db.session.commit()
        logger.info("unconfirmed event registrations expired=%s", expired)
