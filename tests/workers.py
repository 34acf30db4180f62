"""Under pytest-xdist each worker gets its own PostgreSQL database and Redis database.

The workers empty every table between tests, so two of them on one database would wipe each
other's rows. This runs before anything reads TEST_DATABASE_URL or TEST_REDIS_URL.
"""

import os

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def give_each_worker_its_own_services() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    number = int(worker.removeprefix("gw"))
    if database := os.environ.get("TEST_DATABASE_URL"):
        os.environ["TEST_DATABASE_URL"] = _own_database(database, worker)
    if redis := os.environ.get("TEST_REDIS_URL"):
        base, _, db_number = redis.rpartition("/")
        os.environ["TEST_REDIS_URL"] = f"{base}/{int(db_number or 15) - number}"


def _own_database(url: str, worker: str) -> str:
    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return url
    name = f"{parsed.database}_{worker}"
    engine = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)
