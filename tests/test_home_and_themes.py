"""The home page shows what is alive in the network and every block links on; each theme is a
public hub of its groups, experts, events, publications, campaigns and newsletters."""

import re
from datetime import timedelta

import pytest

from network.auth.models import Role
from network.dbtypes import utcnow
from network.extensions import db
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_conferences import make_call, make_conference
from tests.factories_events import make_event
from tests.factories_groups import make_group
from tests.factories_journal import make_journal
from tests.factories_library import make_item
from tests.factories_lists import make_list
from tests.factories_members import make_profile, themes_by_slug
from tests.factories_newsletters import make_newsletter


def block(html: str, name: str) -> str:
    return re.search(rf'<section[^>]*aria-labelledby="h-{name}">(.*?)</section>', html, re.S)[1]


def links(html: str) -> list[str]:
    return re.findall(r'href="(/[^"]*)"', html)


def test_every_home_block_shows_the_living_network_and_links_on(client):
    make_event(title="Seminar on remittances")
    make_event(title="Members only meeting", visibility="members")
    conference = make_conference(title="Annual conference")
    make_call(conference)
    make_campaign(title="Safe passage now")
    make_item(texts={"en": ("Wages abroad", "Abstract.")})
    archive = make_list(name="Bulletin")
    newsletter = make_newsletter([archive], subject="October bulletin")
    newsletter.status, newsletter.finished_at = "sent", utcnow()
    make_group(name="Labour migration")
    db.session.commit()

    html = client.get("/").get_data(as_text=True)

    assert "Seminar on remittances" in block(html, "events")
    assert "Members only meeting" not in html
    assert "Annual conference" in block(html, "calls")
    assert "Safe passage now" in block(html, "campaigns")
    assert "0 signatures" in block(html, "campaigns")
    assert "Wages abroad" in block(html, "library")
    assert "October bulletin" in block(html, "newsletter")
    assert "Labour migration" in block(html, "groups")
    assert '<figure class="network-map">' in html  # the map, with its table of countries
    for name in ("events", "calls", "campaigns", "library", "newsletter", "groups"):
        for href in links(block(html, name)):
            assert client.get(href).status_code == 200, href


def test_an_empty_network_says_so_in_each_block(client):
    html = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "No hay próximos eventos." in block(html, "events")


def test_a_theme_hub_gathers_what_the_network_has_on_it(client, auth):
    remittances = themes_by_slug()["remittances"]
    remittances.description = "Money sent home by **migrants**."
    chair = make_user(name="Ana Chair")
    make_group(name="Remittances group", theme=remittances, chair=chair)
    make_profile(display_name="Rosa Expert", theme_ids=[remittances.id])
    make_profile(display_name="Hidden Expert", theme_ids=[remittances.id], visibility="private")
    make_event(title="Remittance costs webinar", theme_ids=[remittances.id])
    make_event(title="Unrelated event")
    make_item(texts={"en": ("Remittances and wages", "Abstract.")}, themes=[remittances])
    db.session.commit()

    html = client.get("/themes/remittances").get_data(as_text=True)

    assert "<strong>migrants</strong>" in html
    assert "Remittances group" in block(html, "groups") and "Ana Chair" in html
    assert "Rosa Expert" in block(html, "experts")
    assert "Hidden Expert" not in html
    assert "Remittance costs webinar" in block(html, "events")
    assert "Unrelated event" not in html
    assert "Remittances and wages" in block(html, "library")
    assert 'property="og:title"' in html
    for href in links(html):
        if not href.startswith(("/static", "/language")):
            assert client.get(href).status_code == 200, href


def test_themes_are_public_and_an_unknown_theme_is_404(client):
    themes_by_slug()
    html = client.get("/themes/").get_data(as_text=True)
    assert 'href="/themes/remittances"' in html
    assert client.get("/themes/no-such-theme").status_code == 404


def test_staff_write_a_theme_description_and_keep_its_versions(client, auth):
    theme = themes_by_slug()["gender"]
    auth.login(make_user(Role.STAFF))
    form = client.get(f"/themes/{theme.id}/edit").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]*)"', form)
    data = {
        "name_en": theme.name_en,
        "name_es": theme.name_es,
        "name_fr": theme.name_fr,
        "description": "How migration differs for women and men.",
    }
    if token:
        data["csrf_token"] = token[1]
    assert client.post(f"/themes/{theme.id}/edit", data=data).status_code == 302
    hub = client.get("/themes/gender").get_data(as_text=True)
    assert "How migration differs" in hub
    assert "/versions/theme/" in hub  # the editor's way to the versions in other languages

    client.post("/language", data={"lang": "es", "next": "/"})
    hub = client.get("/themes/gender").get_data(as_text=True)
    assert "aún sin traducir" in hub  # the original, marked, until a version exists


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_home_and_hubs_answer_in_each_language(client, language):
    themes_by_slug()
    headers = {"Accept-Language": language}
    assert client.get("/", headers=headers).status_code == 200
    assert client.get("/themes/", headers=headers).status_code == 200
    assert client.get("/themes/gender", headers=headers).status_code == 200


def test_a_past_event_is_not_among_the_next(client):
    make_event(title="Last year's seminar", starts_in=-timedelta(days=30))
    assert "Last year" not in block(client.get("/").get_data(as_text=True), "events")


def test_a_journal_taking_submissions_is_among_the_open_calls(client):
    open_journal = make_journal(name="Migration and Development")
    make_journal(name="Closed Quarterly", submissions_open=False)
    page = client.get("/").get_data(as_text=True)
    calls = page[page.index('aria-labelledby="h-calls"') :]
    calls = calls[: calls.index("</section>")]
    assert "Migration and Development" in calls
    assert f'href="/journal/{open_journal.slug}/"' in calls
    assert "Closed Quarterly" not in calls
