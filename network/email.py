"""The one way mail leaves the application.

send_email renders a message in the recipient's language and holds it on the database
session (network.outbox); it is handed to the job queue only once that session's commit has
succeeded. The job queue itself is given at app creation (network.tasks), so this module does
not depend on it.
"""

import logging
import re
import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from email.policy import compat32
from email.utils import make_msgid, parseaddr
from pathlib import Path

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_login import current_user
from flask_mail import Message

from network.auth.models import Role
from network.extensions import mail
from network.outbox import after_commit
from network.ratelimit import address_key, mail_allowed
from network.validators import one_line

logger = logging.getLogger(__name__)
QUEUE_KEY = "network_mail_queue"
BAD_HEADER_CHARS = re.compile(r"[\r\n\0]")


class EmailHeaderError(ValueError):
    """A header value would have split the message's header block."""


def check_header(value: str) -> str:
    """Refuses CR, LF and NUL (an injection attempt); other line separators and control
    characters, which mail libraries also break lines at, become spaces."""
    if BAD_HEADER_CHARS.search(value):
        raise EmailHeaderError("line breaks and NUL are not allowed in mail headers")
    return one_line(value)


def render_email(template: str, locale: str, subject, **context) -> dict:
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        context.setdefault("network_name", current_app.config["NETWORK_NAME"])
        return {
            "subject": str(subject),
            "text": render_template(f"email/{template}.txt", **context),
            "html": render_template(f"email/{template}.html", **context),
        }


def send_email(
    to: str,
    template: str,
    subject,
    *,
    locale: str | None = None,
    headers: dict | None = None,
    attachments: list | None = None,
    sender: str | None = None,
    **context,
) -> dict:
    """Render templates/email/<template>.txt and .html and send them after the next commit.

    subject: final, e.g. _l("Reminder: %(title)s", title=...), which is rendered here in the
    recipient's language; nothing in it is replaced.
    attachments: dicts with filename, content_type, data and optionally disposition.
    """
    message = render_email(template, locale, subject, **context)
    message.update(
        to=to,
        sender=sender or current_app.config["MAIL_DEFAULT_SENDER"],
        headers=dict(headers or {}),
        attachments=list(attachments or []),
        template=template,
    )
    return post(message)


def post(message: dict) -> dict:
    """Send a rendered message (send_email's, or one built elsewhere) after the next commit."""
    for value in [
        message["to"],
        message["sender"],
        message["subject"],
        *message["headers"].keys(),
        *message["headers"].values(),
    ]:
        check_header(str(value))
    if _counts_toward_cap(message["to"]) and not mail_allowed(message["to"]):
        logger.warning(
            "mail not sent: daily cap reached for recipient %s template=%s",
            address_key(message["to"])[:12],
            message["template"],
        )
        return message
    after_commit(current_app.extensions[QUEUE_KEY], message)
    return message


def init_app(app, queue: Callable[[dict], None]) -> None:
    """queue(message) hands a committed message on to deliver(): the job queue's way."""
    app.extensions[QUEUE_KEY] = queue


def _counts_toward_cap(to: str) -> bool:
    """Whether a message counts toward its recipient's daily cap (RATELIMIT_MAIL_PER_ADDRESS).

    Anyone can type someone else's address into a public form (sign-up, password reset, guest
    registration, signature, endorsement, subscription) and any member can write to another, so
    what a request causes for someone else's address counts, whatever the template. Not counted:
    what signed-in people get at their own address, what organizers and staff send with their
    tools (roles that staff grant), and jobs (newsletters, reminders), which send what was asked.
    """
    if not has_request_context():
        return False
    if not current_user.is_authenticated:
        return True
    own_address = parseaddr(to)[1].lower() == current_user.email.lower()
    return not own_address and not current_user.has_role(Role.ORGANIZER)


# Headers reach the generator already in ASCII (Flask-Mail encodes names and subjects, and
# list_id_header its phrase), so the compat32 policy writes them as given; the default policy
# parses every header of every part again for each message, a third of a newsletter's CPU.
# 998, not 78 columns: folding turned a long List-Unsubscribe URL into RFC 2047 encoded words,
# which mail providers do not read; RFC 5322 allows 998.
SMTP_POLICY = compat32.clone(linesep="\r\n", max_line_length=998)


class _Message(Message):
    def _message(self):
        msg = super()._message()
        msg.policy = SMTP_POLICY
        for part in msg.walk():
            if part.is_multipart():
                # A random boundary given now spares the generator compiling a pattern of its
                # own and scanning the whole text with it, for every message.
                part.set_boundary(f"=_{secrets.token_hex(16)}")
        return msg


def build_message(message: dict) -> Message:
    # Text stored before it was checked must not start a header line of its own.
    headers = {name: one_line(str(value)) for name, value in message["headers"].items()}
    msg = _Message(
        subject=one_line(message["subject"]),
        recipients=[one_line(message["to"])],
        sender=one_line(message["sender"]),
        body=message["text"],
        html=message["html"],
        extra_headers=headers,
    )
    # Flask-Mail writes Date and Message-ID itself; a second copy of either breaks RFC 5322.
    msg.msgId = headers.pop("Message-ID", None) or make_msgid(domain=_mail_domain())
    for item in message["attachments"]:
        msg.attach(
            item["filename"],
            item["content_type"],
            item["data"],
            disposition=item.get("disposition", "attachment"),
        )
    return msg


def _mail_domain() -> str:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    return sender.rsplit("@", 1)[-1].strip("> ") or "localhost"


def deliver(message: dict, connection=None) -> None:
    """Send one rendered message now: over SMTP, or to instance/mail/ when none is set."""
    msg = build_message(message)
    if connection is not None:
        connection.send(msg)
    elif current_app.config["MAIL_SERVER"]:
        mail.send(msg)
    else:
        _write_eml(msg, message)
    logger.info("mail sent template=%s", message.get("template"))


def _write_eml(msg: Message, message: dict) -> None:
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(msg.as_bytes())
    links = re.findall(r"https?://\S+", message["text"])
    logger.warning(
        "mail to instance/mail: %s | %s | links: %s", path.name, message["subject"], " ".join(links)
    )
