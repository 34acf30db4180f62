"""What links show when shared, and what search engines and calendar apps read from a page."""

import json
import re
from datetime import timedelta
from html import unescape

from network.events.models import EventStatus
from tests.factories_advocacy import make_campaign
from tests.factories_events import make_event
from tests.factories_groups import make_group
from tests.factories_library import make_item
from tests.factories_members import themes_by_slug


def meta(html: str, key: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{key}" content="([^"]*)"', html)
    assert match, f"no {key} tag"
    return unescape(match.group(1))


def event_data(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_a_shared_event_shows_its_title_summary_and_picture(client):
    event = make_event(
        title="Remesas & desarrollo", description="Un **seminario** sobre remesas en <Honduras>."
    )
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert meta(html, "og:title") == "Remesas & desarrollo"
    assert meta(html, "og:description") == "Un seminario sobre remesas en <Honduras>."
    assert meta(html, "og:url") == f"http://puente.test/events/{event.slug}"
    assert meta(html, "og:image") == "http://puente.test/static/share.png"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert client.get("/static/share.png").mimetype == "image/png"


def test_event_json_ld_names_the_start_with_its_offset_place_and_status(client):
    event = make_event(
        title="Diaspora seminar",
        timezone="America/Bogota",
        venue_name="Casa de la Cultura",
        city="Medellín",
        country="CO",
        join_url="https://meet.example.org/x",
    )
    data = event_data(client.get(f"/events/{event.slug}").get_data(as_text=True))
    local_start = event.starts_at - timedelta(hours=5)
    assert data["@type"] == "Event"
    assert data["name"] == "Diaspora seminar"
    assert data["startDate"] == local_start.replace(tzinfo=None).isoformat() + "-05:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, online = data["location"]
    assert place["name"] == "Casa de la Cultura"
    assert place["address"]["addressLocality"] == "Medellín"
    # The join link is for confirmed registrants: never published in the page's data.
    assert online == {"@type": "VirtualLocation", "url": f"http://puente.test/events/{event.slug}"}
    assert "meet.example.org" not in json.dumps(data)


def test_a_cancelled_online_event_says_so_to_search_engines(client):
    event = make_event(
        join_url="https://meet.example.org/y", status=EventStatus.CANCELLED.value, title="</script>"
    )
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "</script><" not in html.split('application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = event_data(html)
    assert data["name"] == "</script>"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_campaigns_and_groups_carry_share_tags(client):
    campaign = make_campaign(title="Derechos para todas")
    html = client.get(f"/advocacy/campaigns/{campaign.slug}").get_data(as_text=True)
    assert meta(html, "og:title") == "Derechos para todas"
    assert meta(html, "og:description") == "Sign the statement."
    assert meta(html, "og:type") == "article"
    group = make_group(name="Remittances", description="We study *remittances*.")
    html = client.get(f"/groups/{group.slug}").get_data(as_text=True)
    assert meta(html, "og:description") == "We study remittances."


def test_library_items_and_theme_hubs_carry_share_tags(client):
    item = make_item(
        texts={"es": ("Remesas y salarios", "Cómo *cambian* los salarios.")}, original_language="es"
    )
    html = client.get(f"/library/{item.id}").get_data(as_text=True)
    assert meta(html, "og:title") == "Remesas y salarios"
    assert meta(html, "og:description") == "Cómo cambian los salarios."
    assert meta(html, "og:url") == f"http://puente.test/library/{item.id}"
    themes_by_slug()
    html = client.get("/themes/gender").get_data(as_text=True)
    assert meta(html, "og:title") == "Gender"


def test_every_calendar_file_has_a_subscribe_link_beside_it(client, auth):
    group = make_group()
    event = make_event(group=group)
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert f'href="webcal://puente.test/events/{event.slug}/event.ics"' in html
    html = client.get("/events/").get_data(as_text=True)
    assert 'href="webcal://puente.test/events/feed.ics"' in html
    html = client.get(f"/groups/{group.slug}").get_data(as_text=True)
    assert f'href="webcal://puente.test/events/feeds/group/{group.slug}.ics"' in html
