import csv
import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from network.auth.models import Role, User
from network.extensions import db
from network.members.models import Organization, PersonProfile
from network.membership import services
from network.membership.models import Membership
from tests.factories import make_user
from tests.test_membership import make_membership

HEADER = "name,email,kind,country,language\n"


def read_csv(response):
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def upload(client, text, status="applicant", what="people"):
    data = {
        "file": (io.BytesIO(text.encode() if isinstance(text, str) else text), "people.csv"),
        "status": status,
        "what": what,
    }
    return client.post("/membership/staff/import", data=data, content_type="multipart/form-data")


def confirm_token(response):
    return re.search(
        r'name="checked" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    ).group(1)


def test_member_list_filters_and_pages(client, auth):
    for n in range(55):
        make_membership(make_user(name=f"Active {n:02d}"))
    make_membership(make_user(name="Zoé Applicant", email="zoe@example.org"), "applicant")
    make_membership(make_user(name="Sam Suspended", role=Role.ORGANIZER), "suspended")
    auth.login(make_user(Role.STAFF))

    first = client.get("/membership/staff/members").get_data(as_text=True)
    assert "57 members" in first and "Page 1 of 2" in first
    assert "Active 00" in first and "Zoé Applicant" not in first
    second = client.get("/membership/staff/members?page=2").get_data(as_text=True)
    assert "Zoé Applicant" in second
    by_status = client.get("/membership/staff/members?status=applicant").get_data(as_text=True)
    assert "1 member<" in by_status and "Zoé Applicant" in by_status
    by_text = client.get("/membership/staff/members?q=ZOE@").get_data(as_text=True)
    assert "Zoé Applicant" in by_text and "Active 00" not in by_text
    by_role = client.get("/membership/staff/members?role=organizer").get_data(as_text=True)
    assert "Sam Suspended" in by_role and "1 member<" in by_role
    junk = client.get("/membership/staff/members?status=bogus&role=king&page=abc")
    assert junk.status_code == 200 and "57 members" in junk.get_data(as_text=True)


def test_csv_export_follows_filters_and_neutralizes_formulas(client, auth):
    evil = ['=HYPERLINK("http://x")', "+1 555", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn"]
    for n, name in enumerate(evil):
        make_membership(make_user(name=name, email=f"e{n}@example.org"))
    make_membership(make_user(name="José Ñúñez 李"), "applicant")
    auth.login(make_user(Role.STAFF))
    response = client.get("/membership/staff/members?format=csv&status=active")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:5] == ["Name", "Type", "Email", "Country", "Status"]
    names = {row[0] for row in rows[1:]}
    assert names == {"'" + name for name in evil}
    assert all(row[1] == "Person" and row[4] == "Active" for row in rows[1:])
    everyone = read_csv(client.get("/membership/staff/members?format=csv"))
    assert "José Ñúñez 李" in {row[0] for row in everyone}


def test_import_dry_run_lists_every_bad_row_and_writes_nothing(client, auth):
    make_user(email="taken@example.org")
    auth.login(make_user(Role.STAFF))
    users_before = db.session.scalar(select(func.count(User.id)))
    text = HEADER + (
        "Ana Quispe,ana@example.org,scholar,PE,es\n"
        ",missing@example.org,scholar,MX,es\n"
        "Bad Mail,not-an-email,,,en\n"
        "Dup One,dup@example.org,,,\n"
        "Dup Two,DUP@example.org,,,\n"
        "Old Account,taken@example.org,,,\n"
        "Nowhere,nowhere@example.org,student,XX,en\n"
        "Evil \u202eName,evil@example.org,,,\n"
        "Klingon,k@example.org,,,tlh\n"
        "Too,many,cells,,en,extra\n"
        "No Kind,nokind@example.org,,MX,\n"
        "Wizard,wizard@example.org,wizard,,\n"
    )
    response = upload(client, text)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was imported." in page
    for message in [
        "The name is missing.",
        "“not-an-email” is not a valid email address.",
        "dup@example.org is also on row 5.",
        "“XX” is not a known country code.",
        "The name contains characters that are not allowed.",
        "The language must be en, es or fr.",
        "This row has more cells than the first row has columns.",
        "The kind is missing; use one of: scholar,",
        "The kind must be one of: scholar,",
    ]:
        assert message in page
    assert "ana@example.org" not in page  # the valid row is not a problem
    assert db.session.scalar(select(func.count(User.id))) == users_before
    assert db.session.scalar(select(Membership)) is None


def test_import_whole_file_problems(client, auth):
    auth.login(make_user(Role.STAFF))
    cases = [
        ("email,country\nx@example.org,MX\n", "missing: name", 400),
        (HEADER, "The file has no rows to import.", 400),
        ("name,email\nJosé,j@example.org\n".encode("latin-1"), "not UTF-8 text", 400),
        ("name,email\n" + "x" * 300_001, "The file is too large", 413),
    ]
    for text, message, status in cases:
        response = upload(client, text)
        assert response.status_code == status, message
        assert message in response.get_data(as_text=True)
    response = client.post(
        "/membership/staff/import", data={"status": "applicant"}, content_type="multipart/form-data"
    )
    assert response.status_code == 400 and "This field is required." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(Membership)) is None


def test_import_then_confirm_creates_people_who_can_reset_their_password(client, auth, mailbox):
    staff = make_user(Role.STAFF)
    auth.login(staff)
    text = "\ufeffName,Email,Kind,Country,Language\nJosé Ñúñez,JOSE@example.org,scholar,co,es\nGrace Wanjiru,grace@example.org,,,\n"
    response = upload(client, text, status="active")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "All 2 rows can be imported as: Active." in page and "Colombia" in page
    assert db.session.scalar(select(func.count(User.id))) == 1  # still only staff

    response = client.post(
        "/membership/staff/import/confirm",
        data={"checked": confirm_token(response)},
        follow_redirects=True,
    )
    assert "Imported: 2 new, 0 updated." in response.get_data(as_text=True)
    jose = db.session.scalar(select(User).where(User.email == "jose@example.org"))
    assert jose.name == "José Ñúñez" and jose.language == "es" and not jose.is_verified
    profile = db.session.scalar(select(PersonProfile).where(PersonProfile.user_id == jose.id))
    assert (profile.country, profile.kind, profile.visibility) == ("CO", "scholar", "private")
    assert not profile.listed_in_directory
    assert db.session.scalar(select(func.count(PersonProfile.id))) == 1  # Grace gave no kind
    membership = db.session.scalar(select(Membership).where(Membership.user_id == jose.id))
    assert membership.status == "active" and membership.start_date == services.today()
    assert membership.decided_by_id == staff.id
    auth.logout()

    assert (
        client.post("/login", data={"email": "jose@example.org", "password": ""}).status_code == 400
    )
    client.post("/forgot-password", data={"email": "jose@example.org"})
    link = mailbox.links(mailbox.last("jose@example.org"))[0].split("puente.test", 1)[1]
    client.post(
        link, data={"password": "un río que baja al mar", "confirm": "un río que baja al mar"}
    )
    response = client.post(
        "/login",
        data={"email": "jose@example.org", "password": "un río que baja al mar"},
        follow_redirects=True,
    )
    assert "José Ñúñez" in response.get_data(as_text=True)


def test_confirm_rechecks_and_refuses_tampering(client, auth):
    auth.login(make_user(Role.STAFF))
    response = upload(client, HEADER + "Ana,ana@example.org,,,es\n")
    token = confirm_token(response)
    response = client.post(
        "/membership/staff/import/confirm",
        data={"checked": token[:-3] + "abc"},
        follow_redirects=True,
    )
    assert "This import has expired or is not valid." in response.get_data(as_text=True)
    assert db.session.scalar(select(Membership)) is None


def test_import_as_applicants_lands_in_the_queue(client, auth):
    auth.login(make_user(Role.STAFF))
    response = upload(client, HEADER + "Ana,ana@example.org,,,\n")
    client.post("/membership/staff/import/confirm", data={"checked": confirm_token(response)})
    assert "Ana" in client.get("/membership/staff/").get_data(as_text=True)
    membership = db.session.scalar(select(Membership))
    assert membership.status == "applicant" and membership.renewal_date is None
    assert membership.applied_at.date() <= services.today() + timedelta(days=1)


def test_import_organizations(client, auth):
    auth.login(make_user(Role.STAFF))
    existing = Organization(name="Red Migrante", kind="ngo", sort_name="red migrante")
    db.session.add(existing)
    db.session.commit()
    bad = (
        "name,kind,email,country\n"
        "Hometown Club of Zacatecas,migrant_association,club@example.org,MX\n"
        "hometown club of ZACATECAS,migrant_association,,\n"
        "Red Migrante,ngo,,\n"
        "No Kind Org,,,\n"
    )
    response = upload(client, bad, what="organizations")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The same organization is also on row 2." in page
    assert "The kind is missing; use one of: migrant_association," in page
    assert db.session.scalar(select(func.count(Organization.id))) == 1

    good = (
        "name,kind,email,country\n"
        "Hometown Club of Zacatecas,migrant_association,CLUB@example.org,MX\n"
        "Centre for Diaspora Studies,research,,SN\n"
    )
    response = upload(client, good, what="organizations", status="active")
    assert "Migrant association" in response.get_data(as_text=True)
    client.post("/membership/staff/import/confirm", data={"checked": confirm_token(response)})
    club = db.session.scalar(
        select(Organization).where(Organization.name == "Hometown Club of Zacatecas")
    )
    assert (club.country, club.contact_email, club.admins) == ("MX", "club@example.org", [])
    membership = db.session.scalar(select(Membership).where(Membership.organization_id == club.id))
    assert membership.status == "active" and membership.user_id is None
    listing = client.get("/membership/staff/members?type=organization").get_data(as_text=True)
    assert "2 members" in listing and "Centre for Diaspora Studies" in listing
    by_country = client.get("/membership/staff/members?country=sn").get_data(as_text=True)
    assert "Centre for Diaspora Studies" in by_country and "Zacatecas" not in by_country


def test_member_list_filters_by_profile_country_theme_and_group(client, auth):
    from network.members.services import PersonInput, save_person_profile
    from network.themes.models import Theme
    from tests.factories_groups import make_group

    theme = Theme(
        slug="remittances", name_en="Remittances", name_es="Remesas", name_fr="Envois de fonds"
    )
    db.session.add(theme)
    db.session.commit()
    kenyan, peruvian = make_user(name="Grace Wanjiru"), make_user(name="Ana Quispe")
    save_person_profile(
        kenyan,
        PersonInput(
            display_name="Grace Wanjiru",
            kind="scholar",
            country="KE",
            theme_ids=[theme.id],
            languages=["sw"],
            expertise="mobile money remittances",
        ),
    )
    save_person_profile(
        peruvian,
        PersonInput(
            display_name="Ana Quispe",
            kind="activist",
            country="PE",
            origins=["BO"],
            visibility="private",
        ),
    )
    db.session.commit()
    for person in (kenyan, peruvian):
        make_membership(person)
    group = make_group(slug="g", chair=peruvian)
    auth.login(make_user(Role.STAFF))

    def names(query):
        page = client.get("/membership/staff/members?" + query).get_data(as_text=True)
        return {n for n in ("Grace Wanjiru", "Ana Quispe") if n in page}

    assert names("country=KE") == {"Grace Wanjiru"}
    assert names("country=BO") == {"Ana Quispe"}  # country of origin, on a private profile
    assert names(f"theme={theme.id}") == {"Grace Wanjiru"}
    assert names("language=sw") == {"Grace Wanjiru"}
    assert names(f"group={group.id}") == {"Ana Quispe"}
    assert names("q=mobile%20money") == {"Grace Wanjiru"}
    assert names("q=100%25") == set()
    assert names("type=person&theme=abc&country=ZZ") == {"Grace Wanjiru", "Ana Quispe"}
    form = client.get("/membership/staff/members?country=KE&language=sw").get_data(as_text=True)
    assert '<option value="KE" selected>Kenya</option>' in form
    assert '<option value="sw" selected>Swahili' in form
    assert form.count(" selected>") == 2
    rows = read_csv(client.get("/membership/staff/members?format=csv&country=KE"))
    assert rows[1][:4] == ["Grace Wanjiru", "Person", kenyan.email, "KE"]


def test_import_refuses_names_on_several_lines_and_overlong_cells(client, auth):
    auth.login(make_user(Role.STAFF))
    users_before = db.session.scalar(select(func.count(User.id)))
    text = HEADER + (
        "Ana Quispe,ana@example.org,,,\n"
        '"Ben\r\nBcc: x@example.org",ben@example.org,,,\n'
        '"Cai\nLin",cai@example.org,,,\n'
        "Dee\u2028Bcc: x@example.org,dee@example.org,,,\n"
        "Eve\x85Ray,eve@example.org,,,\n"
    )
    response = upload(client, text, status="active")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nothing was imported." in page
    assert page.count("The name contains characters that are not allowed.") == 4
    huge = upload(client, HEADER + "Ana," + "a" * 140_000 + "@example.org,,,\n")
    assert huge.status_code == 400 and "This row is not valid CSV." in huge.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == users_before
    assert db.session.scalar(select(Membership)) is None


def test_import_updates_known_people_and_reads_excel_files(client, auth):
    staff = make_user(Role.STAFF)
    known = make_user(name="Kofi Mensah", email="kofi@example.org")
    applicant = make_user(name="Zoé", email="zoe@example.org")
    make_membership(applicant, "applicant")
    auth.login(staff)
    text = (
        "name;email;kind;country;language\r\n"
        "Kofi Mensah;KOFI@example.org;;;\r\n"
        "Zoé;zoe@example.org;;;fr\r\n"
        "Amadou Diallo;amadou@example.org;activist;SN;fr\r\n"
    )
    response = upload(client, text.encode("utf-16"), status="active")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "1 new, 2 updated." in page
    response = client.post(
        "/membership/staff/import/confirm",
        data={"checked": confirm_token(response)},
        follow_redirects=True,
    )
    assert "Imported: 1 new, 2 updated." in response.get_data(as_text=True)
    for user in (known, applicant):
        assert services.membership_of(user).status == "active"
    amadou = db.session.scalar(select(User).where(User.email == "amadou@example.org"))
    assert services.membership_of(amadou).status == "active"
    assert db.session.scalar(select(func.count(User.id))) == 4


def test_import_page_offers_templates_that_import_as_they_are(client, auth):
    auth.login(make_user(Role.STAFF))
    page = client.get("/membership/staff/import").get_data(as_text=True)
    assert "/membership/staff/import/template-people.csv" in page
    for what in ("people", "organizations"):
        template = client.get(f"/membership/staff/import/template-{what}.csv")
        assert template.mimetype == "text/csv"
        assert upload(client, template.get_data(), what=what).status_code == 200
    assert client.get("/membership/staff/import/template-other.csv").status_code == 404
    auth.logout()
    auth.login(make_user())
    assert client.get("/membership/staff/import/template-people.csv").status_code == 403


def test_member_list_is_ordered_by_name_across_people_and_organizations(client, auth):
    from tests.factories_members import make_organization

    carla = make_user(name="Carla Díaz")
    for user in (carla, make_user(name="Émile Bakari"), make_user(name="bruno Okafor")):
        make_membership(user)
    amigos = make_organization(name="Amigos Unidos")
    db.session.add(Membership(organization_id=amigos.id, status="applicant"))
    db.session.commit()
    auth.login(make_user(Role.STAFF))

    page = client.get("/membership/staff/members").get_data(as_text=True)
    names = ["Amigos Unidos", "bruno Okafor", "Carla Díaz", "Émile Bakari"]
    assert sorted(names, key=page.index) == names
    carla.name = "Zoila Díaz"
    amigos.name = "Dos Orillas"
    db.session.commit()
    page = client.get("/membership/staff/members").get_data(as_text=True)
    names = ["bruno Okafor", "Dos Orillas", "Émile Bakari", "Zoila Díaz"]
    assert sorted(names, key=page.index) == names
    assert "Carla Díaz" not in page and "Amigos Unidos" not in page
