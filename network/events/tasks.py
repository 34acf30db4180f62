"""Periodic jobs of the events domain, run by the Huey consumer."""

import logging

from network.events import reminders
from network.extensions import db

logger = logging.getLogger(__name__)


def send_event_reminders() -> None:
    sent = reminders.send_reminders()
    db.session.commit()
    logger.info("event reminders sent=%s", sent)


def expire_registration_holds() -> None:
    expired = reminders.expire_holds()
    db.session.commit()
    logger.info("unconfirmed event registrations expired=%s", expired)
