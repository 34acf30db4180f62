"""Texts people write (event titles, group descriptions, campaign statements…) in more than one
language. A row keeps its text as written, in its `original_language`, and `versions` in the
other languages: {"es": {"title": "…", "title@": "<digest of the original it was made from>"}}.

Readers get their language when a version exists, else the original (pages mark it as such).
A version whose original has changed since is `outdated`: editors see it and update it.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from flask import current_app, has_request_context
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from network.geo import language_in_text
from network.i18n import current_language

MISSING, CURRENT, OUTDATED = "missing", "current", "outdated"


def digest(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()[:16]


def writer_language() -> str:
    """A new text is taken to be in the language its writer's pages are in."""
    return current_language() if has_request_context() else "en"


class Multilingual:
    """Mixin of a model whose TRANSLATED fields may have versions in other languages."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ()

    original_language: Mapped[str] = mapped_column(
        String(2), default=writer_language, server_default="en"
    )
    versions: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    def _version(self, field: str, language: str) -> str:
        return ((self.versions or {}).get(language) or {}).get(field) or ""

    def shown_language(self, field: str, language: str | None = None) -> str:
        """The language a reader of `language` (the page's, by default) sees this field in."""
        language = language or current_language()
        if language != self.original_language and self._version(field, language):
            return language
        return self.original_language

    def text(self, field: str, language: str | None = None) -> str:
        """The field as a reader of `language` sees it: their version, else the original."""
        shown = self.shown_language(field, language)
        if shown == self.original_language:
            return getattr(self, field) or ""
        return self._version(field, shown)

    def version_state(self, field: str, language: str) -> str:
        version = (self.versions or {}).get(language) or {}
        if not version.get(field):
            return MISSING
        if version.get(field + "@") != digest(getattr(self, field)):
            return OUTDATED
        return CURRENT

    def set_version(self, field: str, language: str, text: str) -> None:
        """Keep a version (an empty text removes it); a changed text is up to date with the
        original as it is now."""
        versions = {lang: dict(fields) for lang, fields in (self.versions or {}).items()}
        fields = versions.setdefault(language, {})
        text = (text or "").strip()
        if not text:
            fields.pop(field, None)
            fields.pop(field + "@", None)
        elif text != fields.get(field):
            fields[field] = text
            fields[field + "@"] = digest(getattr(self, field))
        self.versions = {lang: found for lang, found in versions.items() if found}

    def other_languages(self) -> list[str]:
        return [lang for lang in current_app.config["LANGUAGES"] if lang != self.original_language]

    def versions_needing_work(self) -> list[tuple[str, str, str]]:
        """(language, field, state) of every version missing or older than its original, for
        the fields that have an original text."""
        return [
            (language, field, state)
            for language in self.other_languages()
            for field in self.TRANSLATED
            if getattr(self, field) and (state := self.version_state(field, language)) != CURRENT
        ]


def translated(obj: Multilingual, field: str) -> Markup:
    """The field for this page's reader, as HTML; the original is marked with its language
    when the reader's is missing."""
    shown = obj.shown_language(field)
    text = escape(obj.text(field))
    if shown == current_language():
        return text
    return Markup('<span lang="{}">{}</span>{}').format(shown, text, original_marker(shown))


def original_marker(language: str) -> Markup:
    if language == current_language():
        return Markup("")
    return Markup(
        ' <span class="badge text-bg-light original-language" title="{title}">{code}'
        '<span class="visually-hidden"> ({title})</span></span>'
    ).format(
        code=language.upper(),
        title=_("not yet translated: shown in %(language)s", language=language_in_text(language)),
    )


@dataclass
class Kind:
    """A model whose versions editors keep on the versions page."""

    name: str
    model: type
    labels: dict[str, str]  # field -> its label (lazy gettext)
    can_edit: Callable  # (obj, user) -> bool
    back: Callable  # obj -> the page editors come from
    markdown: frozenset = frozenset()
    # obj -> what the versions page calls it; by default its first translated field
    title: Callable | None = None


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    KINDS[kind.name] = kind


def register_filters(app) -> None:
    app.jinja_env.globals.update(translated=translated, original_marker=original_marker)
    app.jinja_env.filters["language_in_text"] = language_in_text
