"""CSV files people upload: the encoding and the delimiter spreadsheets save them with.

Excel saves UTF-8 with a byte order mark, or UTF-16 ("Unicode text"), and in Spanish or French
separates cells with ";" since "," is their decimal comma.
"""

import codecs
import csv
import io

from flask_babel import lazy_gettext as _l

from network.errors import DomainError

DELIMITERS = ",;\t"
SAMPLE_LINES = 20
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode(content: bytes) -> str:
    """The file's text: UTF-16 when it starts with its byte order mark, else UTF-8."""
    encoding = "utf-16" if content.startswith(UTF16_BOMS) else "utf-8-sig"
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        raise DomainError(
            _l("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        ) from None


def delimiter(text: str) -> str:
    """The delimiter of the header and first rows; a comma when they do not tell."""
    try:
        sample = "\n".join(text.splitlines()[:SAMPLE_LINES])
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def dict_reader(text: str, **options) -> csv.DictReader:
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter(text), **options)
