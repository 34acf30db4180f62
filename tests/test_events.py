"""Events and registration through the pages: what organizers, members and guests see and receive."""

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from network.auth.models import Role
from network.dbtypes import utcnow
from network.events import registrations, reminders
from network.events.models import Event, Registration
from network.extensions import db
from network.signals import account_data, account_deleting
from tests.factories import make_user
from tests.factories_events import make_event

HOST = "http://puente.test"


def path(link: str) -> str:
    return link.replace(HOST, "")


def link_with(mailbox, message, part: str) -> str:
    return path(next(entry for entry in mailbox.links(message) if part in entry))


def attachments(message) -> dict:
    return {part.get_filename(): part for part in message.iter_attachments()}


def registration_of(event, email) -> Registration:
    db.session.expire_all()
    return db.session.scalar(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.email == email)
        .order_by(Registration.id.desc())
    )


EVENT_FORM = {
    "title": "Remittances and rural development",
    "kind": "seminar",
    "description": "Talk *with* Q&A",
    "timezone": "Europe/Berlin",
    "starts_at": "2027-10-05T18:00",
    "ends_at": "2027-10-05T20:00",
    "venue_name": "Casa de la Cultura",
    "venue_address": "Calle 1",
    "city": "Madrid",
    "country": "ES",
    "join_url": "",
    "visibility": "public",
    "group": "0",
    "languages": ["es", "en"],
}


# --- Organizing ----------------------------------------------------------------------------------


def test_organizer_creates_sets_up_and_publishes_an_event(client, auth):
    organizer = make_user(Role.ORGANIZER)
    auth.login(organizer)
    response = client.post("/events/new", data=EVENT_FORM)
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert event.status == "draft" and event.organizers == [organizer]
    assert event.starts_at.isoformat() == "2027-10-05T16:00:00+00:00"  # 18:00 CEST
    response = client.post(
        f"/events/{event.id}/settings",
        data={
            "capacity": "2",
            "waitlist_enabled": "y",
            "reminder_hours": "48",
            "allow_non_members": "y",
        },
    )
    assert response.status_code == 302
    client.post(
        f"/events/{event.id}/questions",
        data={
            "label": "Dietary needs",
            "kind": "single",
            "choices": "None\nVegetarian\nVegan",
            "required": "y",
        },
    )
    client.post(f"/events/{event.id}/publish")
    auth.logout()
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Remittances and rural development" in page
    assert "Casa de la Cultura" in page and "Vegetarian" in page
    assert "2 of 2 seats left" in page
    # A visitor's zone is unknown to the server: their browser fills in "Your time".
    assert "18:00 (Europe/Berlin)" in page and "(UTC)" not in page and "data-local-start" in page


def test_event_page_shows_time_in_the_viewers_zone(client, auth):
    event = make_event(timezone="Europe/Berlin")
    auth.login(make_user(timezone="America/Bogota"))
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "(Europe/Berlin)" in page and "(America/Bogota)" in page


def test_event_list_shows_a_second_time_only_in_a_known_zone(client, auth):
    make_event(title="Berlin seminar", timezone="Europe/Berlin")
    listing = client.get("/events/").get_data(as_text=True)
    assert "(Europe/Berlin)" in listing and "(UTC)" not in listing
    auth.login(make_user(timezone="America/Bogota"))
    listing = client.get("/events/").get_data(as_text=True)
    assert "(Europe/Berlin)" in listing and "(America/Bogota)" in listing


@pytest.mark.parametrize(
    "change, message",
    [
        ({"ends_at": "2027-10-05T17:00"}, "The event must end after it starts."),
        (
            {"starts_at": "2026-03-29T02:30", "ends_at": "2026-03-29T04:00"},
            "does not exist in Europe/Berlin",
        ),
        ({"starts_at": "not a date"}, "Not a valid datetime value."),
        ({"join_url": "javascript:alert(1)"}, "starting with http"),
    ],
)
def test_bad_event_input_is_refused_with_a_message(client, auth, change, message):
    auth.login(make_user(Role.ORGANIZER))
    response = client.post("/events/new", data={**EVENT_FORM, **change})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Event)) is None


@pytest.mark.parametrize("capacity", ["-1", "abc", "1.5"])
def test_bad_capacity_is_refused(client, auth, capacity):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, capacity=5)
    auth.login(organizer)
    response = client.post(
        f"/events/{event.id}/settings", data={"capacity": capacity, "reminder_hours": "24"}
    )
    assert response.status_code == 400
    assert "Enter a whole number from 0 to 1000000" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).capacity == 5


def test_capacity_below_confirmed_count_is_refused(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, capacity=5)
    for _ in range(3):
        registrations.register(event, user=make_user())
    db.session.commit()
    auth.login(organizer)
    response = client.post(
        f"/events/{event.id}/settings", data={"capacity": "2", "reminder_hours": "24"}
    )
    assert response.status_code == 400
    assert "3 people are already confirmed" in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["member", "other_organizer", "anonymous"])
def test_only_the_events_organizers_and_staff_manage_it(client, auth, who):
    event = make_event()
    if who == "member":
        auth.login(make_user())
    elif who == "other_organizer":
        auth.login(make_user(Role.ORGANIZER))
    registration = registrations.register(event, user=make_user())
    db.session.commit()
    pages = ["manage", "edit", "settings", "registrants", "registrants.csv", "message", "checkin"]
    for page in pages:
        response = client.get(f"/events/{event.id}/{page}")
        assert response.status_code == (302 if who == "anonymous" else 403), page
    for page in ["publish", "cancel", f"registrants/{registration.id}", "registrants/add"]:
        response = client.post(f"/events/{event.id}/{page}", data={"action": "cancel"})
        assert response.status_code in (302, 403) and response.status_code != 200
    response = client.get(f"/events/checkin/{registration.checkin_code}")
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert registration_of(event, registration.email).state == "confirmed"
    assert db.session.get(Event, event.id).status == "published"


def test_staff_manage_any_event(client, auth):
    event = make_event()
    auth.login(make_user(Role.STAFF))
    assert client.get(f"/events/{event.id}/registrants").status_code == 200


def test_a_member_cannot_create_events(client, auth):
    auth.login(make_user())
    assert client.get("/events/new").status_code == 403


def test_drafts_and_restricted_events_are_hidden(client, auth):
    draft = make_event(status="draft", title="Secret draft")
    members = make_event(visibility="members", title="Members meeting")
    assert client.get(f"/events/{draft.slug}").status_code == 404
    assert client.get(f"/events/{members.slug}").status_code == 404
    listing = client.get("/events/").get_data(as_text=True)
    assert "Secret draft" not in listing and "Members meeting" not in listing
    auth.login(make_user())
    assert client.get(f"/events/{members.slug}").status_code == 200
    assert "Members meeting" in client.get("/events/").get_data(as_text=True)
    assert client.get(f"/events/{draft.slug}").status_code == 404


def test_list_and_calendar_filter_events(client):
    make_event(title="Webinar on diaspora bonds", kind="webinar", country="MX", languages=["es"])
    make_event(title="Workshop on data", kind="workshop", country="SN", languages=["fr"])
    make_event(title="Old seminar", starts_in=timedelta(days=-30))
    listing = client.get("/events/?kind=webinar").get_data(as_text=True)
    assert "Webinar on diaspora bonds" in listing and "Workshop on data" not in listing
    listing = client.get("/events/?country=SN&language=fr").get_data(as_text=True)
    assert "Workshop on data" in listing and "Webinar on diaspora bonds" not in listing
    assert "Old seminar" not in client.get("/events/").get_data(as_text=True)
    assert "Old seminar" in client.get("/events/?when=past").get_data(as_text=True)
    month = (utcnow() + timedelta(days=7)).strftime("%Y-%m")
    calendar = client.get(f"/events/calendar?month={month}&kind=workshop").get_data(as_text=True)
    assert "Workshop on data" in calendar and "Webinar on diaspora bonds" not in calendar
    assert client.get("/events/calendar?month=garbage").status_code == 200


def test_list_pages_link_calendar_feeds_in_their_head(client):
    head = client.get("/events/").get_data(as_text=True).split("</head>")[0]
    assert '<link rel="alternate" type="text/calendar"' in head
    assert "/events/feed.ics" in head


# --- Registering ---------------------------------------------------------------------------------


def test_member_registers_in_one_click_and_gets_the_invitation(client, auth, mailbox):
    event = make_event(capacity=3, join_url="https://meet.example/room-42")
    member = make_user()
    auth.login(member)
    assert "meet.example/room-42" not in client.get(f"/events/{event.slug}").get_data(as_text=True)
    response = client.post(f"/events/{event.slug}/register", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You are registered" in page and "meet.example/room-42" in page
    message = mailbox.last(member.email)
    assert message["Subject"] == f"Registration confirmed: {event.title}"
    assert "https://meet.example/room-42" in mailbox.text(message)
    files = attachments(message)
    assert files["invite.ics"].get_param("method") == "REQUEST"
    assert files["check-in.png"].get_content().startswith(b"\x89PNG")


def test_double_submit_gives_one_registration_and_a_clear_message(client, auth):
    event = make_event(capacity=3)
    member = make_user()
    auth.login(member)
    client.post(f"/events/{event.slug}/register")
    response = client.post(f"/events/{event.slug}/register", follow_redirects=True)
    assert "You are already registered for this event." in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Registration)).all()) == 1


def test_required_questions_are_marked(client, auth):
    event = make_event(
        questions=[
            {"kind": "short", "label": "Affiliation", "required": True},
            {"kind": "long", "label": "Anything else?"},
            {"kind": "single", "label": "Meal", "choices": ["Fish", "Vegan"], "required": True},
            {"kind": "checkbox", "label": "I accept the code of conduct", "required": True},
        ]
    )
    auth.login(make_user())
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    ids = {q.label: f"q{q.id}" for q in event.questions}

    def tag(name, element="input"):
        return re.search(rf'<{element}[^>]*name="{name}"[^>]*>', page).group()

    affiliation, conduct = tag(ids["Affiliation"]), tag(ids["I accept the code of conduct"])
    assert "required" in affiliation and 'aria-required="true"' in affiliation
    assert "required" in conduct and 'aria-required="true"' in conduct
    assert "required" not in tag(ids["Anything else?"], "textarea")
    assert re.search(r'Affiliation</label> <span aria-hidden="true">\*</span>', page)
    assert re.search(r"Meal <span aria-hidden=\"true\">\*</span><span[^>]*>\(required\)", page)
    assert not re.search(r'Anything else\?</label> <span aria-hidden="true">', page)


def test_required_questions_must_be_answered(client, auth):
    event = make_event(
        questions=[
            {
                "kind": "single",
                "label": "Dietary needs",
                "choices": ["None", "Vegan"],
                "required": True,
            },
            {"kind": "multiple", "label": "Sessions", "choices": ["Morning", "Afternoon"]},
            {"kind": "long", "label": "Why do you come?"},
            {"kind": "checkbox", "label": "Photos are fine", "required": True},
        ]
    )
    auth.login(make_user())
    response = client.post(f"/events/{event.slug}/register", data={"q1": "Pizza"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose from the answers given." in page and "This question needs an answer." in page
    assert db.session.scalar(select(Registration)) is None
    questions = {q.label: q.id for q in event.questions}
    response = client.post(
        f"/events/{event.slug}/register",
        data={
            f"q{questions['Dietary needs']}": "Vegan",
            f"q{questions['Sessions']}": ["Morning", "Afternoon"],
            f"q{questions['Why do you come?']}": "To learn, mostly.",
            f"q{questions['Photos are fine']}": "y",
        },
    )
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.answers[str(questions["Sessions"])] == ["Morning", "Afternoon"]


def test_guest_confirms_by_mail_and_takes_the_seat_only_then(client, mailbox):
    event = make_event(capacity=1)
    response = client.post(
        f"/events/{event.slug}/register",
        data={"name": "Aïssatou Diallo", "email": "Aissatou@Example.org"},
    )
    assert "Check your inbox" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).seats_taken == 0
    message = mailbox.last("aissatou@example.org")
    link = link_with(mailbox, message, "/confirm")
    assert "Confirm my registration" in client.get(link).get_data(as_text=True)
    assert registration_of(event, "aissatou@example.org").state == "pending"  # GET changed nothing
    client.post(link)
    assert registration_of(event, "aissatou@example.org").state == "confirmed"
    assert db.session.get(Event, event.id).seats_taken == 1
    assert mailbox.last("aissatou@example.org")["Subject"].startswith("Registration confirmed")


def test_guest_with_a_known_address_sees_the_same_page_and_gets_a_mail(client, mailbox):
    event = make_event()
    data = {"name": "Ana", "email": "ana@example.org"}
    first = client.post(f"/events/{event.slug}/register", data=data)
    client.post(link_with(mailbox, mailbox.last("ana@example.org"), "/confirm"))
    second = client.post(f"/events/{event.slug}/register", data=data)
    assert first.status_code == second.status_code == 200
    assert "Check your inbox" in second.get_data(as_text=True)
    assert mailbox.last("ana@example.org")["Subject"].startswith("You are already registered")
    assert len(db.session.scalars(select(Registration)).all()) == 1


def test_unconfirmed_holds_expire(app):
    event = make_event(capacity=1)
    registrations.register(event, name="Late", email="late@example.org")
    db.session.commit()
    assert reminders.expire_holds(now=utcnow() + timedelta(hours=25)) == 1
    db.session.commit()
    assert registration_of(event, "late@example.org").state == "cancelled"


def test_non_members_can_be_kept_out(client):
    event = make_event()
    event.allow_non_members = False
    db.session.commit()
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Only members can register for this event." in page
    response = client.post(
        f"/events/{event.slug}/register", data={"name": "X", "email": "x@example.org"}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(Registration)) is None


def test_registration_after_closing_is_refused(client, auth):
    event = make_event()
    event.registration_closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.login(make_user())
    assert "Registration is not open." in client.get(f"/events/{event.slug}").get_data(as_text=True)
    response = client.post(f"/events/{event.slug}/register")
    assert response.status_code == 409
    assert "Registration for this event is closed." in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration)) is None


def test_full_event_without_waitlist_says_so(client, auth):
    event = make_event(capacity=1)
    event.waitlist_enabled = False
    db.session.commit()
    registrations.register(event, user=make_user())
    db.session.commit()
    auth.login(make_user())
    response = client.post(f"/events/{event.slug}/register")
    assert response.status_code == 409
    assert "Sorry, this event is full." in response.get_data(as_text=True)


def test_cancelling_promotes_the_first_on_the_waiting_list(client, auth, mailbox):
    event = make_event(capacity=1)
    first, second, third = make_user(), make_user(), make_user()
    for user in (first, second, third):
        registrations.register(event, user=user)
        db.session.commit()
    assert mailbox.last(second.email)["Subject"].startswith("You are on the waiting list")
    auth.login(first)
    client.post(f"/events/{event.slug}/cancel-registration", data={"confirmed": "1"})
    message = mailbox.last(second.email)
    assert message["Subject"] == f"You have a seat: {event.title}"
    assert "invite.ics" in attachments(message)
    assert attachments(mailbox.last(first.email))["invite.ics"].get_param("method") == "CANCEL"
    assert registration_of(event, second.email).state == "confirmed"
    assert registration_of(event, third.email).state == "waitlisted"


def test_cancelling_from_the_mail_link(client, mailbox):
    event = make_event(capacity=1)
    member, waiting = make_user(), make_user()
    for user in (member, waiting):
        registrations.register(event, user=user)
        db.session.commit()
    link = link_with(mailbox, mailbox.last(member.email), "/events/r/")
    page = client.get(link)
    assert "Cancel my registration" in page.get_data(as_text=True)
    assert registration_of(event, member.email).state == "confirmed"
    asked = client.post(link + "/cancel").get_data(as_text=True)
    assert f"Cancel your registration for {event.title}?" in asked
    assert 'name="confirmed" value="1"' in asked
    assert registration_of(event, member.email).state == "confirmed"
    client.post(link + "/cancel", data={"confirmed": "1"})
    assert registration_of(event, member.email).state == "cancelled"
    assert registration_of(event, waiting.email).state == "confirmed"


def test_approval_required(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, capacity=1)
    event.approval_required = True
    db.session.commit()
    member, other = make_user(), make_user()
    for user in (member, other):
        registrations.register(event, user=user)
        db.session.commit()
    assert mailbox.last(member.email)["Subject"].startswith("Waiting for approval")
    auth.login(organizer)
    first = registration_of(event, member.email)
    second = registration_of(event, other.email)
    client.post(f"/events/{event.id}/registrants/{first.id}", data={"action": "approve"})
    assert registration_of(event, member.email).state == "confirmed"
    response = client.post(
        f"/events/{event.id}/registrants/{second.id}",
        data={"action": "approve"},
        follow_redirects=True,
    )
    assert "No seats are left" in response.get_data(as_text=True)
    assert registration_of(event, other.email).state == "pending"
    client.post(
        f"/events/{event.id}/registrants/{second.id}", data={"action": "approve", "override": "1"}
    )
    assert registration_of(event, other.email).state == "confirmed"
    db.session.expire_all()
    assert (
        db.session.get(Event, event.id).capacity,
        db.session.get(Event, event.id).seats_taken,
    ) == (2, 2)


def test_organizer_rejects_moves_and_adds_people(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, capacity=1)
    member = make_user()
    registrations.register(event, user=member)
    db.session.commit()
    auth.login(organizer)
    registration = registration_of(event, member.email)
    client.post(f"/events/{event.id}/registrants/{registration.id}", data={"action": "waitlist"})
    assert registration_of(event, member.email).state == "waitlisted"
    response = client.post(
        f"/events/{event.id}/registrants/add", data={"name": "Kwame", "email": "kwame@example.org"}
    )
    assert response.status_code == 302
    assert registration_of(event, "kwame@example.org").state == "confirmed"
    response = client.post(
        f"/events/{event.id}/registrants/add", data={"name": "Lan", "email": "lan@example.org"}
    )
    assert response.status_code == 400 and "No seats are left" in response.get_data(as_text=True)
    client.post(
        f"/events/{event.id}/registrants/{registration.id}",
        data={"action": "reject", "confirmed": "1"},
    )
    assert registration_of(event, member.email).state == "rejected"
    assert mailbox.last(member.email)["Subject"].startswith("Registration not accepted")


def test_registrant_list_filters_counts_and_csv_is_injection_safe(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, capacity=1, questions=[{"kind": "short", "label": "Affiliation"}])
    qid = event.questions[0].id
    registrations.register(
        event, user=make_user(name='=HYPERLINK("http://evil")'), answers={qid: "@SUM(A1)"}
    )
    registrations.register(
        event, user=make_user(name="Grace Wanjiru"), answers={qid: "University of Nairobi"}
    )
    db.session.commit()
    auth.login(organizer)
    page = client.get(f"/events/{event.id}/registrants?state=waitlisted").get_data(as_text=True)
    assert "Grace Wanjiru" in page and "HYPERLINK" not in page
    assert "Confirmed (1)" in page and "Waiting list (1)" in page
    response = client.get(f"/events/{event.id}/registrants.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][-1] == "Affiliation"
    assert rows[1][0] == '\'=HYPERLINK("http://evil")' and rows[1][-1] == "'@SUM(A1)"


def test_organizer_emails_all_or_some_registrants(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, capacity=1)
    confirmed, waiting = make_user(), make_user()
    for user in (confirmed, waiting):
        registrations.register(event, user=user)
        db.session.commit()
    mailbox.clear()
    auth.login(organizer)
    response = client.post(
        f"/events/{event.id}/message",
        data={"states": ["confirmed"], "subject": "Room change 100%", "body": "We meet in room 4."},
    )
    assert response.status_code == 302
    assert mailbox.last(confirmed.email)["Subject"] == "Room change 100%"
    assert "We meet in room 4." in mailbox.text(mailbox.last(confirmed.email))
    assert mailbox.to(waiting.email) == []
    chosen = registration_of(event, waiting.email)
    client.post(
        f"/events/{event.id}/message",
        data={"ids": [chosen.id], "subject": "Hi", "body": "Only you"},
    )
    assert mailbox.last(waiting.email)["Subject"] == "Hi"
    assert len(mailbox.to(confirmed.email)) == 1


def test_check_in_by_search_and_by_qr_link(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer)
    guest, other = make_user(name="Rahel Tesfaye"), make_user(name="Olena Kovalenko")
    for user in (guest, other):
        registrations.register(event, user=user)
        db.session.commit()
    auth.login(organizer)
    page = client.get(f"/events/{event.id}/checkin?q=rahel").get_data(as_text=True)
    assert "Rahel Tesfaye" in page and "Olena" not in page
    client.post(
        f"/events/{event.id}/checkin",
        data={"registration_id": registration_of(event, guest.email).id},
    )
    assert registration_of(event, guest.email).checked_in_at is not None
    checkin_link = link_with(mailbox, mailbox.last(other.email), "/events/checkin/")
    assert "Check in Olena Kovalenko" in client.get(checkin_link).get_data(as_text=True)
    client.post(checkin_link)
    assert registration_of(event, other.email).checked_in_at is not None
    overview = client.get(f"/events/{event.id}/manage").get_data(as_text=True)
    assert "2 (100%)" in overview


def test_changing_the_time_sends_an_updated_invitation(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, timezone="Europe/Berlin")
    member = make_user()
    registrations.register(event, user=member)
    db.session.commit()
    auth.login(organizer)
    form = {
        **EVENT_FORM,
        "title": event.title,
        "starts_at": "2027-11-02T10:00",
        "ends_at": "2027-11-02T12:00",
        "organizers": [organizer.id],
    }
    response = client.post(f"/events/{event.id}/edit", data=form)
    assert response.status_code == 302
    message = mailbox.last(member.email)
    assert message["Subject"] == f"Changed: {event.title}"
    invite = attachments(message)["invite.ics"].get_content()
    assert "SEQUENCE:1" in invite and "METHOD:REQUEST" in invite


def test_cancelling_the_event_asks_first_and_mails_the_organizers_message(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer)
    member = make_user()
    registrations.register(event, user=member)
    db.session.commit()
    auth.login(organizer)
    manage = client.get(f"/events/{event.id}/manage").get_data(as_text=True)
    assert "Cancel the event" in manage and "Reinstate" not in manage
    asked = client.post(f"/events/{event.id}/cancel")
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and f"Cancel {event.title}?" in html
    assert "A message to registrants (optional)" in html
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "published"
    assert all(m["Subject"] != f"Cancelled: {event.title}" for m in mailbox.to(member.email))
    response = client.post(
        f"/events/{event.id}/cancel",
        data={"confirmed": "1", "message": "The speaker is ill.\nWe will set a new date."},
    )
    assert response.status_code == 302
    message = mailbox.last(member.email)
    assert message["Subject"] == f"Cancelled: {event.title}"
    assert "The speaker is ill." in mailbox.text(message)
    invite = attachments(message)["invite.ics"].get_content()
    assert "METHOD:CANCEL" in invite and "STATUS:CANCELLED" in invite


def test_a_cancelled_event_is_reinstated_before_it_starts(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, capacity=1)
    member, waiting = make_user(), make_user()
    for user in (member, waiting):
        registrations.register(event, user=user)
        db.session.commit()
    auth.login(organizer)
    client.post(f"/events/{event.id}/cancel", data={"confirmed": "1"})
    assert "Cancelled" in client.get(f"/events/{event.slug}").get_data(as_text=True)
    manage = client.get(f"/events/{event.id}/manage").get_data(as_text=True)
    assert "Reinstate the event" in manage and "Cancel the event" not in manage
    asked = client.post(f"/events/{event.id}/reinstate").get_data(as_text=True)
    assert f"Reinstate {event.title}?" in asked
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "cancelled"
    response = client.post(
        f"/events/{event.id}/reinstate", data={"confirmed": "1"}, follow_redirects=True
    )
    assert "The event is back on and registrants have been told." in response.get_data(as_text=True)
    db.session.expire_all()
    reinstated = db.session.get(Event, event.id)
    assert reinstated.status == "published" and reinstated.seats_taken == 1
    assert registration_of(event, member.email).state == "confirmed"
    assert registration_of(event, waiting.email).state == "waitlisted"
    message = mailbox.last(member.email)
    assert message["Subject"] == f"Back on: {event.title}"
    assert "METHOD:REQUEST" in attachments(message)["invite.ics"].get_content()
    assert mailbox.last(waiting.email)["Subject"] == f"Back on: {event.title}"


def test_a_started_event_is_not_reinstated(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, status="cancelled", starts_in=timedelta(hours=-1))
    auth.login(organizer)
    assert "Reinstate" not in client.get(f"/events/{event.id}/manage").get_data(as_text=True)
    response = client.post(
        f"/events/{event.id}/reinstate", data={"confirmed": "1"}, follow_redirects=True
    )
    assert "This event has already started" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "cancelled"


def test_destructive_buttons_ask_first(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, capacity=1, questions=[{"kind": "short", "label": "Diet"}])
    member, waiting = make_user(), make_user()
    for user in (member, waiting):
        registrations.register(event, user=user)
        db.session.commit()
    first, second = (registration_of(event, u.email) for u in (member, waiting))
    question = event.questions[0]
    auth.login(organizer)
    steps = [
        (f"/events/{event.id}/questions/{question.id}/delete", {}, "Remove this question?"),
        (
            f"/events/{event.id}/registrants/{second.id}",
            {"action": "reject"},
            f"Reject {second.name}?",
        ),
        (
            f"/events/{event.id}/registrants/{first.id}",
            {"action": "cancel"},
            f"Cancel the registration of {first.name}?",
        ),
    ]
    for path, data, title in steps:
        asked = client.post(path, data=data)
        assert asked.status_code == 200 and title in asked.get_data(as_text=True), path
    db.session.expire_all()
    assert [q.label for q in db.session.get(Event, event.id).questions] == ["Diet"]
    assert (first.state, second.state) == ("confirmed", "waitlisted")
    for path, data, _title in steps:
        assert client.post(path, data={**data, "confirmed": "1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).questions == []
    assert (first.state, second.state) == ("cancelled", "rejected")

    auth.logout()
    auth.login(member)
    feed = re.compile(r"/events/my/[\w-]+\.ics")
    address = feed.search(client.get("/events/my").get_data(as_text=True)).group()
    asked = client.post("/events/my/feed/reset").get_data(as_text=True)
    assert "Replace your calendar address?" in asked
    assert feed.search(client.get("/events/my").get_data(as_text=True)).group() == address
    client.post("/events/my/feed/reset", data={"confirmed": "1"})
    assert feed.search(client.get("/events/my").get_data(as_text=True)).group() != address


def test_reminders_are_sent_once(app, mailbox):
    event = make_event(starts_in=timedelta(hours=20))
    member = make_user()
    registrations.register(event, user=member)
    db.session.commit()
    assert reminders.send_reminders() == 1
    db.session.commit()
    assert reminders.send_reminders() == 0
    db.session.commit()
    subjects = [m["Subject"] for m in mailbox.to(member.email)]
    assert subjects.count(f"Reminder: {event.title}") == 1


def test_reminder_waits_for_its_hour(app):
    event = make_event(starts_in=timedelta(hours=30))
    registrations.register(event, user=make_user())
    db.session.commit()
    assert reminders.send_reminders() == 0
    assert reminders.send_reminders(now=utcnow() + timedelta(hours=7)) == 1


def test_pages_work_in_spanish_and_french(client, auth):
    event = make_event()
    auth.login(make_user(language="es"))
    assert "Inscripción" in client.get(f"/events/{event.slug}").get_data(as_text=True)
    client.post("/language", data={"lang": "fr"})
    assert "Inscription" in client.get(f"/events/{event.slug}").get_data(as_text=True)


# --- Other domains -------------------------------------------------------------------------------


def test_deleting_an_account_anonymizes_registrations_and_frees_the_seat(app):
    event = make_event(capacity=1)
    leaving, waiting = make_user(), make_user()
    for user in (leaving, waiting):
        registrations.register(event, user=user)
        db.session.commit()
    data = dict(result for _receiver, result in account_data.send(leaving))
    assert data["event_registrations"][0]["event"] == event.title
    registration_id = registration_of(event, leaving.email).id
    account_deleting.send(leaving)
    db.session.commit()
    row = db.session.get(Registration, registration_id)
    assert (row.name, row.email, row.user_id, row.state) == (
        "",
        f"deleted-{row.id}@invalid",
        None,
        "cancelled",
    )
    assert registration_of(event, waiting.email).state == "confirmed"


def test_group_page_lists_the_groups_upcoming_events(client):
    from network.groups.models import WorkingGroup

    group = WorkingGroup(slug="remittances", name="Remittances")
    db.session.add(group)
    db.session.commit()
    make_event(title="Group seminar", group_id=group.id)
    page = client.get("/groups/remittances")
    assert page.status_code == 200
    assert "Group seminar" in page.get_data(as_text=True)


def test_registration_not_yet_open_is_refused(client, auth):
    event = make_event()
    event.registration_opens_at = utcnow() + timedelta(days=1)
    db.session.commit()
    auth.login(make_user())
    response = client.post(f"/events/{event.slug}/register")
    assert response.status_code == 409
    assert "Registration has not opened yet." in response.get_data(as_text=True)


def test_registration_opening_time_in_a_dst_gap_is_refused(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_event(organizer, timezone="Europe/Berlin")
    auth.login(organizer)
    response = client.post(
        f"/events/{event.id}/settings",
        data={"capacity": "", "reminder_hours": "24", "opens_at": "2026-03-29T02:30"},
    )
    assert response.status_code == 400
    assert "does not exist in Europe/Berlin" in response.get_data(as_text=True)


def test_group_only_events_are_seen_by_group_members(client, auth):
    from network.groups.models import GroupMembership, WorkingGroup

    group = WorkingGroup(slug="returns", name="Return migration")
    inside, outside = make_user(), make_user()
    db.session.add(group)
    db.session.flush()
    db.session.add(GroupMembership(group_id=group.id, user_id=inside.id, state="active"))
    db.session.commit()
    event = make_event(title="Group only", visibility="group", group_id=group.id)
    auth.login(outside)
    assert client.get(f"/events/{event.slug}").status_code == 404
    assert "Group only" not in client.get("/events/").get_data(as_text=True)
    auth.logout()
    auth.login(inside)
    assert client.get(f"/events/{event.slug}").status_code == 200
    assert "Group only" in client.get("/events/").get_data(as_text=True)


def test_user_text_is_escaped(client):
    event = make_event(
        title="<script>alert(1)</script>", description="<img src=x onerror=alert(1)> **ok**"
    )
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<img" not in page and "<strong>ok</strong>" in page


def test_periodic_jobs_send_reminders_and_expire_holds(app, mailbox):
    from network.events.tasks import expire_registration_holds, send_event_reminders

    event = make_event(starts_in=timedelta(hours=2))
    member = make_user()
    registrations.register(event, user=member)
    stale = registrations.register(
        event, name="Never confirmed", email="never@example.org", now=utcnow() - timedelta(days=2)
    )
    db.session.commit()
    send_event_reminders()
    expire_registration_holds()
    assert mailbox.last(member.email)["Subject"] == f"Reminder: {event.title}"
    assert registration_of(event, stale.email).state == "cancelled"


def test_registrant_csv_shows_labels_in_the_organizers_language(client, auth):
    organizer = make_user(Role.ORGANIZER, language="es")
    event = make_event(
        organizer,
        questions=[
            {"kind": "checkbox", "label": "Necesito interpretación"},
            {"kind": "multiple", "label": "Talleres", "choices": ["Remesas", "Vivienda"]},
        ],
    )
    needs, workshops = (q.id for q in event.questions)
    registrations.register(
        event, user=make_user(name="Ana"), answers={needs: True, workshops: ["Remesas", "Vivienda"]}
    )
    registrations.register(event, user=make_user(name="Bo"), answers={needs: False})
    db.session.commit()
    auth.login(organizer)
    response = client.get(f"/events/{event.id}/registrants.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][-2:] == ["Necesito interpretación", "Talleres"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Ana"][2] == "Confirmada" and by_name["Bo"][2] == "Confirmada"
    assert by_name["Ana"][-2:] == ["Sí", "Remesas; Vivienda"]
    assert by_name["Bo"][-2:] == ["No", ""]


def test_a_message_to_registrants_is_markdown_with_a_reply_to_the_organizer(client, auth, mailbox):
    organizer = make_user(Role.ORGANIZER, email="org@example.org")
    event = make_event(organizer)
    attendee = make_user(email="att@example.org")
    registrations.register(event, user=attendee)
    db.session.commit()
    auth.login(organizer)
    body = (
        "We meet in **room 4**, see [the map](https://example.org/map).\n\n"
        "- bring your badge\n- <script>alert(1)</script>"
    )
    client.post(
        f"/events/{event.id}/message",
        data={"states": ["confirmed"], "subject": "Room change", "body": body},
    )
    message = mailbox.last("att@example.org")
    assert message["Reply-To"] == "org@example.org"
    html = mailbox.html(message)
    assert "<strong>room 4</strong>" in html and 'href="https://example.org/map"' in html
    assert "<script>" not in html and "<li>bring your badge</li>" in html
    text = mailbox.text(message).replace("\r\n", "\n")
    assert "We meet in room 4, see the map (https://example.org/map)." in text
    assert "- bring your badge\n- <script>alert(1)</script>" in text
    assert "**" not in text
