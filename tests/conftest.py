import contextvars
import os

from tests.workers import give_each_worker_its_own_services

give_each_worker_its_own_services()

import pytest  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import text  # noqa: E402

from config import TestingConfig  # noqa: E402
from network import create_app  # noqa: E402
from network.extensions import db, limiter  # noqa: E402
from tests.support import AuthActions, SMTPServer  # noqa: E402


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return (
        os.environ.get("TEST_DATABASE_URL")
        or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    )


@pytest.fixture(scope="session")
def smtp_server():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def config_class(database_url, smtp_server, tmp_path_factory):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        MAIL_SERVER = "127.0.0.1"
        MAIL_PORT = smtp_server.port
        MAIL_OUTBOX_DIR = str(tmp_path_factory.mktemp("mail"))
        HUEY_SQLITE_PATH = str(tmp_path_factory.mktemp("huey") / "huey.db")
        # Each worker's data version of its own: another worker's writes are not this one's.
        CACHE_VERSION_DIR = str(tmp_path_factory.mktemp("cache"))
        LIBRARY_DIR = str(tmp_path_factory.mktemp("library"))

    return Config


@pytest.fixture(scope="session")
def _schema(config_class):
    app = create_app(config_class)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_tables():
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in a server, not inside the test's app context."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app(config_class, _schema, smtp_server, request):
    overrides = getattr(request, "param", None) or {}
    app = create_app(type("Config", (config_class,), overrides))
    app.test_client_class = IsolatedClient
    smtp_server.mailbox.clear()
    with app.app_context():
        limiter.reset()
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def mailbox(smtp_server):
    return smtp_server.mailbox


@pytest.fixture
def auth(client):
    return AuthActions(client)
