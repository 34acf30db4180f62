"""SQLite as the default install's database, shared by several gunicorn workers.

WAL lets pages be read while someone registers. Writers still take turns for the one write
lock; with pysqlite's 5 s busy timeout, a rush of registrations through four workers made some
wait longer than that and fail with "database is locked". They now wait SQLITE_BUSY_TIMEOUT.

Transactions stay deferred: pysqlite begins one only at the first write, so no transaction
reads first and then asks to write, which WAL refuses at once, whatever the timeout, when
another writer committed in between.
"""

from sqlalchemy import event

from network.extensions import db


def init_app(app) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    busy_ms = int(app.config["SQLITE_BUSY_TIMEOUT"] * 1000)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA busy_timeout = {busy_ms}")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")
