"""Embeds: an event list and a campaign's signing form that partner sites show in an iframe."""

import re

from sqlalchemy import func, select

from network.advocacy.models import Signature
from network.auth.models import Role
from network.events.models import Visibility
from network.extensions import db
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_events import make_event
from tests.factories_groups import make_group
from tests.factories_members import make_organization, themes_by_slug


def signatures() -> int:
    return db.session.scalar(select(func.count()).select_from(Signature))


def ticket(html: str) -> str:
    return re.search(r'name="sign-ticket" type="hidden" value="([^"]+)"', html).group(1)


def test_only_embeds_may_be_framed(client):
    embed = client.get("/embed/events")
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    page = client.get("/events/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"


def test_framing_sites_can_be_limited(app, client):
    app.config["EMBED_ORIGINS"] = "https://partner.example"
    csp = client.get("/embed/events").headers["Content-Security-Policy"]
    assert "frame-ancestors https://partner.example" in csp


def test_the_event_list_follows_the_address_language_and_filters(client):
    themes = themes_by_slug()
    group = make_group()
    host = make_user(Role.ORGANIZER)
    organization = make_organization(admin=host)
    on_theme = make_event(
        title="Remesas y desarrollo", theme_ids=[themes["data-migration-remittances"].id]
    )
    of_group = make_event(title="Group seminar", group=group)
    hosted = make_event(host, title="Hosted by the NGO")
    hidden = make_event(title="Members only", visibility=Visibility.MEMBERS.value)

    html = client.get("/embed/events?lang=es").get_data(as_text=True)
    assert '<html lang="es">' in html and "Próximos eventos" in html
    for event in (on_theme, of_group, hosted):
        assert f'href="http://puente.test/events/{event.slug}" target="_blank"' in html
    assert hidden.title not in html

    html = client.get("/embed/events?theme=data-migration-remittances&lang=fr").get_data(
        as_text=True
    )
    assert on_theme.title in html and of_group.title not in html
    html = client.get(f"/embed/events?group={group.slug}").get_data(as_text=True)
    assert of_group.title in html and on_theme.title not in html
    html = client.get(f"/embed/events?organization={organization.id}").get_data(as_text=True)
    assert hosted.title in html and on_theme.title not in html
    assert client.get("/embed/events?organization=abc").status_code == 400


def test_signing_in_a_frame_without_our_cookies_is_confirmed_by_mail(app, client, mailbox):
    app.config["WTF_CSRF_ENABLED"] = True
    campaign = make_campaign(title="Derechos para todas")
    page = client.get(f"/embed/campaigns/{campaign.slug}?lang=fr")
    html = page.get_data(as_text=True)
    assert "Signer la déclaration" in html
    client.delete_cookie("session", domain="puente.test")
    response = client.post(
        f"/embed/campaigns/{campaign.slug}/sign?lang=fr",
        data={
            "sign-ticket": ticket(html),
            "sign-name": "Aïssatou Diallo",
            "sign-email": "aissatou@example.org",
            "sign-country": "SN",
        },
    )
    assert response.status_code == 200
    assert "aissatou@example.org" in response.get_data(as_text=True)
    assert signatures() == 1
    message = mailbox.last("aissatou@example.org")
    assert "/signatures/confirm/" in mailbox.text(message)


def test_a_form_without_a_fresh_ticket_stores_nothing(app, client):
    campaign = make_campaign()
    other = make_campaign()
    other_ticket = ticket(client.get(f"/embed/campaigns/{other.slug}").get_data(as_text=True))
    for value in ("", "forged", other_ticket):
        response = client.post(
            f"/embed/campaigns/{campaign.slug}/sign",
            data={
                "sign-ticket": value,
                "sign-name": "Bot",
                "sign-email": "bot@example.org",
                "sign-country": "SN",
            },
        )
        assert response.status_code == 400
        assert "This form is too old" in response.get_data(as_text=True)
    assert signatures() == 0


def test_a_signed_in_member_still_signs_as_a_visitor_in_a_frame(client, auth, mailbox):
    member = make_user(email="member@example.org")
    auth.login(member)
    campaign = make_campaign()
    html = client.get(f"/embed/campaigns/{campaign.slug}").get_data(as_text=True)
    assert 'name="sign-email"' in html  # no account acts through a frame
    client.post(
        f"/embed/campaigns/{campaign.slug}/sign",
        data={
            "sign-ticket": ticket(html),
            "sign-name": "Someone",
            "sign-email": "someone@example.org",
            "sign-country": "MX",
        },
    )
    signature = db.session.scalar(select(Signature))
    assert (signature.email, signature.user_id, signature.state) == (
        "someone@example.org",
        None,
        "pending",
    )
