"""A visitor without an account sees an event's time in the browser's own zone."""

from datetime import UTC, datetime

from network.events.models import Event
from network.extensions import db
from tests.factories_events import make_event


def test_anonymous_visitor_sees_event_in_browser_zone(live_server, page):
    event = make_event(title="Remesas y desarrollo local", timezone="Europe/Madrid")
    event.starts_at = datetime(2027, 3, 10, 15, 0, tzinfo=UTC)
    event.ends_at = datetime(2027, 3, 10, 17, 0, tzinfo=UTC)
    db.session.commit()
    stored = db.session.get(Event, event.id)
    page.goto(f"{live_server.url}/events/{stored.slug}")
    local = page.locator("[data-local-start]")
    local.wait_for()
    # The page's browser runs in America/Bogota (UTC-5): 15:00 UTC is 10:00 there.
    assert "10:00" in local.inner_text() and "GMT-5" in local.inner_text()
