"""The platform around the features: headers, errors, languages, CSRF, limits, mail, roles."""

import re
from pathlib import Path

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from config import ProductionConfig
from network import create_app
from network.auth.models import Role, User
from network.email import EmailHeaderError, send_email
from network.extensions import db
from tests.factories import PASSWORD, make_user


def test_home_page_in_three_languages(client):
    assert "a knowledge network on migration" in client.get("/").get_data(as_text=True)
    es = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"}).get_data(as_text=True)
    assert '<html lang="es">' in es and "Unirse a la red" in es
    fr = client.get("/", headers={"Accept-Language": "fr-CA"}).get_data(as_text=True)
    assert '<html lang="fr">' in fr and "Rejoindre le réseau" in fr


def test_language_switcher_remembered(client):
    response = client.post("/language", data={"lang": "fr", "next": "/login"})
    assert response.headers["Location"] == "/login"
    assert "Se connecter" in client.get("/login", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )


def test_language_remembered_for_signed_in_user(client, auth):
    user = make_user(language="en")
    auth.login(user)
    client.post("/language", data={"lang": "es", "next": "/"})
    db.session.expire_all()
    assert db.session.get(User, user.id).language == "es"
    other = client.application.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert "Mi cuenta" in other.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
    ],
)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/language", data={"lang": "es", "next": target})
    assert response.headers["Location"] == "/"


def test_login_next_stays_on_site(client):
    user = make_user()
    response = client.post(
        "/login?next=//evil.example", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_every_page_has_landmarks_and_skip_link(client):
    for path in ["/", "/login", "/signup", "/forgot-password"]:
        html = client.get(path).get_data(as_text=True)
        assert 'href="#content"' in html and '<main id="content"' in html
        assert "<nav" in html and "<header>" in html and "<footer" in html


def test_form_fields_have_labels(client):
    html = client.get("/signup").get_data(as_text=True)
    for field in ["name", "email", "password", "confirm"]:
        assert f'<label class="form-label" for="{field}">' in html
    assert 'aria-describedby="password-help"' in html
    assert '"None"' not in html


def test_field_errors_are_tied_to_their_field(client):
    html = client.post(
        "/signup", data={"name": "Ana", "email": "bad", "password": "x", "confirm": "y"}
    ).get_data(as_text=True)
    assert 'aria-describedby="email-error"' in html and 'aria-invalid="true"' in html


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "<script>" not in response.get_data(as_text=True)


def test_bootstrap_served_locally(client):
    html = client.get("/").get_data(as_text=True)
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)
    assert client.get("/static/vendor/bootstrap/bootstrap.min.css").status_code == 200


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    class NoSecret(ProductionConfig):
        SECRET_KEY = None

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(NoSecret)


def test_production_cookies_are_secure():
    class Prod(ProductionConfig):
        SECRET_KEY = "x" * 32
        PUBLIC_URL = "https://puente.example.org"
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(Prod)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    response = app.test_client().post("/language", data={"lang": "es"})
    assert (
        "Secure" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    )
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_post_without_csrf_token_is_refused(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form expired or was sent from elsewhere" in response.get_data(as_text=True)
    assert client.post("/language", data={"lang": "es"}).status_code == 400


def test_404_page_translated(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert "Página no encontrada" in response.get_data(as_text=True)


def test_405_page(client):
    assert client.get("/logout").status_code == 405


def test_413_for_oversized_body(client):
    response = client.post(
        "/signup", data={"name": "x" * (9 * 1024 * 1024)}, headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 413
    assert "Trop volumineux" in response.get_data(as_text=True)


def test_500_page_shows_no_traceback(app):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom", headers={"Accept-Language": "fr"})
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Un problème est survenu" in body
    assert "secret internals" not in body and "Traceback" not in body


def test_403_for_member_on_staff_page(client, auth):
    auth.login(make_user(Role.MEMBER, language="fr"))
    response = client.get("/staff/users")
    assert response.status_code == 403
    assert "Accès refusé" in response.get_data(as_text=True)


def test_anonymous_sent_to_login_from_staff_page(client):
    assert client.get("/staff/users").headers["Location"].startswith("/login")


@pytest.mark.parametrize("app", [{"AUTH_ACCOUNT_LIMIT": "3 per 15 minutes"}], indirect=True)
def test_login_limited_per_account(app, client):
    user = make_user()
    for _ in range(3):
        assert (
            client.post("/login", data={"email": user.email, "password": "wrong guess"}).status_code
            == 400
        )
    # A different address from another client still blocked: the key is the account.
    other = app.test_client()
    response = other.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"Accept-Language": "es"},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert response.status_code == 429
    assert "Demasiadas solicitudes" in response.get_data(as_text=True)


@pytest.mark.parametrize("app", [{"AUTH_IP_LIMIT": "4 per 10 minutes"}], indirect=True)
def test_signup_and_reset_limited_per_ip(client):
    for n in range(4):
        client.post("/forgot-password", data={"email": f"p{n}@example.org"})
    assert client.post("/forgot-password", data={"email": "p9@example.org"}).status_code == 429
    assert client.post("/signup", data={"email": "p9@example.org"}).status_code == 429


def test_staff_sees_people_but_only_admin_changes_roles(client, auth):
    staff = make_user(Role.STAFF)
    member = make_user(Role.MEMBER, name="Grace Wanjiru")
    auth.login(staff)
    assert "Grace Wanjiru" in client.get("/staff/users?q=grace").get_data(as_text=True)
    assert client.post(f"/staff/users/{member.id}/role", data={"role": "admin"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(User, member.id).role == "member"


def test_admin_changes_role(client, auth):
    admin = make_user(Role.ADMIN)
    member = make_user(Role.MEMBER, name="Kwame Mensah")
    auth.login(admin)
    response = client.post(
        f"/staff/users/{member.id}/role", data={"role": "organizer"}, follow_redirects=True
    )
    assert "Kwame Mensah is now: Organizer." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, member.id).role == "organizer"
    assert (
        client.post(
            f"/staff/users/{member.id}/role", data={"role": "emperor"}, follow_redirects=True
        ).status_code
        == 200
    )
    db.session.expire_all()
    assert db.session.get(User, member.id).role == "organizer"


def test_admin_cannot_demote_self(client, auth):
    admin = make_user(Role.ADMIN)
    auth.login(admin)
    client.post(f"/staff/users/{admin.id}/role", data={"role": "member"})
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin"


def test_create_admin_command(runner):
    result = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "Boss@Example.org",
            "--name",
            "Boss",
            "--password",
            "una contraseña larga",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert user.role == "admin" and user.is_verified
    weak = runner.invoke(
        args=["create-admin", "--email", "x@example.org", "--name", "X", "--password", "password"]
    )
    assert weak.exit_code != 0 and "too common" in weak.output


def test_seed_demo_runs_once_and_prints_logins(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "admin@puente.example" in first.output and "puente-demo-2026" in first.output
    count = len(db.session.scalars(select(User)).all())
    assert count >= 20
    second = runner.invoke(args=["seed-demo"])
    assert "already present" in second.output
    assert len(db.session.scalars(select(User)).all()) == count
    countries = {u.timezone.split("/")[0] for u in db.session.scalars(select(User))}
    assert {"Africa", "America", "Asia", "Europe"} <= countries


def test_mail_leaves_only_after_commit(app, mailbox):
    with app.test_request_context():
        send_email("a@example.org", "auth/email_taken", _l("Someone tried to use your address"))
        db.session.rollback()
        db.session.commit()
    assert mailbox.to("a@example.org") == []
    with app.test_request_context():
        send_email(
            "a@example.org",
            "auth/email_taken",
            _l("Someone tried to use your address"),
            locale="fr",
        )
        assert mailbox.to("a@example.org") == []
        db.session.commit()
    message = mailbox.last("a@example.org")
    assert message["Subject"] == "Quelqu’un a tenté d’utiliser votre adresse"
    assert message.get_body(preferencelist=("plain",)) and message.get_body(
        preferencelist=("html",)
    )


@pytest.mark.parametrize("bad", ["x\r\nBcc: victim@example.org", "x\nBcc: v@example.org", "x\0y"])
def test_send_email_refuses_header_injection(app, mailbox, bad):
    with app.test_request_context():
        with pytest.raises(EmailHeaderError):
            send_email("a@example.org", "auth/email_taken", "Subject", headers={"List-Id": bad})
        with pytest.raises(EmailHeaderError):
            send_email(f"a@example.org{bad}", "auth/email_taken", "Subject")
        with pytest.raises(EmailHeaderError):
            send_email("a@example.org", "auth/email_taken", bad)
        db.session.commit()
    assert mailbox.messages == []


def test_a_subject_is_sent_as_given_with_nothing_in_it_replaced(app, mailbox):
    """Callers build their subjects (_l with values); send_email never %-formats, so a title
    someone typed with "%(" in it arrives as written."""
    with app.test_request_context():
        send_email(
            "a@example.org", "auth/email_taken", "Save 100%(network_name)s, 5% off", locale="fr"
        )
        db.session.commit()
    assert mailbox.last("a@example.org")["Subject"] == "Save 100%(network_name)s, 5% off"


@pytest.mark.parametrize("app", [{"MAIL_SERVER": None}], indirect=True)
def test_without_mail_server_mail_is_written_to_disk(app, client, caplog):
    client.post(
        "/signup",
        data={
            "name": "Demo",
            "email": "demo@example.org",
            "password": "a demo passphrase",
            "confirm": "a demo passphrase",
        },
    )
    files = list(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
    assert any(b"demo@example.org" in f.read_bytes() for f in files)
    assert any("http://puente.test/verify/" in r.getMessage() for r in caplog.records)
