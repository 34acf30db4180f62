"""Public pages kept rendered for signed-out visitors, and parts kept for viewers of one kind
(staff lists, searches, menus): a write shows at once, tokens stay each visitor's own, and
nobody gets what another kind of viewer sees."""

import re

import pytest

from network import create_app
from network.auth.models import Role
from network.extensions import db
from network.members.models import Organization
from tests.factories import make_user
from tests.factories_library import make_item
from tests.factories_members import make_organization, make_profile
from tests.support import AuthActions
from tests.test_membership import make_membership


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


def signed_in(app, user):
    client = app.test_client()
    AuthActions(client).login(user)
    return client


def test_the_staff_member_list_follows_writes_and_stays_the_staffs(app):
    person = make_user(name="Chidi Okafor")
    make_membership(person, "lapsed")
    # Signing in writes; every viewer is signed in before the list is first kept.
    staff, spanish_staff = (
        signed_in(app, make_user(Role.STAFF)),
        signed_in(app, make_user(Role.STAFF, language="es")),
    )
    member = signed_in(app, make_user())
    assert "Chidi Okafor" in staff.get("/membership/staff/members?status=lapsed").text
    assert member.get("/membership/staff/members?status=lapsed").status_code == 403
    assert "Vencida" in spanish_staff.get("/membership/staff/members?status=lapsed").text

    person.name = "Chidi Okafor-Nwosu"
    db.session.commit()
    listed = staff.get("/membership/staff/members?status=lapsed").text
    assert "Chidi Okafor-Nwosu" in listed
    assert "Lapsed" in listed


def test_search_results_kept_for_one_viewer_never_reach_another(app):
    hidden = make_profile(display_name="Ixchel Balam", visibility="private")
    owner, other = signed_in(app, hidden.user), signed_in(app, make_user())
    staff = signed_in(app, make_user(Role.STAFF))
    assert "Ixchel Balam" in owner.get("/search/?q=ixchel").text

    assert "Ixchel Balam" not in other.get("/search/?q=ixchel").text
    assert "Ixchel Balam" not in app.test_client().get("/search/?q=ixchel").text
    assert "Ixchel Balam" in staff.get("/search/?q=ixchel").text


def test_a_signed_in_reader_of_the_library_sees_a_new_item_at_once(app):
    reader = signed_in(app, make_user())
    make_item(texts={"en": ("Remittance corridors in the Sahel", "An abstract.")})
    assert "Remittance corridors in the Sahel" in reader.get("/library/?q=sahel").text

    make_item(texts={"en": ("Seasonal work across the Sahel", "An abstract.")})
    page = reader.get("/library/?q=sahel").text
    assert "Seasonal work across the Sahel" in page
    assert "2 items" in page


def test_menus_read_in_each_viewers_language_and_role(app):
    member = signed_in(app, make_user())
    staff = signed_in(app, make_user(Role.STAFF, language="fr"))
    assert 'id="staff-menu"' not in member.get("/themes/").text
    page = staff.get("/themes/").text
    assert 'id="staff-menu"' in page
    assert ">Annuaire<" in page
    assert ">Directory<" in member.get("/themes/").text


def test_a_signed_in_account_follows_a_role_change_at_once(app):
    staff_user = make_user(Role.STAFF)
    staff, admin = signed_in(app, staff_user), signed_in(app, make_user(Role.ADMIN))
    assert staff.get("/membership/staff/members").status_code == 200  # the account is now kept

    admin.post(f"/staff/users/{staff_user.id}/role", data={"role": "member"})
    assert staff.get("/membership/staff/members").status_code == 403
    assert 'id="staff-menu"' not in staff.get("/themes/").text
