"""Public pages kept rendered for signed-out visitors: a write shows at once, tokens stay each
visitor's own, and signed-in people never get a signed-out page."""

import re

import pytest

from network import create_app
from network.extensions import db
from network.members.models import Organization
from tests.factories import make_user
from tests.factories_members import make_organization


def token(response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))[1]


def test_a_write_shows_on_the_next_read(client):
    organization = make_organization(name="Red Andina")
    assert "Red Andina" in client.get("/members/directory?type=organizations").text

    organization.name = "Red Andina del Sur"
    db.session.commit()

    assert "Red Andina del Sur" in client.get("/members/directory?type=organizations").text


def test_a_write_through_another_worker_shows_too(config_class, client):
    """Each worker keeps its own cache; another one's write still reaches this one's readers."""
    organization = make_organization(name="Red Andina")
    assert "Red Andina" in client.get("/members/directory?type=organizations").text
    other_worker = create_app(config_class)
    with other_worker.app_context():
        db.session.get(Organization, organization.id).name = "Red Andina del Sur"
        db.session.commit()
        db.session.remove()

    assert "Red Andina del Sur" in client.get("/members/directory?type=organizations").text


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_each_visitor_gets_a_token_of_their_own(app):
    first, second = app.test_client(), app.test_client()
    mine = token(first.get("/events/"))
    theirs = token(second.get("/events/"))  # served from the cache
    assert mine != theirs
    answer = second.post("/language", data={"lang": "es", "next": "/events/", "csrf_token": theirs})
    assert answer.status_code == 302
    assert '<html lang="es"' in second.get("/events/").text


def test_signed_in_people_see_their_own_page(client, auth):
    client.get("/")
    person = make_user(name="Grace Wanjiru")
    auth.login(person)
    assert "Grace Wanjiru" in client.get("/").text
