"""A visitor signs a campaign, opts in to its list, confirms by email, appears in the public list,
then leaves every list from the preference centre, in a real browser with CSRF on."""

from sqlalchemy import select

from network.auth.models import Role
from network.extensions import db
from network.lists.models import Subscriber, Subscription
from tests.e2e.browsing import sign_in, wait_for_mail
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_lists import make_list


def test_sign_confirm_appear_then_unsubscribe(live_server, browser, page, mailbox):
    campaign = make_campaign(
        slug="gfmd-statement",
        title="Statement to the Global Forum",
        goal=10,
        mailing_list=make_list("campaign", name="Statement updates"),
    )
    make_user(Role.STAFF, email="staff@example.org")

    page.goto(f"{live_server.url}/advocacy/campaigns/gfmd-statement")
    form = page.get_by_role("form", name="Sign as a person")
    form.get_by_label("Your name").fill("Aïssatou Diallo")
    form.get_by_label("Email", exact=True).fill("aissatou@example.org")
    form.get_by_label("Country").select_option("SN")
    form.get_by_label("Show my name on the public list of signers").check()
    opt_in = form.get_by_label("Keep me informed about this campaign by email")
    assert not opt_in.is_checked()
    opt_in.check()
    form.get_by_role("button", name="Sign the statement").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()

    link = next(
        entry
        for entry in mailbox.links(wait_for_mail(mailbox, "aissatou@example.org"))
        if "/signatures/confirm/" in entry
    )
    page.goto(link)
    page.get_by_role("button", name="Confirm my signature").click()
    page.get_by_text("your signature is confirmed and counted").wait_for()
    signers = page.locator("ul.signers")
    assert "Aïssatou Diallo" in signers.inner_text()
    assert "1 of 10 signatures" in page.content()

    staff = browser.new_context(locale="en-US").new_page()
    staff.on("dialog", lambda dialog: dialog.accept())
    sign_in(staff, live_server.url, "staff@example.org")
    staff.goto(f"{live_server.url}/advocacy/staff/campaigns/{campaign.id}")
    staff.get_by_role("link", name="Write an update").click()
    assert staff.get_by_label("Statement updates").is_checked()
    staff.get_by_label("Subject").fill("The Forum heard us")
    staff.get_by_label("Text", exact=True).fill(
        "Thank you for signing. **Next step:** the ministers' meeting."
    )
    staff.get_by_role("button", name="Save draft").click()
    staff.get_by_role("link", name="Send or schedule").click()
    assert "People this newsletter will reach: 1" in staff.content()
    staff.get_by_role("button", name="Send now").click()
    staff.get_by_role("heading", name="Progress of").wait_for()

    update = wait_for_mail(mailbox, "aissatou@example.org", "The Forum heard us")
    assert update["Subject"] == "The Forum heard us" and update["List-Unsubscribe-Post"]
    preferences = next(
        entry for entry in mailbox.links(update) if "/advocacy/preferences/" in entry
    )
    page.goto(preferences)
    assert "Statement updates" in page.content()
    page.get_by_role("button", name="Unsubscribe from everything").click()
    page.get_by_text("You are unsubscribed from everything.").first.wait_for()

    db.session.expire_all()
    subscriber = db.session.scalar(
        select(Subscriber).where(Subscriber.email == "aissatou@example.org")
    )
    assert subscriber.opted_out_at is not None
    assert db.session.scalar(select(Subscription.state)) == "unsubscribed"
