"""Language and time zone of the person looking at a page, and the gettext functions of the
templates (Flask-Babel's, plus French elision before a name that starts with a vowel)."""

import re
from zoneinfo import ZoneInfo, available_timezones

from flask import current_app, g, has_request_context, request, session
from flask_babel import Domain, get_locale, get_timezone, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français"}
TIMEZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/")) + [
    "UTC"
]


def select_locale():
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if g.get("language") in languages:  # asked for by the page's address (embeds)
        return g.language
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
    return str(_known_locale() or get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def _known_locale():
    """The locale Flask-Babel has already chosen in this context, read in one lookup: a page
    asks for its language and a hundred strings, and each of Flask-Babel's own calls walks
    the context several times."""
    return getattr(getattr(g, "_flask_babel", None), "babel_locale", None) if g else None


def _translations():
    """This context's translations, found again only when its locale changes (force_locale,
    refresh)."""
    if not g:
        return get_translations()
    known = getattr(getattr(g, "_flask_babel", None), "translations_of", None)
    if known is None or known[0] is not _known_locale():
        translations = get_translations()
        g._flask_babel.translations_of = known = (_known_locale(), translations)
    return known[1]


def in_zone(value, zone: str):
    """A UTC datetime shown in a named IANA zone."""
    return value.astimezone(ZoneInfo(zone))


# "de %(name)s" and "que %(name)s" in French become "d’…" and "qu’…" before a vowel.
ELIDABLE = re.compile(r"\b([dD]e|[qQ]ue) %\((\w+)\)s")
VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")


def elide(text: str, variables: dict) -> str:
    """The translated text with French elision where a placeholder's value starts with a vowel:
    "Photo de %(name)s" with Aminata reads "Photo d’Aminata"."""
    if current_language() != "fr":
        return text

    def join(match: re.Match) -> str:
        value = str(variables.get(match.group(2), ""))
        if value[:1] not in VOWELS:
            return match.group(0)
        return f"{match.group(1)[:-1]}’%({match.group(2)})s"

    return ELIDABLE.sub(join, text)


class ElidingDomain(Domain):
    """Flask-Babel's gettext functions for Python code (flashes, mail subjects), with elision."""

    def gettext(self, string, **variables):
        return _fill(_translations().ugettext(string), variables)

    def ngettext(self, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return _fill(_translations().ungettext(singular, plural, num), variables)

    def pgettext(self, context, string, **variables):
        return _fill(_translations().upgettext(context, string), variables)

    def npgettext(self, context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        translated = _translations().unpgettext(context, singular, plural, num)
        return _fill(translated, variables)


def _fill(text: str, variables: dict) -> str:
    return elide(text, variables) % variables if variables else text


def _format(context, text: str, variables: dict):
    # What Jinja's "newstyle" gettext does (values escaped when autoescaping), after elision.
    if variables:
        text = elide(text, variables)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@pass_context
def _gettext(context, string, **variables):
    return _format(context, _translations().ugettext(string), variables)


@pass_context
def _ngettext(context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    return _format(context, _translations().ungettext(singular, plural, num), variables)


@pass_context
def _pgettext(context, message_context, string, **variables):
    return _format(context, _translations().upgettext(message_context, string), variables)


@pass_context
def _npgettext(context, message_context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    translated = _translations().unpgettext(message_context, singular, plural, num)
    return _format(context, translated, variables)


def init_app(app):
    babel = app.extensions["babel"]
    babel.instance.domain_instance = ElidingDomain(domain=babel.default_domain)
    app.jinja_env.install_gettext_callables(
        _gettext, _ngettext, newstyle=False, pgettext=_pgettext, npgettext=_npgettext
    )

    @app.context_processor
    def language_context():
        return {
            "language_names": LANGUAGE_NAMES,
            "current_language": current_language(),
            "viewer_timezone": str(get_timezone()),
            # None for a visitor: the browser's zone is then unknown to the server.
            "known_timezone": select_timezone(),
        }
