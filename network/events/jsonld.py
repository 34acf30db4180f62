"""Schema.org Event data of an event page, as search engines and calendars read it."""

from flask import current_app, url_for

from network.geo import country_name
from network.i18n import in_zone
from network.markdown import markdown_to_text

SCHEMA = "https://schema.org/"


def attendance_mode(event) -> str:
    in_person = bool(event.venue_name or event.venue_address or event.city)
    if event.join_url and in_person:
        return SCHEMA + "MixedEventAttendanceMode"
    if event.join_url:
        return SCHEMA + "OnlineEventAttendanceMode"
    return SCHEMA + "OfflineEventAttendanceMode"


def locations(event, page_url: str) -> list[dict]:
    """Where to go; an online event's address is its page (the join link is for registrants)."""
    places = []
    if event.venue_name or event.venue_address or event.city:
        address = {
            "@type": "PostalAddress",
            "streetAddress": event.venue_address,
            "addressLocality": event.city,
            "addressCountry": event.country,
        }
        places.append(
            {
                "@type": "Place",
                "name": event.venue_name or event.city or country_name(event.country),
                "address": {key: value for key, value in address.items() if value},
            }
        )
    if event.join_url:
        places.append({"@type": "VirtualLocation", "url": page_url})
    return places


def event_data(event) -> dict:
    page_url = url_for("events.show", slug=event.slug, _external=True)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": markdown_to_text(event.description),
        # In the event's own zone, with its UTC offset, as the page shows it.
        "startDate": in_zone(event.starts_at, event.timezone).isoformat(),
        "endDate": in_zone(event.ends_at, event.timezone).isoformat(),
        "eventStatus": SCHEMA + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": attendance_mode(event),
        "url": page_url,
        "inLanguage": event.language_codes,
        "organizer": {
            "@type": "Organization",
            "name": current_app.config["NETWORK_NAME"],
            "url": url_for("main.index", _external=True),
        },
    }
    places = locations(event, page_url)
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    return data
