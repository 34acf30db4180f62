"""Library speed at network size: 50,000 published items with 120,000 author links.

    .venv/bin/python benchmarks/library.py
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/puente_library_bench .venv/bin/python benchmarks/library.py

Drops and recreates every table of the database it is given (a temporary SQLite file by
default), bulk-inserts the items, their texts, authors, themes and countries, then prints p50/p95
of the /library page (missing the page cache) with no filter, with a text search and with two
facets, and the time of a full OAI-PMH ListRecords harvest (following resumption tokens).
"""

import itertools
import random
import re
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database_url, emptied_app, ensure_database, percentiles, timed  # noqa: E402

from network.dbtypes import utcnow  # noqa: E402
from network.extensions import db  # noqa: E402
from network.library.items import TITLES_END  # noqa: E402
from network.library.models import (  # noqa: E402
    Item,
    ItemAuthor,
    ItemCountry,
    ItemKind,
    ItemState,
    ItemText,
    item_theme,
)
from network.members.services import search_key  # noqa: E402
from network.themes.models import Theme  # noqa: E402
from network.themes.services import seed_themes  # noqa: E402

ITEMS = 50_000
BATCH = 5_000
WORDS = [
    "remittances",
    "migration",
    "labour",
    "wages",
    "corridor",
    "border",
    "seasonal",
    "households",
    "diaspora",
    "policy",
    "returnees",
    "recruitment",
    "costs",
    "remesas",
    "migración",
    "trabajo",
    "frontera",
    "hogares",
    "envois",
    "travailleurs",
    "saisonniers",
    "frontière",
    "ménages",
    "politique",
]
NAMES = [
    "Ñúñez",
    "García",
    "Dubois",
    "Silva",
    "Pérez",
    "Martin",
    "Rojas",
    "Lefèvre",
    "Quispe",
    "Mamani",
    "Moreau",
    "Torres",
]
COUNTRIES = ("MX", "US", "BO", "AR", "PE", "ES", "FR", "SN", "GT", "CO")


def _phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def _batches(rows: list[dict]):
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def bulk(table, rows: list[dict]) -> None:
    for batch in _batches(rows):
        db.session.execute(insert(table), batch)


def seed(rng: random.Random) -> None:
    seed_themes()
    theme_ids = list(db.session.scalars(select(Theme.id)))
    kinds = [k.value for k in ItemKind]
    now = utcnow()
    items, texts, authors, themes, countries = [], [], [], [], []
    for item_id in range(1, ITEMS + 1):
        title, abstract = _phrase(rng, 6), _phrase(rng, 40)
        # two authors each, a third on two items in five: 120,000 links
        count = 3 if item_id % 5 < 2 else 2
        names = [f"{rng.choice(NAMES)} {rng.choice(NAMES)}" for _ in range(count)]
        rest = " ".join([*names, abstract])
        items.append(
            {
                "id": item_id,
                "kind": rng.choice(kinds),
                "state": ItemState.PUBLISHED.value,
                "language": rng.choice(("en", "es", "fr")),
                "date_year": rng.randint(2000, 2026),
                "published_at": now - timedelta(minutes=item_id),
                "updated_at": now - timedelta(minutes=item_id),
                "search_text": f"{search_key(title)} {TITLES_END} {search_key(rest)}",
            }
        )
        texts.append({"item_id": item_id, "language": "en", "title": title, "abstract": abstract})
        authors += [
            {"item_id": item_id, "position": n, "name": name} for n, name in enumerate(names)
        ]
        themes.append({"item_id": item_id, "theme_id": rng.choice(theme_ids)})
        countries.append({"item_id": item_id, "country": rng.choice(COUNTRIES)})
    bulk(Item, items)
    bulk(ItemText, texts)
    bulk(ItemAuthor, authors)
    bulk(item_theme, themes)
    bulk(ItemCountry, countries)
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))


def harvest(client) -> tuple[float, int, int]:
    """Seconds, requests and records of a whole ListRecords harvest."""
    start = time.perf_counter()
    query, requests, records = "verb=ListRecords&metadataPrefix=oai_dc", 0, 0
    while query:
        response = client.get(f"/oai?{query}")
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        requests += 1
        records += body.count("<record>")
        token = re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", body)
        query = f"verb=ListRecords&resumptionToken={token.group(1)}" if token else ""
    return time.perf_counter() - start, requests, records


def main() -> None:
    url = database_url("library")
    ensure_database(url)
    app = emptied_app(url)
    with app.app_context():
        started = time.perf_counter()
        seed(random.Random(2026))
        links = db.session.scalar(select(db.func.count()).select_from(ItemAuthor))
        theme = db.session.scalar(select(Theme.slug).limit(1))
        print(f"database: {make_url(url).render_as_string(hide_password=True)}")
        print(
            f"seeded {ITEMS:,} items and {links:,} author links in "
            f"{time.perf_counter() - started:.1f} s"
        )
        client = app.test_client()
        pages = {
            "no filter": "",
            "text search": "q=remittances nunez",
            "two facets": f"theme={theme}&country=MX",
        }
        # Each request asks for another address (an ignored parameter): the page cache, which
        # serves signed-out visitors, is missed, and the figures are those of the page itself.
        misses = itertools.count()
        for label, query in pages.items():
            print(
                f"/library {label:<14}"
                + percentiles(timed(lambda q=query: client.get(f"/library/?{q}&n={next(misses)}")))
            )
        seconds, requests, records = harvest(client)
        print(
            f"OAI-PMH ListRecords harvest: {records:,} records in {requests} requests, {seconds:.1f} s"
        )
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
