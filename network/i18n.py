"""Language and time zone of the person looking at a page."""

from zoneinfo import ZoneInfo, available_timezones

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale, get_timezone
from flask_login import current_user

LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français"}
TIMEZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/")) + [
    "UTC"
]


def select_locale():
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return visitor_language()


def visitor_language() -> str:
    """The language chosen in this session or asked for by the browser: known without the
    database, so error pages use it when the account cannot be read."""
    languages = current_app.config["LANGUAGES"]
    if session.get("lang") in languages:
        return session["lang"]
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone():
    if not has_request_context():
        return None
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return None


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def in_zone(value, zone: str):
    """A UTC datetime shown in a named IANA zone."""
    return value.astimezone(ZoneInfo(zone))


def init_app(app):
    @app.context_processor
    def language_context():
        return {
            "language_names": LANGUAGE_NAMES,
            "current_language": current_language(),
            "viewer_timezone": str(get_timezone()),
        }
