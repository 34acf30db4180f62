"""Sending a newsletter through the pages and the worker loop, against real SMTP servers."""

import threading
from datetime import timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from network.auth.models import Role
from network.dbtypes import utcnow
from network.extensions import db
from network.lists.links import unsubscribe_url
from network.lists.models import SubscriptionState
from network.newsletters import audience, sending, services
from network.newsletters.models import Delivery, Newsletter
from network.newsletters.tasks import newsletter_tick, queue_senders
from tests.factories import make_user
from tests.factories_lists import make_list, make_subscriber, subscribe
from tests.factories_newsletters import make_audience, make_newsletter, start_without_senders
from tests.support import free_port

FAST = {"NEWSLETTER_RATE": 0}


class PickyServer:
    """An SMTP server that refuses some recipients: 451 (try later) once, or 550 (no such user)
    always, and can run a callback while a message is being received."""

    def __init__(self):
        self.port = free_port()
        self.received = []
        self.temporary = set()
        self.permanent = set()
        self.on_message = None
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if address in self.permanent:
                return "550 5.1.1 No such user here"
            if address in self.temporary:
                self.temporary.discard(address)
                return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append((envelope.rcpt_tos[0], message))
            callback, self.on_message = self.on_message, None
        if callback:
            callback(message)
        return "250 Accepted"

    def to(self, address):
        return [m for rcpt, m in self.received if rcpt == address]


PICKY = PickyServer()


@pytest.fixture(scope="module")
def _picky_running():
    PICKY.controller.start()
    yield PICKY
    PICKY.controller.stop()


@pytest.fixture
def picky(_picky_running):
    yield PICKY
    PICKY.received.clear()
    PICKY.temporary.clear()
    PICKY.permanent.clear()
    PICKY.on_message = None


@pytest.fixture
def staff(app):
    return make_user(Role.STAFF, name="Lucía Fernández", email="lucia@example.org")


def send_through_page(client, newsletter):
    response = client.post(f"/newsletters/{newsletter.id}/send")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def deliveries(newsletter):
    db.session.expire_all()
    return db.session.scalars(
        select(Delivery).where(Delivery.newsletter_id == newsletter.id).order_by(Delivery.id)
    ).all()


@pytest.mark.parametrize("app", [FAST], indirect=True)
def test_everyone_on_the_lists_gets_it_once_and_nobody_else(app, client, auth, staff, mailbox):
    news, events = make_list(name="News"), make_list(name="Events")
    both = make_subscriber("both@example.org", name="Ana")
    subscribe(both, news)
    subscribe(both, events)
    only_events = make_subscriber("events@example.org")
    subscribe(only_events, events)
    opted_out = make_subscriber("optedout@example.org")
    subscribe(opted_out, news)
    opted_out.opted_out_at = utcnow()
    bouncing = make_subscriber("bouncing@example.org")
    subscribe(bouncing, news)
    bouncing.bouncing_at = utcnow()
    subscribe(make_subscriber("left@example.org"), news, state=SubscriptionState.UNSUBSCRIBED)
    subscribe(make_subscriber("unconfirmed@example.org"), news, state=SubscriptionState.PENDING)
    db.session.commit()
    newsletter = make_newsletter([news, events])
    auth.login(staff)

    page = client.get(f"/newsletters/{newsletter.id}/send")
    assert "People this newsletter will reach: 2" in page.get_data(as_text=True)
    response = send_through_page(client, newsletter)

    assert len(mailbox.to("both@example.org")) == 1
    assert len(mailbox.to("events@example.org")) == 1
    for address in (
        "optedout@example.org",
        "bouncing@example.org",
        "left@example.org",
        "unconfirmed@example.org",
    ):
        assert mailbox.to(address) == []
    assert [d.state for d in deliveries(newsletter)] == ["sent", "sent"]
    progress = client.get(response.location).get_data(as_text=True)
    assert "Sent" in progress and 'data-progress="sent">2<' in progress
    assert db.session.get(Newsletter, newsletter.id).status == "sent"


@pytest.mark.parametrize("app", [FAST], indirect=True)
def test_each_reader_gets_their_language_name_headers_and_links(app, client, auth, staff, mailbox):
    mailing_list = make_list(slug="boletin", name="Bulletin")
    readers = {
        "es": make_subscriber("es@example.org", name="José Ñúñez", language="es"),
        "fr": make_subscriber(
            "fr@example.org", name="<b>Aïssatou</b> & [x](https://evil.example)", language="fr"
        ),
        "en": make_subscriber("en@example.org", name="", language="en"),
    }
    for reader in readers.values():
        subscribe(reader, mailing_list)
    newsletter = make_newsletter(
        [mailing_list],
        subject="News for {{ name }}",
        versions={
            "es": (
                "Noticias para {{ name }}",
                "Hola {{ name }}, lee [el informe](https://example.org/es).",
            )
        },
    )
    auth.login(staff)
    send_through_page(client, newsletter)

    spanish = mailbox.last("es@example.org")
    assert spanish["Subject"] == "Noticias para José Ñúñez"
    assert "Hola José Ñúñez, lee el informe (https://example.org/es)." in mailbox.text(spanish)
    assert 'href="https://example.org/es"' in mailbox.html(spanish)
    assert "Darse de baja de esta lista" in mailbox.html(spanish)
    assert spanish["List-Id"] == '"Bulletin" <boletin.puente.test>'
    assert spanish["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<http://puente.test/advocacy/unsubscribe/" in spanish["List-Unsubscribe"]
    assert (
        spanish["Message-ID"] == f"<newsletter.{newsletter.id}.{readers['es'].id}@puente.localhost>"
    )
    links = mailbox.links(spanish)
    assert any("/advocacy/unsubscribe/" in link for link in links)
    assert any(f"/advocacy/preferences/{readers['es'].secret}" in link for link in links)

    french = mailbox.last("fr@example.org")  # no French version: the main one
    html = mailbox.html(french)
    assert french["Subject"] == "News for <b>Aïssatou</b> & [x](https://evil.example)"
    assert "Hello &lt;b&gt;Aïssatou&lt;/b&gt; &amp; [x](https://evil.example)," in html
    assert 'evil.example"' not in html and "<b>Aïssatou" not in html
    assert "Unsubscribe from this list" in html  # no French version: all of it in the main language
    english = mailbox.last("en@example.org")
    assert "Hello friend," in mailbox.text(english)


@pytest.mark.parametrize("app", [FAST], indirect=True)
def test_a_list_named_in_spanish_only_is_named_in_its_list_id(app, client, auth, staff, mailbox):
    mailing_list = make_list(slug="boletin-es", name="x")
    mailing_list.name_en, mailing_list.name_es, mailing_list.name_fr = "", "Boletín «Migración»", ""
    reader = make_subscriber("ana@example.org", name="Ana Núñez", language="es")
    subscribe(reader, mailing_list)
    newsletter = make_newsletter([mailing_list], subject="Noticias para {{ name }}")
    auth.login(staff)
    send_through_page(client, newsletter)

    received = mailbox.last("ana@example.org")
    assert received["List-Id"] == "Boletín «Migración» <boletin-es.puente.test>"
    assert received["Subject"] == "Noticias para Ana Núñez"
    assert [d.state for d in deliveries(newsletter)] == ["sent"]


@pytest.mark.parametrize("app", [FAST], indirect=True)
def test_no_tracking_pixel_and_links_untouched(app, client, auth, staff, mailbox):
    mailing_list, (reader,) = make_audience(1)
    newsletter = make_newsletter(
        [mailing_list],
        body="See [our map](https://example.org/map?x=1&y=2) "
        "and https://example.org/plain\n\n![img](https://t.example/p.gif)",
    )
    auth.login(staff)
    send_through_page(client, newsletter)
    html = mailbox.html(mailbox.last(reader.email))
    assert 'href="https://example.org/map?x=1&amp;y=2"' in html
    assert "<img" not in html and "t.example" not in html
    assert "https://example.org/plain" in mailbox.text(mailbox.last(reader.email))


@pytest.mark.parametrize("app", [FAST], indirect=True)
def test_unsubscribe_during_the_send_is_honored(app, client, auth, staff, mailbox, smtp_server):
    mailing_list, readers = make_audience(3)
    late = readers[2]
    path = unsubscribe_url(late, mailing_list).removeprefix("http://puente.test")
    newsletter = make_newsletter([mailing_list])
    auth.login(staff)
    original = smtp_server.mailbox.handle_DATA

    async def unsubscribe_while_receiving(server, session, envelope):
        if len(mailbox.messages) == 0:
            # The reader presses "unsubscribe" in their mail program while the send runs.
            answer = app.test_client().post(
                path,
                data="List-Unsubscribe=One-Click",
                content_type="application/x-www-form-urlencoded",
            )
            assert answer.status_code == 200
        return await original(server, session, envelope)

    smtp_server.mailbox.handle_DATA = unsubscribe_while_receiving
    try:
        send_through_page(client, newsletter)
    finally:
        del smtp_server.mailbox.handle_DATA
    assert len(mailbox.to(readers[0].email)) == 1
    assert len(mailbox.to(readers[1].email)) == 1
    assert mailbox.to(late.email) == []
    states = {d.subscriber_id: (d.state, d.last_error) for d in deliveries(newsletter)}
    assert states[late.id] == ("skipped", "unsubscribed")


@pytest.mark.parametrize("app", [{**FAST, "MAIL_PORT": PICKY.port}], indirect=True)
def test_temporary_failure_is_retried_with_backoff(app, client, auth, staff, picky):
    mailing_list, readers = make_audience(3)
    greylisted = readers[1].email
    picky.temporary.add(greylisted)
    newsletter = make_newsletter([mailing_list])
    auth.login(staff)
    send_through_page(client, newsletter)

    waiting = next(d for d in deliveries(newsletter) if d.subscriber_id == readers[1].id)
    assert (waiting.state, waiting.attempts) == ("pending", 1)
    assert waiting.last_error.startswith("451")
    assert timedelta(seconds=50) < waiting.next_attempt_at - utcnow() <= timedelta(minutes=1)
    assert picky.to(greylisted) == []
    assert db.session.get(Newsletter, newsletter.id).status == "sending"

    newsletter_tick()  # before the retry time: nothing happens
    assert picky.to(greylisted) == []
    # A minute passes.
    a_minute_ago = utcnow() - timedelta(minutes=1)
    db.session.execute(update(Delivery).values(next_attempt_at=a_minute_ago))
    db.session.execute(update(Newsletter).values(kicked_at=a_minute_ago))
    db.session.commit()
    newsletter_tick()
    assert len(picky.to(greylisted)) == 1
    assert [d.state for d in deliveries(newsletter)] == ["sent"] * 3
    assert db.session.get(Newsletter, newsletter.id).status == "sent"
    assert sum(len(picky.to(r.email)) for r in readers) == 3


@pytest.mark.parametrize("app", [{**FAST, "MAIL_PORT": PICKY.port}], indirect=True)
def test_permanent_failure_is_recorded_and_the_address_marked_bouncing(
    app, client, auth, staff, picky
):
    mailing_list, readers = make_audience(3)
    gone = readers[0]
    picky.permanent.add(gone.email)
    newsletter = make_newsletter([mailing_list])
    auth.login(staff)
    response = send_through_page(client, newsletter)

    failed = next(d for d in deliveries(newsletter) if d.subscriber_id == gone.id)
    assert (failed.state, failed.attempts) == ("failed", 1)
    assert failed.last_error.startswith("550")
    db.session.refresh(gone)
    assert gone.bouncing_at is not None
    page = client.get(response.location).get_data(as_text=True)
    assert gone.email in page and "550 5.1.1 No such user here" in page
    assert db.session.get(Newsletter, newsletter.id).status == "sent"
    # The next newsletter leaves the bouncing address out.
    assert audience.audience_count(make_newsletter([mailing_list])) == 2


@pytest.mark.parametrize("app", [{**FAST, "MAIL_PORT": PICKY.port}], indirect=True)
def test_pause_resume_and_cancel_through_the_pages(app, client, auth, staff, picky):
    mailing_list, readers = make_audience(6)
    newsletter = make_newsletter([mailing_list])
    auth.login(staff)
    other_staff = app.test_client()
    other_staff.post("/login", data={"email": staff.email, "password": "a long test passphrase"})
    picky.on_message = lambda _m: other_staff.post(f"/newsletters/{newsletter.id}/pause")
    send_through_page(client, newsletter)

    assert len(picky.received) == 1  # paused after the message being sent
    figures = client.get(f"/newsletters/{newsletter.id}/progress.json").get_json()
    assert figures["status"] == "paused" and figures["sent"] == 1 and figures["pending"] == 5
    assert "Resume" in client.get(f"/newsletters/{newsletter.id}/progress").get_data(as_text=True)

    picky.on_message = lambda _m: other_staff.post(f"/newsletters/{newsletter.id}/pause")
    client.post(f"/newsletters/{newsletter.id}/resume")
    assert len(picky.received) == 2
    asked = client.post(f"/newsletters/{newsletter.id}/cancel").get_data(as_text=True)
    assert "What has not been sent yet will not be sent." in asked
    assert (
        client.get(f"/newsletters/{newsletter.id}/progress.json").get_json()["status"] == "paused"
    )
    response = client.post(f"/newsletters/{newsletter.id}/cancel", data={"confirmed": "1"})
    assert response.status_code == 302
    figures = client.get(f"/newsletters/{newsletter.id}/progress.json").get_json()
    assert figures["status"] == "cancelled" and figures["sent"] == 2 and figures["skipped"] == 4
    assert client.post(f"/newsletters/{newsletter.id}/resume").status_code == 409
    newsletter_tick()
    assert len(picky.received) == 2
    assert sorted(r for r, _m in picky.received) == sorted({r for r, _m in picky.received})


@pytest.mark.parametrize("app", [FAST], indirect=True)
def test_schedule_in_the_staff_members_time_zone(app, client, auth, mailbox):
    staff = make_user(Role.STAFF, timezone="America/Bogota")
    mailing_list, readers = make_audience(2)
    newsletter = make_newsletter([mailing_list])
    auth.login(staff)
    when = (
        (utcnow() + timedelta(days=2))
        .astimezone(ZoneInfo("America/Bogota"))
        .replace(second=0, microsecond=0)
    )
    response = client.post(
        f"/newsletters/{newsletter.id}/schedule", data={"send_at": when.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Newsletter, newsletter.id)
    assert stored.status == "scheduled"
    assert stored.scheduled_at == when  # same instant: 5 hours later in UTC
    assert stored.scheduled_at.utcoffset() == timedelta(0)
    assert (stored.scheduled_at.hour - when.hour) % 24 == 5

    assert sending.tick(utcnow()) == []  # not due yet
    assert mailbox.to(readers[0].email) == []
    for newsletter_id in sending.tick(stored.scheduled_at + timedelta(seconds=30)):
        queue_senders(newsletter_id)
    assert len(mailbox.to(readers[0].email)) == 1 and len(mailbox.to(readers[1].email)) == 1
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).status == "sent"


@pytest.mark.parametrize(
    "send_at, message",
    [
        ("2020-01-01T10:00", "Choose a time in the future."),
        ("2031-03-30T02:30", "does not exist in Europe/Berlin"),
        ("soon", "Enter a date and time."),
        ("", "Enter a date and time."),
    ],
)
def test_bad_schedule_times_are_refused(app, client, auth, send_at, message):
    staff = make_user(Role.STAFF, timezone="Europe/Berlin")
    mailing_list, _readers = make_audience(1)
    newsletter = make_newsletter([mailing_list])
    auth.login(staff)
    response = client.post(f"/newsletters/{newsletter.id}/schedule", data={"send_at": send_at})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).status == "draft"


@pytest.mark.parametrize("app", [{"MAIL_PORT": free_port()}], indirect=True)
def test_mail_server_down_loses_nothing(app, client, auth, staff):
    mailing_list, readers = make_audience(3)
    newsletter = make_newsletter([mailing_list])
    auth.login(staff)
    send_through_page(client, newsletter)
    rows = deliveries(newsletter)
    assert [d.state for d in rows] == ["pending"] * 3
    assert all(d.claim_token is None and d.next_attempt_at > utcnow() for d in rows)
    assert db.session.get(Newsletter, newsletter.id).status == "sending"


def test_sending_twice_is_refused(app, client, auth, staff, mailbox):
    mailing_list, readers = make_audience(2)
    newsletter = make_newsletter([mailing_list])
    auth.login(staff)
    send_through_page(client, newsletter)
    again = client.post(f"/newsletters/{newsletter.id}/send")
    assert again.status_code == 409
    assert "already been sent" in again.get_data(as_text=True)
    assert len(mailbox.to(readers[0].email)) == 1
    assert len(deliveries(newsletter)) == 2


def test_empty_audience_is_refused(app, client, auth, staff):
    newsletter = make_newsletter([make_list()])
    auth.login(staff)
    response = client.post(f"/newsletters/{newsletter.id}/send")
    assert response.status_code == 409
    assert "Nobody is in this audience" in response.get_data(as_text=True)
    assert db.session.get(Newsletter, newsletter.id).status == "draft"


def test_claims_never_overlap_and_stale_leases_are_taken_over(app):
    mailing_list, readers = make_audience(5)
    newsletter = make_newsletter([mailing_list])
    start_without_senders(newsletter)
    now, lease = utcnow(), timedelta(seconds=30)
    first = sending.claim_batch(newsletter.id, "a" * 32, now, 3, lease)
    second = sending.claim_batch(newsletter.id, "b" * 32, now, 3, lease)
    assert len(first) == 3 and len(second) == 2 and not set(first) & set(second)
    assert sending.claim_batch(newsletter.id, "c" * 32, now, 3, lease) == []
    # Worker "a" dies: once its lease is over its rows are claimable again, the others' not.
    later = now + timedelta(seconds=31)
    db.session.execute(
        update(Delivery).where(Delivery.id.in_(second)).values(lease_until=later + lease)
    )
    assert sending.claim_batch(newsletter.id, "d" * 32, later, 10, lease) == first


def test_starting_a_newsletter_queues_its_senders_once_the_start_is_committed(app, mailbox):
    mailing_list, readers = make_audience(2)
    newsletter = make_newsletter([mailing_list])
    services.send_now(newsletter, utcnow())
    db.session.rollback()  # the start is undone: nobody may receive it
    assert mailbox.messages == []
    assert db.session.get(Newsletter, newsletter.id).status == "draft"

    services.send_now(newsletter, utcnow())
    db.session.commit()  # no one queues the senders by hand

    assert sorted(rcpts[0] for rcpts, _message in mailbox.messages) == sorted(
        reader.email for reader in readers
    )
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).status == "sent"


@pytest.mark.parametrize("app", [FAST], indirect=True)
def test_the_plain_text_part_keeps_links_tables_and_lists(app, client, auth, staff, mailbox):
    mailing_list, (reader,) = make_audience(1)
    body = (
        "Hello {{ name }}, read [the report](https://example.org/report) & write to "
        "<info@example.org>. Type <b>bold</b> with **stars**.\n\n"
        "| City | Date |\n|---|---|\n| Dakar | 12 May |\n| Lima | 3 June |\n\n"
        "- remittances\n- housing\n\n1. first\n2. second"
    )
    newsletter = make_newsletter([mailing_list], body=body)
    auth.login(staff)
    send_through_page(client, newsletter)
    text = mailbox.text(mailbox.last(reader.email)).replace("\r\n", "\n")
    assert "read the report (https://example.org/report) & write to info@example.org." in text
    assert "Type <b>bold</b> with stars." in text
    assert "&amp;" not in text and "&lt;" not in text
    assert "City | Date\nDakar | 12 May\nLima | 3 June" in text
    assert "- remittances\n- housing" in text and "1. first\n2. second" in text


@pytest.mark.parametrize("app", [FAST], indirect=True)
def test_a_version_older_than_the_main_text_is_flagged_and_confirmed(
    app, client, auth, staff, mailbox
):
    mailing_list, (reader,) = make_audience(1)
    newsletter = make_newsletter([mailing_list], versions={"es": ("Noticias", "Texto en español.")})
    auth.login(staff)
    warning = "The version in Spanish was not updated after the main version changed."
    assert warning not in client.get(f"/newsletters/{newsletter.id}/send").get_data(as_text=True)
    edited = client.post(
        f"/newsletters/{newsletter.id}/edit",
        data={
            "subject": newsletter.subject,
            "preheader": "This month in brief",
            "sender_name": "Puente Secretariat",
            "language": "en",
            "body": "A corrected text.",
            "lists": [str(mailing_list.id)],
            "segment_group": "0",
            "segment_theme": "0",
        },
    )
    assert edited.status_code == 302, edited.get_data(as_text=True)
    for page in ("edit", "send", "versions/es"):
        assert warning in client.get(f"/newsletters/{newsletter.id}/{page}").get_data(as_text=True)
    refused = client.post(f"/newsletters/{newsletter.id}/send")
    assert refused.status_code == 409
    assert "confirm that they go out as they are" in refused.get_data(as_text=True)
    assert mailbox.to(reader.email) == []
    assert db.session.get(Newsletter, newsletter.id).status == "draft"
    confirmed = client.post(f"/newsletters/{newsletter.id}/send", data={"outdated_ok": "y"})
    assert confirmed.status_code == 302
    assert "A corrected text." in mailbox.text(mailbox.last(reader.email))


@pytest.mark.parametrize("app", [FAST], indirect=True)
def test_saving_the_version_again_clears_the_flag(app, client, auth, staff):
    mailing_list, _readers = make_audience(1)
    newsletter = make_newsletter([mailing_list], versions={"fr": ("Nouvelles", "Texte.")})
    services.save_newsletter(
        newsletter,
        staff,
        services.Content(newsletter.subject, "", "A new text."),
        sender_name=newsletter.sender_name,
        language="en",
        lists=[mailing_list],
        segment=services.Segment(),
    )
    db.session.commit()
    assert db.session.get(Newsletter, newsletter.id).outdated_versions == ["fr"]
    auth.login(staff)
    client.post(
        f"/newsletters/{newsletter.id}/versions/fr",
        data={"subject": "Nouvelles", "body": "Nouveau texte."},
    )
    db.session.expire_all()
    assert db.session.get(Newsletter, newsletter.id).outdated_versions == []
    page = client.get(f"/newsletters/{newsletter.id}").get_data(as_text=True)
    assert "was not updated after the main version changed" not in page


@pytest.mark.parametrize("app", [FAST], indirect=True)
def test_the_progress_page_offers_no_pause_or_cancel_once_the_send_is_over(
    app, client, auth, staff
):
    mailing_list, _readers = make_audience(2)
    newsletter = make_newsletter([mailing_list])
    start_without_senders(newsletter)
    auth.login(staff)
    sending_page = client.get(f"/newsletters/{newsletter.id}/progress").get_data(as_text=True)
    assert ">Pause<" in sending_page and "Cancel the newsletter" in sending_page
    assert client.get(f"/newsletters/{newsletter.id}/progress.json").get_json()["finished"] is False
    db.session.execute(update(Delivery).values(state="sent", sent_at=utcnow()))
    db.session.commit()
    figures = client.get(f"/newsletters/{newsletter.id}/progress.json").get_json()
    assert figures["status"] == "sending" and figures["finished"] is True
    done_page = client.get(f"/newsletters/{newsletter.id}/progress").get_data(as_text=True)
    assert ">Pause<" not in done_page and "Cancel the newsletter" not in done_page
    assert "data-progress-actions" not in done_page
