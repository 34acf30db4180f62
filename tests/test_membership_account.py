import json

from sqlalchemy import select

from network.auth.models import User
from network.extensions import db
from network.groups.models import GroupMembership, WorkingGroup
from network.membership.models import Membership
from network.signals import account_data, account_deleting
from tests.factories import PASSWORD, make_user
from tests.factories_groups import make_group
from tests.test_membership import make_membership


def test_account_page_links_to_data_and_deletion(client, auth):
    auth.login(make_user(language="es"))
    page = client.get("/account").get_data(as_text=True)
    assert "Descargar mis datos (JSON)" in page and "/account/delete" in page


def test_download_my_data(client, auth):
    person = make_user(name="Rahel Tesfaye", email="rahel@example.org")
    other = make_user(email="other@example.org")
    make_membership(person, statement="Ethiopian diaspora in the Gulf.")
    make_group(name="Labour migration", slug="labour", chair=person)
    make_membership(other, statement="Someone else's secret")
    auth.login(person)
    response = client.get("/account/data")
    assert response.headers["Content-Type"] == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "rahel@example.org"
    assert data["account"]["name"] == "Rahel Tesfaye"
    assert "password_hash" not in data["account"] and "session_token" not in data["account"]
    assert data["membership"]["statement"] == "Ethiopian diaspora in the Gulf."
    assert data["working_groups"][0]["group"] == "Labour migration"
    body = response.get_data(as_text=True)
    assert "other@example.org" not in body and "secret" not in body and "scrypt" not in body
    auth.logout()
    assert client.get("/account/data").headers["Location"].startswith("/login")


def test_every_account_data_receiver_is_included(client, auth):
    def events_data(user):
        return "event_registrations", [{"event": "Seminar", "user": user.id}]

    account_data.connect(events_data)
    try:
        person = make_user()
        auth.login(person)
        data = client.get("/account/data").get_json()
    finally:
        account_data.disconnect(events_data)
    assert data["event_registrations"] == [{"event": "Seminar", "user": person.id}]


def test_delete_account_with_password(client, auth):
    person = make_user(email="leaving@example.org")
    staying = make_user()
    make_membership(person)
    group = make_group(slug="g", chair=person)
    make_group(slug="h", chair=staying)
    seen = []

    def other_domain(user):
        seen.append(user.email)

    account_deleting.connect(other_domain)
    try:
        auth.login(person)
        page = client.get("/account/delete")
        assert page.status_code == 200 and "Delete my account" in page.get_data(as_text=True)
        response = client.post(
            "/account/delete", data={"password": PASSWORD}, follow_redirects=True
        )
    finally:
        account_deleting.disconnect(other_domain)
    assert "Your account and your data have been deleted." in response.get_data(as_text=True)
    assert seen == ["leaving@example.org"]
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.email == "leaving@example.org")) is None
    assert db.session.scalar(select(Membership)) is None
    assert db.session.scalars(select(GroupMembership.user_id)).all() == [staying.id]
    assert db.session.get(WorkingGroup, group.id).chair_id is None
    assert client.get("/account").headers["Location"].startswith("/login")  # signed out
    response = client.post("/login", data={"email": "leaving@example.org", "password": PASSWORD})
    assert "Invalid email or password." in response.get_data(as_text=True)


def test_delete_account_refused_with_wrong_password(client, auth):
    person = make_user()
    make_membership(person)
    auth.login(person)
    for password, message in [
        ("wrong password", "Your password is not correct."),
        ("", "This field is required."),
    ]:
        response = client.post("/account/delete", data={"password": password})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, person.id) is not None
    assert db.session.scalar(select(Membership)) is not None
    assert client.get("/account").status_code == 200


def test_delete_needs_post_and_sign_in(client):
    assert (
        client.post("/account/delete", data={"password": PASSWORD})
        .headers["Location"]
        .startswith("/login")
    )


def test_deleting_a_staff_account_keeps_the_memberships_it_decided(client, auth):
    from network.auth.models import Role

    staff = make_user(Role.STAFF)
    membership = make_membership(make_user(), "applicant")
    auth.login(staff)
    client.post(f"/membership/staff/{membership.id}/approve")
    client.post("/account/delete", data={"password": PASSWORD})
    db.session.expire_all()
    kept = db.session.get(Membership, membership.id)
    assert kept.status == "active" and kept.decided_by_id is None
