"""Buttons that destroy something ask first: the first POST changes nothing and shows what will
happen; the POST from that page acts."""

from sqlalchemy import select

from network.conferences.models import ProgrammeSession
from network.extensions import db
from tests.test_conferences_programme import conference_with_accepted_abstract, place


def test_deleting_a_programme_session_asks_first(client, auth):
    organizer, event, abstract = conference_with_accepted_abstract()
    session = place(event, abstract)
    auth.login(organizer)
    delete = f"/conferences/{event.slug}/manage/sessions/{session.id}/delete"
    asked = client.post(delete)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Delete this session?" in html
    assert f'action="{delete}"' in html and 'name="confirmed" value="1"' in html
    assert db.session.scalar(select(ProgrammeSession)) is not None
    response = client.post(delete, data={"confirmed": "1"}, follow_redirects=True)
    assert "The session is deleted." in response.get_data(as_text=True)
    assert db.session.scalar(select(ProgrammeSession)) is None
