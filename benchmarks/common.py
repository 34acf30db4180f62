"""What the benchmark scripts share: where their data goes and how their times are summed up."""

import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def database_url(name: str) -> str:
    """DATABASE_URL when set, else a fresh SQLite file."""
    return (
        os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(tempfile.mkdtemp()) / f'{name}-benchmark.db'}"
    )


def ensure_database(url: str) -> None:
    """Create a PostgreSQL database that does not exist yet."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}
        ):
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def emptied_app(url: str):
    """The app on `url` with every table dropped and created again, as a seeder wants it."""
    # Imported here: the scripts put the project on sys.path before they call this.
    from config import DevelopmentConfig
    from network import create_app
    from network.extensions import db

    class BenchmarkConfig(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = url
        RATELIMIT_ENABLED = False
        LOG_LEVEL = "WARNING"

    app = create_app(BenchmarkConfig)
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def timed(action, runs: int = 20) -> list[float]:
    """Seconds each of `runs` calls took; a call that answers an HTTP error stops the benchmark."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        samples.append(time.perf_counter() - start)
        status = getattr(result, "status_code", 200)
        assert status in (200, 302), status
    return samples


def p50_p95(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def percentiles(samples: list[float]) -> str:
    p50, p95 = p50_p95(samples)
    return f"p50 {p50:7.1f} ms   p95 {p95:7.1f} ms"
