"""Staff compose, preview, test-send and send a newsletter in a real browser; readers receive it
in their language with the list headers, and the public archive shows it."""

from huey.storage import MemoryStorage
from playwright.sync_api import expect
from sqlalchemy import select, update

from network.auth.models import Role
from network.dbtypes import utcnow
from network.extensions import db
from network.newsletters import services
from network.newsletters.models import Delivery
from network.tasks import huey
from tests.e2e.browsing import sign_in, wait_for_mail
from tests.factories import make_user
from tests.factories_lists import make_list, make_subscriber, subscribe
from tests.factories_newsletters import make_newsletter


def test_compose_preview_test_send_and_send_to_a_list(live_server, page, mailbox):
    staff = make_user(
        Role.STAFF, name="Lucía Fernández", email="lucia@example.org", timezone="America/Bogota"
    )
    bulletin = make_list(slug="bulletin", name="Bulletin")
    readers = {
        "es": make_subscriber("jose@example.org", name="José Ñúñez", language="es"),
        "en": make_subscriber("grace@example.org", name="Grace Wanjiru", language="en"),
    }
    for reader in readers.values():
        subscribe(reader, bulletin)
    page.on("dialog", lambda dialog: dialog.accept())

    sign_in(page, live_server.url, staff.email)
    page.get_by_role("link", name="Newsletters").first.click()
    page.get_by_role("link", name="Write a newsletter").click()
    page.get_by_label("Subject").fill("Remittances report for {{ name }}")
    page.get_by_label("Preheader").fill("Our new study in one page")
    page.get_by_label("Sender name").fill("Puente Secretariat")
    page.get_by_label("Main language").select_option("en")
    page.get_by_label("Text", exact=True).fill(
        "Dear {{ name }},\n\nRead [the report](https://example.org/remittances-2026)."
    )
    page.get_by_label("Bulletin").check()
    page.get_by_role("button", name="Save draft").click()
    assert "The draft is saved." in page.content()

    page.get_by_role("link", name="Add a version in Español").click()
    page.get_by_label("Subject").fill("Informe de remesas para {{ name }}")
    page.get_by_label("Text", exact=True).fill(
        "Estimada/o {{ name }}:\n\nLea [el informe](https://example.org/remesas-2026)."
    )
    page.get_by_role("button", name="Save this version").click()

    page.get_by_role("link", name="Preview").first.click()
    preview = page.get_by_role("article", name="Newsletter text")
    assert "Dear Lucía Fernández," in preview.inner_text()
    assert (
        preview.get_by_role("link", name="the report").get_attribute("href")
        == "https://example.org/remittances-2026"
    )
    page.get_by_role("link", name="Back to the newsletter").click()

    page.get_by_label("Language of the test").select_option("es")
    page.get_by_role("button", name="Send me a test").click()
    test_copy = wait_for_mail(mailbox, staff.email)
    assert test_copy["Subject"] == "[Prueba] Informe de remesas para Lucía Fernández"
    assert mailbox.to(readers["es"].email) == []

    page.get_by_role("link", name="Send or schedule").click()
    assert "People this newsletter will reach: 2" in page.content()
    page.get_by_role("button", name="Send now").click()
    page.get_by_role("heading", name="Progress of").wait_for()

    spanish = wait_for_mail(mailbox, readers["es"].email)
    assert spanish["Subject"] == "Informe de remesas para José Ñúñez"
    assert "Estimada/o José Ñúñez:" in mailbox.text(spanish)
    assert spanish["List-Id"].endswith("<bulletin.puente.localhost>")
    assert spanish["List-Unsubscribe"].startswith(f"<{live_server.url}/advocacy/unsubscribe/")
    assert spanish["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{live_server.url}/advocacy/preferences/{readers['es'].secret}" in mailbox.text(spanish)
    english = wait_for_mail(mailbox, readers["en"].email)
    assert english["Subject"] == "Remittances report for Grace Wanjiru"
    assert 'href="https://example.org/remittances-2026"' in mailbox.html(english)
    assert "<img" not in mailbox.html(english)

    page.get_by_text("Sent", exact=True).first.wait_for()
    page.goto(live_server.url + "/newsletters/archive")
    assert page.locator('link[rel="alternate"][type="application/atom+xml"]').count() == 1
    page.get_by_role("link", name="Remittances report for friend").click()
    assert "Dear friend," in page.get_by_role("article").inner_text()


def test_progress_page_updates_itself(live_server, page):
    staff = make_user(Role.STAFF, email="progress@example.org")
    mailing_list = make_list()
    for n in range(3):
        subscribe(make_subscriber(f"waiting{n}@example.org"), mailing_list)
    newsletter = make_newsletter([mailing_list])
    saved = huey.storage
    huey.immediate = False  # the senders are queued on commit, but no worker runs
    huey.storage = MemoryStorage(huey.name)
    try:
        services.send_now(newsletter, utcnow())
        db.session.commit()
    finally:
        huey.storage = saved
        huey.immediate = True
    sign_in(page, live_server.url, staff.email)
    page.goto(f"{live_server.url}/newsletters/{newsletter.id}/progress")
    sent = page.locator('[data-progress="sent"]')
    assert sent.inner_text() == "0"
    # A worker elsewhere sends two of them; the open page shows it without a reload.
    db.session.execute(
        update(Delivery)
        .where(
            Delivery.id.in_(
                select(Delivery.id).where(Delivery.newsletter_id == newsletter.id).limit(2)
            )
        )
        .values(state="sent", sent_at=utcnow())
    )
    db.session.commit()
    expect(sent).to_have_text("2", timeout=10000)
    expect(page.locator('[data-progress="pending"]')).to_have_text("1")
    pause = page.get_by_role("button", name="Pause")
    expect(pause).to_be_visible()
    # The last one goes out: nothing is left to pause or cancel on the open page.
    db.session.execute(
        update(Delivery)
        .where(Delivery.newsletter_id == newsletter.id, Delivery.state == "pending")
        .values(state="sent", sent_at=utcnow())
    )
    db.session.commit()
    expect(sent).to_have_text("3", timeout=10000)
    expect(pause).to_be_hidden()
    expect(page.get_by_role("button", name="Cancel the newsletter")).to_be_hidden()
