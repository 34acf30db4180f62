import pytest
from markupsafe import Markup
from sqlalchemy import select

from network.auth.models import Role
from network.extensions import db
from network.groups.models import GroupMembership, MembershipState, WorkingGroup
from network.signals import group_sections
from network.themes.models import Theme
from tests.factories import make_user
from tests.factories_groups import add_member, make_group


def make_theme():
    theme = Theme(
        slug="remittances",
        name_en="Remittances",
        name_es="Remesas",
        name_fr="Envois de fonds",
        position=1,
    )
    db.session.add(theme)
    db.session.commit()
    return theme


def group_form(**overrides):
    data = {
        "name": "Labour migration",
        "slug": "labour-migration",
        "description": "We study **skills** and <script>alert(1)</script> recruitment.",
        "theme_id": "0",
        "chair_email": "",
        "cochair_email": "",
    }
    data.update(overrides)
    return data


def test_staff_creates_group_with_chairs_and_theme(client, auth):
    staff = make_user(Role.STAFF)
    chair = make_user(name="Kwame Mensah", email="kwame@example.org")
    cochair = make_user(name="Ana Quispe", email="ana@example.org")
    theme = make_theme()
    auth.login(staff)
    response = client.post(
        "/groups/new",
        data=group_form(
            theme_id=str(theme.id), chair_email="KWAME@example.org", cochair_email="ana@example.org"
        ),
    )
    assert response.headers["Location"] == "/groups/labour-migration"
    page = client.get("/groups/labour-migration").get_data(as_text=True)
    assert "<strong>skills</strong>" in page
    assert "<script>alert(1)" not in page
    assert "Kwame Mensah" in page and "Ana Quispe" in page
    assert "Theme: Remittances" in page
    group = db.session.scalar(select(WorkingGroup))
    assert (group.chair_id, group.cochair_id) == (chair.id, cochair.id)
    states = db.session.scalars(select(GroupMembership.state)).all()
    assert states == ["active", "active"]  # chairs are members


def test_group_page_in_spanish_and_french(client):
    make_group(name="Remesas y desarrollo", slug="remesas")
    client.post("/language", data={"lang": "es"})
    assert "Miembros" in client.get("/groups/remesas").get_data(as_text=True)
    client.post("/language", data={"lang": "fr"})
    assert "Groupes de travail" in client.get("/groups/").get_data(as_text=True)


def test_staff_edits_group(client, auth):
    auth.login(make_user(Role.STAFF))
    group = make_group(slug="diaspora")
    chair = make_user(email="chair@example.org")
    form = client.get("/groups/diaspora/edit").get_data(as_text=True)
    assert 'value="diaspora"' in form
    response = client.post(
        "/groups/diaspora/edit",
        data=group_form(
            name="Diaspora resources", slug="diaspora", chair_email="chair@example.org"
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkingGroup, group.id).chair_id == chair.id


def test_bad_group_input_is_explained_and_nothing_saved(client, auth):
    auth.login(make_user(Role.STAFF))
    make_group(slug="taken")
    make_user(email="same@example.org")
    cases = [
        (group_form(name="\u202eevil"), "characters that are not allowed"),
        (group_form(name="   "), "This field is required."),
        (group_form(slug="Bad Slug!"), "lowercase letters, digits and hyphens only"),
        (group_form(slug="taken"), "Another group already uses this address."),
        (group_form(slug="new"), "Another group already uses this address."),
        (group_form(chair_email="nobody@example.org"), "No account uses this email address."),
        (group_form(chair_email="not-an-email"), "Enter a valid email address."),
        (
            group_form(chair_email="same@example.org", cochair_email="same@example.org"),
            "must be a different person",
        ),
        (group_form(theme_id="999"), "Not a valid choice"),
        (group_form(description="x" * 20001), "Field cannot be longer than 20000 characters."),
    ]
    for data, message in cases:
        response = client.post("/groups/new", data=data)
        assert response.status_code == 400, message
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(WorkingGroup.id))) == 1


def test_only_staff_create_or_edit_groups(client, auth):
    make_group(slug="g")
    assert client.get("/groups/new").headers["Location"].startswith("/login")
    auth.login(make_user())
    assert client.get("/groups/new").status_code == 403
    assert client.post("/groups/new", data=group_form()).status_code == 403
    assert client.post("/groups/g/edit", data=group_form(slug="g")).status_code == 403
    assert client.get("/groups/nothing-here/edit").status_code == 403


def test_join_approve_leave(client, auth, mailbox):
    chair = make_user(name="Chair Person", email="chair@example.org", language="fr")
    group = make_group(name="Forced displacement", slug="forced", chair=chair)
    member = make_user(name="José Ñúñez", email="jose@example.org", language="es")

    auth.login(member)
    response = client.post("/groups/forced/join", follow_redirects=True)
    assert "Su solicitud para unirse fue enviada" in response.get_data(as_text=True)
    page = client.get("/groups/forced").get_data(as_text=True)
    assert "Su solicitud para unirse está esperando" in page
    assert "<li>José Ñúñez</li>" not in page  # pending people are not listed
    again = client.post("/groups/forced/join", follow_redirects=True).get_data(as_text=True)
    assert "ya está esperando" in again
    assert client.get("/groups/forced/requests").status_code == 403
    auth.logout()
    notice = mailbox.last("chair@example.org")
    assert notice["Subject"] == "José Ñúñez demande à rejoindre Forced displacement"
    assert len(mailbox.to("chair@example.org")) == 1  # the repeated request sent nothing

    auth.login(chair)
    assert "1 en attente" in client.get("/groups/forced").get_data(as_text=True)
    queue = client.get(mailbox.links(notice)[0].split("puente.test", 1)[1]).get_data(as_text=True)
    assert "José Ñúñez" in queue
    request_id = db.session.scalar(
        select(GroupMembership.id).where(GroupMembership.user_id == member.id)
    )
    response = client.post(f"/groups/forced/requests/{request_id}/approve", follow_redirects=True)
    assert "José Ñúñez est maintenant membre du groupe." in response.get_data(as_text=True)
    message = mailbox.last("jose@example.org")
    assert message["Subject"] == "Bienvenido/a al grupo de trabajo Forced displacement"
    assert "http://puente.test/groups/forced" in mailbox.text(message)
    again = client.post(f"/groups/forced/requests/{request_id}/approve", follow_redirects=True)
    assert "a déjà été traitée" in again.get_data(as_text=True)
    auth.logout()

    auth.login(make_user())  # people without a profile are named to members, as a new profile is
    assert "<li>José Ñúñez</li>" in client.get("/groups/forced").get_data(as_text=True)
    auth.logout()
    auth.login(member)
    asked = client.post("/groups/forced/leave").get_data(as_text=True)
    assert "¿Salir del grupo" in asked  # in the member's language
    assert "<li>José Ñúñez</li>" in client.get("/groups/forced").get_data(as_text=True)
    client.post("/groups/forced/leave", data={"confirmed": "1"})
    assert "<li>José Ñúñez</li>" not in client.get("/groups/forced").get_data(as_text=True)
    assert (
        group.id
        and db.session.scalar(select(GroupMembership).where(GroupMembership.user_id == member.id))
        is None
    )


def test_chair_declines_request(client, auth, mailbox):
    chair = make_user()
    group = make_group(slug="g", chair=chair)
    applicant = make_user(email="x@example.org")
    pending = add_member(group, applicant, MembershipState.PENDING)
    auth.login(chair)
    decline = f"/groups/g/requests/{pending.id}/reject"
    assert "Decline this request to join" in client.post(decline).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(GroupMembership, pending.id).state == "pending"
    response = client.post(decline, data={"confirmed": "1"}, follow_redirects=True)
    assert "was declined" in response.get_data(as_text=True)
    assert (
        db.session.scalar(select(GroupMembership).where(GroupMembership.user_id == applicant.id))
        is None
    )
    assert mailbox.to("x@example.org") == []


def test_only_chairs_and_staff_decide(client, auth):
    chair, cochair, outsider = make_user(), make_user(), make_user()
    group = make_group(slug="g", chair=chair, cochair=cochair)
    other = make_group(slug="other", chair=outsider)
    pending = add_member(group, make_user(), MembershipState.PENDING)
    approve = f"/groups/g/requests/{pending.id}/approve"

    assert client.get("/groups/g/requests").headers["Location"].startswith("/login")
    auth.login(outsider)  # chairs another group
    assert client.get("/groups/g/requests").status_code == 403
    assert client.post(approve).status_code == 403
    # a request of group g addressed through the group the outsider chairs
    assert client.post(f"/groups/other/requests/{pending.id}/approve").status_code == 404
    assert other.id
    auth.logout()

    auth.login(cochair)
    assert client.get("/groups/g/requests").status_code == 200
    auth.logout()
    auth.login(make_user(Role.STAFF))
    assert client.post(approve).status_code == 302
    db.session.expire_all()
    assert db.session.get(GroupMembership, pending.id).state == "active"


def test_leaving_when_not_a_member_and_unknown_group(client, auth):
    make_group(slug="g")
    auth.login(make_user())
    response = client.post("/groups/g/leave", data={"confirmed": "1"}, follow_redirects=True)
    assert "You are not a member of this group." in response.get_data(as_text=True)
    assert client.post("/groups/missing/join").status_code == 404
    assert client.get("/groups/missing").status_code == 404


def test_join_needs_sign_in_and_get_changes_nothing(client):
    make_group(slug="g")
    assert client.post("/groups/g/join").headers["Location"].startswith("/login")
    assert client.get("/groups/g/join").status_code == 405
    assert db.session.scalar(select(GroupMembership)) is None


def test_sections_from_other_domains_are_shown(client):
    group = make_group(slug="g", name="Remittances")

    def events_section(sender):
        return Markup("<section><h2>Events of {}</h2></section>").format(sender.name)

    group_sections.connect(events_section)
    try:
        assert "<h2>Events of Remittances</h2>" in client.get("/groups/g").get_data(as_text=True)
    finally:
        group_sections.disconnect(events_section)
    assert group.id


def test_names_are_escaped(client, auth):
    chair = make_user(name="<b>Bold</b> Chair")
    make_group(slug="g", name="<i>G</i>", chair=chair)
    auth.login(make_user())
    page = client.get("/groups/g").get_data(as_text=True)
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt; Chair" in page
    assert "<i>G</i>" not in page


def test_demo_groups_follow_the_seeded_themes(app):
    import random

    from network.demo import seed_users
    from network.groups.demo import seed_groups
    from network.themes.services import seed_themes

    seed_themes()
    rng = random.Random(1)
    seed_users(rng)
    groups = seed_groups(rng)
    db.session.commit()
    assert len(groups) == 12
    assert all(group.theme is not None and group.theme.slug == group.slug for group in groups)
    for group in groups:
        active = {
            m.user_id
            for m in db.session.scalars(
                select(GroupMembership).where(
                    GroupMembership.group_id == group.id, GroupMembership.state == "active"
                )
            )
        }
        assert {group.chair_id, group.cochair_id} <= active


def test_member_names_follow_the_profiles_visibility(client, auth):
    from tests.factories_members import make_profile

    public, members_only, private, none = (
        make_user(name=n) for n in ("Pub Lic", "Mem Ber", "Pri Vate", "No Profile")
    )
    group = make_group(slug="g", chair=private)  # chairs are members
    for person in (public, members_only, none):
        add_member(group, person)
    public_profile = make_profile(public)
    members_profile = make_profile(members_only, visibility="members")
    make_profile(private, visibility="private")

    page = client.get("/groups/g").get_data(as_text=True)
    assert f'<a href="/members/{public_profile.id}">Pub Lic</a>' in page
    assert "Mem Ber" not in page and "Pri Vate" not in page and "No Profile" not in page
    assert "3 members keep their names private." in page and "Name not shown" in page
    auth.login(make_user())
    page = client.get("/groups/g").get_data(as_text=True)
    assert f'<a href="/members/{members_profile.id}">Mem Ber</a>' in page
    assert "<li>No Profile</li>" in page
    assert "Pri Vate" not in page and "1 member keeps their name private." in page
    auth.logout()
    auth.login(private)
    assert "Pri Vate" in client.get("/groups/g").get_data(as_text=True)
    auth.logout()
    auth.login(make_user(Role.STAFF))
    assert "Pri Vate" in client.get("/groups/g").get_data(as_text=True)


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_posts_without_csrf_token_are_refused(client, auth):
    chair = make_user()
    group = make_group(slug="g", chair=chair)
    pending = add_member(group, make_user(), MembershipState.PENDING)
    auth.login(chair)
    assert client.post(f"/groups/g/requests/{pending.id}/approve").status_code == 400
    assert client.post("/groups/g/leave").status_code == 400
    db.session.expire_all()
    assert db.session.get(GroupMembership, pending.id).state == "pending"
    assert client.get("/groups/g/requests").status_code == 200  # signed in all along
