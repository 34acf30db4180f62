"""A member asks to join a working group, the chair approves, the member is listed on the group page."""

from tests.e2e.browsing import sign_in, sign_out
from tests.factories import make_user
from tests.factories_groups import make_group


def test_member_joins_and_chair_approves(live_server, page):
    chair = make_user(name="Grace Wanjiru", email="grace@example.org")
    make_user(name="Hamid Karimi", email="hamid@example.org")
    make_group(
        name="Diaspora resources",
        slug="diaspora",
        chair=chair,
        description="Diaspora investment and *knowledge transfer*.",
    )
    base = live_server.url
    members = page.locator("ul.group-members")

    sign_in(page, base, "hamid@example.org")
    page.get_by_role("link", name="Working groups").click()
    page.get_by_role("link", name="Diaspora resources").click()
    page.get_by_role("button", name="Ask to join this group").click()
    page.get_by_text("Your request to join is sent.").wait_for()
    assert "Hamid Karimi" not in members.inner_text()
    sign_out(page)

    sign_in(page, base, "grace@example.org")
    page.goto(base + "/groups/diaspora")
    page.get_by_role("link", name="Requests to join").click()
    page.get_by_role("button", name="Approve Hamid Karimi").click()
    page.get_by_text("Hamid Karimi is now a member of the group.").wait_for()
    page.get_by_role("link", name="Diaspora resources").click()
    assert "Hamid Karimi" in members.inner_text()
    assert page.locator("em", has_text="knowledge transfer").count() == 1
