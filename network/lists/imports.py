"""Importing subscribers from a CSV file, all or nothing, never over anyone's opt-out.

People already on the list are updated with the name and language the file gives them.
"""

import csv
import logging

from flask_babel import lazy_gettext as _l

from network.csvimport import decode, dict_reader
from network.errors import DomainError
from network.extensions import db
from network.lists.models import ConsentSource, MailingList, Subscription
from network.lists.subscriptions import (
    ACTIVE,
    UNSUBSCRIBED,
    activate,
    subscriber_by_email,
    subscriber_for,
    subscription_of,
)
from network.validators import clean_text, normalize_email

logger = logging.getLogger(__name__)


class ImportReport:
    """What an import would do (dry run) or did: rows to add, rows that update someone already on
    the list, rows skipped and why, bad rows."""

    def __init__(self):
        self.to_add: list[tuple[str, str, str]] = []
        self.to_update: list[tuple[str, str, str]] = []
        self.already: list[str] = []
        self.opted_out: list[str] = []
        self.unsubscribed: list[str] = []
        self.errors: list[tuple[int, str, str]] = []

    @property
    def valid(self) -> bool:
        return not self.errors


MAX_IMPORT_ROWS = 20_000
TEMPLATE_HEADER = ["email", "name", "language"]
TEMPLATE_ROWS = [["ana.garcia@example.org", "Ana García", "es"], ["amadou@example.org", "", "fr"]]


def read_import(mailing_list: MailingList, content: bytes) -> ImportReport:
    """Check every row of a CSV with columns email, name and optionally language."""
    report = ImportReport()
    reader = dict_reader(decode(content))
    try:
        _read_rows(mailing_list, reader, report)
    except csv.Error:
        # Also a cell longer than the csv module's limit (128 kB).
        raise DomainError(
            _l("The file is not valid CSV, or one of its cells is too long.")
        ) from None
    return report


def _read_rows(mailing_list: MailingList, reader: csv.DictReader, report: ImportReport) -> None:
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "email" not in fields:
        raise DomainError(
            _l("The first line must name the columns, with at least one called email.")
        )
    reader.fieldnames = fields
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            raise DomainError(_l("The file has more than %(n)s rows. Split it.", n=MAX_IMPORT_ROWS))
        raw_email = (row.get("email") or "").strip()
        try:
            email = normalize_email(raw_email)
        except ValueError:
            report.errors.append((line, raw_email[:80], str(_l("not a valid email address"))))
            continue
        try:
            name = clean_text(row.get("name") or "", single_line=True)
        except ValueError:
            report.errors.append(
                (line, email, str(_l("the name contains characters that are not allowed")))
            )
            continue
        if len(name) > 120:
            report.errors.append((line, email, str(_l("the name is longer than 120 characters"))))
            continue
        language = (row.get("language") or "").strip().lower()
        if language and language not in ("en", "es", "fr"):
            report.errors.append((line, email, str(_l("the language must be en, es or fr"))))
            continue
        if email in seen:
            report.errors.append((line, email, str(_l("this address appears twice in the file"))))
            continue
        seen.add(email)
        subscriber = subscriber_by_email(email)
        subscription = subscriber and subscription_of(subscriber, mailing_list)
        if subscriber is not None and subscriber.opted_out_at is not None:
            report.opted_out.append(email)
        elif subscription is not None and subscription.state == UNSUBSCRIBED:
            report.unsubscribed.append(email)
        elif subscription is not None and subscription.state == ACTIVE:
            if _changes(subscriber, name, language):
                report.to_update.append((email, name, language))
            else:
                report.already.append(email)
        else:
            report.to_add.append((email, name, language or "en"))


def _changes(subscriber, name: str, language: str) -> bool:
    """Whether the file gives this subscriber a name or language they do not have yet."""
    return bool(name and name != subscriber.name) or bool(
        language and language != subscriber.language
    )


def import_subscribers(
    mailing_list: MailingList, content: bytes, consent_note: str, dry_run: bool
) -> ImportReport:
    """All or nothing: rows are written only when every row is valid and it is not a dry run.
    Opted-out addresses and people who left this list are never added back."""
    if not consent_note.strip():
        raise DomainError(_l("Say where these people gave their consent."))
    report = read_import(mailing_list, content)
    if dry_run or not report.valid:
        return report
    for email, name, language in report.to_add:
        subscriber = subscriber_for(email, name, language)
        subscription = subscription_of(subscriber, mailing_list) or Subscription(
            subscriber_id=subscriber.id, list_id=mailing_list.id
        )
        activate(subscription, ConsentSource.IMPORT.value, "import", consent_note)
        db.session.add(subscription)
    for email, name, language in report.to_update:
        subscriber = subscriber_by_email(email)
        subscriber.name = name or subscriber.name
        subscriber.language = language or subscriber.language
    logger.info(
        "import list=%s added=%s updated=%s",
        mailing_list.id,
        len(report.to_add),
        len(report.to_update),
    )
    return report
