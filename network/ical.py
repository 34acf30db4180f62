"""Every VCALENDAR the application emits: downloads, feeds and invitations sent by mail.

Times carry the event's IANA zone (TZID plus a VTIMEZONE); UIDs are stable per event, and
SEQUENCE is the event's ical_sequence, bumped by the events services on every visible change.
"""

from datetime import date
from email.utils import parseaddr
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from icalendar import Calendar, Timezone, vCalAddress
from icalendar import Event as VEvent

from network.dbtypes import utcnow
from network.validators import CONTROL, LINE_BREAK, one_line

CONTENT_TYPE = "text/calendar; charset=utf-8"


def multiline(value: str) -> str:
    """Text whose line breaks are all line feeds, which icalendar escapes; readers split raw
    lines at the other separators too, and RFC 5545 allows no control characters in text."""
    return CONTROL.sub("", LINE_BREAK.sub("\n", value.replace("\r\n", "\n")))


def uid_host() -> str:
    return (
        current_app.config["ICAL_UID_HOST"]
        or current_app.config["SERVER_NAME"]
        or "puente.localhost"
    )


def event_uid(event) -> str:
    return f"event-{event.id}@{uid_host()}"


def _organizer() -> vCalAddress:
    name, address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = one_line(name or current_app.config["NETWORK_NAME"])
    return organizer


def _attendee(registration, partstat: str) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{registration.email}")
    if registration.name:
        attendee.params["cn"] = one_line(registration.name)
    attendee.params["role"] = "REQ-PARTICIPANT"
    attendee.params["partstat"] = partstat
    attendee.params["rsvp"] = "FALSE"
    return attendee


def location(event) -> str:
    parts = [event.venue_name, event.venue_address, event.city]
    return ", ".join(p for p in parts if p)


def event_component(
    event, *, registration=None, cancelled: bool = False, join_url: bool = False
) -> VEvent:
    """One VEVENT. The join link is added only when the calendar goes to a confirmed person."""
    zone = ZoneInfo(event.timezone)
    component = VEvent()
    component.add("uid", event_uid(event))
    component.add("dtstamp", utcnow())
    component.add("sequence", event.ical_sequence)
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    component.add("summary", one_line(event.title))
    if event.description:
        component.add("description", multiline(event.description))
    if location(event):
        component.add("location", one_line(location(event)))
    component.add("url", url_for("events.show", slug=event.slug, _external=True))
    component.add("status", "CANCELLED" if cancelled or event.is_cancelled else "CONFIRMED")
    if join_url and event.join_url:
        component.add("conference", event.join_url, parameters={"value": "URI"})
    component.add("organizer", _organizer())
    if registration is not None:
        component.add("attendee", _attendee(registration, "DECLINED" if cancelled else "ACCEPTED"))
    return component


def _calendar(name: str | None = None, method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//{current_app.config['NETWORK_NAME']}//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", one_line(name))
        calendar.add("name", one_line(name))
    return calendar


@lru_cache(maxsize=128)
def _vtimezone(tzid: str) -> Timezone:
    # Building a VTIMEZONE from the zone database is slow; the rules change only with tzdata.
    return Timezone.from_tzid(tzid, first_date=date(1990, 1, 1), last_date=date(2050, 1, 1))


def _finish(calendar: Calendar) -> bytes:
    """Each zone the events use goes in once, as a VTIMEZONE ahead of the events."""
    calendar.subcomponents[:0] = [_vtimezone(tzid) for tzid in sorted(calendar.get_missing_tzids())]
    return calendar.to_ical()


def feed(events, name: str) -> bytes:
    """A published calendar (no METHOD) of many events, for downloads and subscriptions."""
    calendar = _calendar(name=name, method="PUBLISH")
    for event in events:
        calendar.add_component(event_component(event))
    return _finish(calendar)


def personal_feed(registrations, name: str) -> bytes:
    calendar = _calendar(name=name, method="PUBLISH")
    for registration in registrations:
        calendar.add_component(
            event_component(registration.event, join_url=registration.state == "confirmed")
        )
    return _finish(calendar)


def invitation(event, registration, *, cancel: bool = False) -> bytes:
    """iTIP (RFC 5546) REQUEST for one confirmed attendee, or CANCEL when they lose the seat."""
    calendar = _calendar(method="CANCEL" if cancel else "REQUEST")
    calendar.add_component(
        event_component(event, registration=registration, cancelled=cancel, join_url=not cancel)
    )
    return _finish(calendar)


def invitation_attachment(event, registration, *, cancel: bool = False) -> dict:
    method = "CANCEL" if cancel else "REQUEST"
    return {
        "filename": "invite.ics",
        "content_type": f"text/calendar; method={method}; charset=utf-8",
        "data": invitation(event, registration, cancel=cancel),
        "disposition": "attachment",
    }


# --- Conference programmes: one VEVENT per session ------------------------------------------


def session_uid(session) -> str:
    return f"conference-session-{session.id}@{uid_host()}"


def session_component(event, session, description: str) -> VEvent:
    zone = ZoneInfo(event.timezone)
    component = VEvent()
    component.add("uid", session_uid(session))
    component.add("dtstamp", utcnow())
    component.add("sequence", session.ical_sequence)
    component.add("dtstart", session.starts_at.astimezone(zone))
    component.add("dtend", session.ends_at.astimezone(zone))
    component.add("summary", one_line(session.title))
    component.add(
        "location",
        one_line(", ".join(p for p in (session.room, event.venue_name, event.city) if p)),
    )
    if description:
        component.add("description", multiline(description))
    component.add(
        "url",
        url_for(
            "conferences.programme",
            slug=event.slug,
            _external=True,
            _anchor=f"session-{session.id}",
        ),
    )
    return component


def programme_feed(event, sessions, name: str, describe) -> bytes:
    """describe(session) gives the text of its talks, in the reader's language."""
    calendar = _calendar(name=name, method="PUBLISH")
    for session in sessions:
        calendar.add_component(session_component(event, session, describe(session)))
    return _finish(calendar)
