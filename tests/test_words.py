"""Words people read: one greeting, counts in the right number, dates in their language."""

import re
from datetime import UTC, datetime

import pytest
from flask import render_template_string
from flask_babel import gettext, lazy_gettext

from network.auth.models import Role
from network.errors import DomainError
from network.events import registrations
from network.events.models import EventStatus
from network.extensions import db
from network.times import local_to_utc
from tests.factories import PASSWORD, make_user
from tests.factories_advocacy import make_campaign
from tests.factories_events import make_event
from tests.test_auth import follow_confirmation, signup


def sign_in(client, user):
    return client.post(
        "/login", data={"email": user.email, "password": PASSWORD}, follow_redirects=True
    ).get_data(as_text=True)


def test_first_sign_in_welcomes_once_and_later_ones_welcome_back(client):
    user = make_user(name="Amara Okafor")
    first = sign_in(client, user)
    assert "Welcome, Amara Okafor." in first and first.count("Welcome") == 1
    client.post("/logout")
    again = sign_in(client, user)
    assert "Welcome back, Amara Okafor." in again and again.count("Welcome") == 1


def test_confirming_the_email_signs_in_once(client, mailbox):
    signup(client, name="Ana Quispe")
    home = client.get(follow_confirmation(client, mailbox, "ana@example.org").headers["Location"])
    assert "Welcome, Ana Quispe." in home.get_data(as_text=True)
    assert client.get("/account").status_code == 200
    client.post("/logout")
    # The same link again confirms nothing new and signs no one in.
    again = follow_confirmation(client, mailbox, "ana@example.org")
    assert again.headers["Location"].startswith("/login")
    assert client.get("/account").status_code == 302


def visit(client, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["0 of 3 seats left", "1 of 3 seats left", "2 of 3 seats left"]),
        ("es", ["Quedan 0 de 3 plazas", "Queda 1 de 3 plazas", "Quedan 2 de 3 plazas"]),
        ("fr", ["Il reste 0 place sur 3", "Il reste 1 place sur 3", "Il reste 2 places sur 3"]),
    ],
)
def test_seats_left_in_the_right_number(client, language, expected):
    event = make_event(capacity=3)
    for left, text in zip((0, 1, 2), expected, strict=True):
        event.seats_taken = 3 - left
        db.session.commit()
        assert text in visit(client, f"/events/{event.slug}", language)


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "1 person", "2 people"),
        ("es", "1 persona", "2 personas"),
        ("fr", "1 personne", "2 personnes"),
    ],
)
def test_people_counted_in_the_right_number(client, auth, language, one, two):
    admin = make_user(Role.ADMIN, language=language)
    auth.login(admin)
    assert f"<caption>{one}</caption>" in client.get("/staff/users").get_data(as_text=True)
    make_user()
    assert f"<caption>{two}</caption>" in client.get("/staff/users").get_data(as_text=True)


def madrid_event():
    event = make_event(title="Remesas", timezone="Europe/Madrid")
    event.starts_at = datetime(2027, 3, 10, 15, 0, tzinfo=UTC)
    event.ends_at = datetime(2027, 3, 10, 17, 0, tzinfo=UTC)
    db.session.commit()
    return event


@pytest.mark.parametrize(
    ("language", "when", "yours"),
    [
        (
            "en",
            "Wednesday, March 10, 2027, 16:00 (Europe/Madrid)",
            "Your time: Wednesday, March 10, 2027, 10:00 (America/Bogota)",
        ),
        (
            "es",
            "miércoles, 10 de marzo de 2027, 16:00 (Europe/Madrid)",
            "Su hora: miércoles, 10 de marzo de 2027, 10:00 (America/Bogota)",
        ),
        (
            "fr",
            "mercredi 10 mars 2027, 16:00 (Europe/Madrid)",
            "Votre heure\u00a0: mercredi 10 mars 2027, 10:00 (America/Bogota)",
        ),
    ],
)
def test_event_times_in_the_language_of_the_page(client, auth, language, when, yours):
    event = madrid_event()
    auth.login(make_user(language=language, timezone="America/Bogota"))
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert when in page and yours in page
    assert page.count(yours.split(" ")[0]) == 1  # one "Your time" line
    shown = re.sub(r'<script type="application/ld\+json">.*?</script>', "", page, flags=re.S)
    assert not re.search(r"\d\d:\d\d:\d\d", shown)  # no seconds (machines read ISO times)


def test_a_visitor_gets_one_your_time_line_for_the_browser_to_fill(client):
    event = madrid_event()
    page = visit(client, f"/events/{event.slug}", "en")
    assert page.count("Your time:") == 1 and "data-local-start" in page
    assert "(UTC)" not in page  # the server does not know the visitor's zone


def test_deadlines_show_their_time_zone(client, auth):
    campaign = make_campaign()
    campaign.deadline = datetime(2027, 1, 31, 22, 0, tzinfo=UTC)
    db.session.commit()
    auth.login(make_user(language="es", timezone="America/Lima"))
    page = client.get(f"/advocacy/campaigns/{campaign.slug}").get_data(as_text=True)
    assert "31 ene 2027, 17:00 (America/Lima)" in page


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        ("fr", "Aminata", "Photo d’Aminata"),
        ("fr", "Étienne", "Photo d’Étienne"),
        ("fr", "Karim", "Photo de Karim"),
        ("es", "Aminata", "Foto de Aminata"),
        ("en", "Aminata", "Photo of Aminata"),
    ],
)
def test_french_elides_de_before_a_vowel(app, language, name, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        text = render_template_string("{{ _('Photo of %(name)s', name=name) }}", name=name)
    assert text == expected


def test_elision_keeps_names_escaped(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        text = render_template_string("{{ _('Photo of %(name)s', name=name) }}", name="<b>Ana")
    assert text == "Photo de &lt;b&gt;Ana"


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("es", "Corea del Sur", "Korea"),
        ("fr", "Allemagne", "Germany"),
        ("en", "Bolivia<", "Plurinational"),
    ],
)
def test_countries_named_in_the_language_of_the_page(client, language, present, absent):
    page = visit(client, "/events/", language)
    assert present in page and absent not in page


@pytest.mark.parametrize(
    ("language", "job", "field"),
    [("es", "Cargo", "Título"), ("fr", "Fonction", "Titre")],
)
def test_one_english_word_two_meanings(client, auth, language, job, field):
    """ "Title" of an event is not the job title of a person, in any catalog loaded last."""
    auth.login(make_user(Role.ORGANIZER, language=language))
    form = client.get("/events/new").get_data(as_text=True)
    assert f">{field}" in form and job not in form


def test_elision_in_messages_built_in_python(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert gettext("Photo of %(name)s", name="Oumar") == "Photo d’Oumar"
        assert str(lazy_gettext("Photo of %(name)s", name="Karim")) == "Photo de Karim"


def test_a_skipped_hour_is_named_in_the_language_of_the_page(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        with pytest.raises(DomainError) as refused:
            local_to_utc(datetime(2026, 3, 29, 2, 30), "Europe/Madrid")
        assert str(refused.value.message).startswith("29 mar 2026, 02:30 no existe")


@pytest.mark.parametrize(
    ("language", "registration", "event"),
    [("es", "Cancelada", "Cancelado"), ("fr", "Annulée", "Annulé")],
)
def test_state_labels_agree_with_their_noun(client, auth, language, registration, event):
    """A cancelled registration (feminine) and a cancelled event (masculine) read differently."""
    person = make_user(language=language)
    kept = make_event()
    registrations.cancel_registration(registrations.register(kept, user=person), notify=False)
    db.session.commit()
    auth.login(person)
    assert f">{registration}</td>" in client.get("/events/my").get_data(as_text=True)
    kept.status = EventStatus.CANCELLED.value
    db.session.commit()
    page = client.get(f"/events/{kept.slug}").get_data(as_text=True)
    assert f">{event}</span>" in page
