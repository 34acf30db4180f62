"""Advocacy speed at network size: a 50,000-address list and a campaign with 20,000 signatures.

    .venv/bin/python benchmarks/advocacy.py
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/puente_advocacy_bench .venv/bin/python benchmarks/advocacy.py

Drops and recreates every table of the database it is given (a temporary SQLite file by
default), bulk-inserts the data, then prints p50/p95 times for: selecting the recipients of a
list send, the public campaign page, and the one-click unsubscribe POST.
"""

import random
import sys
import tempfile
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import database_url, percentiles, timed  # noqa: E402

from config import DevelopmentConfig  # noqa: E402
from network import create_app  # noqa: E402
from network.advocacy.models import Campaign, Endorsement, Signature  # noqa: E402
from network.dbtypes import utcnow  # noqa: E402
from network.extensions import db  # noqa: E402
from network.lists.group_lists import active_subscribers  # noqa: E402
from network.lists.links import unsubscribe_token  # noqa: E402
from network.lists.models import MailingList, Subscriber, Subscription  # noqa: E402

SUBSCRIBERS = 50_000
SIGNATURES = 20_000
ENDORSEMENTS = 300
RUNS = 20
COUNTRIES = [
    "MX",
    "GT",
    "SN",
    "ML",
    "GH",
    "KE",
    "IN",
    "PH",
    "FR",
    "ES",
    "US",
    "MA",
    "PE",
    "NP",
    "UA",
]


def populate(rng: random.Random) -> tuple[MailingList, Campaign]:
    now = utcnow()
    news = MailingList(slug="news", kind="public", name_en="News")
    campaign_list = MailingList(slug="campaign-forum", kind="campaign", name_en="Forum statement")
    db.session.add_all([news, campaign_list])
    db.session.flush()
    db.session.execute(
        insert(Subscriber),
        [
            {
                "email": f"reader{i}@example.org",
                "name": f"Reader {i}",
                "language": rng.choice(["es", "fr", "en"]),
                "secret": f"secret-{i:08d}-{rng.getrandbits(64):016x}",
                "created_at": now,
                "opted_out_at": now if i % 50 == 0 else None,
                "bouncing_at": now if i % 97 == 0 else None,
            }
            for i in range(SUBSCRIBERS)
        ],
    )
    db.session.execute(
        insert(Subscription),
        [
            {
                "list_id": news.id,
                "subscriber_id": i + 1,
                "consent_source": "form",
                "consent_page": "/advocacy/lists/news",
                "consent_note": "",
                "consent_at": now,
                "confirmed_at": now,
                "state": "active" if i % 10 else rng.choice(["pending", "unsubscribed"]),
            }
            for i in range(SUBSCRIBERS)
        ],
    )
    campaign = Campaign(
        slug="forum",
        title="Statement to the Global Forum",
        summary="Sign.",
        goal=25_000,
        statement="We call on states to **open safe pathways**.\n\n" * 20,
        mailing_list=campaign_list,
    )
    db.session.add(campaign)
    db.session.flush()
    db.session.execute(
        insert(Signature),
        [
            {
                "campaign_id": campaign.id,
                "name": f"Signer {i}",
                "email": f"signer{i}@example.org",
                "country": rng.choice(COUNTRIES),
                "organization_name": "",
                "listed": i % 3 != 0,
                "opt_in": False,
                "language": "en",
                "state": "confirmed" if i % 20 else "pending",
                "confirm_token": None,
                "created_at": now,
                "confirmed_at": now,
            }
            for i in range(SIGNATURES)
        ],
    )
    db.session.execute(
        insert(Endorsement),
        [
            {
                "campaign_id": campaign.id,
                "organization_name": f"Organization {i}",
                "country": rng.choice(COUNTRIES),
                "kind": "ngo",
                "website": "",
                "contact_name": "Contact",
                "contact_email": f"org{i}@example.org",
                "language": "en",
                "state": "confirmed",
                "confirm_token": None,
                "verified_by_staff": i % 2 == 0,
                "created_at": now,
                "confirmed_at": now,
            }
            for i in range(ENDORSEMENTS)
        ],
    )
    db.session.commit()
    return news, campaign


def main() -> None:
    url = database_url("advocacy")
    config = type(
        "Bench",
        (DevelopmentConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "PUBLIC_URL": "http://puente.bench",
            "RATELIMIT_ENABLED": False,
            "HUEY_IMMEDIATE": True,
            "MAIL_OUTBOX_DIR": tempfile.mkdtemp(),
            "LOG_LEVEL": "WARNING",
        },
    )
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        news, campaign = populate(random.Random(2026))
        print(
            f"database: {db.engine.dialect.name}; {SUBSCRIBERS:,} subscribers on one list, "
            f"{SIGNATURES:,} signatures, {ENDORSEMENTS} endorsements"
        )

        recipients = len(db.session.scalars(active_subscribers([news.id])).all())
        print(
            f"recipients of a list send ({recipients:,} rows):   "
            + percentiles(
                timed(lambda: db.session.scalars(active_subscribers([news.id])).all(), 10)
            )
        )

        ids = active_subscribers([news.id]).with_only_columns(Subscriber.id)
        print(
            "  of which the query alone (ids only):    "
            + percentiles(timed(lambda: db.session.scalars(ids).all(), 10))
        )

        client = app.test_client()
        print(
            "public campaign page:                     "
            + percentiles(timed(lambda: client.get(f"/advocacy/campaigns/{campaign.slug}")))
        )

        subscribers = db.session.scalars(db.select(Subscriber).limit(RUNS)).all()
        tokens = iter([unsubscribe_token(s, news) for s in subscribers])
        print(
            "one-click unsubscribe POST:               "
            + percentiles(
                timed(
                    lambda: client.post(
                        f"/advocacy/unsubscribe/{next(tokens)}",
                        data="List-Unsubscribe=One-Click",
                        content_type="application/x-www-form-urlencoded",
                    )
                )
            )
        )
        db.session.remove()  # its open transaction would hold the tables DROP needs on PostgreSQL
        db.drop_all()


if __name__ == "__main__":
    main()
