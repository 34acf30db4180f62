"""A member fills in a profile in a real browser and finds it in the directory by theme and corridor."""

from tests.e2e.browsing import sign_in
from tests.factories import make_user
from tests.factories_members import themes_by_slug


def test_edit_my_profile_then_find_myself(live_server, page):
    themes_by_slug()
    make_user(email="lan@example.org", name="Nguyễn Thị Lan")
    sign_in(page, live_server.url, "lan@example.org")
    assert "Welcome, Nguyễn Thị Lan." in page.content()  # a first sign-in

    page.goto(live_server.url + "/members/me/edit")
    page.get_by_label("Name shown on your profile").fill("Nguyễn Thị Lan")
    page.get_by_label("I am a").select_option("student")
    page.get_by_label("Headline").fill("Technical intern training in Japan")
    page.get_by_label("Labor migration, high- and low-skilled").check()
    page.get_by_label("Origin country").first.select_option("VN")
    page.get_by_label("Destination country").first.select_option("JP")
    page.get_by_label("Everyone").first.check()
    page.get_by_label("List my profile in the directory").check()
    page.get_by_role("button", name="Save my profile").click()
    assert "Your profile is saved." in page.content()
    assert "Vietnam → Japan" in page.content()

    page.goto(live_server.url + "/members/directory")
    page.get_by_label("Theme").select_option("labor-migration")
    page.get_by_label("Corridor: origin").select_option("VN")
    page.get_by_label("Corridor: destination").select_option("JP")
    page.get_by_role("button", name="Search").click()
    assert "theme=labor-migration" in page.url and "origin=VN" in page.url
    page.get_by_role("link", name="Nguyễn Thị Lan").click()
    page.get_by_role("heading", name="Nguyễn Thị Lan").wait_for()

    page.goto(live_server.url + "/members/directory?theme=gender&origin=VN")
    assert "Nobody matches this search." in page.content()
