"""Periodic jobs of the advocacy domain, run by the Huey consumer."""

import logging

from network.advocacy.campaigns import expire_pending_signatures
from network.extensions import db

logger = logging.getLogger(__name__)


def expire_unconfirmed_signatures() -> None:
    expired = expire_pending_signatures()
    db.session.commit()
    logger.info("unconfirmed signatures and endorsements expired=%s", expired)
