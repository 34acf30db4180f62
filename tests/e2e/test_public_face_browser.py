"""The public face in a browser: home blocks lead to real pages; the header's search box finds
a person by an accent-less name, an event by a Spanish word and a publication by its French
abstract, never a hidden profile; an event page's JSON-LD parses and names the right start."""

import json
from datetime import UTC, datetime

from network.extensions import db
from tests.e2e.browsing import MENU_COLLAPSES_BELOW
from tests.factories_events import make_event
from tests.factories_library import make_item
from tests.factories_members import make_profile


def search(page, words: str):
    box = page.get_by_role("search").first.get_by_label("Search the site")
    if page.viewport_size["width"] < MENU_COLLAPSES_BELOW:  # a phone: the box is in the menu
        page.get_by_role("button", name="Show menu").click()
    box.fill(words)
    box.press("Enter")
    page.get_by_role("heading", name="Search", exact=True).wait_for()


def test_the_search_box_finds_each_kind_and_never_a_hidden_profile(live_server, page):
    make_profile(display_name="Rosa Ñúñez")
    make_profile(display_name="Teresa Núñez", visibility="private")
    event = make_event(title="Remittances workshop")
    event.set_version("title", "es", "Taller sobre remesas familiares")
    make_item(
        texts={"fr": ("Transferts de fonds", "Les envois des travailleurs sénégalais.")},
        original_language="fr",
    )
    db.session.commit()

    page.goto(live_server.url + "/")
    search(page, "nunez")
    people = page.get_by_role("region", name="People")
    assert people.get_by_role("link").all_inner_texts() == ["Rosa Ñúñez"]
    assert page.get_by_text("Teresa").count() == 0

    search(page, "familiares")
    page.get_by_role("region", name="Events").get_by_role("link", name=event.title).click()
    page.get_by_role("heading", name=event.title).wait_for()

    search(page, "senegalais")
    publications = page.get_by_role("region", name="Publications")
    assert publications.get_by_role("link").all_inner_texts() == ["Transferts de fonds"]


def test_the_search_box_works_on_a_phone(live_server, browser):
    make_profile(display_name="Rosa Ñúñez")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-ES")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Mostrar menú").click()
    box = page.get_by_label("Buscar en el sitio")
    box.fill("nunez")
    box.press("Enter")
    page.get_by_role("region", name="Personas").get_by_role("link", name="Rosa Ñúñez").wait_for()
    context.close()


def test_home_blocks_lead_to_real_pages(live_server, page):
    event = make_event(title="Seminar on diaspora bonds")
    make_item(texts={"en": ("Wages abroad", "Abstract.")})

    page.goto(live_server.url + "/")
    page.get_by_role("region", name="Next events").get_by_role("link", name=event.title).click()
    page.get_by_role("heading", name=event.title).wait_for()
    page.go_back()
    page.get_by_role("region", name="Latest publications").get_by_role(
        "link", name="Wages abroad"
    ).click()
    page.get_by_role("heading", name="Wages abroad").wait_for()
    page.go_back()
    for name, heading in (("All events", "Events"), ("The library", "Library")):
        page.get_by_role("link", name=name).click()
        assert page.get_by_role("heading", level=1).first.inner_text().startswith(heading)
        page.go_back()


def test_an_event_pages_json_ld_parses_and_names_its_start(live_server, page):
    event = make_event(title="Bogotá seminar", timezone="America/Bogota")
    event.starts_at = datetime(2027, 3, 4, 14, 0, tzinfo=UTC)
    event.ends_at = datetime(2027, 3, 4, 16, 0, tzinfo=UTC)
    db.session.commit()

    page.goto(f"{live_server.url}/events/{event.slug}")
    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["@type"] == "Event"
    assert data["name"] == "Bogotá seminar"
    assert data["startDate"] == "2027-03-04T09:00:00-05:00"
