"""A person signs up, confirms by the emailed link, signs in and out, in a real browser."""

from sqlalchemy import select

from network.auth.models import User
from network.extensions import db
from tests.e2e.browsing import sign_out, wait_for_mail


def test_sign_up_verify_sign_in_sign_out(live_server, page, mailbox):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Join the network").first.click()
    page.get_by_label("Full name").fill("Aïssatou Diallo")
    page.get_by_label("Email").fill("aissatou@example.org")
    page.get_by_label("Password", exact=True).fill("le fleuve Niger à Bamako")
    page.get_by_label("Repeat password").fill("le fleuve Niger à Bamako")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()

    message = wait_for_mail(mailbox, "aissatou@example.org")
    link = mailbox.links(message)[0]
    assert link.startswith(live_server.url + "/verify/")
    page.goto(link)
    page.get_by_role("button", name="Confirm my email address").click()
    assert "Your email address is confirmed. Welcome, Aïssatou Diallo." in page.content()
    sign_out(page)  # confirming signed her in

    page.goto(live_server.url + "/login")
    page.get_by_label("Email").fill("aissatou@example.org")
    page.get_by_label("Password").fill("le fleuve Niger à Bamako")
    page.get_by_role("button", name="Sign in").click()
    assert "Welcome back, Aïssatou Diallo" in page.content()
    user = db.session.scalar(select(User).where(User.email == "aissatou@example.org"))
    assert user.timezone == "America/Bogota"  # recorded from the browser at sign-up

    sign_out(page)
    assert "You are signed out." in page.content()
    page.goto(live_server.url + "/account")
    assert "/login" in page.url


def test_language_switcher_by_keyboard(live_server, page):
    page.goto(live_server.url + "/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.get_by_role("button", name="Español").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Iniciar sesión").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
