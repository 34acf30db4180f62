"""Work that must wait until the database has kept what caused it.

after_commit(call, *args) holds the call on the database session. It runs once that session's
next commit has succeeded, and is dropped if the transaction is rolled back instead: mail is
never sent, nor a job queued, for a change that did not happen.
"""

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from network.extensions import db

HELD_KEY = "network_after_commit"
RELEASED_KEY = "network_after_commit_released"


def after_commit(call: Callable, *args) -> None:
    session = db.session()
    if not session.in_transaction():
        # A transaction must exist for a rollback to discard the call.
        session.begin()
    session.info.setdefault(HELD_KEY, []).append((call, args))


@event.listens_for(Session, "after_commit")
def _release(session):
    session.info.setdefault(RELEASED_KEY, []).extend(session.info.pop(HELD_KEY, []))


@event.listens_for(Session, "after_transaction_end")
def _run_released(session, transaction):
    # Not in after_commit itself: there the session can no longer be used, and a job run
    # inline (immediate mode) must be able to read and commit.
    if transaction.parent is None:
        for call, args in session.info.pop(RELEASED_KEY, []):
            call(*args)


@event.listens_for(Session, "after_soft_rollback")
def _drop(session, previous_transaction):
    if not previous_transaction.nested:
        session.info.pop(HELD_KEY, None)
