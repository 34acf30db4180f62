"""Directory speed at network size: 20,000 people and 3,000 organizations.

    .venv/bin/python benchmarks/directory.py
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/puente_members .venv/bin/python benchmarks/directory.py

Drops and recreates every table of the database it is given (a temporary SQLite file by
default), bulk-inserts the data, then requests the directory page through the Flask test client
and prints p50/p95 response times and SQL statements per request for each filter.
"""

import random
import sys
import time
from pathlib import Path

from sqlalchemy import event, insert, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import database_url, emptied_app, ensure_database, p50_p95  # noqa: E402

from network.auth.models import User  # noqa: E402
from network.extensions import db  # noqa: E402
from network.groups.models import GroupMembership, WorkingGroup  # noqa: E402
from network.members.models import (  # noqa: E402
    ORGANIZATION_KINDS,
    PERSON_KINDS,
    Corridor,
    Organization,
    OrganizationCountry,
    OrganizationLanguage,
    PersonLanguage,
    PersonOrigin,
    PersonProfile,
    organization_theme,
    person_theme,
)
from network.members.services import search_key  # noqa: E402
from network.themes.models import Theme  # noqa: E402
from network.themes.services import seed_themes  # noqa: E402

PEOPLE = 20_000
ORGANIZATIONS = 3_000
REQUESTS = 40
WARMUP = 3

FIRST = [
    "Ana",
    "José",
    "Kwame",
    "Fatima",
    "Priya",
    "Lan",
    "Aïssatou",
    "Carlos",
    "Olena",
    "Rahel",
    "Marisol",
    "Hamid",
    "Sophie",
    "Rodrigo",
    "Leila",
    "Moussa",
    "Grace",
    "Juan",
    "Samira",
    "Tomás",
    "Ayesha",
    "Daniel",
    "Elena",
    "Dilnoza",
    "Nomvula",
    "Pedro",
    "Yusuf",
    "Mei",
    "Amina",
    "Luis",
]
LAST = [
    "Quispe",
    "Ñúñez",
    "Mensah",
    "El Idrissi",
    "Raman",
    "Nguyễn",
    "Diallo",
    "Mejía",
    "Kovalenko",
    "Tesfaye",
    "Gutiérrez",
    "Karimi",
    "Martin",
    "Almeida",
    "Haddad",
    "Traoré",
    "Wanjiru",
    "Rojas",
    "Benali",
    "Villanueva",
    "Siddiqui",
    "Osei",
    "Popescu",
    "Karimova",
    "Dlamini",
    "Santos",
    "Demir",
]
COUNTRIES = [
    "MX",
    "US",
    "GT",
    "HN",
    "SV",
    "CO",
    "VE",
    "PE",
    "AR",
    "CL",
    "BR",
    "ES",
    "FR",
    "DE",
    "GB",
    "IT",
    "MA",
    "SN",
    "ML",
    "GH",
    "NG",
    "KE",
    "ET",
    "ZA",
    "IN",
    "PK",
    "BD",
    "PH",
    "VN",
    "UZ",
    "RU",
    "UA",
    "PL",
    "AE",
    "SA",
    "LB",
    "SY",
    "AF",
    "TR",
    "CN",
]
LANGUAGES = [
    "es",
    "en",
    "fr",
    "pt",
    "ar",
    "ru",
    "uk",
    "hi",
    "ur",
    "sw",
    "vi",
    "tl",
    "zh",
    "tr",
    "de",
]
TOPICS = [
    "remittances",
    "labor markets",
    "diaspora bonds",
    "refugee protection",
    "climate mobility",
    "urbanization",
    "gender and migration",
    "return migration",
    "integration policy",
    "statistics",
    "recruitment costs",
    "hometown associations",
    "border governance",
    "public opinion",
]


def bulk(model_or_table, rows, returning=None):
    statement = insert(model_or_table)
    if returning is not None:
        return list(
            db.session.scalars(statement.returning(returning, sort_by_parameter_order=True), rows)
        )
    if rows:
        db.session.execute(statement, rows)
    return []


def seed(rng: random.Random) -> dict:
    seed_themes()
    db.session.flush()
    theme_ids = [t.id for t in db.session.scalars(db.select(Theme))]
    user_ids = bulk(
        User,
        [
            {
                "email": f"person{n}@bench.example",
                "name": f"Person {n}",
                "password_hash": "benchmark-no-login",
            }
            for n in range(PEOPLE)
        ],
        returning=User.id,
    )
    groups = bulk(
        WorkingGroup,
        [{"slug": f"group-{n}", "name": f"Working group {n}"} for n in range(12)],
        returning=WorkingGroup.id,
    )
    people = []
    for n, user_id in enumerate(user_ids):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}"
        topic_words = rng.sample(TOPICS, 3)
        headline = f"Research on {topic_words[0]} and {topic_words[1]}"
        expertise = ", ".join(topic_words)
        bio = f"Works on {topic_words[2]} with communities from {rng.choice(COUNTRIES)}."
        people.append(
            {
                "user_id": user_id,
                "display_name": name,
                "kind": rng.choice(list(PERSON_KINDS)),
                "headline": headline,
                "bio": bio,
                "expertise": expertise,
                "country": rng.choice(COUNTRIES),
                "visibility": rng.choice(["public", "public", "members", "private"]),
                "listed_in_directory": rng.random() < 0.8,
                "search_text": search_key(" ".join([name, headline, expertise, bio])),
                "sort_name": search_key(name),
            }
        )
    person_ids = bulk(PersonProfile, people, returning=PersonProfile.id)
    bulk(
        person_theme,
        [
            {"person_id": p, "theme_id": t}
            for p in person_ids
            for t in rng.sample(theme_ids, rng.randint(1, 3))
        ],
    )
    bulk(
        PersonLanguage,
        [
            {"person_id": p, "language": code}
            for p in person_ids
            for code in rng.sample(LANGUAGES, rng.randint(1, 3))
        ],
    )
    bulk(PersonOrigin, [{"person_id": p, "country": rng.choice(COUNTRIES)} for p in person_ids])
    bulk(
        Corridor,
        [
            {"person_id": p, "origin": o, "destination": d}
            for p in person_ids
            for o, d in {tuple(rng.sample(COUNTRIES, 2)) for _i in range(rng.randint(0, 3))}
        ],
    )
    bulk(
        GroupMembership,
        [
            {"group_id": g, "user_id": u, "state": "active"}
            for u in user_ids[::7]
            for g in rng.sample(groups, 1)
        ],
    )

    orgs = []
    for n in range(ORGANIZATIONS):
        name = f"{rng.choice(['Red', 'Centre', 'Association', 'Instituto', 'Foundation'])} {rng.choice(LAST)} {n}"
        description = f"Serving migrants working on {rng.choice(TOPICS)}."
        orgs.append(
            {
                "name": name,
                "kind": rng.choice(list(ORGANIZATION_KINDS)),
                "country": rng.choice(COUNTRIES),
                "city": "",
                "description": description,
                "visibility": "public",
                "listed_in_directory": rng.random() < 0.9,
                "search_text": search_key(f"{name} {description}"),
                "sort_name": search_key(name),
            }
        )
    org_ids = bulk(Organization, orgs, returning=Organization.id)
    bulk(
        organization_theme,
        [
            {"organization_id": o, "theme_id": t}
            for o in org_ids
            for t in rng.sample(theme_ids, rng.randint(1, 3))
        ],
    )
    bulk(
        OrganizationLanguage,
        [
            {"organization_id": o, "language": code}
            for o in org_ids
            for code in rng.sample(LANGUAGES, rng.randint(1, 2))
        ],
    )
    bulk(
        OrganizationCountry,
        [{"organization_id": o, "country": c} for o in org_ids for c in rng.sample(COUNTRIES, 2)],
    )
    bulk(
        Corridor,
        [
            {"organization_id": o, "origin": a, "destination": b}
            for o in org_ids
            for a, b in {tuple(rng.sample(COUNTRIES, 2)) for _i in range(rng.randint(0, 2))}
        ],
    )
    db.session.commit()
    # A live database has planner statistics (and on PostgreSQL a visibility map, kept by
    # autovacuum); give the freshly loaded one the same.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))
    return {"group": groups[0]}


def time_page(client, url: str) -> tuple[float, float, int]:
    statements = []

    def count(*_args):
        statements.append(1)

    for _n in range(WARMUP):
        assert client.get(url).status_code == 200, url
    samples = []
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for _n in range(REQUESTS):
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, url
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return (*p50_p95(samples), len(statements) // REQUESTS)


def main() -> None:
    url = database_url("directory")
    ensure_database(url)
    app = emptied_app(url)
    with app.app_context():
        started = time.perf_counter()
        ids = seed(random.Random(2026))
        print(f"database: {make_url(url).render_as_string(hide_password=True)}")
        print(
            f"seeded {PEOPLE} people and {ORGANIZATIONS} organizations in "
            f"{time.perf_counter() - started:.1f} s; {REQUESTS} requests per filter (anonymous visitor)"
        )
        filters = {
            "no filter": "",
            "text": "q=remittances",
            "theme": "theme=remittances",
            "country": "country=MX",
            "corridor": "origin=MX&destination=US",
            "language": "language=fr",
            "working group": f"group={ids['group']}",
            "combined": "q=migration&theme=labor-migration&country=MX&language=es&sort=newest",
            "page 100": "page=100",
            "organizations": "type=organizations&theme=remittances&language=es",
        }
        client = app.test_client()
        print(f"{'filter':<15}{'p50 ms':>9}{'p95 ms':>9}{'SQL/page':>10}")
        for label, query in filters.items():
            p50, p95, statements = time_page(client, f"/members/directory?{query}")
            print(f"{label:<15}{p50:>9.1f}{p95:>9.1f}{statements:>10}")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
