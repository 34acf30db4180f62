"""Background jobs. SqliteHuey in instance/ by default, RedisHuey when REDIS_URL is set.

The worker runs `huey_consumer wsgi.huey`; tests run tasks in immediate mode.
"""
import logging
from contextlib import nullcontext
from pathlib import Path

from flask import has_app_context
from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

logger = logging.getLogger(__name__)

huey = Huey("puente", immediate_use_memory=True, storage_class=SqliteStorage,
            filename=":memory:")
_app = None


def init_huey(app):
    global _app
    _app = app
    huey.immediate = False
    if app.config["REDIS_URL"]:
        huey.storage = RedisStorage(huey.name, url=app.config["REDIS_URL"])
    else:
        path = Path(app.config["HUEY_SQLITE_PATH"])
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage = SqliteStorage(huey.name, filename=str(path))
    huey.immediate = app.config["HUEY_IMMEDIATE"]


def app_context():
    """Tasks run inside the app; the consumer process has no context of its own."""
    return nullcontext() if has_app_context() else _app.app_context()


@huey.task(retries=3, retry_delay=30)
def deliver_email(message: dict) -> None:
    from network.email import deliver

    with app_context():
        deliver(message)
