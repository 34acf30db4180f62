"""Pages at network scale, served by gunicorn and measured against a bare Flask floor.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/puente_pages_bench \
        .venv/bin/python benchmarks/pages.py [--seconds 4] [--reuse]
    .venv/bin/python benchmarks/pages.py --database sqlite:////tmp/pages.db

Seeds (unless --reuse) 20,000 people and 3,000 organizations with 23,000 memberships, 2,000
events with 100,000 registrations, a campaign with 50,000 subscribers and 20,000 signatures, a
conference with 2,000 abstracts and 300 talks and a library of 50,000 items with 120,000 author
links, dropping every table first. Then serves the app and
benchmarks/floor.py (one template, one indexed query) with gunicorn (2 workers each) and runs
`wrk -t2 -c8` on the floor and each page in turn (floor, page, floor, page, ..., floor); a page's
ratio is its req/s over the mean of the two floors around it, which cancels the machine's drift.
SQL/page is counted through the test client: the first request, then a second one (caches warm).
"""

import argparse
import logging
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import Request, urlopen

from sqlalchemy import event, select, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import advocacy  # noqa: E402
import conferences  # noqa: E402
import events  # noqa: E402
import library as library_bench  # noqa: E402
from common import ensure_database  # noqa: E402
from directory import seed as seed_directory  # noqa: E402
from membership import seed_memberships  # noqa: E402

from config import DevelopmentConfig  # noqa: E402
from network import create_app  # noqa: E402
from network.auth.models import Role  # noqa: E402
from network.auth.services import create_user  # noqa: E402
from network.conferences.models import ProgrammeSession  # noqa: E402
from network.dbtypes import utcnow  # noqa: E402
from network.events.models import Event  # noqa: E402
from network.extensions import db  # noqa: E402
from network.search import index as search_index  # noqa: E402

SECRET = "pages-benchmark-secret-key-0123456789abcdef"
STAFF_EMAIL, STAFF_PASSWORD = "staff@pages.bench", "benchmark staff passphrase"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
# wrk prints its own summary; this adds the figures the table needs on one line.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local s = summary.errors
  io.write(string.format("RESULT %d %d %d %.0f %.0f\\n", summary.requests, summary.duration,
    s.status + s.connect + s.read + s.write + s.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""
# --uncached: every request asks for another address (an ignored parameter), so none is served
# from the page cache and the figures are those of the queries and the rendering.
UNCACHED_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "uncached=" .. counter .. "-" .. math.random(1e9))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(app) -> None:
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        rng = random.Random(2026)
        seed_directory(rng)
        seed_memberships(rng)
        events.seed()
        advocacy.populate(rng)
        conferences.populate(rng)
        library_bench.seed(rng)
        create_user("Bench Staff", STAFF_EMAIL, STAFF_PASSWORD, role=Role.STAFF, verified=True)
        search_index.rebuild(db.session)  # the seeders insert rows without the ORM's flushes
        db.session.commit()
        db.session.remove()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))
        print(f"seeded in {time.perf_counter() - started:.0f} s")


def pages(app) -> list[tuple[str, str, bool]]:
    """(label, path, signed in as staff) of every page measured."""
    with app.app_context():
        now = utcnow()
        event_slug = db.session.scalar(
            select(Event.slug)
            .where(Event.starts_at > now, Event.slug.like("bench-event-%"))
            .order_by(Event.starts_at)
            .limit(1)
        )
        conference = db.session.scalar(
            select(Event.slug).join(ProgrammeSession, ProgrammeSession.event_id == Event.id)
        )
    return [
        ("home", "/", False),
        ("directory", "/members/directory", False),
        ("directory theme+country", "/members/directory?theme=remittances&country=MX", False),
        ("directory text search", "/members/directory?q=nunez", False),
        ("organizations", "/members/directory?type=organizations", False),
        ("event list", "/events/", False),
        ("event page", f"/events/{event_slug}", False),
        ("campaign page", "/advocacy/campaigns/forum", False),
        ("conference programme", f"/conferences/{conference}/programme", False),
        ("staff member list", "/membership/staff/members", True),
        ("site search", "/search/?q=nunez", False),
        ("site search, two words", "/search/?q=migration+seminar", True),
        ("theme hub", "/themes/remittances", False),
        ("library", "/library/", False),
        ("library text search", "/library/?q=remittances+nunez", False),
        ("library two facets", "/library/?theme=remittances&country=MX", False),
        ("library item", "/library/1", False),
        ("library search, signed in", "/library/?q=wages+bolivia", True),
    ]


def statements(engine, client, path: str) -> tuple[int, int]:
    """SQL statements of a first request and of the next one."""
    counts = []

    def count(*_args):
        counts[-1] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        for _n in range(2):
            counts.append(0)
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counts[0], counts[1]


def serve(target: str, port: int, env: dict, chdir: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--chdir", str(chdir)]
        + ["--log-level", "warning", target],
        env=env,
        start_new_session=True,
    )
    for _n in range(100):
        try:
            urlopen(f"http://127.0.0.1:{port}/", timeout=120).read()
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"{target} did not answer on port {port}")


def wrk(url: str, seconds: int, script: str, cookie: str | None) -> tuple[float, float, float]:
    """req/s, p50 and p95 in ms."""
    command = ["wrk", "-t2", "-c8", "--timeout", "60s", f"-d{seconds}s", "-s", script, url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests, duration, errors, p50, p95 = map(
        float, re.search(r"RESULT (.*)", output).group(1).split()
    )
    assert errors == 0, f"{url}: {errors:.0f} errors\n{output}"
    return requests / (duration / 1e6), p50 / 1000, p95 / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="measure the data already seeded")
    parser.add_argument("--only", help="measure only the pages whose label contains this")
    parser.add_argument("--uncached", action="store_true", help="miss the page cache")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{Path(tempfile.mkdtemp()) / 'pages.db'}"
    ensure_database(url)
    app_port, floor_port = free_port(), free_port()
    scratch = Path(tempfile.mkdtemp(prefix="puente-pages-"))
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "PUBLIC_URL": f"http://127.0.0.1:{app_port}",
        "RATELIMIT_ENABLED": "0",
        "LOG_LEVEL": "WARNING",
        "HUEY_SQLITE_PATH": str(scratch / "huey.db"),
        "MAIL_OUTBOX_DIR": str(scratch / "mail"),
    }
    os.environ.update(env)

    class BenchmarkConfig(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = url
        SECRET_KEY = SECRET
        PUBLIC_URL = env["PUBLIC_URL"]
        RATELIMIT_ENABLED = False
        WTF_CSRF_ENABLED = False
        HUEY_IMMEDIATE = True
        HUEY_SQLITE_PATH = env["HUEY_SQLITE_PATH"]
        MAIL_SERVER = None
        MAIL_OUTBOX_DIR = env["MAIL_OUTBOX_DIR"]
        LOG_LEVEL = "WARNING"

    app = create_app(BenchmarkConfig)
    for name in ("network", "huey"):
        logging.getLogger(name).setLevel(logging.ERROR)
    print(f"database: {make_url(url).render_as_string(hide_password=True)}")
    if not args.reuse:
        seed(app)
    measured = [p for p in pages(app) if not args.only or args.only in p[0]]

    staff = app.test_client()
    staff.post("/login", data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD})
    cookie = f"session={staff.get_cookie('session', domain='127.0.0.1').value}"
    with app.app_context():
        engine = db.engine
        floor_slug = db.session.scalar(select(Event.slug).where(Event.slug.like("bench-event-%")))
        db.session.remove()
    # Outside any app context: each request gets its own, as under gunicorn.
    counted = {
        path: statements(engine, staff if signed_in else app.test_client(), path)
        for _label, path, signed_in in measured
    }
    engine.dispose()

    script = scratch / "report.lua"
    script.write_text(WRK_SCRIPT)
    page_script = scratch / "pages.lua"
    page_script.write_text(WRK_SCRIPT + (UNCACHED_SCRIPT if args.uncached else ""))
    floor_env = env | {"FLOOR_SLUG": floor_slug}
    servers = [
        serve("wsgi:app", app_port, env, ROOT),
        serve("floor:app", floor_port, floor_env, HERE),
    ]
    try:
        app_url, floor_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{floor_port}/"
        alone = {}  # ms of one request with the server otherwise idle (the last warm-up one)
        for _label, path, signed_in in measured:  # warm both workers, one request at a time
            headers = {"Cookie": cookie} if signed_in else {}
            for _n in range(6):
                started = time.perf_counter()
                urlopen(Request(app_url + path, headers=headers), timeout=120).read()
                alone[path] = (time.perf_counter() - started) * 1000
        floors = [wrk(floor_url, args.seconds, str(script), None)[0]]
        rows = []
        for label, path, signed_in in measured:
            rate, p50, p95 = wrk(
                app_url + path, args.seconds, str(page_script), signed_in and cookie
            )
            floors.append(wrk(floor_url, args.seconds, str(script), None)[0])
            rows.append((label, rate, rate / ((floors[-2] + floors[-1]) / 2), p50, p95, path))
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    print(
        f"wrk -t2 -c8, {args.seconds} s per run{', page cache missed' if args.uncached else ''}; floor {min(floors):.0f}-{max(floors):.0f} req/s "
        f"({len(floors)} runs)"
    )
    print(
        f"{'page':<26}{'req/s':>8}{'x floor':>9}{'p50 ms':>9}{'p95 ms':>9}{'alone ms':>10}"
        f"{'SQL 1st/2nd':>13}"
    )
    for label, rate, ratio, p50, p95, path in rows:
        first, second = counted[path]
        print(
            f"{label:<26}{rate:>8.1f}{ratio:>9.3f}{p50:>9.1f}{p95:>9.1f}{alone[path]:>10.1f}"
            f"{f'{first}/{second}':>13}"
        )


if __name__ == "__main__":
    main()
