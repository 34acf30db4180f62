"""Countries (ISO 3166-1 alpha-2) and languages (ISO 639-1), named in the viewer's language."""

import gettext
from functools import lru_cache

import pycountry
from markupsafe import Markup

from network.i18n import current_language


@lru_cache(maxsize=8)
def _translator(domain: str, locale: str):
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale], fallback=True)


def country_name(code: str | None, locale: str | None = None) -> str:
    """The name people use (Bolivia, not "Bolivia, Plurinational State of") in locale, by
    default the page's; pycountry's gettext catalogs translate it."""
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return code or ""
    name = getattr(country, "common_name", None) or country.name
    locale = locale or current_language()
    return name if locale == "en" else _translator("iso3166-1", locale).gettext(name)


def language_in_text(code: str) -> str:
    """A language's name inside a sentence: Spanish and French write it in lower case."""
    name = language_name(code)
    return name if current_language() == "en" else name.lower()


def language_name(code: str | None, locale: str | None = None) -> str:
    language = pycountry.languages.get(alpha_2=(code or "").lower())
    if language is None:
        return code or ""
    return _translator("iso639-3", locale or current_language()).gettext(language.name)


@lru_cache(maxsize=8)
def _country_choices(locale: str) -> tuple:
    pairs = [(c.alpha_2, country_name(c.alpha_2, locale)) for c in pycountry.countries]
    return tuple(sorted(pairs, key=lambda p: p[1].casefold()))


def country_choices() -> list[tuple[str, str]]:
    return list(_country_choices(current_language()))


@lru_cache(maxsize=8)
def _language_choices(locale: str) -> tuple:
    pairs = [
        (entry.alpha_2, language_name(entry.alpha_2, locale))
        for entry in pycountry.languages
        if hasattr(entry, "alpha_2")
    ]
    return tuple(sorted(pairs, key=lambda p: p[1].casefold()))


def language_choices() -> list[tuple[str, str]]:
    return list(_language_choices(current_language()))


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=(code or "").upper()) is not None


def is_language(code: str) -> bool:
    return pycountry.languages.get(alpha_2=(code or "").lower()) is not None


@lru_cache(maxsize=16)
def _option_tags(kind: str, locale: str) -> str:
    choices = _country_choices(locale) if kind == "countries" else _language_choices(locale)
    return "".join(
        str(Markup('<option value="{}">{}</option>').format(value, name)) for value, name in choices
    )


def option_tags(kind: str, selected: str = "") -> Markup:
    """The <option>s of every country or language ("countries", "languages") in the page's
    language, rendered once per process: a filter form's longest part."""
    html = _option_tags(kind, current_language())
    if selected:
        tag = str(Markup('<option value="{}">').format(selected))
        html = html.replace(tag, tag[:-1] + " selected>", 1)
    return Markup(html)
