"""A whole call in a real browser: open it, two submissions, a review, decisions, the programme."""

from ical.calendar_stream import IcsCalendarStream

from network.auth.models import Role
from tests.e2e.browsing import choose, sign_in, sign_out, wait_for_mail
from tests.factories import make_user
from tests.factories_conferences import make_conference


def submit_abstract(page, base, event, title, coauthor):
    page.goto(f"{base}/conferences/{event.slug}/")
    page.get_by_role("link", name="Submit an abstract").click()
    page.get_by_label("Title").fill(title)
    page.get_by_role("textbox", name="Abstract").fill(
        "Collective remittances fund schools, roads and water."
    )
    page.get_by_label("Language of the abstract").select_option("es")
    page.get_by_label("Your affiliation").fill("FLACSO Ecuador")
    page.get_by_label("Your country").select_option("EC")
    page.locator("#coauthors-0-name").fill(coauthor)
    page.locator("#coauthors-0-country").select_option("SN")
    page.get_by_role("button", name="Add another co-author").click()
    page.locator("#coauthors-2-name").wait_for()
    assert page.locator("#coauthors-0-name").input_value() == coauthor
    page.get_by_role("button", name="Submit the abstract").click()
    page.get_by_text("Your abstract is submitted.").wait_for()


def test_call_review_decisions_and_programme(live_server, page, mailbox):
    base = live_server.url
    organizer = make_user(Role.ORGANIZER, name="Jean-Baptiste Mbeki")
    event = make_conference(organizer, title="Migration, Remittances and Development 2027")
    first = make_user(name="Ana María Quispe", email="ana@example.org")
    second = make_user(name="Moussa Traoré", email="moussa@example.org")
    reviewer = make_user(name="Priya Raman", email="priya@example.org")

    sign_in(page, base, organizer)
    page.goto(f"{base}/conferences/{event.slug}/")
    page.get_by_role("link", name="Open or change the call for abstracts").click()
    page.get_by_label("Opens").fill("2026-01-01T09:00")
    page.get_by_label("Deadline").fill("2030-01-01T09:00")
    page.get_by_label("Word limit").fill("200")
    choose(page, "Languages accepted", "English", "Spanish", "French")
    page.locator("#tracks-0-name").fill("Remittances and local development")
    page.locator("#tracks-1-name").fill("Diaspora associations")
    page.locator("#criteria-0-name").fill("Relevance")
    page.locator("#criteria-0-max_score").fill("5")
    page.get_by_role("button", name="Save the call").click()
    page.get_by_text("The call for abstracts is saved.").wait_for()
    sign_out(page)

    sign_in(page, base, first)
    submit_abstract(page, base, event, "Remesas colectivas en Zacatecas", "Aïssatou Diallo")
    sign_out(page)
    sign_in(page, base, second)
    submit_abstract(page, base, event, "Associations de la diaspora malienne", "Kwame Mensah")
    sign_out(page)

    sign_in(page, base, organizer)
    page.goto(f"{base}/conferences/{event.slug}/manage/abstracts")
    page.get_by_role("link", name="Associations de la diaspora malienne").click()
    page.get_by_label("Reviewer's email").fill("priya@example.org")
    page.get_by_role("button", name="Assign").click()
    page.get_by_text("Priya Raman reviews this abstract.").wait_for()
    sign_out(page)

    sign_in(page, base, reviewer)
    page.goto(f"{base}/conferences/reviews")
    assert "Remesas colectivas" not in page.content()
    page.get_by_role("link", name="Associations de la diaspora malienne").click()
    page.get_by_label("Relevance (0 to 5)").fill("2")
    page.get_by_label("Comment").fill("The sample is too small.")
    page.get_by_role("button", name="Save my review").click()
    page.get_by_text("Your review is saved.").wait_for()
    sign_out(page)

    sign_in(page, base, organizer)
    page.goto(f"{base}/conferences/{event.slug}/manage/abstracts")
    page.get_by_role("link", name="Remesas colectivas en Zacatecas").click()
    page.get_by_role("button", name="Accept").click()
    page.get_by_text("The authors are told when you send the notifications.").wait_for()
    page.goto(f"{base}/conferences/{event.slug}/manage/abstracts")
    page.get_by_role("link", name="Associations de la diaspora malienne").click()
    assert "The sample is too small." in page.content()
    page.get_by_role("button", name="Reject").click()
    page.get_by_text("The authors are told when you send the notifications.").wait_for()
    page.get_by_role("link", name="Decisions to announce").first.click()
    assert "Remesas colectivas en Zacatecas" in page.content()
    page.get_by_role("button", name="Send 2 notifications").click()
    page.get_by_text("2 notifications sent.").wait_for()
    assert "Remesas colectivas en Zacatecas" in mailbox.text(
        wait_for_mail(mailbox, "ana@example.org", "accepted")
    )
    assert "Associations de la diaspora malienne" in mailbox.text(
        wait_for_mail(mailbox, "moussa@example.org", "decision")
    )

    page.goto(f"{base}/conferences/{event.slug}/")
    page.get_by_role("link", name="Build the programme").click()
    page.get_by_label("Title").fill("Remittances I")
    page.get_by_label("Room").fill("Aula Magna")
    page.get_by_label("Chair").fill("Rahel Tesfaye")
    page.get_by_label("Starts").fill("09:00")
    page.get_by_label("Ends").fill("10:30")
    page.get_by_role("button", name="Save the session").click()
    page.get_by_text("The session “Remittances I” is added.").wait_for()
    page.get_by_label("Accepted abstract").select_option(
        label="Remesas colectivas en Zacatecas (Ana María Quispe)"
    )
    page.get_by_label("Duration (minutes)").last.fill("30")
    page.get_by_role("button", name="Add the talk").click()
    page.get_by_text("The talk is added.").wait_for()
    sign_out(page)

    page.goto(f"{base}/conferences/{event.slug}/programme")
    page.get_by_role("heading", name="Remittances I").wait_for()
    assert "Remesas colectivas en Zacatecas" in page.content()
    assert "Aïssatou Diallo" in page.content()
    assert "Associations de la diaspora malienne" not in page.content()
    feed_href = page.locator('link[rel="alternate"][type="text/calendar"]').get_attribute("href")
    feed = page.request.get(base + feed_href)
    assert feed.ok
    calendar = IcsCalendarStream.calendar_from_ics(feed.text())
    assert [e.summary for e in calendar.events] == ["Remittances I"]
    assert "Remesas colectivas en Zacatecas — Ana María Quispe" in calendar.events[0].description
