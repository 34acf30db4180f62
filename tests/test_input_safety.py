"""Line separators and control characters: refused in one-line fields, harmless in mail headers."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from network.advocacy.models import Campaign
from network.auth.models import Role
from network.email import EmailHeaderError, check_header, send_email
from network.events.models import Event
from network.extensions import db
from network.lists.models import MailingList
from network.validators import one_line
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_lists import make_list, make_subscriber, subscribe
from tests.factories_newsletters import send_campaign_update
from tests.test_events import EVENT_FORM

# Each of these ends a line for Python's email package (str.splitlines), and so for our mail.
SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"]
LIST_FORM = {
    "slug": "forum",
    "kind": "public",
    "group_id": "0",
    "visibility": "public",
    "name_es": "",
    "name_fr": "",
    "description_en": "",
    "description_es": "",
    "description_fr": "",
}
CAMPAIGN_FORM = {
    "slug": "forum-2026",
    "summary": "Our demands.",
    "statement": "We demand safe routes.",
    "goal": "500",
    "languages": ["en"],
    "list_id": "0",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("separator", SEPARATORS)
def test_names_with_a_line_separator_are_refused_with_a_message(client, auth, separator):
    auth.login(make_user(Role.STAFF))
    name = f"Forum{separator}Bcc: victims@example.org"
    answers = [
        client.post("/advocacy/staff/lists/new", data={**LIST_FORM, "name_en": name}),
        client.post("/advocacy/staff/campaigns/new", data={**CAMPAIGN_FORM, "title": name}),
        client.post("/events/new", data={**EVENT_FORM, "title": name}),
    ]
    for answer in answers:
        assert answer.status_code == 400
        assert "Write this on a single line." in answer.get_data(as_text=True)
    assert count(MailingList) == count(Campaign) == count(Event) == 0


def test_c1_control_characters_are_refused(client, auth):
    auth.login(make_user(Role.STAFF))
    answer = client.post(
        "/advocacy/staff/lists/new", data={**LIST_FORM, "name_en": "Forum\x9bnews"}
    )
    assert answer.status_code == 400
    assert "This field contains characters that are not allowed." in answer.get_data(as_text=True)
    assert count(MailingList) == 0


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_stored_list_name_with_a_separator_adds_no_header(app, mailbox, separator):
    # Stored before names were checked: the List-Id of the mail must stay one header.
    mailing_list = make_list("campaign", name=f"Forum{separator}Bcc: victims@example.org")
    subscribe(make_subscriber("reader@example.org"), mailing_list)
    assert send_campaign_update(app, make_campaign(mailing_list=mailing_list)).status_code == 302
    message = mailbox.last("reader@example.org")
    assert message.get_all("Bcc") is None
    assert message["List-Id"].startswith('"Forum Bcc: victims@example.org" <')


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_subject_with_a_separator_stays_one_header(app, mailbox, separator):
    with app.test_request_context():
        send_email(
            "reader@example.org", "auth/email_taken", f"Seminar{separator}Bcc: x@example.org"
        )
        db.session.commit()
    message = mailbox.last("reader@example.org")
    assert message.get_all("Bcc") is None and message["Subject"] == "Seminar Bcc: x@example.org"


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_header_text_is_always_one_line(value):
    assert len(one_line(value).splitlines()) <= 1
    try:
        assert len(check_header(value).splitlines()) <= 1
    except EmailHeaderError:
        assert any(c in value for c in "\r\n\0")
