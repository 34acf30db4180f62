"""Sign-on campaigns: signatures, endorsements, the public page and staff tools."""

import pytest
from sqlalchemy import func, select

from network.advocacy.campaigns import close_campaign, expire_pending_signatures
from network.advocacy.models import Campaign, Endorsement, Signature
from network.auth.models import Role
from network.extensions import db
from network.lists.models import Subscription
from network.lists.subscriptions import subscriber_by_email
from network.signals import account_deleting
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_lists import make_list, make_subscriber, subscribe
from tests.factories_newsletters import send_campaign_update
from tests.support import without_tokens


def path(url: str) -> str:
    return url.replace("http://puente.test", "")


def fields(form: str, data: dict) -> dict:
    """The data as the campaign page's sign or endorse form posts it (names prefixed)."""
    return {f"{form}-{name}": value for name, value in data.items()}


def sign(client, slug, **given):
    data = {
        "name": "Amina Diallo",
        "email": "amina@example.org",
        "country": "SN",
        "organization_name": "",
        **given,
    }
    return client.post(f"/advocacy/campaigns/{slug}/sign", data=fields("sign", data))


def confirm_link(mailbox, email: str, part: str) -> str:
    return path(next(entry for entry in mailbox.links(mailbox.last(email)) if part in entry))


def signatures() -> list[Signature]:
    db.session.expire_all()
    return db.session.scalars(select(Signature).order_by(Signature.id)).all()


@pytest.fixture
def campaign(app):
    return make_campaign(
        slug="forum-statement",
        title="Civil society statement to the global forum",
        goal=4,
        mailing_list=make_list("campaign", name="Forum statement updates"),
    )


def test_visitor_signs_confirms_and_is_counted(client, mailbox, campaign):
    page = client.get("/advocacy/campaigns/forum-statement").get_data(as_text=True)
    assert "<strong>protect</strong>" in page and "0 of 4 signatures" in page
    assert 'id="sign-opt_in" name="sign-opt_in" type="checkbox" value="y">' in page  # unchecked

    response = sign(
        client, "forum-statement", listed="y", opt_in="y", organization_name="Red Migrante"
    )
    assert response.status_code == 200 and "Check your inbox" in response.get_data(as_text=True)
    assert "0 of 4 signatures" in client.get("/advocacy/campaigns/forum-statement").get_data(
        as_text=True
    )
    assert subscriber_by_email("amina@example.org") is None  # no list before confirming

    link = confirm_link(mailbox, "amina@example.org", "/signatures/confirm/")
    assert "Confirm my signature" in client.get(link).get_data(as_text=True)
    assert signatures()[0].state == "pending"
    page = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "1 of 4 signatures" in page and "Amina Diallo, Red Migrante" in page
    subscription = db.session.scalar(select(Subscription))
    assert subscription.state == "active" and subscription.consent_source == "campaign"
    assert client.post(link).status_code == 404  # single use


def test_unlisted_signer_is_counted_but_not_shown(client, mailbox, campaign):
    sign(client, "forum-statement", name="Quiet Person")
    client.post(confirm_link(mailbox, "amina@example.org", "/signatures/confirm/"))
    page = client.get("/advocacy/campaigns/forum-statement").get_data(as_text=True)
    assert "1 of 4 signatures" in page and "Quiet Person" not in page
    assert (
        db.session.scalar(select(func.count()).select_from(Subscription)) == 0
    )  # no opt-in, no list


def test_signed_in_member_skips_confirmation(client, auth, mailbox, campaign):
    member = make_user(name="Kwame Mensah", email="kwame@example.org")
    auth.login(member)
    response = client.post(
        "/advocacy/campaigns/forum-statement/sign",
        data=fields("sign", {"name": "Kwame Mensah", "country": "GH", "listed": "y"}),
        follow_redirects=True,
    )
    assert "your signature is counted" in response.get_data(as_text=True)
    assert "Kwame Mensah" in response.get_data(as_text=True)
    assert signatures()[0].email == "kwame@example.org" and signatures()[0].state == "confirmed"
    assert mailbox.to("kwame@example.org") == []


@pytest.mark.parametrize("confirmed", [True, False])
def test_signing_again_answers_as_a_first_signature(client, mailbox, campaign, confirmed):
    # An unlisted signer: nobody may learn from the form that this address signed.
    sign(client, "forum-statement", name="First Name")
    if confirmed:
        client.post(
            confirm_link(mailbox, "amina@example.org", "/signatures/confirm/"),
            follow_redirects=True,
        )
    mailbox.clear()
    again = sign(
        client, "forum-statement", name="Other Name", email="AMINA@example.org", listed="y"
    )
    new = sign(client, "forum-statement", name="Other Name", email="new@example.org", listed="y")
    assert again.status_code == new.status_code == 200
    assert without_tokens(again, "amina@example.org") == without_tokens(new, "new@example.org")
    only = next(s for s in signatures() if s.email == "amina@example.org")
    assert len(signatures()) == 2 and only.name == "First Name" and not only.listed
    assert only.state == ("confirmed" if confirmed else "pending")
    [notice] = mailbox.to("amina@example.org")
    if confirmed:
        assert notice["Subject"] == "You have already signed"
        assert "Your signature is already counted" in mailbox.text(notice)
    else:
        client.post(confirm_link(mailbox, "amina@example.org", "/signatures/confirm/"))
        assert "1 of 4 signatures" in client.get("/advocacy/campaigns/forum-statement").get_data(
            as_text=True
        )


def test_member_signing_again_is_thanked_and_counted_once(client, auth, mailbox, campaign):
    member = make_user(name="Kwame Mensah", email="kwame@example.org")
    sign(client, "forum-statement", name="Someone Else", email="kwame@example.org", listed="y")
    auth.login(member)
    for _ in range(2):
        response = client.post(
            "/advocacy/campaigns/forum-statement/sign",
            data=fields("sign", {"name": "Kwame Mensah", "country": "GH"}),
            follow_redirects=True,
        )
        assert "your signature is counted" in response.get_data(as_text=True)
    [signature] = signatures()
    assert (signature.name, signature.listed, signature.state) == (
        "Kwame Mensah",
        False,
        "confirmed",
    )


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"email": "x@example.org\r\nBcc: victims@example.org"}, "Enter a valid email address."),
        ({"email": "a..b@example.org"}, "Enter a valid email address."),
        ({"name": "N" * 5000}, "120"),
        ({"name": "Evil\u202eName"}, "not allowed"),
        ({"name": "Amina\r\nBcc: x@example.org"}, "single line"),
        ({"country": "XX"}, "Choose a country"),
    ],
)
def test_bad_signatures_get_a_message_and_store_nothing(client, mailbox, campaign, fields, message):
    response = sign(client, "forum-statement", **fields)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert signatures() == [] and mailbox.messages == []


def test_script_in_a_name_is_shown_as_text(client, auth, campaign):
    auth.login(make_user(email="s@example.org"))
    client.post(
        "/advocacy/campaigns/forum-statement/sign",
        data=fields("sign", {"name": "<script>alert(1)</script>", "country": "FR", "listed": "y"}),
    )
    page = client.get("/advocacy/campaigns/forum-statement").get_data(as_text=True)
    assert (
        "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    )


def test_statement_markdown_is_sanitized(client, app):
    make_campaign(
        slug="xss", title="T"
    ).statement = "Hello <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    db.session.commit()
    page = client.get("/advocacy/campaigns/xss").get_data(as_text=True)
    statement = page.split('class="statement"')[1].split("</div>")[0]
    assert "<img" not in statement and 'href="javascript' not in statement


def test_closed_campaign_takes_no_signatures(client, campaign):
    close_campaign(campaign)
    db.session.commit()
    assert "This campaign is closed" in client.get("/advocacy/campaigns/forum-statement").get_data(
        as_text=True
    )
    assert sign(client, "forum-statement").status_code == 409
    assert signatures() == []


def test_organization_without_account_endorses_and_staff_verifies(client, auth, mailbox, campaign):
    response = client.post(
        "/advocacy/campaigns/forum-statement/endorse",
        data=fields(
            "endorse",
            {
                "organization_name": "Asociación de Migrantes Unidos",
                "country": "MX",
                "kind": "migrant_association",
                "website": "https://amu.example.org",
                "contact_name": "Rosa Pérez",
                "contact_email": "rosa@amu.example.org",
            },
        ),
    )
    assert response.status_code == 200
    assert "Asociación" not in client.get("/advocacy/campaigns/forum-statement").get_data(
        as_text=True
    )
    link = confirm_link(mailbox, "rosa@amu.example.org", "/endorsements/confirm/")
    client.get(link)
    page = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert (
        "1 organization</p>" in page
        and "Mexico" in page
        and "Asociación de Migrantes Unidos" in page
    )

    endorsement = db.session.scalar(select(Endorsement))
    auth.login(make_user(Role.STAFF))
    client.post(
        f"/advocacy/staff/campaigns/{campaign.id}/endorsements/{endorsement.id}/verify",
        data={"verified": "1"},
    )
    db.session.expire_all()
    assert db.session.get(Endorsement, endorsement.id).verified_by_staff
    assert "verified" in client.get("/advocacy/campaigns/forum-statement").get_data(as_text=True)


def test_endorsers_choose_among_the_member_organization_kinds(client, auth, campaign):
    """A member organization's kind, copied onto its endorsement, is one the form knows too."""
    page = client.get("/advocacy/campaigns/forum-statement").get_data(as_text=True)
    assert ">Think tank</option>" in page and ">Trade union</option>" in page
    auth.login(make_user(email="contact@lab.example.org"))
    response = client.post(
        "/advocacy/campaigns/forum-statement/endorse",
        data=fields(
            "endorse", {"organization_name": "Policy Lab", "country": "SN", "kind": "think_tank"}
        ),
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Endorsement.kind)) == "think_tank"


def test_duplicate_endorsement_and_bad_website(client, auth, campaign):
    auth.login(make_user(email="contact@ngo.example.org"))
    data = {"organization_name": "Red Sin Fronteras", "country": "AR", "kind": "ngo"}
    assert (
        client.post(
            "/advocacy/campaigns/forum-statement/endorse", data=fields("endorse", data)
        ).status_code
        == 302
    )
    again = client.post(
        "/advocacy/campaigns/forum-statement/endorse",
        data=fields("endorse", {**data, "organization_name": "red sin fronteras"}),
    )
    assert again.status_code == 409 and "already endorses" in again.get_data(as_text=True)
    bad = client.post(
        "/advocacy/campaigns/forum-statement/endorse",
        data=fields(
            "endorse", {**data, "organization_name": "Other", "website": "javascript:alert(1)"}
        ),
    )
    assert bad.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Endorsement)) == 1


def test_organization_administrator_endorses_in_one_click(client, auth, campaign):
    from network.members.models import Organization, OrganizationAdmin

    admin, stranger = make_user(email="admin@hta.example.org"), make_user()
    organization = Organization(
        name="Hometown Association of Oaxaca", kind="migrant_association", country="US"
    )
    db.session.add(organization)
    db.session.flush()
    db.session.add(OrganizationAdmin(organization_id=organization.id, user_id=admin.id))
    db.session.commit()
    auth.login(stranger)
    assert (
        client.post(f"/advocacy/campaigns/forum-statement/endorse-as/{organization.id}").status_code
        == 403
    )
    auth.logout()
    auth.login(admin)
    assert "Endorse for Hometown Association of Oaxaca" in client.get(
        "/advocacy/campaigns/forum-statement"
    ).get_data(as_text=True)
    page = client.post(
        f"/advocacy/campaigns/forum-statement/endorse-as/{organization.id}", follow_redirects=True
    ).get_data(as_text=True)
    assert "Hometown Association of Oaxaca now endorses" in page and "1 organization</p>" in page
    assert (
        client.post(f"/advocacy/campaigns/forum-statement/endorse-as/{organization.id}").status_code
        == 409
    )


# --- Staff ------------------------------------------------------------------------------------


def test_staff_pages_refuse_members(client, auth, campaign):
    urls = [
        "/advocacy/staff/campaigns",
        "/advocacy/staff/campaigns/new",
        f"/advocacy/staff/campaigns/{campaign.id}",
        f"/advocacy/staff/campaigns/{campaign.id}/edit",
        f"/advocacy/staff/campaigns/{campaign.id}/signatures.csv",
        f"/advocacy/staff/campaigns/{campaign.id}/endorsements.csv",
    ]
    auth.login(make_user(Role.ORGANIZER))
    assert all(client.get(url).status_code == 403 for url in urls)
    assert client.post(f"/advocacy/staff/campaigns/{campaign.id}/close").status_code == 403
    assert db.session.get(Campaign, campaign.id).status == "open"


def test_staff_creates_a_campaign_with_its_list(client, auth, app):
    from network.themes.models import Theme

    theme = Theme(slug="rights", name_en="Migrants' rights", name_es="Derechos", name_fr="Droits")
    db.session.add(theme)
    db.session.commit()
    auth.login(make_user(Role.STAFF))
    response = client.post(
        "/advocacy/staff/campaigns/new",
        data={
            "title": "Statement to the Global Forum",
            "slug": "gfmd-2026",
            "summary": "Our demands.",
            "statement": "We **demand** safe routes.",
            "goal": "500",
            "deadline": "2026-12-31",
            "languages": ["en", "es"],
            "themes": [str(theme.id)],
            "list_id": "0",
        },
    )
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "gfmd-2026"))
    assert campaign.mailing_list.kind == "campaign" and campaign.themes == [theme]
    assert campaign.deadline.date().isoformat() == "2026-12-31" and campaign.language_codes == [
        "en",
        "es",
    ]
    bad = client.post(
        "/advocacy/staff/campaigns/new",
        data={
            "title": "Again",
            "slug": "Bad Slug!",
            "summary": "x",
            "statement": "x",
            "goal": "-1",
            "languages": [],
            "list_id": "0",
        },
    )
    assert (
        bad.status_code == 400
        and db.session.scalar(select(func.count()).select_from(Campaign)) == 1
    )


def test_staff_exports_closes_and_sends_an_update(app, client, auth, mailbox, campaign):
    reader = make_subscriber("reader@example.org", language="es")
    subscribe(reader, campaign.mailing_list)
    gone = make_subscriber("gone@example.org")
    subscribe(gone, campaign.mailing_list, state="unsubscribed")
    auth.login(make_user(Role.STAFF))
    member_sign = client.post(
        "/advocacy/campaigns/forum-statement/sign",
        data=fields("sign", {"name": "=cmd|' /C calc'!A0", "country": "PE"}),
    )
    assert member_sign.status_code == 302

    csv = client.get(f"/advocacy/staff/campaigns/{campaign.id}/signatures.csv").get_data(
        as_text=True
    )
    assert "'=cmd" in csv and "Peru" in csv
    assert (
        client.get(f"/advocacy/staff/campaigns/{campaign.id}/endorsements.csv").status_code == 200
    )

    mailbox.clear()
    sent = send_campaign_update(app, campaign, language="es")
    assert sent.status_code == 302
    message = mailbox.last("reader@example.org")
    assert message["Subject"] == "We met the ministers"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<strong>our</strong>" in mailbox.html(message) and "Read our report." in mailbox.text(
        message
    )
    assert "Darse de baja de esta lista: http://puente.test/advocacy/unsubscribe/" in mailbox.text(
        message
    )
    assert mailbox.to("gone@example.org") == []

    injected = send_campaign_update(app, campaign, subject="Hi\r\nBcc: x@example.org")
    assert injected.status_code == 400 and len(mailbox.messages) == 1

    client.post(f"/advocacy/staff/campaigns/{campaign.id}/close")
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == "closed"


def test_account_deletion_anonymizes_signatures(client, auth, campaign):
    member = make_user(email="leaver@example.org", name="Leaver")
    auth.login(member)
    client.post(
        "/advocacy/campaigns/forum-statement/sign",
        data=fields("sign", {"name": "Leaver", "country": "ES", "listed": "y"}),
    )
    account_deleting.send(member)
    db.session.commit()
    [signature] = signatures()
    assert signature.name == "" and not signature.listed and "leaver" not in signature.email
    assert "1 of 4 signatures" in client.get("/advocacy/campaigns/forum-statement").get_data(
        as_text=True
    )


def test_pending_signatures_expire(client, campaign):
    from datetime import timedelta

    from network.dbtypes import utcnow

    sign(client, "forum-statement")
    assert expire_pending_signatures(utcnow() + timedelta(days=8)) == 1
    db.session.commit()
    assert signatures() == []
