"""The signing key and the public address: nobody can sign with a key from the repository, and
no request can make the site mail links to another host."""

import os
import re
import stat
import subprocess
import sys
import time

import pytest
from dotenv import dotenv_values
from flask import url_for
from itsdangerous import URLSafeTimedSerializer
from werkzeug.routing import IntegerConverter

from config import BASE_DIR as ROOT
from config import Config, ProductionConfig
from network import create_app
from network.auth.models import User
from network.events import registrations
from network.extensions import db
from network.security import SECRET_VIEW_ARGS
from tests.factories import make_user
from tests.factories_events import make_event
from tests.factories_lists import make_subscriber

PRINT_KEY = """
import sys, time
from network import create_app
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
print(create_app().config["SECRET_KEY"])
"""


def test_without_a_key_processes_starting_together_share_one_random_key_file(tmp_path):
    env = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG")}
    env.update(INSTANCE_PATH=str(tmp_path), PYTHONPATH=str(ROOT))
    start_at = str(time.time() + 4)  # all have imported the app by then, and start at once
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", PRINT_KEY, start_at],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    keys = set()
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err[-2000:]
        keys.add(out.strip().splitlines()[-1])
    key_file = tmp_path / "secret_key"
    assert keys == {key_file.read_text().strip()}
    assert len(key_file.read_text().strip()) >= 43  # 32 random bytes or more
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".secret_key")] == []


def test_a_key_written_in_the_repository_cannot_forge_an_email_change(app, config_class, tmp_path):
    admin = make_user("admin", email="admin@example.org")
    outside_production = create_app(
        type(
            "Unset",
            (config_class,),
            {"SECRET_KEY": Config.SECRET_KEY, "SECRET_KEY_FILE": str(tmp_path / "secret_key")},
        )
    )
    for key in published_keys():
        token = URLSafeTimedSerializer(key, salt="puente.email").dumps(
            {"id": admin.id, "old": admin.email, "new": "attacker@evil.example"}
        )
        response = outside_production.test_client().post(f"/account/email/{token}")
        assert response.status_code == 400, key
    db.session.expire_all()
    assert db.session.get(User, admin.id).email == "admin@example.org"


def published_keys() -> set[str]:
    """Every SECRET_KEY value written in the repository's files, and those of its history."""
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = {"dev-only-insecure-key", "change-me-to-a-long-random-string"}
    for name in files:
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        found.update(re.findall(r"""SECRET_KEY["']?\s*[:=]\s*["']([^"']+)["']""", text))
        found.update(re.findall(r"^SECRET_KEY=(\S+)", text, re.MULTILINE))
    assert {"testing-secret-key", "benchmark-only-secret"} <= found
    return found


def production(**settings):
    return type(
        "Prod",
        (ProductionConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "PUBLIC_URL": "https://puente.example.org",
            **settings,
        },
    )


@pytest.mark.parametrize("key", sorted(published_keys()) + ["short-key-of-31-characters-xxxx"])
def test_production_refuses_published_and_short_keys(key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(production(SECRET_KEY=key))


def test_production_needs_a_public_url():
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app(production(SECRET_KEY="k" * 40, PUBLIC_URL=None))
    assert create_app(production(SECRET_KEY="k" * 40)).config["SERVER_NAME"] == "puente.example.org"


def test_a_copied_env_example_sets_no_comment_as_a_value():
    values = dotenv_values(ROOT / ".env.example")
    assert {"SECRET_KEY", "PUBLIC_URL", "BIND"} <= set(values)
    assert [name for name, value in values.items() if value.startswith("#")] == []


def test_another_host_is_refused_and_gets_no_mail(client, mailbox):
    make_user(email="reset@example.org")
    response = client.post(
        "/forgot-password", data={"email": "reset@example.org"}, headers={"Host": "evil.example"}
    )
    assert response.status_code == 400
    assert mailbox.to("reset@example.org") == []
    client.post("/forgot-password", data={"email": "reset@example.org"})
    links = mailbox.links(mailbox.last("reset@example.org"))
    assert links and all(link.startswith("http://puente.test/reset-password/") for link in links)


@pytest.mark.parametrize(
    "app", [{"PUBLIC_URL": "https://network.example.org:8443/puente"}], indirect=True
)
def test_links_outside_a_request_come_from_the_public_url(app, client):
    assert url_for("auth.login", _external=True) == "https://network.example.org:8443/puente/login"
    assert client.get("/login").status_code == 200
    assert client.get("/login", headers={"Host": "localhost"}).status_code == 400


@pytest.mark.parametrize("app", [{"PUBLIC_URL": "https://network.example.org"}], indirect=True)
def test_links_built_in_a_request_take_the_public_scheme_behind_a_plain_proxy(client, mailbox):
    make_user(email="reset@example.org")
    client.post(
        "/forgot-password",
        data={"email": "reset@example.org"},
        base_url="http://network.example.org",
    )
    link = mailbox.links(mailbox.last("reset@example.org"))[0]
    assert link.startswith("https://network.example.org/reset-password/")


def test_every_address_holding_a_secret_is_never_stored_even_without_signing_in(app, client):
    rules = [rule for rule in app.url_map.iter_rules() if SECRET_VIEW_ARGS & rule.arguments]
    assert {
        "auth.reset_password",
        "auth.verify_email",
        "auth.confirm_email_change",
        "lists.preferences",
        "events.manage_registration",
        "events.confirm_registration",
    } <= {rule.endpoint for rule in rules}
    for rule in rules:
        values = {
            name: 1 if isinstance(rule._converters[name], IntegerConverter) else "a" * 32
            for name in rule.arguments
        }
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url_for(rule.endpoint, **values), method=method)
        assert response.headers.get("Cache-Control") == "no-store", (rule.rule, response.status)


def test_pages_opened_from_mailed_links_are_never_stored(client, mailbox):
    make_user(email="reset@example.org")
    client.post("/forgot-password", data={"email": "reset@example.org"})
    guest = registrations.register(make_event(), name="Guest", email="guest@example.org")
    db.session.commit()
    pages = [
        mailbox.links(mailbox.last("reset@example.org"))[0],
        url_for("events.manage_registration", token=guest.token),
        url_for("lists.preferences", secret=make_subscriber().secret),
    ]
    for page in pages:
        response = client.get(page.removeprefix("http://puente.test"))
        assert response.status_code == 200, page
        assert response.headers["Cache-Control"] == "no-store", page
