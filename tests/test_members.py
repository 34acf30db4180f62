"""Person and organization profiles through their pages: editing, privacy, bad input, contact."""

import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import delete, func, select

from network.auth.models import Role
from network.dbtypes import utcnow
from network.errors import DomainError
from network.extensions import db
from network.members import admins, services
from network.members.models import (
    OrgAffiliation,
    Organization,
    OrganizationAdmin,
    OrganizationInvitation,
    PersonProfile,
)
from network.members.services import PersonInput, normalize_orcid
from network.signals import account_data, account_deleting
from tests.factories import make_user
from tests.factories_members import (
    VALID_ORCID,
    image_bytes,
    make_organization,
    make_profile,
    themes_by_slug,
)
from tests.support import without_tokens


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def profile_form(**overrides):
    themes = themes_by_slug()
    data = {
        "display_name": "José Ñúñez 李小龍 محمد",
        "kind": "scholar",
        "headline": "Remittances and hometown associations",
        "bio": "I study **remittances** between Mexico and the United States.",
        "country": "US",
        "origins": ["MX"],
        "languages": ["es", "en"],
        "themes": [themes["remittances"].id, themes["gender"].id],
        "corridors-0-origin": "MX",
        "corridors-0-destination": "US",
        "corridors-1-origin": "",
        "corridors-1-destination": "",
        "expertise": "remittances, diaspora bonds",
        "affiliations": "Universidad de Guadalajara",
        "orcid": VALID_ORCID,
        "website": "https://example.org/jose",
        "publications": "https://example.org/paper-1\nhttps://example.org/paper-2",
        "visibility": "public",
        "email_visibility": "private",
        "website_visibility": "public",
        "listed_in_directory": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def saved_profile(user):
    db.session.expire_all()
    return db.session.scalar(select(PersonProfile).where(PersonProfile.user_id == user.id))


# --- editing my profile -------------------------------------------------------------------------


def test_edit_my_profile_and_see_it(client, auth):
    user = make_user(email="jose@example.org")
    auth.login(user)
    assert "Edit my profile" in client.get("/members/me/edit").get_data(as_text=True)
    response = client.post("/members/me/edit", data=profile_form(), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Your profile is saved." in html
    assert "José Ñúñez 李小龍 محمد" in html
    assert "<strong>remittances</strong>" in html
    assert "Mexico → United States" in html
    assert "Lives in United States" in html
    assert "Spanish" in html and "Remittances" in html and "Gender" in html
    assert f"https://orcid.org/{VALID_ORCID}" in html and "https://example.org/paper-2" in html
    profile = saved_profile(user)
    assert sorted(profile.languages) == ["en", "es"] and list(profile.origins) == ["MX"]
    assert [(c.origin, c.destination) for c in profile.corridors] == [("MX", "US")]
    assert client.get("/members/me").headers["Location"] == f"/members/{profile.id}"
    auth.logout()
    assert "jose@example.org" not in client.get(f"/members/{profile.id}").get_data(as_text=True)


def test_edit_form_shows_saved_values_and_keeps_rows_stable(client, auth):
    user = make_user()
    auth.login(user)
    client.post("/members/me/edit", data=profile_form())
    html = client.get("/members/me/edit").get_data(as_text=True)
    assert 'value="Remittances and hometown associations"' in html
    assert '<option selected value="MX">' in html
    response = client.post(
        "/members/me/edit",
        data=profile_form(
            languages=["fr"],
            origins=["GT", "HN"],
            **{"corridors-1-origin": "GT", "corridors-1-destination": "MX"},
        ),
    )
    assert response.status_code == 302
    profile = saved_profile(user)
    assert list(profile.languages) == ["fr"] and sorted(profile.origins) == ["GT", "HN"]
    assert {(c.origin, c.destination) for c in profile.corridors} == {("MX", "US"), ("GT", "MX")}


def test_profile_pages_in_spanish_and_french(client, auth):
    profile = make_profile(country="MX", languages=["es"], corridors=[("HN", "US")])
    es = client.get(f"/members/{profile.id}", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )
    assert "Vive en México" in es and "Honduras → Estados Unidos" in es and "español" in es.lower()
    fr = client.get(f"/members/{profile.id}", headers={"Accept-Language": "fr"}).get_data(
        as_text=True
    )
    assert "Vit à Mexique" in fr or "Vit au Mexique" in fr or "Mexique" in fr
    assert "Corridors migratoires" in fr and "États-Unis" in fr
    auth.login(make_user(language="es"))
    assert "Editar mi perfil" in client.get("/members/me/edit").get_data(as_text=True)


@pytest.mark.parametrize(
    "value",
    [
        VALID_ORCID,
        "https://orcid.org/0000-0002-1825-0097",
        "0000000218250097",
        "0000-0001-5109-3700",
        "0000-0002-1694-233X",
    ],
)
def test_valid_orcid_ids(value):
    assert normalize_orcid(value).startswith("0000-000")


@pytest.mark.parametrize(
    "value", ["0000-0002-1825-0098", "0000-0002-1825-009", "1234", "0000-0002-1825-009Y"]
)
def test_invalid_orcid_ids(value):
    with pytest.raises(ValueError):
        normalize_orcid(value)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"orcid": "0000-0002-1825-0098"}, "This is not a valid ORCID iD"),
        ({"display_name": "Evil\u202eName"}, "characters that are not allowed"),
        ({"display_name": "   "}, "This field is required"),
        ({"bio": "x" * 20_001}, "At most 20000 characters"),
        ({"website": "javascript:alert(1)"}, "starting with http:// or https://"),
        (
            {"publications": "https://ok.example\ndata:text/html,boo"},
            "Every line must be a web address",
        ),
        (
            {"corridors-0-origin": "MX", "corridors-0-destination": "MX"},
            "from one country to another",
        ),
        ({"corridors-0-origin": "MX", "corridors-0-destination": ""}, "Choose both countries"),
        (
            {"corridors-0-origin": "XX", "corridors-0-destination": "US"},
            "Choose countries from the list",
        ),
        ({"kind": "wizard"}, "Not a valid choice"),
        ({"languages": ["zz"]}, "is not a valid choice"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, auth, overrides, message):
    user = make_user()
    auth.login(user)
    client.post("/members/me/edit", data=profile_form())
    before = saved_profile(user)
    snapshot = (
        before.display_name,
        before.orcid,
        before.bio,
        before.website,
        before.publications,
        [(c.origin, c.destination) for c in before.corridors],
        before.kind,
        list(before.languages),
    )
    response = client.post("/members/me/edit", data=profile_form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert "Nothing was saved" in response.get_data(as_text=True)
    after = saved_profile(user)
    assert (
        after.display_name,
        after.orcid,
        after.bio,
        after.website,
        after.publications,
        [(c.origin, c.destination) for c in after.corridors],
        after.kind,
        list(after.languages),
    ) == snapshot


def test_links_survive_an_error_elsewhere_and_save_once_it_is_fixed(client, auth):
    auth.login(make_user())
    links = "https://example.org/paper-1\nhttps://example.org/paper-2"
    response = client.post(
        "/members/me/edit", data=profile_form(orcid="0000-0002-1825-0098", publications=links)
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    shown = re.search(r'<textarea[^>]*name="publications"[^>]*>(.*?)</textarea>', html, re.S)
    assert shown.group(1).strip().splitlines() == links.splitlines()
    response = client.post(
        "/members/me/edit",
        data=profile_form(publications=shown.group(1)),
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Your profile is saved." in html
    assert "https://example.org/paper-1" in html and "https://example.org/paper-2" in html


def test_ten_megabyte_bio_is_refused(client, auth):
    user = make_user()
    auth.login(user)
    client.post("/members/me/edit", data=profile_form())
    response = client.post("/members/me/edit", data=profile_form(bio="é" * (10 * 1024 * 1024)))
    assert response.status_code == 413
    assert "larger than this site accepts" in response.get_data(as_text=True)
    assert saved_profile(user).bio.startswith("I study")


def test_script_in_bio_is_sanitized(client, auth):
    user = make_user()
    auth.login(user)
    bio = "<script>alert('x')</script> Hi <img src=x onerror=alert(1)> [click](javascript:alert(1))"
    client.post("/members/me/edit", data=profile_form(bio=bio))
    html = client.get(f"/members/{saved_profile(user).id}").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html and '<img src="x"' not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in html  # shown as text, not run


def test_nobody_edits_someone_elses_profile(client, auth):
    owner = make_profile(display_name="Owner Person")
    intruder = make_user()
    auth.login(intruder)
    assert client.get(f"/members/{owner.id}/edit").status_code in (404, 405)
    client.post(
        "/members/me/edit", data=profile_form(display_name="Changed", user_id=owner.user_id)
    )
    db.session.expire_all()
    assert db.session.get(PersonProfile, owner.id).display_name == "Owner Person"
    assert saved_profile(intruder).display_name == "Changed"


def test_services_keep_the_rules_without_a_form():
    user = make_user()
    for bad in [
        {"website": "javascript:alert(1)"},
        {"publications": ["data:text/html,x"]},
        {"display_name": "Bad\u202ename"},
        {"kind": "wizard"},
        {"origins": ["XX"]},
        {"languages": ["eng"]},
        {"corridors": [("MX", "MX")]},
        {"orcid": "0000-0002-1825-0098"},
    ]:
        with pytest.raises(DomainError):
            services.save_person_profile(
                user, PersonInput(**{"display_name": "Ok", "kind": "scholar", **bad})
            )
        db.session.rollback()
    assert saved_profile(user) is None


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_profile_form_needs_its_csrf_token(client, auth):
    user = make_user()
    auth.login(user)
    response = client.post("/members/me/edit", data=profile_form())
    assert response.status_code == 400
    assert saved_profile(user) is None


# --- photos -------------------------------------------------------------------------------------


def test_photo_is_re_encoded_bounded_and_served(client, auth, uploads):
    user = make_user()
    auth.login(user)
    data = profile_form(photo=(io.BytesIO(image_bytes("PNG", (2400, 1200))), "me.png"))
    assert client.post("/members/me/edit", data=data).status_code == 302
    profile = saved_profile(user)
    assert profile.photo.endswith(".jpg") and "me" not in profile.photo
    response = client.get(f"/members/uploads/{profile.photo}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.format == "JPEG" and max(image.size) == 800
    first = profile.photo
    transparent = profile_form(
        photo=(io.BytesIO(image_bytes("PNG", (300, 300), "RGBA")), "logo.png")
    )
    client.post("/members/me/edit", data=transparent)
    second = saved_profile(user).photo
    assert second.endswith(".png") and second != first
    assert sorted(p.name for p in uploads.iterdir()) == [second]  # the replaced file is gone
    client.post("/members/me/edit", data=profile_form(remove_photo="y"))
    assert saved_profile(user).photo is None and list(uploads.iterdir()) == []


@pytest.mark.parametrize(
    "content, message",
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n", "not an image we can read"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "not an image we can read",
        ),
        (image_bytes("PNG")[:200], "not an image we can read"),
        (b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024 + 10), "larger than 2 MB"),
        (image_bytes("PNG", (7000, 7000), "1"), "too many pixels"),  # small file, huge when decoded
    ],
)
def test_files_that_are_not_images_change_nothing(client, auth, uploads, content, message):
    user = make_user()
    auth.login(user)
    client.post("/members/me/edit", data=profile_form(photo=(io.BytesIO(image_bytes()), "ok.png")))
    before = saved_profile(user).photo
    response = client.post(
        "/members/me/edit",
        data=profile_form(display_name="Other Name", photo=(io.BytesIO(content), "photo.jpg")),
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    after = saved_profile(user)
    assert after.photo == before and after.display_name != "Other Name"
    assert [p.name for p in uploads.iterdir()] == [before]


def test_upload_names_are_ours_only(client):
    assert client.get("/members/uploads/..%2f..%2fconfig.py").status_code == 404
    assert client.get("/members/uploads/" + "a" * 32 + ".jpg").status_code == 404


# --- privacy ------------------------------------------------------------------------------------


def test_who_sees_a_profile(client, auth):
    public = make_profile(visibility="public")
    unlisted = make_profile(visibility="public", listed_in_directory=False)
    members = make_profile(visibility="members")
    private = make_profile(visibility="private")
    assert client.get(f"/members/{public.id}").status_code == 200
    for hidden in (unlisted, members, private):
        assert client.get(f"/members/{hidden.id}").status_code == 404
    auth.login(make_user())
    for shown in (public, unlisted, members):
        assert client.get(f"/members/{shown.id}").status_code == 200
    assert client.get(f"/members/{private.id}").status_code == 404
    auth.logout()
    auth.login(db.session.get(PersonProfile, private.id).user)
    assert client.get(f"/members/{private.id}").status_code == 200


def test_contact_details_follow_their_own_visibility(client, auth):
    owner = make_user(email="owner@example.org")
    profile = make_profile(
        owner,
        email_visibility="members",
        website_visibility="members",
        website="https://owner.example",
        orcid=VALID_ORCID,
    )
    html = client.get(f"/members/{profile.id}").get_data(as_text=True)
    assert (
        "owner@example.org" not in html and "owner.example" not in html and VALID_ORCID not in html
    )
    auth.login(make_user())
    html = client.get(f"/members/{profile.id}").get_data(as_text=True)
    assert "owner@example.org" in html and "https://owner.example" in html


# --- contact form -------------------------------------------------------------------------------


def test_contact_form_hides_the_recipients_address(client, auth, mailbox):
    recipient = make_user(email="recipient@example.org", language="fr")
    profile = make_profile(recipient, display_name="Aïssatou Diallo", email_visibility="private")
    sender = make_user(email="sender@example.org", name="Carlos Mejía")
    auth.login(sender)
    page = client.get(f"/members/{profile.id}/contact").get_data(as_text=True)
    assert "Write to Aïssatou Diallo" in page and "recipient@example.org" not in page
    response = client.post(
        f"/members/{profile.id}/contact",
        data={"message": "¿Colaboramos en el informe?"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert (
        "Your message was sent to Aïssatou Diallo." in html and "recipient@example.org" not in html
    )
    message = mailbox.last("recipient@example.org")
    assert message["Reply-To"] == "sender@example.org"
    assert "recipient@example.org" not in str(message["From"])
    assert "Carlos Mejía" in message["Subject"] and "¿Colaboramos en el informe?" in mailbox.text(
        message
    )
    assert "Répondez" in mailbox.text(message)  # in the recipient's language
    assert mailbox.to("sender@example.org") == []


def test_contact_form_is_rate_limited(client, auth, mailbox):
    profile = make_profile(make_user(email="busy@example.org"))
    auth.login(make_user())
    for _n in range(5):
        assert (
            client.post(f"/members/{profile.id}/contact", data={"message": "Hola"}).status_code
            == 302
        )
    assert (
        client.post(f"/members/{profile.id}/contact", data={"message": "Hola"}).status_code == 429
    )
    assert len(mailbox.to("busy@example.org")) == 5


def test_contact_needs_sign_in_and_a_visible_profile(client, auth, mailbox):
    private = make_profile(make_user(email="hidden@example.org"), visibility="private")
    public = make_profile()
    assert client.post(f"/members/{public.id}/contact", data={"message": "Hi"}).status_code == 302
    auth.login(make_user())
    assert client.post(f"/members/{private.id}/contact", data={"message": "Hi"}).status_code == 404
    assert client.post(f"/members/{public.id}/contact", data={"message": ""}).status_code == 400
    assert mailbox.to("hidden@example.org") == []


# --- organizations ------------------------------------------------------------------------------


def org_form(**overrides):
    themes = themes_by_slug()
    data = {
        "name": "Asociación Zacatecana de Chicago",
        "kind": "migrant_association",
        "country": "US",
        "city": "Chicago",
        "description": "A **hometown association**.",
        "website": "https://zacatecanos.example",
        "contact_email": "info@zacatecanos.example",
        "email_visibility": "public",
        "year_founded": "1996",
        "served_countries": ["MX"],
        "languages": ["es", "en"],
        "themes": [themes["diaspora-resources"].id],
        "corridors-0-origin": "MX",
        "corridors-0-destination": "US",
        "visibility": "public",
        "listed_in_directory": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_organization_and_become_its_admin(client, auth):
    creator = make_user()
    auth.login(creator)
    response = client.post("/members/org/new", data=org_form(), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "The organization is created. You administer it." in html
    assert "Asociación Zacatecana de Chicago" in html and "Chicago, United States" in html
    assert "Mexico → United States" in html and "Founded in 1996" in html
    org = db.session.scalar(select(Organization))
    assert [a.user_id for a in org.admins] == [creator.id]
    es = client.get(f"/members/org/{org.id}", headers={"Accept-Language": "es"})
    fr_user = make_user(language="fr")
    auth.logout()
    auth.login(fr_user)
    fr = client.get(f"/members/org/{org.id}").get_data(as_text=True)
    assert "Communautés desservies" in fr and "Fondée en 1996" in fr
    auth.logout()
    es = client.get(f"/members/org/{org.id}", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )
    assert "Comunidades atendidas" in es and "Fundada en 1996" in es


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"year_founded": "1700"}, "Enter a year between 1800 and this year."),
        ({"contact_email": "not an email"}, "Enter a valid email address."),
        ({"name": "\u202eevil"}, "characters that are not allowed"),
        ({"description": "y" * 20_001}, "At most 20000 characters"),
    ],
)
def test_bad_organization_input(client, auth, overrides, message):
    auth.login(make_user())
    response = client.post("/members/org/new", data=org_form(**overrides))
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Organization.id))) == 0


def test_pdf_logo_changes_nothing(client, auth, uploads):
    admin = make_user()
    org = make_organization(admin, name="Logo Test")
    auth.login(admin)
    response = client.post(
        f"/members/org/{org.id}/edit",
        data=org_form(name="Renamed", logo=(io.BytesIO(b"%PDF-1.4 fake"), "logo.jpg")),
    )
    assert response.status_code == 400 and "not an image we can read" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(Organization, org.id).name == "Logo Test"
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_only_admins_edit_an_organization(client, auth):
    admin = make_user()
    org = make_organization(admin, name="Original")
    assert client.get(f"/members/org/{org.id}/edit").status_code == 302  # sign in first
    auth.login(make_user())
    assert client.get(f"/members/org/{org.id}/edit").status_code == 403
    assert (
        client.post(f"/members/org/{org.id}/edit", data=org_form(name="Hijacked")).status_code
        == 403
    )
    assert (
        client.post(f"/members/org/{org.id}/admins", data={"email": "x@example.org"}).status_code
        == 403
    )
    assert client.get("/members/org/999999/edit").status_code == 404
    db.session.expire_all()
    assert db.session.get(Organization, org.id).name == "Original"
    auth.logout()
    auth.login(admin)
    assert (
        client.post(f"/members/org/{org.id}/edit", data=org_form(name="Renamed")).status_code == 302
    )
    db.session.expire_all()
    assert db.session.get(Organization, org.id).name == "Renamed"


def invitation_link(mailbox, address: str) -> str:
    message = mailbox.last(address)
    return next(link for link in mailbox.links(message) if "/invitations/" in link).split(
        "puente.test", 1
    )[1]


def test_inviting_an_administrator_answers_the_same_for_any_address(client, auth, mailbox):
    admin = make_user(name="First Admin")
    make_user(email="member@example.org", name="Existing Member")
    auth.login(admin)
    client.get("/")  # shows the sign-in message, so that both answers start alike
    answers = []
    for address in ("member@example.org", "nobody@example.org"):
        org = make_organization(
            admin, name="Casa del Migrante"
        )  # one each, with one invitation each
        response = client.post(f"/members/org/{org.id}/admins", data={"email": address})
        page = client.get(response.headers["Location"])
        message = mailbox.last(address)
        # Ids and the expiry time differ from one organization to the other, by design.
        answers.append(
            re.sub(
                r"/(org|invitations)/\d+|<td>[^<]*\d:\d\d[^<]*</td>",
                "N",
                "\n".join(
                    [
                        str(response.status_code),
                        response.headers["Location"],
                        str(page.status_code),
                        without_tokens(page, address),
                        message["Subject"],
                        mailbox.text(message).split("http")[0],
                    ]
                ),
            )
        )
        db.session.expire_all()
        assert [a.user_id for a in db.session.get(Organization, org.id).admins] == [admin.id]
    assert answers[0] == answers[1]
    assert answers[0].startswith("302\n") and "We sent an invitation to X" in answers[0]
    assert "You are invited to administer Casa del Migrante" in answers[0]
    assert "Existing Member" not in answers[0]


def test_invited_person_administers_only_after_accepting(client, auth, mailbox):
    admin = make_user()
    invited = make_user(email="second@example.org", name="Second Admin")
    org = make_organization(admin, name="Casa del Migrante")
    auth.login(admin)
    client.post(f"/members/org/{org.id}/admins", data={"email": "SECOND@example.org"})
    auth.logout()
    link = invitation_link(mailbox, "second@example.org")

    page = client.get(link).get_data(as_text=True)  # not signed in: asked to sign in first
    assert "Sign in to the account that has the address" in page
    assert client.post(f"{link}/accept").headers["Location"].startswith("/login")
    auth.login(invited)
    page = client.get(link).get_data(as_text=True)
    assert "Accept and administer Casa del Migrante" in page
    assert (
        client.get(f"/members/org/{org.id}/edit").status_code == 403
    )  # opening the link changed nothing
    response = client.post(f"{link}/accept", follow_redirects=True)
    assert "You now administer Casa del Migrante." in response.get_data(as_text=True)
    assert client.get(f"/members/org/{org.id}/edit").status_code == 200
    assert client.post(f"{link}/accept").status_code == 404  # single use
    assert client.get(link).status_code == 404


def test_nobody_else_accepts_an_invitation(client, auth, mailbox):
    admin = make_user()
    make_user(email="invited@example.org")
    other = make_user(email="other@example.org")
    org = make_organization(admin)
    auth.login(admin)
    client.post(f"/members/org/{org.id}/admins", data={"email": "invited@example.org"})
    auth.logout()
    link = invitation_link(mailbox, "invited@example.org")
    auth.login(other)
    assert "sent to another address" in client.get(link).get_data(as_text=True)
    assert client.post(f"{link}/accept").status_code == 403
    assert client.post("/members/invitations/not-a-token/accept").status_code == 404
    db.session.expire_all()
    assert [a.user_id for a in db.session.get(Organization, org.id).admins] == [admin.id]


def test_invitations_expire_and_can_be_withdrawn(client, auth, mailbox):
    admin = make_user()
    invited = make_user(email="invited@example.org")
    org = make_organization(admin)
    auth.login(admin)
    client.post(f"/members/org/{org.id}/admins", data={"email": "invited@example.org"})
    link = invitation_link(mailbox, "invited@example.org")
    invitation = db.session.scalar(select(OrganizationInvitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.logout()
    auth.login(invited)
    assert client.get(link).status_code == 404
    assert client.post(f"{link}/accept").status_code == 404
    auth.logout()

    auth.login(admin)  # asking again renews the link; withdrawing it ends it
    client.post(f"/members/org/{org.id}/admins", data={"email": "invited@example.org"})
    renewed = invitation_link(mailbox, "invited@example.org")
    assert renewed != link and "invited@example.org" in client.get(
        f"/members/org/{org.id}/admins"
    ).get_data(as_text=True)
    withdraw = f"/members/org/{org.id}/invitations/{invitation.id}/withdraw"
    assert "Withdraw this invitation?" in client.post(withdraw).get_data(as_text=True)
    assert invitation_link(mailbox, "invited@example.org") == renewed  # asking changed nothing
    client.post(withdraw, data={"confirmed": "1"})
    auth.logout()
    auth.login(invited)
    assert client.post(f"{renewed}/accept").status_code == 404
    db.session.expire_all()
    assert [a.user_id for a in db.session.get(Organization, org.id).admins] == [admin.id]


def test_the_last_administrator_cannot_step_down(client, auth, mailbox):
    first = make_user(name="First Admin")
    second = make_user(email="second@example.org", name="Second Admin", language="fr")
    org = make_organization(first, name="Casa del Migrante")
    auth.login(first)
    step_down = f"/members/org/{org.id}/admins/{first.id}/remove"
    asked = client.post(step_down).get_data(as_text=True)
    assert "Step down as administrator of Casa del Migrante?" in asked
    response = client.post(step_down, data={"confirmed": "1"}, follow_redirects=True)
    assert "Casa del Migrante needs at least one administrator" in response.get_data(as_text=True)
    assert client.get(f"/members/org/{org.id}/edit").status_code == 200
    with pytest.raises(DomainError):
        admins.remove_admin(first, org, first.id)
    db.session.rollback()

    client.post(f"/members/org/{org.id}/admins", data={"email": "second@example.org"})
    auth.logout()
    auth.login(second)
    client.post(f"{invitation_link(mailbox, 'second@example.org')}/accept")
    welcome = mailbox.last("second@example.org")
    assert welcome["Subject"] == "Vous administrez maintenant Casa del Migrante"
    assert f"http://puente.test/members/org/{org.id}" in mailbox.links(welcome)
    told = mailbox.last(first.email)
    assert told["Subject"] == "A new administrator of Casa del Migrante"
    assert "The invitation sent to second@example.org was accepted" in mailbox.text(told)
    assert [m["Subject"] for m in mailbox.to("second@example.org")].count(
        welcome["Subject"]
    ) == 1  # told once, not as one of the admins already there
    auth.logout()
    auth.login(first)
    client.post(step_down, data={"confirmed": "1"})
    assert client.get(f"/members/org/{org.id}/edit").status_code == 403
    db.session.expire_all()
    assert [a.user_id for a in db.session.get(Organization, org.id).admins] == [second.id]


def test_staff_invite_for_an_organization_without_administrator(client, auth, mailbox):
    second = make_user(email="second@example.org", name="Second Admin")
    org = make_organization(make_user())
    db.session.execute(delete(OrganizationAdmin))  # its only administrator's account is gone
    db.session.commit()
    auth.login(make_user(Role.STAFF))
    html = client.get(f"/members/org/{org.id}/admins").get_data(as_text=True)
    assert "This organization has no administrator" in html
    client.post(f"/members/org/{org.id}/admins", data={"email": "second@example.org"})
    auth.logout()
    auth.login(second)
    client.post(f"{invitation_link(mailbox, 'second@example.org')}/accept")
    db.session.expire_all()
    assert [a.user_id for a in db.session.get(Organization, org.id).admins] == [second.id]


def test_removing_people_from_an_organization_asks_first(client, auth):
    admin = make_user()
    org = make_organization(admin, name="Casa del Migrante")
    person = make_profile(display_name="Rahel Tesfaye")
    listed = make_profile(display_name="Ana Pérez")
    for profile in (person, listed):
        auth.login(profile.user)
        client.post(f"/members/org/{org.id}/affiliate", data={"title": "Fellow"})
        auth.logout()
    affiliations = {a.person_id: a.id for a in db.session.scalars(select(OrgAffiliation))}
    decline = f"/members/org/{org.id}/affiliations/{affiliations[person.id]}/reject"
    withdraw = f"/members/affiliations/{affiliations[listed.id]}/withdraw"

    auth.login(admin)
    asked = client.post(decline).get_data(as_text=True)
    assert "Decline the affiliation of Rahel Tesfaye?" in asked
    auth.logout()
    auth.login(listed.user)
    asked = client.post(withdraw).get_data(as_text=True)
    assert "Remove this affiliation from your profile?" in asked
    db.session.expire_all()
    assert [a.state for a in db.session.scalars(select(OrgAffiliation))] == ["pending"] * 2

    client.post(withdraw, data={"confirmed": "1"})
    auth.logout()
    auth.login(admin)
    client.post(decline, data={"confirmed": "1"})
    db.session.expire_all()
    assert db.session.scalars(select(OrgAffiliation)).all() == []


def test_affiliation_is_approved_by_an_admin(client, auth, mailbox):
    admin = make_user(email="admin@centro.example", language="es")
    org = make_organization(admin, name="Centro de Estudios Migratorios")
    person = make_profile(display_name="Rahel Tesfaye")
    outsider = make_user()
    auth.login(person.user)
    client.post(f"/members/org/{org.id}/affiliate", data={"title": "Research fellow"})
    affiliation = db.session.scalar(select(OrgAffiliation))
    assert affiliation.state == "pending"
    message = mailbox.last("admin@centro.example")
    assert "Rahel Tesfaye" in message["Subject"] and "Research fellow" in mailbox.text(message)
    assert f"http://puente.test/members/org/{org.id}" in mailbox.links(message)
    assert "puede confirmarlo" in mailbox.text(message)  # in the admin's language
    assert "Organizations</dt>" not in client.get(f"/members/{person.id}").get_data(as_text=True)
    auth.logout()
    auth.login(outsider)
    assert (
        client.post(f"/members/org/{org.id}/affiliations/{affiliation.id}/approve").status_code
        == 403
    )
    auth.logout()
    auth.login(admin)
    html = client.get(f"/members/org/{org.id}").get_data(as_text=True)
    assert "Afiliaciones pendientes de confirmación" in html and "Research fellow" in html
    response = client.post(
        f"/members/org/{org.id}/affiliations/{affiliation.id}/approve", follow_redirects=True
    )
    assert "Rahel Tesfaye queda confirmado/a." in response.get_data(as_text=True)
    page = client.get(f"/members/{person.id}").get_data(as_text=True)
    assert "Centro de Estudios Migratorios</a>: Research fellow" in page


def test_affiliation_needs_a_profile(client, auth):
    org = make_organization()
    auth.login(make_user())
    response = client.post(
        f"/members/org/{org.id}/affiliate", data={"title": "Director"}, follow_redirects=True
    )
    assert "Create your profile first" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(OrgAffiliation.id))) == 0


def test_hidden_organization_is_not_shown(client, auth):
    admin = make_user()
    org = make_organization(admin, visibility="private")
    assert client.get(f"/members/org/{org.id}").status_code == 404
    auth.login(make_user())
    assert client.get(f"/members/org/{org.id}").status_code == 404
    auth.logout()
    auth.login(admin)
    assert client.get(f"/members/org/{org.id}").status_code == 200


# --- your data ----------------------------------------------------------------------------------


def test_account_data_and_deletion(client, auth, uploads):
    user = make_user()
    other_admin = make_user()
    auth.login(user)
    client.post("/members/me/edit", data=profile_form(photo=(io.BytesIO(image_bytes()), "me.png")))
    shared = make_organization(user, name="Shared Org")
    admins.invite_admin(user, shared, other_admin.email)
    admins.accept_invitation(other_admin, db.session.scalar(select(OrganizationInvitation.token)))
    admins.invite_admin(user, shared, user.email)  # an invitation to the leaving address goes too
    db.session.commit()
    alone = make_organization(user, name="Alone Org")
    profile = saved_profile(user)
    sections = dict(result for _receiver, result in account_data.send(user))
    data = sections["members"]
    assert data["profile"]["display_name"] == "José Ñúñez 李小龍 محمد"
    assert data["profile"]["corridors"] == [{"origin": "MX", "destination": "US"}]
    assert {o["name"] for o in data["organizations_administered"]} == {"Shared Org", "Alone Org"}

    account_deleting.send(user)
    db.session.commit()
    assert db.session.get(PersonProfile, profile.id) is None
    assert list(uploads.iterdir()) == []
    assert (
        db.session.scalar(
            select(func.count(OrganizationAdmin.id)).where(OrganizationAdmin.user_id == user.id)
        )
        == 0
    )
    db.session.expire_all()
    assert [a.user_id for a in db.session.get(Organization, shared.id).admins] == [other_admin.id]
    assert db.session.get(Organization, alone.id).admins == []
    assert (
        db.session.scalar(
            select(OrganizationInvitation.email).where(OrganizationInvitation.email == user.email)
        )
        is None
    )


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "es",
            {
                "/members/me/edit": [
                    "Editar mi perfil",
                    "Corredores migratorios",
                    "Quién puede ver mi perfil",
                ],
                "/members/org/new": [
                    "Crear el perfil de una organización",
                    "Comunidades atendidas (países)",
                ],
                "contact": ["Escribir a", "Enviar el mensaje"],
                "admins": ["Administradores de", "Invitar a un/a administrador/a"],
            },
        ),
        (
            "fr",
            {
                "/members/me/edit": [
                    "Modifier mon profil",
                    "Corridors migratoires",
                    "Qui peut voir mon profil",
                ],
                "/members/org/new": [
                    "Créer le profil d’une organisation",
                    "Communautés desservies (pays)",
                ],
                "contact": ["Écrire à", "Envoyer le message"],
                "admins": ["Administrateurs de", "Inviter un·e administrateur·rice"],
            },
        ),
    ],
)
def test_forms_in_spanish_and_french(client, auth, language, expected):
    user = make_user(language=language)
    org = make_organization(user)
    other = make_profile()
    auth.login(user)
    paths = {"contact": f"/members/{other.id}/contact", "admins": f"/members/org/{org.id}/admins"}
    for key, phrases in expected.items():
        html = client.get(paths.get(key, key)).get_data(as_text=True)
        for phrase in phrases:
            assert phrase in html, (key, phrase)
    response = client.post("/members/me/edit", data=profile_form(orcid="0000-0002-1825-0098"))
    assert {"es": "No es un ORCID iD válido", "fr": "Ce n’est pas un ORCID iD valide"}[
        language
    ] in response.get_data(as_text=True)


def test_organization_contact_email_follows_its_visibility(client, auth):
    org = make_organization(
        name="Casa del Migrante", contact_email="info@casa.example", email_visibility="members"
    )
    html = client.get(f"/members/org/{org.id}").get_data(as_text=True)
    assert "Casa del Migrante" in html and "info@casa.example" not in html
    auth.login(make_user())
    assert "info@casa.example" in client.get(f"/members/org/{org.id}").get_data(as_text=True)
