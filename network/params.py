"""Whole numbers read from addresses and query strings.

Python's int() takes Unicode digits ("٣" is 3) and has no upper bound, so a value like "²" or
"99999999999999999999" reached the database and failed there with a 500. Here a number is
ASCII digits only and fits the id columns: INTEGER, 32 bits on PostgreSQL, which compares a
parameter cast to the column's type (2**31 already fails there; SQLite fails past 2**63).
"""

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

from network.errors import DomainError

MAX_INTEGER = 2**31 - 1
# Far past the last page of any list, and small enough that page × page size fits MAX_INTEGER.
MAX_PAGE = 1_000_000


def whole_number(text: str | None, minimum: int = 0, maximum: int = MAX_INTEGER) -> int | None:
    """The number written in `text`, or None when it is not ASCII digits within the range."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def int_arg(
    name: str, default: int | None = None, *, minimum: int = 1, maximum: int = MAX_INTEGER
) -> int | None:
    """A number from the query string; absent or empty gives `default`, anything else bad a 400."""
    text = request.args.get(name, "")
    return _required_number(name, text, minimum, maximum) if text.strip() else default


def page_arg() -> int:
    return int_arg("page", 1, maximum=MAX_PAGE)


def int_values(name: str) -> list[int]:
    """Every value of a repeated field, from the query string or the form; a bad one is a 400."""
    return [_required_number(name, text, 1, MAX_INTEGER) for text in request.values.getlist(name)]


def _required_number(name: str, text: str, minimum: int, maximum: int) -> int:
    value = whole_number(text, minimum, maximum)
    if value is None:
        raise DomainError(
            _l(
                "“%(name)s” must be a whole number from %(minimum)s to %(maximum)s; "
                "“%(value)s” is not.",
                name=name,
                value=text[:40],
                minimum=minimum,
                maximum=maximum,
            ),
            400,
        )
    return value


class IdConverter(IntegerConverter):
    """The app's <int:…>: ASCII digits up to MAX_INTEGER; anything else is a 404 before any
    view runs (werkzeug's own takes every Unicode digit and any size)."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INTEGER, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)
