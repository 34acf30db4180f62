"""The "latest publications" block a newsletter's text can end with, asked of the library."""

import re

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from network.errors import DomainError
from network.library import queries as library
from network.library.queries import Publication

# Marks that would make Markdown of a title or a name (CommonMark escapes any of them).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#!&|~])")


def _plain(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def _line(publication: Publication) -> str:
    credit = ", ".join([*map(_plain, publication.authors), str(publication.year)])
    return f"- [{_plain(publication.title)}]({publication.url}) — {credit}"


def latest_block(language: str, *, theme_id: int | None, group_id: int | None, limit: int) -> str:
    """A heading in the newsletter's language and one line per item, newest first."""
    found = library.latest_for_newsletter(
        theme_id=theme_id, group_id=group_id, limit=limit, language=language
    )
    if not found:
        raise DomainError(_l("Nothing of this theme or working group is published yet."))
    with force_locale(language):
        heading = _("Latest publications")
    return "\n".join([f"## {heading}", "", *map(_line, found)])


def with_latest(body: str, language: str, **choice) -> str:
    """The text with the block appended after what is already written."""
    block = latest_block(language, **choice)
    return f"{body.rstrip()}\n\n{block}\n" if body.strip() else f"{block}\n"
