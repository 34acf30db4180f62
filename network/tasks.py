"""Background jobs. SqliteHuey in instance/ by default, RedisHuey when REDIS_URL is set.

The worker runs `huey_consumer wsgi.huey`; tests run tasks in immediate mode.
"""
import logging
import threading
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

from flask import has_app_context
from huey import Huey
from huey.api import PeriodicTask
from huey.exceptions import RetryTask
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy.exc import SQLAlchemyError

from network.errors import DATABASE_UNAVAILABLE
from network.extensions import db

logger = logging.getLogger(__name__)
# A job that finds the database out of reach runs again this much later, until it gets through.
DATABASE_RETRY_SECONDS = 30

huey = Huey("puente", immediate_use_memory=True, storage_class=SqliteStorage,
            filename=":memory:")
_app = None
_running = threading.local()


def init_huey(app):
    global _app
    _app = app
    huey.immediate = False
    if app.config["REDIS_URL"]:
        huey.storage = RedisStorage(huey.name, url=app.config["REDIS_URL"])
    else:
        path = Path(app.config["HUEY_SQLITE_PATH"])
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage = SqliteStorage(huey.name, filename=str(path),
                                     timeout=app.config["SQLITE_BUSY_TIMEOUT"])
    huey.immediate = app.config["HUEY_IMMEDIATE"]


@huey.pre_execute()
def _note_running_task(task) -> None:
    _running.task = task


@contextmanager
def app_context():
    """Tasks run inside the app; the consumer process has no context of its own.

    A job that finds the database unreachable is not lost: a queued one is put back to run
    again DATABASE_RETRY_SECONDS later (RetryTask does not use up its retries); a periodic one
    just waits for its next turn, so an outage does not pile up copies of it."""
    with nullcontext() if has_app_context() else _app.app_context():
        try:
            yield
        except DATABASE_UNAVAILABLE as error:
            with suppress(SQLAlchemyError):
                db.session.rollback()
            task, reason = getattr(_running, "task", None), getattr(error, "orig", None) or error
            if isinstance(task, PeriodicTask):
                logger.warning("%s skipped, database unavailable: %s", task.name, reason)
                return
            logger.warning("database unavailable, job retried in %ss: %s", DATABASE_RETRY_SECONDS,
                           reason)
            raise RetryTask(delay=DATABASE_RETRY_SECONDS) from error


@huey.task(retries=3, retry_delay=30)
def deliver_email(message: dict) -> None:
    from network.email import deliver

    with app_context():
        deliver(message)
