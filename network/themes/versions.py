"""Themes' descriptions in other languages, kept by staff."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from network.multilingual import Kind, register
from network.themes.models import Theme

register(
    Kind(
        "theme",
        Theme,
        labels={"description": _l("Description")},
        can_edit=lambda theme, user: user.is_authenticated and user.is_staff,
        back=lambda theme: url_for("main.theme", slug=theme.slug),
        markdown=frozenset({"description"}),
    )
)
