"""Staff member list, CSV export and the renewal job at network size.

    .venv/bin/python benchmarks/membership.py
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/puente_membership_bench .venv/bin/python benchmarks/membership.py

Drops and recreates every table of the database it is given (a temporary SQLite file by
default), loads the directory benchmark's 20,000 people and 3,000 organizations, gives each a
membership (mostly active, terms ending through the year), then signs in as staff and prints
p50/p95 times and SQL statements per request for the member list with several filters, the time
of a full CSV export, and the time of one run of the hourly renewal job.
"""

import logging
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database_url, ensure_database  # noqa: E402
from directory import ORGANIZATIONS, PEOPLE, bulk, time_page  # noqa: E402  # noqa: E402
from directory import seed as seed_directory

from config import DevelopmentConfig  # noqa: E402
from network import create_app  # noqa: E402
from network.auth.models import Role, User  # noqa: E402
from network.auth.services import create_user  # noqa: E402
from network.extensions import db  # noqa: E402
from network.members.models import Organization  # noqa: E402
from network.membership import services  # noqa: E402
from network.membership.models import Membership, fold  # noqa: E402
from network.themes.models import Theme  # noqa: E402

STAFF_PASSWORD = "benchmark staff passphrase"


def seed_memberships(rng: random.Random) -> None:
    today = services.today()
    rows = []
    members = [("user_id", *r) for r in db.session.execute(select(User.id, User.name))] + [
        ("organization_id", *r)
        for r in db.session.execute(select(Organization.id, Organization.name))
    ]
    for column, member_id, name in members:
        roll = rng.random()
        row = {column: member_id, "sort_name": fold(name), "statement": "", "status": "active"}
        if roll < 0.1:
            row["status"] = "applicant"
        else:
            start = today - timedelta(days=rng.randint(0, 420))
            row.update(start_date=start, renewal_date=start + timedelta(days=365))
            if row["renewal_date"] < today and roll < 0.5:
                row["status"] = "lapsed"  # the others are left for the renewal job to lapse
            elif roll > 0.98:
                row["status"] = "suspended"
        rows.append(row)
    bulk(Membership, rows)
    db.session.commit()


def main() -> None:
    url = database_url("membership")
    ensure_database(url)
    scratch = Path(tempfile.mkdtemp())

    class BenchmarkConfig(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = url
        RATELIMIT_ENABLED = False
        WTF_CSRF_ENABLED = False
        LOG_LEVEL = "WARNING"
        PUBLIC_URL = "http://puente.bench"
        HUEY_IMMEDIATE = True
        HUEY_SQLITE_PATH = str(scratch / "huey.db")
        MAIL_SERVER = None
        MAIL_OUTBOX_DIR = str(scratch / "mail")

    app = create_app(BenchmarkConfig)
    logging.getLogger("network.email").setLevel(logging.ERROR)
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        rng = random.Random(2026)
        ids = seed_directory(rng)
        seed_memberships(rng)
        staff = create_user(
            "Bench Staff", "staff@bench.example", STAFF_PASSWORD, role=Role.STAFF, verified=True
        )
        db.session.commit()
        theme = db.session.scalar(select(Theme.id).where(Theme.slug == "remittances"))
        print(f"database: {make_url(url).render_as_string(hide_password=True)}")
        print(
            f"seeded {PEOPLE} people and {ORGANIZATIONS} organizations with memberships in "
            f"{time.perf_counter() - started:.1f} s"
        )

        client = app.test_client()
        client.post("/login", data={"email": staff.email, "password": STAFF_PASSWORD})
        filters = {
            "no filter": "",
            "status": "status=applicant",
            "text": "q=remittances",
            "name/email": "q=person123",
            "country": "country=MX",
            "theme": f"theme={theme}",
            "language": "language=fr",
            "working group": f"group={ids['group']}",
            "organizations": "type=organization&country=SN",
            "combined": f"status=active&country=MX&theme={theme}&language=es",
            "page 100": "page=100",
        }
        print(f"{'member list':<15}{'p50 ms':>9}{'p95 ms':>9}{'SQL/page':>10}")
        for label, query in filters.items():
            p50, p95, statements = time_page(client, f"/membership/staff/members?{query}")
            print(f"{label:<15}{p50:>9.1f}{p95:>9.1f}{statements:>10}")

        started = time.perf_counter()
        response = client.get("/membership/staff/members?format=csv")
        rows = response.get_data(as_text=True).count("\r\n") - 1
        print(f"CSV export of all {rows} memberships: {time.perf_counter() - started:.2f} s")

        started = time.perf_counter()
        reminded = services.send_renewal_reminders(services.today())
        lapsed = services.lapse_expired(services.today())
        db.session.commit()
        print(
            f"renewal job: {reminded} reminders, {lapsed} lapsed in {time.perf_counter() - started:.2f} s"
        )
        started = time.perf_counter()
        again = services.send_renewal_reminders(services.today())
        db.session.commit()
        print(f"renewal job again: {again} reminders in {time.perf_counter() - started:.2f} s")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
