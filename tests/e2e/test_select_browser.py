"""Long multiple choices (countries, languages) are chosen by typing, with the keyboard alone, and
still work as a plain multi-select when JavaScript is off."""

import re

from playwright.sync_api import expect

from tests.e2e.browsing import sign_in
from tests.factories import make_user

SAVE = "Save my profile"


def profile_line(page, term: str) -> list[str]:
    """What the profile page lists under `term`, in alphabetical order."""
    return sorted(page.locator(f"dt:text-is('{term}') + dd").inner_text().split(", "))


def test_member_chooses_countries_and_languages_by_typing(live_server, page):
    make_user(email="awa@example.org", name="Awa Ndiaye")
    sign_in(page, live_server.url, "awa@example.org")
    page.goto(live_server.url + "/members/me/edit")

    page.get_by_text("Countries of origin", exact=True).click()
    origins = page.get_by_role("combobox", name="Countries of origin")
    assert origins.evaluate("element => element === document.activeElement")
    expect(origins).to_have_accessible_description(re.compile("^Type to search, Enter to add"))
    assert not page.get_by_text("Hold Ctrl (or Cmd) to choose several.").first.is_visible()
    listed = page.get_by_role("listbox", name="Countries of origin")
    origins.press_sequentially("seneg")
    listed.get_by_role("option", name="Senegal").wait_for()
    origins.press("Enter")
    origins.press_sequentially("ghan")
    origins.press("Enter")
    expect(origins).to_have_accessible_description(re.compile("^Senegal, Ghana Type to search"))
    origins.press_sequentially("zzz")
    listed.get_by_text("No match").wait_for()
    origins.fill("")

    languages = page.get_by_role("combobox", name="Languages I speak")
    languages.focus()
    languages.press("Backspace")  # English, chosen at sign-up, goes
    languages.press_sequentially("portug")
    languages.press("Enter")
    page.get_by_role("button", name=SAVE).click()

    assert "Your profile is saved." in page.content()
    assert profile_line(page, "Countries of origin") == ["Ghana", "Senegal"]
    assert profile_line(page, "Languages") == ["Portuguese"]


def test_without_javascript_the_native_multi_select_works(live_server, browser):
    make_user(email="tomas@example.org", name="Tomás Quispe")
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "tomas@example.org")
    page.goto(live_server.url + "/members/me/edit")

    origins = page.get_by_label("Countries of origin")
    assert origins.evaluate("element => element.tagName") == "SELECT"
    assert page.get_by_text("Hold Ctrl (or Cmd) to choose several.").first.is_visible()
    assert not page.get_by_text("Type to search").first.is_visible()
    origins.select_option(["PE", "BO"])
    page.get_by_role("button", name=SAVE).click()

    assert "Your profile is saved." in page.content()
    assert profile_line(page, "Countries of origin") == ["Bolivia", "Peru"]
    context.close()
