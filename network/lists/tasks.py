"""Periodic jobs of the lists domain, run by the Huey consumer."""

import logging

from network.extensions import db
from network.lists.group_lists import sync_all_group_lists
from network.lists.subscriptions import expire_pending

logger = logging.getLogger(__name__)


def expire_unconfirmed() -> None:
    expired = expire_pending()
    db.session.commit()
    logger.info("unconfirmed list subscriptions expired=%s", expired)


def sync_group_lists() -> None:
    sync_all_group_lists()
    db.session.commit()
