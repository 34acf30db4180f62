"""Programme: sessions, talks, rooms, the public page, speakers and the calendars."""

from datetime import UTC, datetime

from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import select

from network.auth.models import Role
from network.conferences.models import ProgrammeSession, Talk
from network.extensions import db
from tests.factories import make_user
from tests.factories_conferences import (
    accept,
    make_abstract,
    make_call,
    make_conference,
    make_session,
)

UTC = UTC


def session_form(event, **overrides):
    data = {
        "title": "Remittances and local development",
        "room": "Aula Magna",
        "chair": "Rahel Tesfaye",
        "day": "2027-06-14",
        "starts": "09:00",
        "ends": "10:30",
    }
    data.update(overrides)
    return data


def conference_with_accepted_abstract():
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    call = make_call(event)
    abstract = make_abstract(
        call,
        make_user(name="Ana María Quispe", email="ana@example.org"),
        title="Hometown associations; schools, roads & water",
        text="Collective remittances from Chicago fund schools.\r\n\r\nSee <b>Table 1</b>.",
        coauthors=[("Juan Pablo Rojas", "jp@example.org", "Universidad de Chile", "CL")],
        presenter=1,
    )
    accept(abstract)
    return organizer, event, abstract


def test_organizer_builds_a_session_and_places_an_accepted_talk(client, auth):
    organizer, event, abstract = conference_with_accepted_abstract()
    auth.login(organizer)
    page = client.get(f"/conferences/{event.slug}/manage/programme").get_data(as_text=True)
    # The days offered are the conference's own, in its zone.
    assert (
        'value="2027-06-14"' in page
        and 'value="2027-06-16"' in page
        and 'value="2027-06-17"' not in page
    )
    response = client.post(
        f"/conferences/{event.slug}/manage/programme",
        data=session_form(event),
        follow_redirects=True,
    )
    assert "The session “Remittances and local development” is added." in response.get_data(
        as_text=True
    )
    session = db.session.scalar(select(ProgrammeSession))
    assert session.starts_at == datetime(2027, 6, 14, 14, 0, tzinfo=UTC)  # 09:00 in Bogotá

    added = client.post(
        f"/conferences/{event.slug}/manage/sessions/{session.id}/talks",
        data={"abstract": str(abstract.id), "duration": "30"},
        follow_redirects=True,
    )
    assert "The talk is added." in added.get_data(as_text=True)
    invited = client.post(
        f"/conferences/{event.slug}/manage/sessions/{session.id}/talks",
        data={
            "abstract": "0",
            "title": "Keynote: migration corridors",
            "speaker_name": "Amara Okafor",
            "speaker_country": "NG",
            "duration": "45",
        },
        follow_redirects=True,
    )
    assert "The talk is added." in invited.get_data(as_text=True)
    talks = db.session.scalars(select(Talk).order_by(Talk.position)).all()
    assert [t.title for t in talks] == [
        "Hometown associations; schools, roads & water",
        "Keynote: migration corridors",
    ]
    assert talks[0].speaker.name == "Juan Pablo Rojas"

    client.post(f"/conferences/{event.slug}/manage/talks/{talks[1].id}/move/up")
    page = client.get(f"/conferences/{event.slug}/manage/sessions/{session.id}").get_data(
        as_text=True
    )
    assert page.index("Keynote") < page.index("Hometown associations")
    assert "09:00–09:45" in page and "09:45–10:15" in page


def test_talk_longer_than_its_session_is_refused(client, auth):
    organizer, event, abstract = conference_with_accepted_abstract()
    session = make_session(
        event, starts=datetime(2027, 1, 1, 9).time(), ends=datetime(2027, 1, 1, 10).time()
    )
    auth.login(organizer)
    response = client.post(
        f"/conferences/{event.slug}/manage/sessions/{session.id}/talks",
        data={"abstract": str(abstract.id), "duration": "90"},
    )
    assert response.status_code == 400
    assert (
        "The talks of “Remittances I” last 90 minutes but the session lasts 60 minutes"
        in response.get_data(as_text=True)
    )
    assert db.session.scalar(select(Talk)) is None

    client.post(
        f"/conferences/{event.slug}/manage/sessions/{session.id}/talks",
        data={"abstract": str(abstract.id), "duration": "50"},
    )
    talk = db.session.scalar(select(Talk))
    longer = client.post(
        f"/conferences/{event.slug}/manage/talks/{talk.id}/duration",
        data={f"d{talk.id}-duration": "61"},
    )
    assert longer.status_code == 400
    shorter_session = client.post(
        f"/conferences/{event.slug}/manage/sessions/{session.id}",
        data=session_form(event, title="Remittances I", starts="09:00", ends="09:30"),
    )
    assert shorter_session.status_code == 400
    assert "a talk would run past its end" in shorter_session.get_data(as_text=True)
    db.session.refresh(talk)
    db.session.refresh(session)
    assert talk.duration_minutes == 50 and session.minutes == 60


def test_a_room_cannot_host_two_sessions_at_once(client, auth):
    organizer, event, _abstract = conference_with_accepted_abstract()
    make_session(event, title="Remittances I", room="Aula Magna")
    auth.login(organizer)
    response = client.post(
        f"/conferences/{event.slug}/manage/programme",
        data=session_form(
            event, title="Diasporas", room="aula magna", starts="10:00", ends="11:00"
        ),
    )
    assert response.status_code == 409
    assert (
        "Room Aula Magna is taken at that time by the session “Remittances I” (09:00–10:30)."
        in response.get_data(as_text=True)
    )
    other_room = client.post(
        f"/conferences/{event.slug}/manage/programme",
        data=session_form(event, title="Diasporas", room="Sala 2", starts="10:00", ends="11:00"),
    )
    assert other_room.status_code == 302
    back_to_back = client.post(
        f"/conferences/{event.slug}/manage/programme",
        data=session_form(event, title="Afternoon", starts="10:30", ends="12:00"),
    )
    assert back_to_back.status_code == 302
    assert len(db.session.scalars(select(ProgrammeSession)).all()) == 3


def test_session_bad_input(client, auth):
    organizer, event, _abstract = conference_with_accepted_abstract()
    auth.login(organizer)
    url = f"/conferences/{event.slug}/manage/programme"
    backwards = client.post(url, data=session_form(event, starts="11:00", ends="10:00"))
    assert backwards.status_code == 400
    assert "A session must end after it starts." in backwards.get_data(as_text=True)
    outside = client.post(url, data=session_form(event, day="2027-07-01"))
    assert outside.status_code == 400
    nonsense = client.post(url, data=session_form(event, starts="25:99"))
    assert nonsense.status_code == 400
    assert db.session.scalar(select(ProgrammeSession)) is None


def test_only_organizers_build_the_programme(client, auth):
    organizer, event, abstract = conference_with_accepted_abstract()
    session = make_session(event)
    auth.login(abstract.submitter)
    assert client.get(f"/conferences/{event.slug}/manage/programme").status_code == 403
    assert (
        client.post(
            f"/conferences/{event.slug}/manage/programme", data=session_form(event)
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/conferences/{event.slug}/manage/sessions/{session.id}/talks",
            data={"abstract": str(abstract.id), "duration": "20"},
        ).status_code
        == 403
    )
    assert (
        client.post(f"/conferences/{event.slug}/manage/sessions/{session.id}/delete").status_code
        == 403
    )
    assert db.session.scalar(select(Talk)) is None


def place(event, abstract):
    from network.conferences import schedule

    session = make_session(event)
    schedule.add_talk(session, 30, abstract_id=abstract.id)
    db.session.commit()
    return session


def test_public_programme_in_both_time_zones_with_authors_and_abstract(client, auth):
    _organizer, event, abstract = conference_with_accepted_abstract()
    session = place(event, abstract)
    page = client.get(f"/conferences/{event.slug}/programme").get_data(as_text=True)
    assert (
        '<link rel="alternate" type="text/calendar" href="/conferences/'
        + event.slug
        + '/programme.ics"'
        in page
    )
    assert "Hometown associations; schools, roads &amp; water" in page
    assert "Ana María Quispe" in page and "Juan Pablo Rojas (Universidad de Chile, Chile)" in page
    assert (
        "<p>Collective remittances from Chicago fund schools.</p><p>See &lt;b&gt;Table 1&lt;/b&gt;.</p>"
        in page
    )
    assert "09:00–10:30" in page and "America/Bogota" in page

    viewer = make_user(timezone="Europe/Madrid", language="es")
    auth.login(viewer)
    page = client.get(f"/conferences/{event.slug}/programme").get_data(as_text=True)
    assert "su hora: lun 14 jun, 16:00–17:30" in page
    assert "Programa" in page

    speaker = client.get(f"/conferences/{event.slug}/speakers/{session.talks[0].speaker_id}")
    assert speaker.status_code == 200
    assert "Hometown associations; schools, roads &amp; water" in speaker.get_data(as_text=True)
    assert "Juan Pablo Rojas" in client.get(f"/conferences/{event.slug}/speakers").get_data(
        as_text=True
    )


def test_programme_feed_reads_back_one_event_per_session(client):
    _organizer, event, abstract = conference_with_accepted_abstract()
    session = place(event, abstract)
    make_session(
        event,
        title="Empty afternoon, with commas; and semicolons",
        room="Sala 2",
        starts=datetime(2027, 1, 1, 15).time(),
        ends=datetime(2027, 1, 1, 16).time(),
    )
    response = client.get(f"/conferences/{event.slug}/programme.ics")
    assert response.content_type.startswith("text/calendar")
    calendar = IcsCalendarStream.calendar_from_ics(response.get_data(as_text=True))
    assert len(calendar.events) == 2
    first = calendar.events[0]
    assert first.summary == "Remittances I"
    assert first.uid == f"conference-session-{session.id}@puente.test"
    assert first.dtstart == datetime(2027, 6, 14, 14, 0, tzinfo=UTC)
    assert first.dtstart.tzinfo is not None
    assert (
        "09:00–09:30 Hometown associations; schools, roads & water — Juan Pablo Rojas "
        "(Universidad de Chile)" in first.description
    )
    assert "Aula Magna" in first.location
    assert calendar.events[1].summary == "Empty afternoon, with commas; and semicolons"


def test_my_programme_holds_the_marked_sessions(client, auth):
    _organizer, event, abstract = conference_with_accepted_abstract()
    marked = place(event, abstract)
    make_session(event, title="Not for me", room="Sala 2")
    person = make_user(language="fr")
    assert client.post(f"/conferences/{event.slug}/sessions/{marked.id}/mark").status_code == 302
    assert client.get(f"/conferences/{event.slug}/my-programme.ics").status_code == 302
    auth.login(person)
    response = client.post(
        f"/conferences/{event.slug}/sessions/{marked.id}/mark", follow_redirects=True
    )
    assert "« Remittances I » est dans votre programme." in response.get_data(as_text=True)
    feed = client.get(f"/conferences/{event.slug}/my-programme.ics")
    calendar = IcsCalendarStream.calendar_from_ics(feed.get_data(as_text=True))
    assert [e.summary for e in calendar.events] == ["Remittances I"]
    client.post(f"/conferences/{event.slug}/sessions/{marked.id}/mark")
    calendar = IcsCalendarStream.calendar_from_ics(
        client.get(f"/conferences/{event.slug}/my-programme.ics").get_data(as_text=True)
    )
    assert calendar.events == []


def test_withdrawn_abstract_leaves_the_programme(client, auth):
    _organizer, event, abstract = conference_with_accepted_abstract()
    place(event, abstract)
    auth.login(abstract.submitter)
    client.post(f"/conferences/abstracts/{abstract.id}/withdraw", data={"confirmed": "1"})
    assert db.session.scalar(select(Talk)) is None
    assert "Hometown associations" not in client.get(
        f"/conferences/{event.slug}/programme"
    ).get_data(as_text=True)


def test_placed_abstract_cannot_be_rejected(client, auth):
    organizer, event, abstract = conference_with_accepted_abstract()
    place(event, abstract)
    auth.login(organizer)
    response = client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/decide",
        data={"state": "rejected"},
    )
    assert response.status_code == 409
    db.session.refresh(abstract)
    assert abstract.state == "accepted"
