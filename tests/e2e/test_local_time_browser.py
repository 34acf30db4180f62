"""Event times in the visitor's own zone: one "Your time" line, from the server when it knows
the zone, from the browser (in the page's language) when it does not."""

from datetime import UTC, datetime

from network.events.models import Event
from network.extensions import db
from tests.e2e.browsing import sign_in
from tests.factories import make_user
from tests.factories_events import make_event


def madrid_event() -> Event:
    event = make_event(title="Remesas y desarrollo local", timezone="Europe/Madrid")
    event.starts_at = datetime(2027, 3, 10, 15, 0, tzinfo=UTC)
    event.ends_at = datetime(2027, 3, 10, 17, 0, tzinfo=UTC)
    db.session.commit()
    return db.session.get(Event, event.id)


def your_time_lines(page) -> list[str]:
    return [line for line in page.inner_text("main").splitlines() if "Your time" in line]


def test_anonymous_visitor_sees_event_in_browser_zone(live_server, page):
    event = madrid_event()
    page.goto(f"{live_server.url}/events/{event.slug}")
    local = page.locator("[data-local-start]")
    local.wait_for()
    # The page's browser runs in America/Bogota (UTC-5): 15:00 UTC is 10:00 there.
    assert your_time_lines(page) == [
        "Your time: Wednesday, March 10, 2027 at 10:00 – Wednesday, March 10, 2027 at 12:00"
        " (America/Bogota)"
    ]


def test_visitor_reads_their_time_in_the_page_language(live_server, page):
    event = madrid_event()
    page.goto(f"{live_server.url}/events/{event.slug}")
    page.get_by_role("button", name="Español").click()
    local = page.locator("[data-local-start]")
    local.wait_for()
    assert local.inner_text() == (
        "Su hora: miércoles, 10 de marzo de 2027, 10:00 – miércoles, 10 de marzo de 2027, 12:00"
        " (America/Bogota)"
    )


def test_signed_in_person_gets_one_line_from_the_server(live_server, page):
    event = madrid_event()
    user = make_user(timezone="Asia/Manila")
    sign_in(page, live_server.url, user)
    page.goto(f"{live_server.url}/events/{event.slug}")
    lines = your_time_lines(page)
    # 15:00 UTC is 23:00 in Manila (UTC+8).
    assert len(lines) == 1 and "23:00" in lines[0] and "(Asia/Manila)" in lines[0]
    assert page.locator("[data-local-start]").count() == 0
