"""The database out of reach: pages answer 503 with Retry-After in the visitor's language, made
without touching the database, and jobs are put back to run again, losing nothing."""

from datetime import timedelta

import pytest

from network import create_app
from network.dbtypes import utcnow
from network.extensions import db
from network.newsletters import services as newsletters
from network.newsletters.tasks import newsletter_tick, send_newsletter
from network.tasks import DATABASE_RETRY_SECONDS, enqueue, huey
from tests.factories_newsletters import make_audience, make_newsletter, start_without_senders
from tests.support import free_port

PAGES = [
    "/members/directory",
    "/events/",
    "/events/calendar",
    "/newsletters/archive",
    "/advocacy/campaigns",
    "/groups/",
    "/members/1",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def unreachable_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'no-such-folder' / 'puente.db'}"
    return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/puente"  # nobody listens


@pytest.fixture
def outage_app(config_class, unreachable_url):
    app = create_app(type("Config", (config_class,), {"SQLALCHEMY_DATABASE_URI": unreachable_url}))
    yield app
    with app.app_context():
        db.engine.dispose()


def _assert_unavailable_in_spanish(response, url):
    assert response.status_code == 503, (url, response.status_code)
    assert response.headers["Retry-After"].isdigit()
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Temporalmente no disponible" in page, page[:500]
    assert "base de datos" in page
    assert "Traceback" not in page
    assert '<html lang="es">' in page  # the whole layout, drawn without the database


@pytest.mark.parametrize("url", PAGES)
def test_pages_answer_503_in_the_visitors_language(outage_app, url):
    response = outage_app.test_client().get(url, headers={"Accept-Language": "es"})
    _assert_unavailable_in_spanish(response, url)


@pytest.mark.parametrize("url", ["/", "/events/", "/no-such-page", "/members/me"])
def test_a_signed_in_visitor_gets_the_same_page_though_their_account_cannot_be_read(
    outage_app, url
):
    client = outage_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:token"
        session["_fresh"] = True
        session["lang"] = "es"
    _assert_unavailable_in_spanish(client.get(url), url)


def test_a_form_sent_during_the_outage_gets_503(outage_app):
    response = outage_app.test_client().post(
        "/login",
        data={"email": "ana@example.org", "password": "a long test passphrase"},
        headers={"Accept-Language": "es"},
    )
    _assert_unavailable_in_spanish(response, "/login")


def test_a_sending_job_that_finds_the_database_down_runs_again_and_sends_everything(
    app, mailbox, unreachable_url, config_class
):
    mailing_list, readers = make_audience(3)
    newsletter = make_newsletter([mailing_list])
    start_without_senders(newsletter)
    newsletter_id = newsletter.id
    down = create_app(type("Config", (config_class,), {"SQLALCHEMY_DATABASE_URI": unreachable_url}))
    with down.app_context():
        enqueue(send_newsletter, newsletter_id)  # immediate mode: runs at once, fails, is put back
        db.engine.dispose()
    assert mailbox.messages == []
    [retry] = huey.scheduled()
    assert retry.name.endswith("send_newsletter")
    assert abs(
        (retry.eta - utcnow().replace(tzinfo=None)) - timedelta(seconds=DATABASE_RETRY_SECONDS)
    ) < timedelta(seconds=5)

    huey.execute(retry, timestamp=retry.eta)  # its time has come, and the database is back

    assert sorted(rcpts[0] for rcpts, _message in mailbox.messages) == sorted(
        reader.email for reader in readers
    )
    db.session.expire_all()
    assert newsletters.get_newsletter(newsletter_id).status == "sent"


def test_a_periodic_job_waits_for_its_next_turn_instead_of_piling_up(
    app, unreachable_url, config_class, caplog
):
    down = create_app(type("Config", (config_class,), {"SQLALCHEMY_DATABASE_URI": unreachable_url}))
    with down.app_context():
        enqueue(newsletter_tick)
        db.engine.dispose()
    assert huey.scheduled() == []
    assert any(
        "newsletter_tick skipped, database unavailable" in record.getMessage()
        and record.levelname == "WARNING"
        for record in caplog.records
    )
