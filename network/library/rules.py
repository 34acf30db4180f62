"""The input rules of an item: DOI, ORCID, ISBN/ISSN, licence, languages, date."""

import calendar
import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from network.errors import DomainError
from network.members.services import is_http_url, normalize_orcid

# SPDX identifiers offered for an item's licence.
LICENSES = {
    "CC-BY-4.0": "Creative Commons Attribution 4.0",
    "CC-BY-SA-4.0": "Creative Commons Attribution-ShareAlike 4.0",
    "CC-BY-NC-4.0": "Creative Commons Attribution-NonCommercial 4.0",
    "CC-BY-NC-ND-4.0": "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0",
    "CC-BY-ND-4.0": "Creative Commons Attribution-NoDerivatives 4.0",
    "CC0-1.0": "Creative Commons Zero 1.0 (public domain)",
    "ODbL-1.0": "Open Data Commons Open Database License 1.0",
    "LicenseRef-all-rights-reserved": _l("All rights reserved"),
}
DEFAULT_LICENSE = "CC-BY-4.0"
TEXT_LANGUAGES = ("en", "es", "fr")
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi.org/", "doi:")
ISSN_PATTERN = re.compile(r"^(\d{4})-?(\d{3}[\dX])$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2}$")


def normalize_doi(value: str | None) -> str | None:
    """The DOI lowercased without its resolver prefix, None if empty; DomainError if malformed."""
    value = (value or "").strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    if not value:
        return None
    if not DOI_PATTERN.match(value) or len(value) > 200:
        raise DomainError(_("A DOI looks like 10.1234/abcd (with or without https://doi.org/)."))
    return value.lower()


def orcid(value: str | None) -> str:
    try:
        return normalize_orcid(value) or ""
    except ValueError:
        raise DomainError(
            _("%(value)s is not a valid ORCID iD (0000-0000-0000-000X).", value=value)
        ) from None


def isbn(value: str | None) -> str:
    digits = re.sub(r"[\s-]", "", (value or "")).upper()
    if not digits:
        return ""
    if not _isbn_ok(digits):
        raise DomainError(_("The ISBN is not valid: check its 10 or 13 digits."))
    return digits


def _isbn_ok(digits: str) -> bool:
    if len(digits) == 13 and digits.isdigit():
        return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        values = [int(d) for d in digits[:9]] + [10 if digits[9] == "X" else int(digits[9])]
        return sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0
    return False


def issn(value: str | None) -> str:
    value = (value or "").strip().upper()
    if not value:
        return ""
    match = ISSN_PATTERN.match(value)
    digits = "".join(match.groups()) if match else ""
    if not match or not _issn_ok(digits):
        raise DomainError(_("The ISSN is not valid (it looks like 1234-567X)."))
    return f"{digits[:4]}-{digits[4:]}"


def _issn_ok(digits: str) -> bool:
    total = sum(int(d) * (8 - i) for i, d in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def license_id(value: str | None) -> str:
    value = value or DEFAULT_LICENSE
    if value not in LICENSES:
        raise DomainError(_("Choose a licence from the list."))
    return value


def language(value: str | None) -> str:
    value = (value or "").strip().lower()
    if not LANGUAGE_PATTERN.match(value):
        raise DomainError(_("Give the language as a two-letter code (en, es, fr…)."))
    return value


def check_date(year: int, month: int | None, day: int | None, published: bool) -> None:
    """A real date (year, year-month or full), not in the future once published."""
    if not 1000 <= year <= 9999 or (day and not month):
        raise DomainError(_("The date is not valid."))
    if month is not None and not 1 <= month <= 12:
        raise DomainError(_("The date is not valid."))
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DomainError(_("The date is not valid."))
    if published and _earliest(year, month, day) > date.today():
        raise DomainError(_("A published item cannot be dated in the future."))


def _earliest(year: int, month: int | None, day: int | None) -> date:
    return date(year, month or 1, day or 1)


def check_link(url: str) -> None:
    if url and not is_http_url(url):
        raise DomainError(_("Links must be web addresses starting with http:// or https://."))
