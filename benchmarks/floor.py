"""The floor the pages are measured against: a bare Flask app with one compiled template and one
indexed query (an event by its slug) on the same database.

    DATABASE_URL=... FLOOR_SLUG=bench-event-1 gunicorn --chdir benchmarks floor:app
"""

import os

from flask import Flask
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"])
template = app.jinja_env.from_string(
    "<!doctype html><html lang=en><title>{{ title }}</title><main><h1>{{ title }}</h1>"
    "<p>{{ starts_at }}</p></main></html>"
)
QUERY = text("SELECT title, starts_at FROM event WHERE slug = :slug")
SLUG = os.environ.get("FLOOR_SLUG", "bench-event-1")


@app.get("/")
def floor():
    with engine.connect() as conn:
        title, starts_at = conn.execute(QUERY, {"slug": SLUG}).one()
    return template.render(title=title, starts_at=starts_at)
