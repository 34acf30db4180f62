"""Periodic jobs of the journal, run by the Huey consumer."""

import logging

from network.extensions import db
from network.journal import reviews

logger = logging.getLogger(__name__)


def remind_reviewers() -> None:
    """Reviews not yet sent: a reminder before the due date and one after it, each once."""
    sent = reviews.send_reminders()
    db.session.commit()
    logger.info("journal review reminders sent=%s", sent)
