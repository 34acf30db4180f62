"""Every calendar the app emits, read back with the independent `ical` parser."""

from datetime import timedelta

from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import select

from network.auth.models import Role
from network.events import editing, feeds, registrations
from network.events.models import Registration
from network.extensions import db
from network.groups.models import WorkingGroup
from network.themes.models import Theme
from tests.factories import make_user
from tests.factories_events import make_event

NASTY_TITLE = "Migración, remesas; y desarrollo: «¿qué sigue?» \\ Ñandú"
NASTY_DESCRIPTION = (
    "Línea uno, con comas; y punto y coma\nLínea dos: café, crème brûlée, 東京\n\n"
    + "x,y;z\\ " * 1500
)[:10000]


def parse(body: bytes):
    return IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))


def invite_of(mailbox, address: str) -> str:
    message = mailbox.last(address)
    part = next(p for p in message.iter_attachments() if p.get_filename() == "invite.ics")
    return part.get_content()


def test_event_download_round_trips_hard_text(client):
    event = make_event(
        title=NASTY_TITLE,
        description=NASTY_DESCRIPTION,
        timezone="America/Mexico_City",
        venue_name="Sala 3, edificio B; planta 2",
        city="Ciudad de México",
    )
    assert len(NASTY_DESCRIPTION) == 10000
    response = client.get(f"/events/{event.slug}/event.ics")
    assert response.mimetype == "text/calendar"
    calendar = parse(response.data)
    [parsed] = calendar.events
    assert parsed.summary == NASTY_TITLE
    assert parsed.description == NASTY_DESCRIPTION
    assert parsed.location == "Sala 3, edificio B; planta 2, Ciudad de México"
    assert parsed.uid == f"event-{event.id}@puente.test"
    assert parsed.dtstart == event.starts_at
    assert str(parsed.dtstart.tzinfo) == "America/Mexico_City"
    assert [tz.tz_id for tz in calendar.timezones] == ["America/Mexico_City"]


def test_public_group_and_theme_feeds(client):
    group = WorkingGroup(slug="diaspora", name="Diaspora and development")
    theme = Theme(
        slug="remittances", name_en="Remittances", name_es="Remesas", name_fr="Transferts"
    )
    db.session.add_all([group, theme])
    db.session.commit()
    make_event(title="Group seminar", group_id=group.id)
    make_event(title="Theme webinar", theme_ids=[theme.id])
    make_event(title="Members only", visibility="members")
    make_event(title="Draft", status="draft")
    everything = {e.summary for e in parse(client.get("/events/feed.ics").data).events}
    assert everything == {"Group seminar", "Theme webinar"}
    assert [
        e.summary for e in parse(client.get("/events/feeds/group/diaspora.ics").data).events
    ] == ["Group seminar"]
    assert [
        e.summary for e in parse(client.get("/events/feeds/theme/remittances.ics").data).events
    ] == ["Theme webinar"]
    assert client.get("/events/feeds/group/nothing.ics").status_code == 404
    head = (
        client.get("/events/?group=diaspora&theme=remittances")
        .get_data(as_text=True)
        .split("</head>")[0]
    )
    for href in (
        "/events/feed.ics",
        "/events/feeds/group/diaspora.ics",
        "/events/feeds/theme/remittances.ics",
    ):
        assert '<link rel="alternate" type="text/calendar" title="' in head and href in head


def test_event_page_head_links_its_calendar(client):
    event = make_event()
    head = client.get(f"/events/{event.slug}").get_data(as_text=True).split("</head>")[0]
    assert (
        f'<link rel="alternate" type="text/calendar" title="{event.title}" '
        f'href="http://puente.test/events/{event.slug}/event.ics">' in head
    )


def test_invitation_request_update_and_cancel(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(
        organizer,
        title=NASTY_TITLE,
        description=NASTY_DESCRIPTION,
        join_url="https://meet.example/abc",
    )
    member = make_user(name="Sophie Martin, PhD")
    registrations.register(event, user=member)
    db.session.commit()
    calendar = parse(invite_of(mailbox, member.email).encode())
    [invite] = calendar.events
    assert (invite.summary, invite.description) == (NASTY_TITLE, NASTY_DESCRIPTION)
    assert invite.uid == f"event-{event.id}@puente.test" and invite.sequence == 0
    assert invite.organizer.uri.startswith("mailto:")
    assert [(a.uri, a.common_name, a.status) for a in invite.attendees] == [
        (f"mailto:{member.email}", "Sophie Martin, PhD", "ACCEPTED")
    ]
    assert "METHOD:REQUEST" in invite_of(mailbox, member.email)
    assert "https://meet.example/abc" in invite_of(mailbox, member.email)

    editing.update_event(
        event,
        organizer,
        starts_at=event.starts_at + timedelta(hours=1),
        ends_at=event.ends_at + timedelta(hours=1),
    )
    db.session.commit()
    [updated] = parse(invite_of(mailbox, member.email).encode()).events
    assert updated.uid == invite.uid and updated.sequence == 1
    assert updated.dtstart == invite.dtstart + timedelta(hours=1)

    editing.cancel_event(event, organizer)
    db.session.commit()
    text = invite_of(mailbox, member.email)
    [cancelled] = parse(text.encode()).events
    assert "METHOD:CANCEL" in text
    assert cancelled.uid == invite.uid and cancelled.sequence == 2
    assert cancelled.status == "CANCELLED"


def test_title_only_change_bumps_sequence_without_mail(app, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer)
    member = make_user()
    registrations.register(event, user=member)
    db.session.commit()
    assert editing.update_event(event, organizer, title="A better title") is False
    db.session.commit()
    assert event.ical_sequence == 1
    assert len(mailbox.to(member.email)) == 1


def test_personal_feed_at_a_secret_address_that_can_be_reset(client, auth):
    member = make_user()
    going = make_event(title="Going", join_url="https://meet.example/going")
    make_event(title="Not going")
    registrations.register(going, user=member)
    db.session.commit()
    auth.login(member)
    page = client.get("/events/my").get_data(as_text=True)
    feed_path = page.split('id="feed-url" type="text" readonly value="http://puente.test')[1].split(
        '"'
    )[0]
    assert (
        f'<link rel="alternate" type="text/calendar" title="My events" href="http://puente.test{feed_path}">'
        in page
    )
    auth.logout()
    response = client.get(feed_path)
    assert response.headers["Cache-Control"] == "private, no-store"
    [event] = parse(response.data).events
    assert event.summary == "Going"
    assert "meet.example/going" in response.get_data(as_text=True)
    token = feed_path.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43  # 256 random bits, URL-safe
    auth.login(member)
    client.post("/events/my/feed/reset", data={"confirmed": "1"})
    assert client.get(feed_path).status_code == 404
    assert client.get("/events/my/not-a-token.ics").status_code == 404


def test_cancelled_registrations_leave_the_personal_feed(client, auth):
    member = make_user()
    event = make_event(title="Changed my mind")
    registrations.register(event, user=member)
    db.session.commit()
    token = feeds.feed_token(member).token
    db.session.commit()
    registrations.cancel_registration(db.session.scalar(select(Registration)))
    db.session.commit()
    assert parse(client.get(f"/events/my/{token}.ics").data).events == []


def test_line_separators_in_stored_text_never_reach_the_calendar_raw(client):
    # Stored before titles were checked; some readers end a line at each of these.
    event = make_event(
        title="Seminar\u2028BEGIN:VALARM\u2029\x85x\x0by\x1cz",
        venue_name="Room\u2028 1",
        description="One\u2029two\r\nthree\x85four\x9bfive",
    )
    body = client.get(f"/events/{event.slug}/event.ics").data
    for raw in ("\u2028", "\u2029", "\x85", "\x9b"):
        assert raw.encode() not in body
    assert not any(byte in body for byte in b"\x0b\x0c\x1c")
    [parsed] = parse(body).events
    assert parsed.summary == "Seminar BEGIN:VALARM  x y z"
    assert parsed.location.startswith("Room  1")
    assert parsed.description == "One\ntwo\nthree\nfourfive"
