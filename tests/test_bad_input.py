"""Bad numbers in addresses, query strings and forms get a clear 4xx, never a 500, and nothing is
written. Explicit cases first, then hypothesis throwing odd values at every route and every
query parameter the pages read, anonymously and as staff."""

import re
import string
from datetime import timedelta
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from network.auth.models import Role
from network.events.models import Event, Registration
from network.extensions import db
from tests.factories import make_user
from tests.factories_events import make_event
from tests.factories_lists import make_list

HUGE = "9" * 20  # above 2**64
ABOVE_63_BITS = str(2**63)
ABOVE_31_BITS = str(2**31)  # past PostgreSQL's INTEGER, the type of every id
SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes; int() refuses it
ARABIC_THREE = "٣"  # int() reads it as 3


@pytest.fixture
def staff(app, auth):
    user = make_user(Role.STAFF)
    auth.login(user)
    return user


@pytest.mark.parametrize(
    "url",
    [
        f"/members/directory?page={HUGE}",
        f"/members/directory?page={ABOVE_63_BITS}",
        f"/members/directory?type=organizations&page={HUGE}",
        f"/events/?page={HUGE}",
        f"/events/?page={SUPERSCRIPT_TWO}",
        f"/newsletters/archive?page={HUGE}",
        f"/members/{HUGE}",
        f"/members/{ABOVE_63_BITS}",
        f"/members/{ARABIC_THREE}",
        f"/members/org/{HUGE}",
        f"/members/org/{ABOVE_31_BITS}",
        f"/events/?page={ABOVE_31_BITS}",
        f"/newsletters/archive/{HUGE}",
        "/events/calendar?month=9999-12",
        "/events/calendar?month=0001-01",
    ],
)
def test_anonymous_bad_numbers_get_a_4xx(client, url):
    response = client.get(url, headers={"Accept-Language": "es"})
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert "<h1>" in response.get_data(as_text=True)


def test_a_page_number_that_is_not_a_number_is_explained(client):
    response = client.get(f"/events/?page={HUGE}")
    assert response.status_code == 400
    assert "page" in response.get_data(as_text=True)


def test_calendar_still_shows_a_month_far_ahead(client):
    response = client.get("/events/calendar?month=2999-12")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        f"/events/{{event}}/message?ids={SUPERSCRIPT_TWO}",
        f"/events/{{event}}/message?ids={HUGE}",
        f"/events/{{event}}/registrants/{HUGE}",
        f"/membership/staff/members?theme={HUGE}",
        f"/membership/staff/members?group={HUGE}",
        f"/membership/staff/members?group={ABOVE_31_BITS}",
        f"/events/{{event}}/message?ids={ABOVE_31_BITS}",
        f"/membership/staff/members?theme={SUPERSCRIPT_TWO}",
        f"/events/{HUGE}/manage",
        f"/newsletters/{HUGE}",
        f"/newsletters/new?list={HUGE}",
        f"/newsletters/new?list={SUPERSCRIPT_TWO}",
        f"/staff/users?page={HUGE}",
        f"/membership/staff/members?page={HUGE}",
    ],
)
def test_staff_bad_numbers_get_a_4xx(app, client, staff, url):
    event = make_event()
    response = client.get(url.format(event=event.id))
    assert response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize("registration_id", [HUGE, SUPERSCRIPT_TWO, ABOVE_63_BITS, ABOVE_31_BITS])
def test_check_in_of_an_impossible_registration_is_a_404(app, client, staff, registration_id):
    event = make_event()
    response = client.post(f"/events/{event.id}/checkin", data={"registration_id": registration_id})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def _settings(event, **values):
    data = {
        "capacity": "",
        "reminder_hours": "24",
        "waitlist_enabled": "y",
        "allow_non_members": "y",
        **values,
    }
    return data


@pytest.mark.parametrize(
    "capacity",
    ["99999999999999999999", SUPERSCRIPT_TWO, ARABIC_THREE, "-1", "1.5", "1e9", str(2**31)],
)
def test_event_capacity_out_of_range_is_refused(app, client, staff, capacity):
    event = make_event(capacity=10)
    response = client.post(f"/events/{event.id}/settings", data=_settings(event, capacity=capacity))
    assert response.status_code == 400
    assert "whole number" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).capacity == 10


def _event_form(event, **values):
    return {
        "title": event.title,
        "kind": event.kind,
        "timezone": event.timezone,
        "starts_at": "2030-05-01T10:00",
        "ends_at": "2030-05-01T12:00",
        "visibility": event.visibility,
        "group": "0",
        **values,
    }


@pytest.mark.parametrize(
    "zone, starts, ends",
    [
        ("America/Mexico_City", "9999-12-31T20:00", "9999-12-31T22:00"),
        ("Asia/Tokyo", "0001-01-01T01:00", "0001-01-01T03:00"),
        ("UTC", "2030-05-01T10:00", "9999-12-31T23:59"),
    ],
)
def test_event_times_at_the_ends_of_the_calendar_are_refused(
    app, client, staff, zone, starts, ends
):
    event = make_event(starts_in=timedelta(days=30))
    before = event.starts_at
    response = client.post(
        f"/events/{event.id}/edit",
        data=_event_form(event, timezone=zone, starts_at=starts, ends_at=ends),
    )
    assert response.status_code == 400
    assert "between the years" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).starts_at == before


def test_new_event_in_year_9999_west_of_utc_is_refused(app, client, staff):
    response = client.post(
        "/events/new",
        data={
            "title": "Far future",
            "kind": "seminar",
            "timezone": "America/Lima",
            "starts_at": "9999-12-31T22:00",
            "ends_at": "9999-12-31T23:00",
            "visibility": "public",
            "group": "0",
        },
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Event.id))) == 0


@pytest.mark.parametrize("field", ["opens_at", "closes_at"])
def test_registration_window_at_the_ends_of_the_calendar_is_refused(app, client, staff, field):
    event = make_event(timezone="Pacific/Kiritimati")
    response = client.post(
        f"/events/{event.id}/settings", data=_settings(event, **{field: "0001-01-01T00:30"})
    )
    assert response.status_code == 400


# --- Property-based: every route and every query parameter -----------------------------------

ODD_NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        [
            HUGE,
            ABOVE_63_BITS,
            str(2**63 - 1),
            ABOVE_31_BITS,
            str(2**31 - 1),
            "0",
            "00",
            "-0",
            "1e9",
            "1.5",
            " 1",
            "0x10",
            SUPERSCRIPT_TWO,
            ARABIC_THREE,
            "１２",
            "½",
            "٣٣٣",
            "9999-12",
            "0001-01",
            "",
            "%00",
            "Ⅻ",
        ]
    ),
    st.text(alphabet=string.digits + "²³¹٠١٢३४५" + "-+. e", min_size=1, max_size=25),
)


def _query_parameters() -> list[str]:
    """Every name a page reads from its query string: found in the source as the pages read
    them, and the fields of the forms filled from the query string."""
    from pathlib import Path

    from wtforms.fields.core import UnboundField

    import network
    from network.lists.forms import SearchForm
    from network.members.forms import DirectoryForm

    names = {"page", "month", "when", "ids"}
    pattern = re.compile(
        r"""(?:request\.(?:args|values)\.(?:get|getlist)|int_arg|args\.get)\(\s*["'](\w+)["']"""
    )
    for path in Path(network.__file__).parent.rglob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    for form in (DirectoryForm, SearchForm):
        names.update(name for name in dir(form) if isinstance(getattr(form, name), UnboundField))
    return sorted(names)


def _fill(rule, value: str) -> str:
    """The rule's path with every argument set to `value`."""
    return re.sub(r"<[^<>]+>", quote(value, safe=""), rule.rule)


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def _no_server_error(client, url, method="GET"):
    response = client.open(url, method=method)
    assert response.status_code < 500, (method, url, response.status_code)


@pytest.mark.parametrize("as_staff", [False, True], ids=["anonymous", "staff"])
def test_no_route_answers_5xx_to_odd_numbers(app, client, auth, as_staff):
    if as_staff:
        auth.login(make_user(Role.STAFF))
    make_event()
    rules = [rule for rule in _rules(app) if rule.arguments]
    assert rules

    @settings(
        max_examples=25 * len(rules),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(rule=st.sampled_from(rules), value=ODD_NUMBERS)
    def check(rule, value):
        _no_server_error(client, _fill(rule, value), "GET" if "GET" in rule.methods else "POST")

    check()


@pytest.mark.parametrize("as_staff", [False, True], ids=["anonymous", "staff"])
def test_no_page_answers_5xx_to_odd_query_parameters(app, client, auth, as_staff):
    if as_staff:
        auth.login(make_user(Role.STAFF))
    event, mailing_list = make_event(), make_list()
    pages = [rule.rule for rule in _rules(app) if not rule.arguments and "GET" in rule.methods]
    pages += [f"/events/{event.id}/{page}" for page in ("message", "checkin", "registrants")]
    pages += [f"/advocacy/staff/lists/{mailing_list.id}"]
    names = _query_parameters()

    @settings(
        max_examples=25 * len(names),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(page=st.sampled_from(pages), name=st.sampled_from(names), value=ODD_NUMBERS)
    def check(page, name, value):
        _no_server_error(client, page + "?" + f"{name}={value}".replace("+", "%2B"))

    check()


def test_a_nul_in_a_query_or_a_form_is_refused(client):
    assert client.get("/events/?country=%00").status_code == 400
    assert client.get("/members/?q=a%00b").status_code == 400
    response = client.post("/signup", data={"name": "A\x00B", "email": "a@example.org"})
    assert response.status_code == 400
