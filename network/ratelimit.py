"""Where rate-limit counters live, so that every process of an installation counts together.

Flask-Limiter's memory:// counts in each process: under gunicorn every worker lets the whole limit
through. With Redis the counters are there; without it (the embedded default) they are in a SQLite
file in the instance folder, which every web worker on the host opens. The same store caps the mail
that strangers can cause to be sent to one address (see network.email).
"""

import hashlib
import sqlite3
import threading
import time
from email.utils import parseaddr
from urllib.parse import urlparse

from flask import current_app
from limits import parse
from limits.storage import Storage

from network.extensions import limiter

PER_PROCESS_SCHEMES = {"memory"}


class SQLiteStorage(Storage):
    """`sqlite:///<path>`: fixed-window counters, each increment one atomic statement.

    The path follows SQLAlchemy's spelling: sqlite:////abs/file.db or sqlite:///relative.db.
    """

    STORAGE_SCHEME = "sqlite"
    PURGE_EVERY = 600  # seconds between deletions of expired counters, per process

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = urlparse(uri).path[1:]
        self._local = threading.local()
        self._next_purge = 0.0

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            # Autocommit: every statement below is a transaction of its own.
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            self._prepare(connection)
            self._local.connection = connection
        return connection

    @staticmethod
    def _prepare(connection: sqlite3.Connection) -> None:
        """Workers starting together race to switch the new file to WAL, and SQLite answers
        that switch with "database is locked" at once, without waiting: try again shortly."""
        for attempt in range(50):
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY,"
                    " count INTEGER NOT NULL, expires REAL NOT NULL)"
                )
                return
            except sqlite3.OperationalError:
                if attempt == 49:
                    raise
                time.sleep(0.05 + 0.05 * attempt)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        if now >= self._next_purge:
            self._next_purge = now + self.PURGE_EVERY
            self._db().execute("DELETE FROM counters WHERE expires <= ?", (now,))
        # SET reads the row as it was, so an expired window restarts from this hit.
        return (
            self._db()
            .execute(
                "INSERT INTO counters (key, count, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE"
                " SET count = CASE WHEN expires <= ? THEN excluded.count ELSE count + excluded.count END,"
                " expires = CASE WHEN expires <= ? THEN excluded.expires ELSE expires END"
                " RETURNING count",
                (key, amount, now + expiry, now, now),
            )
            .fetchone()[0]
        )

    def get(self, key: str) -> int:
        row = (
            self._db()
            .execute("SELECT count FROM counters WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = (
            self._db()
            .execute(
                "SELECT expires FROM counters WHERE key = ? AND expires > ?", (key, time.time())
            )
            .fetchone()
        )
        return row[0] if row else time.time()

    def check(self) -> bool:
        return self._db().execute("SELECT 1").fetchone() == (1,)

    def reset(self) -> int:
        return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))


def storage_problem(config) -> str | None:
    """Why production may not start with this rate-limit store, or None."""
    scheme = urlparse(config["RATELIMIT_STORAGE_URI"]).scheme
    if scheme in PER_PROCESS_SCHEMES and not config["RATELIMIT_SINGLE_PROCESS"]:
        return (
            f"RATELIMIT_STORAGE_URI={scheme}:// counts in each process, so every web worker "
            "would let the whole limit through. Set REDIS_URL (or a redis:// "
            "RATELIMIT_STORAGE_URI), or leave RATELIMIT_STORAGE_URI unset to count in a SQLite "
            "file in the instance folder; set RATELIMIT_SINGLE_PROCESS=1 only if a single "
            "process serves the site."
        )
    return None


def mail_allowed(address: str) -> bool:
    """Counts one message to `address` against its daily cap; False once the cap is reached."""
    if not limiter.enabled:
        return True
    cap = parse(current_app.config["RATELIMIT_MAIL_PER_ADDRESS"])
    return limiter.limiter.hit(cap, "mail-to", address_key(address))


def address_key(address: str) -> str:
    """The counters name a digest, so the store holds no addresses."""
    return hashlib.sha256(parseaddr(address)[1].strip().lower().encode()).hexdigest()[:32]
