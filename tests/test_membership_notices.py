"""Staff hear of each membership application once, in their own language."""

from network.auth.models import Role
from network.extensions import db
from tests.factories import make_user
from tests.factories_members import make_organization


def subjects(mailbox, address):
    return [m["Subject"] for m in mailbox.to(address)]


def test_staff_are_told_once_per_application_in_their_language(client, auth, mailbox):
    make_user(Role.STAFF, email="staff@example.org", language="es")
    make_user(Role.ADMIN, email="admin@example.org")
    make_user(Role.ORGANIZER, email="organizer@example.org")
    gone = make_user(Role.STAFF, email="gone@example.org")
    gone.is_active_account = False
    db.session.commit()
    applicant = make_user(name="Aminata Diallo")
    auth.login(applicant)
    client.post("/membership/apply", data={"statement": "I study remittances."})
    client.post("/membership/apply", data={"statement": "Again, by mistake."})  # refused

    [message] = mailbox.to("staff@example.org")
    assert message["Subject"] == "Solicitud de membresía: Aminata Diallo"
    link = next(link for link in mailbox.links(message) if "/membership/staff/" in link)
    assert subjects(mailbox, "admin@example.org") == ["Membership application: Aminata Diallo"]
    assert mailbox.to("organizer@example.org") == [] and mailbox.to("gone@example.org") == []
    assert mailbox.to(applicant.email) == []

    auth.logout()
    auth.login(make_user(Role.STAFF))
    page = client.get(link.split("puente.test", 1)[1]).get_data(as_text=True)
    assert "Aminata Diallo" in page and "I study remittances." in page


def test_an_organizations_application_is_announced_as_one(client, auth, mailbox):
    make_user(Role.STAFF, email="staff@example.org")
    admin = make_user()
    org = make_organization(admin, name="Casa del Migrante")
    auth.login(admin)
    client.post(f"/membership/organizations/{org.id}/apply", data={"statement": "We serve many."})
    message = mailbox.last("staff@example.org")
    assert message["Subject"] == "Membership application: Casa del Migrante"
    assert "applied to become a member organization" in mailbox.text(message)
