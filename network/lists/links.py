"""Links and headers every message to a list carries (RFC 2369, RFC 8058).

The one-click token is a signature over (subscriber, list), so it works only for exactly
that subscriber and list; the preference-centre link uses the subscriber's revocable secret.
"""

from email.header import Header
from urllib.parse import quote

from flask import current_app, url_for

from network.lists.models import MailingList, Subscriber
from network.tokens import make_token, read_token
from network.validators import one_line

UNSUBSCRIBE = "unsubscribe"


def unsubscribe_token(subscriber: Subscriber, mailing_list: MailingList) -> str:
    return make_token(UNSUBSCRIBE, [subscriber.id, mailing_list.id])


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    """(subscriber_id, list_id); raises network.tokens.InvalidToken."""
    subscriber_id, list_id = read_token(UNSUBSCRIBE, token)
    return int(subscriber_id), int(list_id)


def unsubscribe_url(subscriber: Subscriber, mailing_list: MailingList) -> str:
    return url_for(
        "lists.unsubscribe", token=unsubscribe_token(subscriber, mailing_list), _external=True
    )


def preferences_url(subscriber: Subscriber) -> str:
    return url_for("lists.preferences", secret=subscriber.secret, _external=True)


def list_id_header(mailing_list: MailingList) -> str:
    """RFC 2919: a phrase and the list's id. A name beyond ASCII (a list written in Spanish
    only) goes as an RFC 2047 encoded word, which may not stand inside quotes."""
    domain = current_app.config["SERVER_NAME"] or "puente.localhost"
    name = one_line(mailing_list.localized("name", "en"))
    if name.isascii():
        phrase = '"{}"'.format(name.replace("\\", "").replace('"', "'"))
    else:
        phrase = Header(name, "utf-8").encode()
    return f"{phrase} <{mailing_list.slug}.{domain}>"


def list_headers(subscriber: Subscriber, mailing_list: MailingList) -> dict:
    token = unsubscribe_token(subscriber, mailing_list)
    targets = [f"<{url_for('lists.unsubscribe', token=token, _external=True)}>"]
    mailto = current_app.config["LIST_UNSUBSCRIBE_MAILTO"]
    if mailto:
        targets.append(f"<mailto:{mailto}?subject={quote('unsubscribe ' + token)}>")
    return {
        "List-Id": list_id_header(mailing_list),
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
