"""Puente: the application factory."""

import logging
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, CONFIGS, INSTANCE_DIR, ProductionConfig
from network.catalogs import translation_directories


def create_app(config_name_or_class=None):
    config = _resolve_config(config_name_or_class)
    app = Flask(
        __name__, instance_path=str(INSTANCE_DIR), template_folder=str(BASE_DIR / "templates")
    )
    app.config.from_object(config)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = translation_directories()
    _check_config(app, production=issubclass(config, ProductionConfig))
    configure_logging(app)
    register_extensions(app)
    register_filters(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security(app)
    register_commands(app)
    if app.config["PROXY_FIX"]:
        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=app.config["PROXY_FIX"],
            x_proto=app.config["PROXY_FIX"],
            x_host=app.config["PROXY_FIX"],
        )
    return app


def _resolve_config(config_name_or_class):
    if config_name_or_class is None:
        config_name_or_class = os.environ.get("FLASK_CONFIG", "development")
    if isinstance(config_name_or_class, str):
        return CONFIGS[config_name_or_class]
    return config_name_or_class


def _check_config(app, production: bool):
    from network.ratelimit import storage_problem
    from network.security import instance_secret_key, public_url_settings, secret_key_problem

    if production and (problem := secret_key_problem(app.config["SECRET_KEY"])):
        raise RuntimeError(problem)
    if production and not app.config["PUBLIC_URL"]:
        raise RuntimeError("PUBLIC_URL must be set in production, e.g. https://puente.example.org")
    if production and (problem := storage_problem(app.config)):
        raise RuntimeError(problem)
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.config["SECRET_KEY_FILE"]))
    if app.config["PUBLIC_URL"]:
        app.config.update(public_url_settings(app.config["PUBLIC_URL"]))


def configure_logging(app):
    logging.basicConfig(
        level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # huey_consumer gives the "huey" logger a handler of its own; passing records on to ours too
    # would print every line of the worker twice.
    logging.getLogger("huey").propagate = False


def register_extensions(app):
    from flask_babel import lazy_gettext as _l

    import network.models  # noqa: F401  (all tables on db.metadata)
    from network import i18n, ratelimit, sqlite  # noqa: F401  (ratelimit: the sqlite:// store)
    from network.cache import init_app as init_cache
    from network.extensions import babel, csrf, db, limiter, login_manager, mail, migrate
    from network.members import search
    from network.tasks import init_huey

    db.init_app(app)
    sqlite.init_app(app)
    migrate.init_app(
        app, db, compare_type=True, render_as_batch=True, include_name=search.not_full_text
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    mail.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    limiter.init_app(app)
    init_huey(app)
    i18n.init_app(app)
    init_cache(app)


def register_filters(app):
    from network import multilingual
    from network.filters import register

    register(app)
    multilingual.register_filters(app)


def register_blueprints(app):
    from network import (
        admin,
        advocacy,
        auth,
        conferences,
        embeds,
        events,
        groups,
        journal,
        library,
        lists,
        main,
        members,
        membership,
        newsletters,
        oai,
        search,
        themes,
        versions,
    )
    from network.params import IdConverter

    app.url_map.converters["int"] = IdConverter  # every <int:…> route, set before any is added
    for module in (
        main,
        auth,
        admin,
        themes,
        members,
        groups,
        membership,
        events,
        conferences,
        lists,
        advocacy,
        newsletters,
        library,
        journal,
        oai,
        embeds,
        versions,
        search,
    ):
        app.register_blueprint(module.bp)


def register_errorhandlers(app):
    from network.errors import register

    register(app)


def register_security(app):
    from network.security import register

    register(app)


def register_commands(app):
    from network.cli import register

    register(app)
