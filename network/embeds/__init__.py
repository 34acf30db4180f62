"""Pages partner websites put in an <iframe>: an event list and a campaign's signing form.

Only these pages may be framed (see network/security.py). They take the visitor's language from
`?lang=` (a framed page may get no cookie of ours) and never act for a signed-in account: the
signing form is anonymous and is confirmed by mail, like the campaign page's own form for
visitors, and carries a signed ticket from the page that served it instead of a session token.
"""

from flask import Blueprint

bp = Blueprint("embeds", __name__, url_prefix="/embed")

from network.embeds import routes  # noqa: E402,F401
