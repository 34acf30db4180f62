"""A newsletter turned into one message for one reader.

The Markdown is rendered once per language; the reader's name goes into the rendered text
afterwards, escaped for HTML, so a name can never add markup or Markdown of its own.
"""

import re
from dataclasses import dataclass
from email.utils import parseaddr

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from network.email import _mail_domain, check_header, render_email
from network.lists.links import list_headers, preferences_url, unsubscribe_url
from network.lists.models import MailingList, Subscriber
from network.markdown import markdown_to_mail_text, render_markdown
from network.newsletters.models import Newsletter

NAME_PLACEHOLDER = re.compile(r"\{\{\s*name\s*\}\}")
# Letters only, so Markdown and the sanitizer leave it exactly as it is.
NAME_SLOT = "PUENTENAMESLOTX"
UNSUBSCRIBE_SLOT = "PUENTEUNSUBSCRIBESLOTX"
PREFERENCES_SLOT = "PUENTEPREFERENCESSLOTX"
TEMPLATE = "newsletters/newsletter"


@dataclass(frozen=True)
class Edition:
    """One language version, rendered, with a slot where each reader's name goes."""

    language: str
    subject: str
    preheader: str
    html: str
    text: str

    def subject_for(self, name: str) -> str:
        return NAME_PLACEHOLDER.sub(lambda _m: " ".join(name.split()), self.subject)

    def preheader_for(self, name: str) -> str:
        return NAME_PLACEHOLDER.sub(lambda _m: name, self.preheader)

    def html_for(self, name: str) -> Markup:
        return Markup(self.html.replace(NAME_SLOT, str(escape(name))))

    def text_for(self, name: str) -> str:
        return self.text.replace(NAME_SLOT, name)


def edition(version) -> Edition:
    source = NAME_PLACEHOLDER.sub(NAME_SLOT, version.body or "")
    return Edition(
        language=version.language,
        subject=version.subject,
        preheader=version.preheader or "",
        html=str(render_markdown(source)),
        text=markdown_to_mail_text(source),
    )


def reader_name(name: str | None, language: str) -> str:
    """What {{ name }} becomes: the reader's name, or a friendly word in their language."""
    if name and name.strip():
        return name.strip()
    with force_locale(language):
        return _("friend")


def sender_address(sender_name: str) -> str:
    address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    name = check_header(sender_name).replace('"', "'").replace("\\", "")
    return f'"{name}" <{address}>'


def message_id(newsletter_id: int, subscriber_id: int) -> str:
    """The same for every attempt, so a repeated message is recognisably the same one."""
    return f"<newsletter.{newsletter_id}.{subscriber_id}@{_mail_domain()}>"


def _fill(text: str, values: list[tuple[str, str]]) -> str:
    for slot, value in values:
        text = text.replace(slot, value)
    return text


class Composer:
    """Builds the messages of one newsletter. Each language version is rendered once, and
    the message around it once per list, with slots for the reader's name and links: a
    message is then those texts with the slots filled (escaped in the HTML)."""

    def __init__(self, newsletter: Newsletter):
        self.newsletter_id = newsletter.id
        self.default_language = newsletter.language
        self.sender = sender_address(newsletter.sender_name)
        self.editions = {
            language: edition(newsletter.version(language)) for language in newsletter.languages
        }
        self.archive_url = (
            url_for("newsletters.archived", newsletter_id=newsletter.id, _external=True)
            if newsletter.is_public
            else None
        )
        self.shells: dict[tuple[str, int], dict] = {}

    def shell(self, chosen: Edition, mailing_list: MailingList) -> dict:
        key = (chosen.language, mailing_list.id)
        if key not in self.shells:
            self.shells[key] = render_email(
                TEMPLATE,
                chosen.language,
                "",
                body_html=Markup(chosen.html),
                body_text=chosen.text,
                preheader=chosen.preheader_for(NAME_SLOT),
                list_name=mailing_list.localized("name", chosen.language),
                unsubscribe_url=UNSUBSCRIBE_SLOT,
                preferences_url=PREFERENCES_SLOT,
                archive_url=self.archive_url,
            )
        return self.shells[key]

    def edition_for(self, language: str | None) -> Edition:
        return self.editions.get(language) or self.editions[self.default_language]

    def message(
        self,
        subscriber: Subscriber,
        mailing_list: MailingList,
        *,
        language: str | None = None,
        test: bool = False,
    ) -> dict:
        """The message for this subscriber of this list, with the list's headers and links."""
        chosen = self.edition_for(language or subscriber.language)
        name = reader_name(subscriber.name, chosen.language)
        shell = self.shell(chosen, mailing_list)
        # The name last: a name that spells a slot stays a name.
        values = [
            (UNSUBSCRIBE_SLOT, unsubscribe_url(subscriber, mailing_list)),
            (PREFERENCES_SLOT, preferences_url(subscriber)),
            (NAME_SLOT, name),
        ]
        rendered = {
            "subject": "",
            "text": _fill(shell["text"], values),
            "html": _fill(shell["html"], [(slot, str(escape(v))) for slot, v in values]),
        }
        headers = list_headers(subscriber, mailing_list)
        subject = chosen.subject_for(name)
        if test:
            with force_locale(chosen.language):
                subject = _("[Test] %(subject)s", subject=subject)
        else:
            headers["Message-ID"] = message_id(self.newsletter_id, subscriber.id)
        rendered.update(
            subject=check_header(subject),
            to=subscriber.email,
            sender=self.sender,
            headers=headers,
            attachments=[],
            template=TEMPLATE,
        )
        return rendered


@dataclass(frozen=True)
class PublicCopy:
    """A sent newsletter as the archive shows it: no reader's name, no personal links."""

    newsletter: Newsletter
    language: str
    subject: str
    html: Markup


def public_copy(newsletter: Newsletter, language: str) -> PublicCopy:
    chosen = edition(newsletter.version(language))
    name = reader_name("", chosen.language)
    return PublicCopy(newsletter, chosen.language, chosen.subject_for(name), chosen.html_for(name))


def public_subject(newsletter: Newsletter, language: str) -> str:
    """A sent newsletter's subject as the archive names it, for lists of many (no body read)."""
    version = newsletter.version(language)
    name = reader_name("", version.language)
    return Edition(version.language, version.subject, "", "", "").subject_for(name)
