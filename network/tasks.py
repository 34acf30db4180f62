"""Background jobs. SqliteHuey in instance/ by default, RedisHuey when REDIS_URL is set.

The worker runs `huey_consumer wsgi.huey`; tests run jobs in immediate mode. Each domain keeps
its jobs in its own tasks.py as plain functions; register_jobs() below is the one place that
makes them Huey tasks, run in an app context, the periodic ones on the schedules listed there.
Code queues a job with enqueue(job, *args).
"""

import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager, nullcontext, suppress
from functools import partial, wraps
from pathlib import Path

from flask import has_app_context
from huey import Huey, crontab
from huey.api import PeriodicTask, TaskWrapper
from huey.exceptions import RetryTask
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy.exc import SQLAlchemyError

from network.errors import DATABASE_UNAVAILABLE
from network.extensions import db

logger = logging.getLogger(__name__)
# A job that finds the database out of reach runs again this much later, until it gets through.
DATABASE_RETRY_SECONDS = 30

huey = Huey("puente", immediate_use_memory=True, storage_class=SqliteStorage, filename=":memory:")
_app = None
_running = threading.local()
_tasks: dict[Callable, TaskWrapper] = {}


def init_huey(app):
    global _app
    _app = app
    huey.immediate = False
    if app.config["REDIS_URL"]:
        huey.storage = RedisStorage(huey.name, url=app.config["REDIS_URL"])
    else:
        path = Path(app.config["HUEY_SQLITE_PATH"])
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage = SqliteStorage(
            huey.name, filename=str(path), timeout=app.config["SQLITE_BUSY_TIMEOUT"]
        )
    huey.immediate = app.config["HUEY_IMMEDIATE"]
    register_jobs()
    from network import email

    email.init_app(app, queue=partial(enqueue, email.deliver))


def register_jobs() -> None:
    """Every job of every domain, registered once per process (web and worker alike)."""
    if _tasks:
        return
    from network import email
    from network.advocacy import tasks as advocacy
    from network.auth import tasks as auth
    from network.events import tasks as events
    from network.journal import tasks as journal
    from network.lists import tasks as lists
    from network.membership import tasks as membership
    from network.newsletters import tasks as newsletters

    for job, schedule in (
        (events.send_event_reminders, crontab(minute="*/10")),
        (events.expire_registration_holds, crontab(minute="*/15")),
        (lists.expire_unconfirmed, crontab(minute="20", hour="*/1")),
        (lists.sync_group_lists, crontab(minute="*/15")),
        (advocacy.expire_unconfirmed_signatures, crontab(minute="20", hour="*/1")),
        (membership.renewals, crontab(minute="5", hour="*/1")),
        (newsletters.newsletter_tick, crontab(minute="*")),
        (journal.remind_reviewers, crontab(minute="40", hour="*/1")),
    ):
        _tasks[job] = huey.periodic_task(schedule)(_in_app(job))
    for job, options in (
        (email.deliver, {"retries": 3, "retry_delay": 30}),
        (auth.send_reset_link, {}),
        (newsletters.send_newsletter, {}),
        (newsletters.recover_newsletters, {}),
    ):
        _tasks[job] = huey.task(**options)(_in_app(job))
    huey.on_startup()(_in_app(newsletters.recover_after_restart))


def enqueue(job: Callable, *args, delay: float | None = None) -> None:
    """Run a registered job in the worker (inline in immediate mode), delay seconds from now."""
    if delay is None:
        _tasks[job](*args)
    else:
        _tasks[job].schedule(args, delay=delay)


def _in_app(job: Callable) -> Callable:
    """The job as Huey runs it, under the module and name of the job itself."""

    @wraps(job)
    def run(*args):
        with app_context():
            return job(*args)

    return run


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
            logger.warning(
                "database unavailable, job retried in %ss: %s", DATABASE_RETRY_SECONDS, reason
            )
            raise RetryTask(delay=DATABASE_RETRY_SECONDS) from error
