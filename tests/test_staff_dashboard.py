"""One door for staff: the dashboard counts what waits for them, lists the oldest and links on."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from network.advocacy import endorsements, signatures
from network.auth.models import Role
from network.dbtypes import utcnow
from network.extensions import db
from network.journal.models import Stage
from network.library.models import ItemState
from network.newsletters import services as newsletters
from tests.factories import make_user
from tests.factories_advocacy import make_campaign
from tests.factories_conferences import make_abstract, make_call, make_conference
from tests.factories_journal import make_article_row, make_journal
from tests.factories_library import make_item
from tests.factories_lists import make_list
from tests.factories_newsletters import make_newsletter
from tests.test_membership import make_membership

URL = "/staff/"
BLOCKS = ("applications", "abstracts", "library", "journal", "endorsements", "newsletters")


def block(html: str, name: str) -> str:
    """The block's HTML, its runs of white space made one space."""
    found = re.search(rf'<section[^>]*aria-labelledby="h-{name}">(.*?)</section>', html, re.S)[1]
    return " ".join(found.split())


def heading(html: str, name: str) -> str:
    return re.search(rf'<h2 id="h-{name}"[^>]*>(.*?)</h2>', html, re.S)[1]


def seed(
    n: int, *, call=None, campaign=None, mailing_list=None, journal=None, first: int = 0
) -> None:
    """n of everything that waits for staff, numbered from first: applications, abstracts in one
    conference, library items, journal submissions in one journal, endorsements to verify and
    signatures to confirm in one campaign, newsletters."""
    call = call or make_call(make_conference(title="Annual conference"))
    journal = journal or make_journal(name="Migration and Development")
    campaign = campaign or make_campaign(title="Safe passage now")
    mailing_list = mailing_list or make_list()
    for k in range(first, first + n):
        make_membership(make_user(name=f"Applicant {k}"), "applicant")
        make_abstract(call, title=f"Abstract {k}")
        make_item(texts={"en": (f"Wages abroad {k}", "Abstract.")}, state=ItemState.SUBMITTED)
        make_article_row(journal, stage=Stage.SUBMITTED, titles={"en": f"Remittances {k}"})
        endorsement = endorsements.endorse(
            campaign,
            organization_name=f"Red Andina {k}",
            country="PE",
            kind="ngo",
            website="",
            contact_name="Ana",
            contact_email=f"ana{k}@example.org",
            language="es",
        )
        endorsements.confirm_endorsement(endorsement.confirm_token)
        signatures.sign(
            campaign,
            name=f"Kwame {k}",
            email=f"kwame{k}@example.org",
            country="GH",
            organization_name="",
            listed=True,
            opt_in=False,
            language="en",
        )
        newsletter = make_newsletter([mailing_list], subject=f"December bulletin {k}")
        tomorrow = (utcnow() + timedelta(days=1, minutes=k)).replace(tzinfo=None, microsecond=0)
        newsletters.schedule(newsletter, tomorrow, utcnow())
    db.session.commit()


def test_staff_see_what_waits_with_counts_dates_and_links(client, auth):
    seed(1)
    auth.login(make_user(Role.STAFF))
    html = client.get(URL).get_data(as_text=True)

    for name in BLOCKS:
        assert heading(html, name).endswith("(1)"), name
    assert "Applicant 0" in block(html, "applications")
    assert "Annual conference" in block(html, "abstracts")
    assert "1 abstract · waiting since" in block(html, "abstracts")
    assert "1 endorsement · waiting since" in block(html, "endorsements")
    assert "Wages abroad 0" in block(html, "library")
    assert "Migration and Development" in block(html, "journal")
    assert "1 submission awaiting a decision · 0 overdue reviews" in block(html, "journal")
    assert "Safe passage now" in block(html, "endorsements")
    assert "1 signature waits" in block(html, "endorsements")
    assert "December bulletin 0" in block(html, "newsletters")
    assert "Scheduled" in block(html, "newsletters")
    year = str(utcnow().year)
    for name in ("applications", "abstracts", "library", "endorsements"):
        assert year in block(html, name), name
    main = html[html.index("<main") : html.index("</main>")]
    links = set(re.findall(r'href="(/[^"]*)"', main))
    assert len(links) == 12  # each block's one entry and its whole list
    for href in links:
        assert client.get(href).status_code == 200, href


def test_an_empty_dashboard_says_nothing_waits(client, auth):
    auth.login(make_user(Role.STAFF))
    html = client.get(URL).get_data(as_text=True)
    for name in BLOCKS:
        assert heading(html, name).endswith("(0)"), name
    assert "No application waits." in html and "No abstract waits." in html
    assert "No item waits." in html and "No endorsement waits." in html
    assert "No journal submission waits." in html and "0 reviews are past" in html
    assert "No newsletter is scheduled or sending." in html
    assert "0 signatures wait" in html


def test_the_oldest_few_are_listed_and_everything_counted(client, auth):
    seed(7)
    auth.login(make_user(Role.STAFF))
    html = client.get(URL).get_data(as_text=True)
    for name in ("applications", "library", "newsletters"):
        assert heading(html, name).endswith("(7)"), name
        assert block(html, name).count("<li") == 5, name
    applications = block(html, "applications")
    assert "Applicant 0" in applications and "Applicant 4" in applications
    assert "Applicant 5" not in applications
    assert "December bulletin 0" in block(html, "newsletters")
    assert "December bulletin 6" not in block(html, "newsletters")
    assert "7 abstracts" in block(html, "abstracts")
    assert "7 endorsements" in block(html, "endorsements")
    assert heading(html, "journal").endswith("(7)")
    assert "7 submissions awaiting a decision" in block(html, "journal")


def count_statements(client, url) -> int:
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_the_statements_do_not_grow_with_what_waits(client, auth):
    call, campaign, mailing_list = make_call(make_conference()), make_campaign(), make_list()
    journal = make_journal()
    seed(1, call=call, campaign=campaign, mailing_list=mailing_list, journal=journal)
    auth.login(make_user(Role.STAFF))
    client.get(URL)
    few = count_statements(client, URL)
    seed(8, call=call, campaign=campaign, mailing_list=mailing_list, journal=journal, first=1)
    seed(1, first=9)  # a second conference, campaign and journal
    client.get(URL)  # the writes above renew the kept account: read it again first
    assert count_statements(client, URL) == few


def test_the_staff_menu_opens_the_dashboard_first(client, auth):
    auth.login(make_user(Role.STAFF))
    html = client.get("/").get_data(as_text=True)
    menu = html[html.index('aria-labelledby="staff-menu"') :]
    assert re.search(r'href="([^"]+)"', menu)[1] == URL
    assert ">Dashboard</a>" in menu


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ORGANIZER])
def test_others_may_not_open_the_dashboard(client, auth, role):
    response = client.get(URL)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    auth.login(make_user(role))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    "language, title, empty",
    [
        ("en", "Staff dashboard", "No application waits."),
        ("es", "Panel del equipo", "Ninguna solicitud está pendiente."),
        ("fr", "Tableau de bord de l’équipe", "Aucune demande en attente."),
    ],
)
def test_the_dashboard_answers_in_each_language(client, auth, language, title, empty):
    auth.login(make_user(Role.STAFF, language=language))
    html = client.get(URL).get_data(as_text=True)
    assert f"<h1>{title}</h1>" in html
    assert empty in block(html, "applications")
