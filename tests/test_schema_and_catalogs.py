"""The schema migrations build equals the models; every message is translated."""

import os
import re
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from babel.messages.pofile import read_po
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from network import create_app
from network.catalogs import LOCALES, catalogs, extract
from network.extensions import db
from network.members.search import not_full_text


@pytest.fixture
def empty_database_url(tmp_path, database_url):
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    name = f"migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield database_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_match_models(config_class, empty_database_url):
    app = create_app(
        type("Migrated", (config_class,), {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    )
    with app.app_context():
        upgrade(directory=os.path.join(app.root_path, "..", "migrations"))
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": not_full_text}
            )
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models differ from migrations: {diff}"


def message_key(message) -> tuple[str, str]:
    """A message as gettext finds it: its context and its (singular) text."""
    return (message.context or "", message.id if isinstance(message.id, str) else message.id[0])


@pytest.mark.parametrize("catalog", catalogs(), ids=lambda c: c.name)
def test_every_message_translated(catalog, tmp_path):
    current = extract(catalog, tmp_path / "current.pot")
    with current.open("rb") as f:
        wanted = {message_key(m) for m in read_po(f) if m.id}
    for locale in LOCALES:
        with catalog.po(locale).open("rb") as f:
            po = read_po(f, locale=locale)
        done = {
            message_key(m)
            for m in po
            if m.id
            and "fuzzy" not in m.flags
            and (all(m.string) if isinstance(m.string, tuple) else m.string)
        }
        missing = sorted(wanted - done)
        assert not missing, f"{catalog.name}/{locale} lacks {len(missing)}: {missing[:10]}"


@pytest.mark.parametrize("locale", LOCALES)
def test_one_text_one_translation_across_catalogs(locale):
    """The catalogs are merged at run time, so a text translated two ways in two catalogs
    reads the way of whichever loads last; a text with two meanings needs a context."""
    seen: dict[tuple[str, str], dict[str, object]] = {}
    for catalog in catalogs():
        with catalog.po(locale).open("rb") as f:
            for m in read_po(f, locale=locale):
                if m.id and m.string and "fuzzy" not in m.flags:
                    seen.setdefault(message_key(m), {})[catalog.name] = m.string
    clashes = {key: found for key, found in seen.items() if len(set(found.values())) > 1}
    assert not clashes, f"{len(clashes)} texts translated two ways in {locale}: {clashes}"


@pytest.mark.parametrize("locale", LOCALES)
def test_plural_forms_declared(locale):
    rule = {"es": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);"}[locale]
    for catalog in catalogs():
        with catalog.po(locale).open("rb") as f:
            assert read_po(f, locale=locale).plural_forms == rule, catalog.name


def test_french_puts_a_no_break_space_before_a_colon():
    wrong = []
    for catalog in catalogs():
        with catalog.po("fr").open("rb") as f:
            for m in read_po(f, locale="fr"):
                if not m.id:
                    continue
                strings = m.string if isinstance(m.string, tuple) else (m.string,)
                wrong += [s for s in strings if s and re.search(r"\w[ ]?[:;?!](\s|$)", s)]
    assert not wrong, wrong[:5]
