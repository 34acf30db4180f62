"""Files that follow the database: a file written during a transaction is removed if it rolls
back, and a file given up is removed only once the commit that stops pointing at it succeeds."""

import secrets
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from network.extensions import db

NEW_FILES = "filestore_new"
OLD_FILES = "filestore_old"


def store(directory: Path, data: bytes, extension: str, prefix: str = "") -> str:
    """Writes the data under a name the server chooses, removed again on rollback; the name."""
    name = f"{prefix}{secrets.token_hex(16)}.{extension}"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(data)
    written(path)
    return name


def written(path: Path | str) -> None:
    """A file just written for the current transaction: removed again on rollback."""
    db.session().info.setdefault(NEW_FILES, []).append(str(path))


def given_up(path: Path | str) -> None:
    """A file no longer wanted: removed once the current transaction commits."""
    db.session().info.setdefault(OLD_FILES, []).append(str(path))


@event.listens_for(Session, "after_commit")
def _remove_given_up(session):
    session.info.pop(NEW_FILES, None)
    for path in session.info.pop(OLD_FILES, []):
        Path(path).unlink(missing_ok=True)


@event.listens_for(Session, "after_soft_rollback")
def _remove_unsaved(session, previous_transaction):
    if previous_transaction.nested:
        return
    session.info.pop(OLD_FILES, None)
    for path in session.info.pop(NEW_FILES, []):
        Path(path).unlink(missing_ok=True)
