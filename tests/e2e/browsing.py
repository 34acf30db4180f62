"""What every browser test does: sign in and out through the pages, wait for a mail to arrive."""

import time

from tests.factories import PASSWORD

# The header's width breakpoint (Bootstrap's xl): narrower pages fold the menu behind a button.
MENU_COLLAPSES_BELOW = 1200


def sign_in(page, base: str, user_or_email) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill(getattr(user_or_email, "email", user_or_email))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out", include_hidden=True).wait_for(state="attached")


def sign_out(page) -> None:
    """Sign out from the menu under the person's name (on a phone, open the menu first)."""
    if page.viewport_size["width"] < MENU_COLLAPSES_BELOW:
        page.locator(".navbar-toggler").click()
        page.locator("#main-nav.show").wait_for()  # opened, not still sliding open
    page.locator("#account-menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").first.wait_for()


def wait_for_mail(mailbox, address: str, subject: str = "", timeout: float = 15):
    """The newest message to `address` whose subject contains `subject`, once it has arrived."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in mailbox.to(address) if subject in m["Subject"]]
        if found:
            return found[-1]
        time.sleep(0.05)
    raise AssertionError(
        f"no mail {subject!r} for {address}: {[m['Subject'] for m in mailbox.to(address)]}"
    )


def choose(page, label: str, *options: str) -> None:
    """Choose options of a searchable multiple choice: type each one, then pick it from the list."""
    box = page.get_by_role("combobox", name=label)
    for option in options:
        box.press_sequentially(option)
        listed = page.get_by_role("listbox", name=label)
        listed.get_by_role("option", name=option, exact=True).click()
