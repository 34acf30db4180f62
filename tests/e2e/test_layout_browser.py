"""Every page fits a phone (390 px) and a laptop (1280 px) for every role, in French, whose
words are the widest: the page never scrolls sideways."""

import pytest

from tests.e2e.site_pages import ROLES, forgotten_endpoints, open_as, seed, site_pages
from tests.support import AuthActions

WIDTHS = (390, 1280)

# What the page is wider than the window by, and the widest element that sticks out.
MEASURE = """() => {
  const root = document.documentElement;
  const limit = window.innerWidth;
  let widest = null, right = limit;
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > right + 1) { right = box.right; widest = el; }
  }
  const name = widest && (widest.tagName.toLowerCase() + (widest.id ? '#' + widest.id : '') +
    (widest.className && typeof widest.className === 'string'
      ? '.' + widest.className.trim().split(/\\s+/).join('.') : ''));
  return {width: root.scrollWidth, window: limit, widest: name};
}"""


def test_every_get_page_is_visited_or_skipped_on_purpose(app):
    assert forgotten_endpoints(app, site_pages(seed())) == set()


def test_every_listed_page_answers_with_a_page_for_its_role(app):
    site = seed()
    clients = {role: app.test_client() for role in ROLES}
    for role, user in site.users.items():
        if user is not None:
            AuthActions(clients[role]).login(user)
    failures = []
    for role, url in site_pages(site):
        answer = clients[role].get(url)
        if answer.status_code != 200 or answer.mimetype != "text/html":
            failures.append((role, url, answer.status_code))
    assert failures == [], failures


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(live_server, browser, width, role):
    site = seed(language="fr")
    page = open_as(browser, live_server.url, site, role, width=width, locale="fr-FR")
    widest, too_wide = 0, []
    for url in (url for who, url in site_pages(site) if who == role):
        page.goto(live_server.url + url)
        measured = page.evaluate(MEASURE)
        widest = max(widest, measured["width"])
        if measured["width"] > measured["window"]:
            too_wide.append(f"{url}: {measured['width']} px, {measured['widest']} sticks out")
    print(f"widest page at {width} px for {role}: {widest} px")
    assert too_wide == [], f"wider than {width} px for {role}:\n" + "\n".join(too_wide)


def focused(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement, style = getComputedStyle(el);
        return {text: el.textContent.trim(), outline: style.outlineStyle,
                width: parseFloat(style.outlineWidth)}; }"""
    )


def test_the_phone_menu_works_from_the_keyboard_with_a_visible_focus(live_server, browser):
    site = seed()
    page = open_as(browser, live_server.url, site, "staff", width=390)
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Main")
    assert not menu.get_by_role("link", name="Directory").is_visible()

    menu.get_by_role("button", name="Show menu").focus()
    page.keyboard.press("Enter")
    menu.get_by_role("link", name="Directory").wait_for()
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Directory"
    assert focused(page)["outline"] == "solid" and focused(page)["width"] >= 2

    menu.get_by_role("button", name="Staff").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    assert focused(page)["text"] == "Dashboard"
    assert focused(page)["outline"] == "solid"
    page.keyboard.press("ArrowDown")
    assert focused(page)["text"] == "People"
    page.keyboard.press("Escape")
    assert not menu.get_by_role("link", name="People").is_visible()

    menu.get_by_role("button", name=site.users["staff"].name).focus()
    page.keyboard.press("Enter")
    for _ in range(5):
        page.keyboard.press("ArrowDown")
    assert focused(page)["text"] == "Sign out"
    page.keyboard.press("Enter")
    page.get_by_text("You are signed out.").wait_for()


def test_on_a_laptop_the_menus_are_open_to_see_and_staff_pages_wait_under_one(live_server, browser):
    site = seed()
    page = open_as(browser, live_server.url, site, "staff", width=1280)
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Main")
    assert not menu.get_by_role("button", name="Show menu").is_visible()
    for section in ("Directory", "Working groups", "Events", "Conferences", "Newsletters"):
        assert menu.get_by_role("link", name=section).is_visible()
    assert not menu.get_by_role("link", name="Membership applications").is_visible()
    menu.get_by_role("button", name="Staff").click()
    menu.get_by_role("link", name="Membership applications").click()
    page.get_by_role("heading", name="Membership applications").wait_for()
    assert menu.get_by_role("button", name="Español").is_visible()
