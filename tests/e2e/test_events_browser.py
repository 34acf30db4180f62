"""An organizer sets up a two-seat seminar; three people register, one cancels, the third moves up."""

from network.auth.models import Role
from tests.e2e.browsing import sign_in, sign_out, wait_for_mail
from tests.factories import make_user


def test_two_seats_three_people_one_cancels_the_third_is_promoted(live_server, page, mailbox):
    base = live_server.url
    organizer = make_user(Role.ORGANIZER, name="Jean-Baptiste Mbeki")
    people = [make_user(name=name) for name in ("Ana María Quispe", "Kwame Mensah", "Leila Haddad")]

    sign_in(page, base, organizer)
    page.goto(base + "/events/")
    page.get_by_role("link", name="New event").click()
    page.get_by_label("Title").fill("Remesas y desarrollo local")
    page.get_by_label("Kind").select_option("seminar")
    page.get_by_label("Time zone").select_option("America/Lima")
    page.get_by_label("Starts").fill("2027-05-10T18:00")
    page.get_by_label("Ends").fill("2027-05-10T20:00")
    page.get_by_label("Venue").fill("Casa de la Cultura")
    page.get_by_label("City").fill("Lima")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Registration settings").first.wait_for()
    page.get_by_label("Capacity").fill("2")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_role("button", name="Publish").click()
    assert "The event is published." in page.content()
    page.get_by_role("link", name="Public page").click()
    event_url = page.url
    sign_out(page)

    for person in people:
        sign_in(page, base, person)
        page.goto(event_url)
        page.get_by_role("button", name="Register").click()
        page.locator(".alert").first.wait_for()
        sign_out(page)

    wait_for_mail(mailbox, people[0].email, "Registration confirmed: Remesas y desarrollo local")
    wait_for_mail(
        mailbox, people[2].email, "You are on the waiting list: Remesas y desarrollo local"
    )

    sign_in(page, base, people[0])
    page.goto(event_url)
    assert "You are registered." in page.content()
    page.get_by_role("button", name="Cancel my registration").click()
    page.get_by_role("heading", name="Cancel your registration for").wait_for()
    page.get_by_role("button", name="Cancel my registration").click()
    assert "Your registration is cancelled." in page.content()
    sign_out(page)

    promoted = wait_for_mail(
        mailbox, people[2].email, "You have a seat: Remesas y desarrollo local"
    )
    invite = next(p for p in promoted.iter_attachments() if p.get_filename() == "invite.ics")
    assert invite.get_param("method") == "REQUEST"
    assert "SUMMARY:Remesas y desarrollo local" in invite.get_content()

    sign_in(page, base, people[2])
    page.goto(event_url)
    assert "You are registered." in page.content()

    sign_out(page)
    sign_in(page, base, organizer)
    page.goto(event_url)
    page.get_by_role("link", name="Manage this event").click()
    page.get_by_role("link", name="Registrants", exact=True).click()
    content = page.content()
    assert (
        "Confirmed (2)" in content and "Cancelled (1)" in content and "Waiting list (0)" in content
    )
