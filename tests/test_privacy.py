"""Hidden people and organizations stay hidden on every page, list, feed and mail that could name
them; and pickers and forms that name people show no addresses."""

import re

import pytest
from sqlalchemy import select

from network.advocacy import endorsements as advocacy
from network.auth.models import Role, User
from network.extensions import db
from network.members import organizations
from network.members import services as members
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_conferences import make_abstract, make_call, make_conference, make_session
from tests.factories_events import make_event
from tests.factories_groups import add_member, make_group
from tests.factories_members import make_organization, make_profile

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
HIDDEN = ("Hortensia", "hortensia@", "Zeta Collective")


def affiliate(profile, org):
    affiliation = organizations.request_affiliation(profile.user, org, "Researcher")
    organizations.decide_affiliation(org.admins[0].user, affiliation, approve=True)
    db.session.commit()
    return affiliation


@pytest.fixture
def network_with_hidden_ones():
    """A person whose profile is "only me" and a private organization, in every role that names."""
    hortensia = make_user(Role.ORGANIZER, name="Hortensia Hidden", email="hortensia@example.org")
    make_profile(
        hortensia, display_name="Hortensia Oculta", visibility="private", listed_in_directory=True
    )
    victor = make_user(Role.ORGANIZER, name="Victor Visible")
    victor_profile = make_profile(victor, display_name="Victor Visible")
    public_org = make_organization(victor, name="Open Association")
    secret_org = make_organization(
        hortensia, name="Zeta Collective", visibility="private", listed_in_directory=True
    )
    affiliate(members.profile_of(hortensia), public_org)
    affiliate(victor_profile, secret_org)

    group = make_group(slug="labour", name="Labour migration", chair=hortensia, cochair=victor)
    add_member(make_group(slug="diaspora", name="Diaspora"), hortensia)
    event = make_event(
        hortensia, title="Seminar on remittances", visibility="public", group_id=group.id
    )
    event.organizers.append(victor)
    conference = make_conference(victor)
    make_session(conference, chair="Victor Visible")
    campaign = make_campaign(slug="statement")
    advocacy.endorse_as_organization(campaign, secret_org.id, hortensia)
    advocacy.endorse_as_organization(campaign, public_org.id, victor)
    db.session.commit()
    return {
        "profile": victor_profile.id,
        "org": public_org.id,
        "group": group.slug,
        "event": event.slug,
        "conference": conference.slug,
        "campaign": campaign.slug,
        "hidden_profile": members.profile_of(hortensia).id,
        "hidden_org": secret_org.id,
    }


def public_pages(app, seeded) -> list[str]:
    """Every GET page that needs no argument, and the pages of the objects seeded above."""
    plain = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint != "static"
        and not set(rule.arguments) - set(rule.defaults or {})
    )
    return plain + [
        f"/members/{seeded['profile']}",
        f"/members/org/{seeded['org']}",
        "/members/directory?q=",
        "/members/directory?type=organizations",
        "/members/directory?q=oculta",
        "/members/directory?type=organizations&q=zeta",
        f"/groups/{seeded['group']}",
        "/groups/diaspora",
        f"/events/{seeded['event']}",
        f"/events/{seeded['event']}/event.ics",
        "/events/feed.ics",
        f"/events/feeds/group/{seeded['group']}.ics",
        "/events/?when=all",
        f"/conferences/{seeded['conference']}/",
        f"/conferences/{seeded['conference']}/programme",
        f"/conferences/{seeded['conference']}/programme.ics",
        f"/conferences/{seeded['conference']}/speakers",
        f"/advocacy/campaigns/{seeded['campaign']}",
    ]


def leaks(client, pages) -> list[str]:
    found = []
    for page in pages:
        response = client.get(page)
        if response.mimetype.startswith("image/"):
            continue
        body = response.get_data(as_text=True)
        found += [f"{page}: {needle}" for needle in HIDDEN if needle.lower() in body.lower()]
    return found


def test_hidden_person_and_organization_are_named_nowhere(
    app, client, auth, network_with_hidden_ones
):
    seeded = network_with_hidden_ones
    pages = public_pages(app, seeded)
    assert len(pages) > 30

    assert leaks(client, pages) == []
    assert client.get(f"/members/{seeded['hidden_profile']}").status_code == 404
    assert client.get(f"/members/org/{seeded['hidden_org']}").status_code == 404

    auth.login(make_user(name="Walker"))
    assert leaks(client, pages) == []
    assert client.get(f"/members/{seeded['hidden_profile']}").status_code == 404
    assert client.get(f"/members/org/{seeded['hidden_org']}").status_code == 404
    # What is visible is still there: the control that the pages were read at all.
    group_page = client.get(f"/groups/{seeded['group']}").get_data(as_text=True)
    assert "Victor Visible" in group_page and "Name not shown" in group_page
    assert "Open Association" in client.get(f"/advocacy/campaigns/{seeded['campaign']}").get_data(
        as_text=True
    )
    assert "Victor Visible" in client.get(f"/events/{seeded['event']}").get_data(as_text=True)
    auth.logout()

    # They see themselves, and staff see everyone, as before.
    auth.login(db.session.scalar(select(User).where(User.name == "Hortensia Hidden")))
    assert "Hortensia Oculta" in client.get(f"/members/{seeded['hidden_profile']}").get_data(
        as_text=True
    )
    assert "Zeta Collective" in client.get(f"/members/org/{seeded['hidden_org']}").get_data(
        as_text=True
    )
    auth.logout()
    auth.login(make_user(Role.STAFF))
    assert "Hortensia Hidden" in client.get(f"/groups/{seeded['group']}").get_data(as_text=True)
    assert "Zeta Collective" in client.get(f"/members/{seeded['profile']}").get_data(as_text=True)
    assert "Zeta Collective" in client.get(f"/advocacy/campaigns/{seeded['campaign']}").get_data(
        as_text=True
    )


def test_join_request_mail_names_only_people_the_chair_may_see(client, auth, mailbox):
    chair = make_user(email="chair@example.org")
    make_group(slug="g", name="Return migration", chair=chair)
    hidden = make_user(name="Hortensia Hidden")
    make_profile(hidden, visibility="private")
    auth.login(hidden)
    client.post("/groups/g/join")
    message = mailbox.last("chair@example.org")
    assert message["Subject"] == "A member asks to join Return migration"
    assert "Hortensia" not in mailbox.text(message)
    auth.logout()
    shown = make_user(name="Victor Visible")
    auth.login(shown)
    client.post("/groups/g/join")
    assert (
        mailbox.last("chair@example.org")["Subject"]
        == "Victor Visible asks to join Return migration"
    )


def test_affiliation_request_mail_names_only_people_the_admins_may_see(app, mailbox):
    admin = make_user(email="admin@example.org")
    org = make_organization(admin, name="Open Association")
    hidden = make_profile(make_user(name="Hortensia Hidden"), visibility="private")
    organizations.request_affiliation(hidden.user, org, "Researcher")
    db.session.commit()
    message = mailbox.last("admin@example.org")
    assert message["Subject"] == "A member says they work with Open Association"
    assert "Hortensia" not in mailbox.text(message)


def test_new_event_page_shows_organizers_by_name_only(client, auth):
    organizer = make_user(Role.ORGANIZER, name="Ana Pérez", email="ana.perez@example.org")
    namesake = make_user(Role.ORGANIZER, name="Ana Pérez", email="ana.p@example.net")
    make_organization(namesake, name="Open Association")
    make_user(Role.STAFF, name="Sam Staff", email="sam@example.org")
    make_user(Role.MEMBER, name="Mere Member")
    auth.login(organizer)
    page = client.get("/events/new").get_data(as_text=True)
    options = page[page.index('name="organizers"') :]
    options = options[: options.index("</select>")]
    assert EMAIL.search(options) is None
    assert f">Ana Pérez (#{organizer.id})</option>" in options
    assert f">Ana Pérez (Open Association, #{namesake.id})</option>" in options
    assert ">Sam Staff</option>" in options and "Mere Member" not in options
    assert not [address for address in ("ana.perez@", "ana.p@", "sam@") if address in page]


def test_named_reviewer_with_a_hidden_profile_stays_unnamed_to_authors(client, auth):
    organizer = make_user(Role.ORGANIZER)
    event = make_conference(organizer)
    call = make_call(event, anonymous=False)
    abstract = make_abstract(call)
    reviewer = make_user(name="Hortensia Hidden")
    make_profile(reviewer, visibility="private")
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/reviewers",
        data={"email": reviewer.email},
    )
    auth.logout()
    auth.login(reviewer)
    client.post(
        f"/conferences/reviews/{abstract.id}",
        data={f"c{c.id}": "5" for c in call.criteria} | {"comment": "Excellent."},
    )
    auth.logout()
    auth.login(organizer)
    client.post(
        f"/conferences/{event.slug}/manage/abstracts/{abstract.id}/decide",
        data={"state": "accepted"},
    )
    client.post(f"/conferences/{event.slug}/manage/announcements")
    auth.logout()
    auth.login(abstract.submitter)
    page = client.get(f"/conferences/abstracts/{abstract.id}").get_data(as_text=True)
    assert "Excellent." in page and "A reviewer" in page and "Hortensia" not in page
