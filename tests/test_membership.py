from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from network.auth.models import Role
from network.extensions import db
from network.membership import services
from network.membership.models import Membership
from network.membership.tasks import renewals
from tests.factories import make_user


def make_membership(
    user, status="active", *, start=None, renewal=None, statement="I study remittances."
):
    today = services.today()
    if status == "active" or status == "lapsed":
        start = start or today - timedelta(days=100)
        renewal = renewal or start + timedelta(days=365)
    membership = Membership(
        user_id=user.id, status=status, statement=statement, start_date=start, renewal_date=renewal
    )
    db.session.add(membership)
    db.session.commit()
    return membership


def reload(membership):
    db.session.expire_all()
    return db.session.get(Membership, membership.id)


def test_apply_then_staff_approves(client, auth, mailbox):
    person = make_user(name="Aïssatou Diallo", email="aissatou@example.org", language="fr")
    auth.login(person)
    assert "Demander l’adhésion" in client.get("/membership/").get_data(as_text=True)
    response = client.post(
        "/membership/apply",
        data={"statement": "Je travaille sur la diaspora malienne."},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Votre candidature est envoyée" in page
    assert "Candidat·e" in page
    again = client.post("/membership/apply", data={"statement": "Encore"}, follow_redirects=True)
    assert "déjà en attente" in again.get_data(as_text=True)
    auth.logout()

    auth.login(make_user(Role.STAFF))
    queue = client.get("/membership/staff/").get_data(as_text=True)
    assert "Aïssatou Diallo" in queue and "Je travaille sur la diaspora malienne." in queue
    membership = db.session.scalar(select(Membership))
    response = client.post(f"/membership/staff/{membership.id}/approve", follow_redirects=True)
    assert "The application is approved." in response.get_data(as_text=True)
    membership = reload(membership)
    today = services.today()
    assert membership.status == "active"
    assert membership.start_date == today
    assert membership.renewal_date == today + timedelta(days=365)
    message = mailbox.last("aissatou@example.org")
    assert message["Subject"] == "Bienvenue dans Puente"
    assert "http://puente.test/membership/" in mailbox.text(message)
    again = client.post(f"/membership/staff/{membership.id}/approve", follow_redirects=True)
    assert "that action does not apply" in again.get_data(as_text=True)


@pytest.mark.parametrize("app", [{"MEMBERSHIP_TERM_DAYS": 730}], indirect=True)
def test_term_length_is_configurable(client, auth):
    membership = make_membership(make_user(), "applicant")
    auth.login(make_user(Role.STAFF))
    client.post(f"/membership/staff/{membership.id}/approve")
    assert reload(membership).renewal_date == services.today() + timedelta(days=730)


def test_staff_declines_application(client, auth, mailbox):
    person = make_user(email="no@example.org", language="es")
    membership = make_membership(person, "applicant")
    auth.login(make_user(Role.STAFF))
    decline = f"/membership/staff/{membership.id}/reject"
    assert "Decline the application of" in client.post(decline).get_data(as_text=True)
    assert db.session.scalar(select(Membership)) is not None and mailbox.to("no@example.org") == []
    client.post(decline, data={"confirmed": "1"})
    assert db.session.scalar(select(Membership)) is None
    assert mailbox.last("no@example.org")["Subject"] == "Su solicitud de ingreso a Puente"
    auth.logout()
    auth.login(person)
    assert "Solicitar la membresía" in client.get("/membership/").get_data(as_text=True)


def test_suspend_reactivate_renew(client, auth):
    membership = make_membership(make_user())
    auth.login(make_user(Role.STAFF))
    client.post(f"/membership/staff/{membership.id}/suspend")
    assert reload(membership).status == "suspended"
    response = client.post(f"/membership/staff/{membership.id}/renew", follow_redirects=True)
    assert "that action does not apply" in response.get_data(as_text=True)
    client.post(f"/membership/staff/{membership.id}/reactivate")
    membership = reload(membership)
    assert membership.status == "active"
    old_renewal = membership.renewal_date
    client.post(f"/membership/staff/{membership.id}/renew")
    assert reload(membership).renewal_date == old_renewal + timedelta(days=365)


def test_reactivating_a_lapsed_membership_starts_a_new_term(client, auth):
    today = services.today()
    membership = make_membership(
        make_user(), "lapsed", start=today - timedelta(days=400), renewal=today - timedelta(days=35)
    )
    auth.login(make_user(Role.STAFF))
    client.post(f"/membership/staff/{membership.id}/reactivate")
    membership = reload(membership)
    assert (membership.status, membership.start_date) == ("active", today)
    assert membership.renewal_date == today + timedelta(days=365)


def test_staff_sets_renewal_date_and_bad_dates_are_refused(client, auth):
    membership = make_membership(make_user())
    auth.login(make_user(Role.STAFF))
    target = services.today() + timedelta(days=20)
    response = client.post(
        f"/membership/staff/{membership.id}/renewal-date", data={"renewal_date": target.isoformat()}
    )
    assert response.status_code == 302
    assert reload(membership).renewal_date == target
    for bad, message in [
        ("2020-01-01", "must come after the start date"),
        ("31/31/2031", "Not a valid date value."),
        ("", "This field is required."),
    ]:
        response = client.post(
            f"/membership/staff/{membership.id}/renewal-date", data={"renewal_date": bad}
        )
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert reload(membership).renewal_date == target


def test_member_sees_own_status(client, auth):
    person = make_user()
    make_membership(person, renewal=date(2031, 5, 17), start=date(2030, 5, 17))
    auth.login(person)
    page = client.get("/membership/").get_data(as_text=True)
    assert "Active" in page and "May 17, 2031" in page


@pytest.mark.parametrize(
    "statement, message",
    [
        ("", "This field is required."),
        ("Hola \u202e", "characters that are not allowed"),
        ("x" * 2001, "Field cannot be longer than 2000 characters."),
    ],
)
def test_bad_application_is_explained(client, auth, statement, message):
    auth.login(make_user())
    response = client.post("/membership/apply", data={"statement": statement})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Membership)) is None


def test_suspended_member_cannot_reapply(client, auth):
    person = make_user()
    make_membership(person, "suspended")
    auth.login(person)
    response = client.post("/membership/apply", data={"statement": "again"}, follow_redirects=True)
    assert "This membership is suspended" in response.get_data(as_text=True)


def test_lapsed_member_applies_again(client, auth):
    person = make_user()
    today = services.today()
    membership = make_membership(
        person, "lapsed", start=today - timedelta(days=400), renewal=today - timedelta(days=35)
    )
    auth.login(person)
    client.post("/membership/apply", data={"statement": "Back from fieldwork."})
    membership = reload(membership)
    assert (membership.status, membership.statement) == ("applicant", "Back from fieldwork.")


def test_staff_pages_are_staff_only(client, auth):
    membership = make_membership(make_user(), "applicant")
    urls_get = [
        "/membership/staff/",
        "/membership/staff/members",
        f"/membership/staff/{membership.id}",
        "/membership/staff/import",
        "/membership/staff/members?format=csv",
    ]
    urls_post = [
        f"/membership/staff/{membership.id}/approve",
        f"/membership/staff/{membership.id}/suspend",
        f"/membership/staff/{membership.id}/renewal-date",
        "/membership/staff/import/confirm",
    ]
    for url in urls_get:
        assert client.get(url).headers["Location"].startswith("/login")
    auth.login(make_user(Role.ORGANIZER))
    for url in urls_get:
        assert client.get(url).status_code == 403, url
    for url in urls_post:
        assert client.post(url).status_code == 403, url
    assert reload(membership).status == "applicant"
    for url in ["/membership/", "/membership/apply", "/account/data"]:
        assert client.get(url).status_code == 200


def test_status_check_constraint(app):
    user = make_user()
    db.session.add(Membership(user_id=user.id, status="honorary"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Membership(user_id=user.id, status="active"))  # active needs a term
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_unknown_membership_is_404(client, auth):
    auth.login(make_user(Role.STAFF))
    assert client.get("/membership/staff/999").status_code == 404
    assert client.post("/membership/staff/999/approve").status_code == 404


def test_renewal_reminder_sent_once_per_term_and_lapsing(app, mailbox):
    today = services.today()
    due = make_membership(
        make_user(email="due@example.org", language="es"),
        start=today - timedelta(days=340),
        renewal=today + timedelta(days=25),
    )
    later = make_membership(
        make_user(email="later@example.org"),
        start=today - timedelta(days=300),
        renewal=today + timedelta(days=65),
    )
    ended = make_membership(
        make_user(email="ended@example.org"),
        start=today - timedelta(days=370),
        renewal=today - timedelta(days=1),
    )
    last_day = make_membership(
        make_user(email="lastday@example.org"), start=today - timedelta(days=365), renewal=today
    )

    renewals()
    renewals()

    assert len(mailbox.to("due@example.org")) == 1
    message = mailbox.last("due@example.org")
    assert message["Subject"] == "Su membresía de Puente debe renovarse"
    assert (today + timedelta(days=25)).strftime("%Y") in mailbox.text(message)
    assert "http://puente.test/membership/" in mailbox.text(message)
    assert mailbox.to("later@example.org") == []
    assert mailbox.to("ended@example.org") == []
    assert len(mailbox.to("lastday@example.org")) == 1
    assert reload(due).reminded_for_renewal == today + timedelta(days=25)
    assert reload(ended).status == "lapsed"
    assert reload(last_day).status == "active"
    assert reload(later).reminded_for_renewal is None

    # A new term gets its own reminder.
    due = reload(due)
    due.renewal_date = today + timedelta(days=10)
    db.session.commit()
    renewals()
    assert len(mailbox.to("due@example.org")) == 2


def test_demo_memberships_have_mixed_statuses(app):
    import random

    from network.demo import seed_users
    from network.membership.demo import seed_membership

    rng = random.Random(2026)
    seed_users(rng)
    seed_membership(rng)
    db.session.commit()
    statuses = set(db.session.scalars(select(Membership.status)))
    assert {"active", "applicant", "lapsed"} <= statuses


def test_organization_applies_through_its_admin_and_admins_hear_back(client, auth, mailbox):
    from network.members.models import OrganizationAdmin
    from tests.factories_members import make_organization

    admin = make_user(name="Leila Haddad", email="leila@example.org", language="fr")
    second = make_user(email="second@example.org")
    org = make_organization(admin, name="Association des Maliens de Montreuil")
    db.session.add(OrganizationAdmin(organization_id=org.id, user_id=second.id))
    db.session.commit()
    outsider = make_user()

    auth.login(outsider)
    assert client.get(f"/membership/organizations/{org.id}/apply").status_code == 403
    assert (
        client.post(
            f"/membership/organizations/{org.id}/apply", data={"statement": "x"}
        ).status_code
        == 403
    )
    assert client.get("/membership/organizations/999/apply").status_code == 404
    auth.logout()

    auth.login(admin)
    status = client.get("/membership/").get_data(as_text=True)
    assert "Adhésion d’Association des Maliens de Montreuil" in status
    client.post(
        f"/membership/organizations/{org.id}/apply",
        data={"statement": "Nous accompagnons les travailleurs maliens."},
    )
    membership = db.session.scalar(select(Membership))
    assert (membership.organization_id, membership.user_id, membership.applied_by_id) == (
        org.id,
        None,
        admin.id,
    )
    assert services.membership_of(admin) is None  # the person is not a member by this
    auth.logout()

    auth.login(make_user(Role.STAFF))
    queue = client.get("/membership/staff/").get_data(as_text=True)
    assert "Association des Maliens de Montreuil" in queue
    detail = client.get(f"/membership/staff/{membership.id}").get_data(as_text=True)
    assert f'href="/members/org/{org.id}"' in detail and "Leila Haddad" in detail  # applied by
    client.post(f"/membership/staff/{membership.id}/approve")
    message = mailbox.last("leila@example.org")
    assert message["Subject"] == "Bienvenue dans Puente"
    assert "La candidature d’Association des Maliens de Montreuil est approuvée" in mailbox.text(
        message
    )
    assert len(mailbox.to("second@example.org")) == 1


def test_member_renews_in_the_last_thirty_days(client, auth):
    person = make_user()
    today = services.today()
    membership = make_membership(
        person, start=today - timedelta(days=300), renewal=today + timedelta(days=65)
    )
    auth.login(person)
    assert "Renew the membership" not in client.get("/membership/").get_data(as_text=True)
    response = client.post("/membership/renew", follow_redirects=True)
    assert "You can renew from" in response.get_data(as_text=True)
    assert reload(membership).renewal_date == today + timedelta(days=65)

    membership = reload(membership)
    membership.renewal_date = today + timedelta(days=12)
    db.session.commit()
    assert "Renew the membership" in client.get("/membership/").get_data(as_text=True)
    response = client.post("/membership/renew", follow_redirects=True)
    assert "The membership now runs until" in response.get_data(as_text=True)
    assert reload(membership).renewal_date == today + timedelta(days=12 + 365)


def test_renewing_without_membership_or_someone_elses_organization(client, auth):
    from tests.factories_members import make_organization

    org = make_organization()
    auth.login(make_user())
    assert client.post("/membership/renew").status_code == 404
    assert client.post(f"/membership/organizations/{org.id}/renew").status_code == 403


def test_organization_reminder_goes_to_every_admin_once(app, mailbox):
    from network.members.models import OrganizationAdmin
    from tests.factories_members import make_organization

    first, second = (
        make_user(email="a1@example.org"),
        make_user(email="a2@example.org", language="es"),
    )
    org = make_organization(first, name="Hometown Club")
    db.session.add(OrganizationAdmin(organization_id=org.id, user_id=second.id))
    today = services.today()
    db.session.add(
        Membership(
            organization_id=org.id,
            status="active",
            start_date=today - timedelta(days=350),
            renewal_date=today + timedelta(days=15),
        )
    )
    db.session.commit()
    renewals()
    renewals()
    assert len(mailbox.to("a1@example.org")) == 1 and len(mailbox.to("a2@example.org")) == 1
    assert "La membresía de Hometown Club en Puente debe renovarse" in mailbox.text(
        mailbox.last("a2@example.org")
    )


@pytest.mark.parametrize("language", ["es", "fr"])
def test_staff_pages_render_in_each_language(client, auth, language):
    membership = make_membership(make_user(), "applicant")
    make_membership(make_user())
    auth.login(make_user(Role.STAFF, language=language))
    for url in [
        "/membership/",
        "/membership/apply",
        "/membership/staff/",
        "/membership/staff/members",
        f"/membership/staff/{membership.id}",
        "/membership/staff/import",
        "/account/delete",
        "/groups/",
        "/groups/new",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.get_data(as_text=True)


def test_demo_organizations_get_memberships(app):
    import random

    from network.membership.demo import seed_organization_memberships
    from tests.factories_members import make_organization

    admin = make_user()
    orgs = [make_organization(admin, name=f"Org {n}") for n in range(6)]
    memberships = seed_organization_memberships(random.Random(3))
    db.session.commit()
    assert {m.organization_id for m in memberships} == {o.id for o in orgs}
    assert all(m.applied_by_id == admin.id for m in memberships)


def test_two_workers_at_once_send_one_reminder(app, mailbox):
    import threading

    today = services.today()
    for n in range(5):
        make_membership(
            make_user(email=f"due{n}@example.org"),
            start=today - timedelta(days=340),
            renewal=today + timedelta(days=25),
        )
    db.session.remove()
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            with app.app_context():
                barrier.wait()
                services.send_renewal_reminders(today)
                db.session.commit()
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)

    threads = [threading.Thread(target=worker) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [len(mailbox.to(f"due{n}@example.org")) for n in range(5)] == [1] * 5
