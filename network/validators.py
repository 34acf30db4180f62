"""Input rules shared by every form: names, emails, links."""

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation, ValidationError

# Bidi overrides/isolates, zero-width characters and other invisible format characters.
INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")
# C0 and C1 control characters, except tab and the line feed and return of multi-line text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Everything that mail and calendar libraries (str.splitlines) take for the end of a line.
LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def normalize_email(value: str) -> str:
    """The one spelling of an address we store; raises ValueError if it is not one."""
    value = (value or "").strip()
    if CONTROL.search(value) or "\n" in value or "\r" in value:
        raise ValueError("control characters")
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from error
    return result.normalized.lower()


def clean_text(value: str | None, single_line: bool = False) -> str:
    """NFC, trimmed text; refuses invisible direction tricks and control characters, and any
    line break when single_line."""
    value = unicodedata.normalize("NFC", value or "").strip()
    if INVISIBLE.search(value) or CONTROL.search(value):
        raise ValueError("invisible or control characters")
    if single_line and LINE_BREAK.search(value):
        raise ValueError("line break")
    return value


def one_line(value: str) -> str:
    """Stored text made safe for a header or a one-line calendar property: every line break
    and control character becomes a space."""
    return LINE_BREAK.sub(" ", CONTROL.sub(" ", value))


class EmailAddress:
    def __init__(self, message=None):
        self.message = message or _l("Enter a valid email address.")

    def __call__(self, form, field):
        try:
            field.data = normalize_email(field.data)
        except ValueError:
            raise ValidationError(self.message) from None


class PlainText:
    """A name or title: visible characters only, no control or direction-override characters."""

    def __init__(self, message=None, multiline=False):
        self.message = message or _l("This field contains characters that are not allowed.")
        self.multiline = multiline

    def __call__(self, form, field):
        if field.data is None:
            return
        if not self.multiline and LINE_BREAK.search(field.data.strip()):
            raise ValidationError(_l("Write this on a single line."))
        try:
            field.data = clean_text(field.data)
        except ValueError:
            raise ValidationError(self.message) from None


class HttpURL:
    def __init__(self, message=None):
        self.message = message or _l("Enter a web address starting with http:// or https://.")

    def __call__(self, form, field):
        value = (field.data or "").strip()
        if value and not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
            raise ValidationError(self.message)
        field.data = value


FIRST_YEAR, LAST_YEAR = 1900, 2999


class YearInRange:
    """Dates and times near year 1 or 9999 overflow once moved to UTC or laid out in a month;
    this stops the field's other checks, which would compute with it."""

    def __call__(self, form, field):
        if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
            raise StopValidation(
                _l(
                    "Enter a date between the years %(first)s and %(last)s.",
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
            )
