"""The journal in a browser, on a phone: an author submits a manuscript through the form with
its files; the editor invites an outside reviewer by email; the reviewer opens the mailed link,
accepts with the button and sends the review from the keyboard, without ever seeing who the
authors are; the editor reads it."""

from network.library.demo import pdf_bytes
from tests.e2e.browsing import sign_in, sign_out, wait_for_mail
from tests.factories import make_user
from tests.factories_journal import make_journal


def test_a_manuscript_goes_from_the_form_to_a_review(live_server, browser, mailbox, tmp_path):
    chief = make_user(name="Carmen Editor", email="carmen@example.org")
    make_user(name="Amina Diallo", email="amina@example.org")
    journal = make_journal(chief, name="Migration and Development")
    manuscript, anonymized = tmp_path / "diallo.pdf", tmp_path / "anonymous.pdf"
    manuscript.write_bytes(pdf_bytes(2))
    anonymized.write_bytes(pdf_bytes(2))
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)

    sign_in(page, base, "amina@example.org")
    page.goto(f"{base}/journal/{journal.slug}/")
    page.get_by_role("link", name="Submit an article").click()
    page.get_by_label("Title in English").fill("Remittances and village water")
    page.get_by_label("Abstract in English").fill("How associations bring water to villages.")
    page.get_by_label("Keywords").fill("remittances, water")
    page.get_by_label("Conflicts of interest").fill("None")
    page.get_by_label("The manuscript is original", exact=False).check()
    page.get_by_label("If it is published", exact=False).check()
    page.get_by_label("Manuscript", exact=True).set_input_files(str(manuscript))
    page.get_by_label("Anonymized version for the reviewers").set_input_files(str(anonymized))
    page.get_by_role("button", name="Submit the manuscript").click()
    page.get_by_role("heading", name="Remittances and village water").wait_for()
    assert page.get_by_text("Submitted").first.is_visible()
    sign_out(page)

    sign_in(page, base, "carmen@example.org")
    page.goto(f"{base}/journal/{journal.slug}/editorial")
    page.get_by_role("link", name="Remittances and village water").first.click()
    page.get_by_label("Reviewer's email").fill("ruth@uni.example")
    page.get_by_label("Reviewer's name").fill("Ruth Okello")
    page.get_by_role("button", name="Invite").click()
    page.get_by_text("Ruth Okello").first.wait_for()
    sign_out(page)

    invitation = wait_for_mail(mailbox, "ruth@uni.example")
    link = next(x for x in mailbox.links(invitation) if "/journal/reviews/" in x)
    page.goto(base + "/journal/reviews/" + link.split("/journal/reviews/", 1)[1])
    assert "Amina Diallo" not in page.content()
    page.get_by_role("button", name="Accept the invitation").click()
    page.get_by_label("Major revisions").focus()
    page.keyboard.press("Space")
    page.get_by_label("Comments for the authors").fill("Add a second region.")
    page.get_by_label("Confidential comments for the editor").fill("Promising.")
    page.get_by_role("button", name="Send the review").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Add a second region.").first.wait_for()
    assert "Amina Diallo" not in page.content()

    sign_in(page, base, "carmen@example.org")
    page.goto(f"{base}/journal/{journal.slug}/editorial")
    page.get_by_role("link", name="Remittances and village water").first.click()
    page.get_by_text("Promising.").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
