"""Checking people in at the door, by list or by the code in their QR image."""

import logging
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from network.auth.models import User
from network.dbtypes import utcnow
from network.errors import Conflict, NotFound
from network.events.models import CONFIRMED, Registration
from network.extensions import db

logger = logging.getLogger(__name__)


def registration_by_checkin_code(code: str) -> Registration:
    registration = (
        db.session.scalar(select(Registration).where(Registration.checkin_code == code))
        if code
        else None
    )
    if registration is None:
        raise NotFound()
    return registration


def check_in(
    registration: Registration, actor: User, *, undo: bool = False, now: datetime | None = None
) -> None:
    if registration.state != CONFIRMED:
        raise Conflict(_l("Only confirmed people can be checked in."))
    registration.checked_in_at = None if undo else (registration.checked_in_at or now or utcnow())
    logger.info("check-in id=%s by=%s undo=%s", registration.id, actor.id, undo)
