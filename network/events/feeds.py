"""Personal calendar feeds: one secret address per person."""

import logging

from sqlalchemy import select

from network.auth.models import User
from network.dbtypes import utcnow
from network.errors import NotFound
from network.events.models import EventFeedToken, new_token
from network.extensions import db

logger = logging.getLogger(__name__)


def feed_token(user: User) -> EventFeedToken:
    token = db.session.scalar(select(EventFeedToken).where(EventFeedToken.user_id == user.id))
    if token is None:
        token = EventFeedToken(user_id=user.id)
        db.session.add(token)
        db.session.flush()
    return token


def reset_feed_token(user: User) -> EventFeedToken:
    token = feed_token(user)
    token.token = new_token()
    token.created_at = utcnow()
    logger.info("event feed token reset user=%s", user.id)
    return token


def user_by_feed_token(token: str) -> User:
    row = (
        db.session.scalar(select(EventFeedToken).where(EventFeedToken.token == token))
        if token
        else None
    )
    if row is None:
        raise NotFound()
    return row.user
