"""Error pages and the domain error every service raises."""

import logging
from contextlib import suppress

from flask import render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, SecurityError

from network.extensions import db, login_manager
from network.i18n import visitor_language

logger = logging.getLogger(__name__)

TITLES = {
    400: _l("Bad request"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    413: _l("Too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
    503: _l("Temporarily unavailable"),
}
EXPLANATIONS = {
    400: _l(
        "The request could not be understood. If you submitted a form, reload the page and try again."
    ),
    403: _l("You do not have permission to see this page."),
    404: _l("There is nothing at this address. Check the link or go back to the home page."),
    405: _l("This address does not accept that kind of request."),
    409: _l("This action conflicts with the current state of the page. Reload and try again."),
    413: _l("What you sent is larger than this site accepts. Send something smaller."),
    429: _l("You have tried this too many times. Wait a few minutes and try again."),
    500: _l("An unexpected error occurred. It has been logged; please try again later."),
    503: _l(
        "The site cannot reach its database at the moment, so nothing was saved. "
        "Please try again in a minute."
    ),
}
# The database refused or dropped the connection, or stayed busy: worth trying again shortly.
DATABASE_UNAVAILABLE = (OperationalError, DisconnectionError, PoolTimeout)
RETRY_AFTER_SECONDS = 30


class DomainError(Exception):
    """A rule was broken; the message is shown to the person and the status returned.

    Services raise it (or a subclass below) and never abort() or render; routes run service
    calls through network.web.attempt, and whatever reaches the app is answered by register().
    """

    status = 400

    def __init__(self, message=None, status: int | None = None):
        if status:
            self.status = status
        self.message = message or EXPLANATIONS.get(self.status, EXPLANATIONS[400])
        super().__init__(str(self.message))


class Forbidden(DomainError):
    """The person may not do this; answered as a 403 page, never flashed."""

    status = 403


class NotFound(DomainError):
    """Nothing the person may see is there; answered as a 404 page, never flashed."""

    status = 404


class Conflict(DomainError):
    """The state changed meanwhile or already holds what was asked."""

    status = 409


class TooMany(DomainError):
    """A limit of the domain (not the request rate limiter) is reached."""

    status = 429


# Raised from a route these end the request with their page instead of a flashed message.
PAGE_ERRORS = (Forbidden, NotFound)


def error_page(code: int, message=None):
    try:
        return _render_error(code, message), code
    except DATABASE_UNAVAILABLE:  # the layout looked up the signed-in person
        return unavailable_page()


def _render_error(code: int, message=None) -> str:
    return render_template(
        "errors/error.html",
        code=code,
        title=TITLES.get(code, TITLES[500]),
        message=message or EXPLANATIONS.get(code, EXPLANATIONS[500]),
    )


def unavailable_page():
    """The 503 of a database outage, made without the database: this answer treats the visitor
    as signed out (their account cannot be read, and the layout and headers would try again),
    speaks the session's or the browser's language, and falls back to plain text."""
    with suppress(SQLAlchemyError):
        db.session.rollback()
    login_manager._update_request_context_with_user()  # anonymous, for the rest of this request
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    with force_locale(visitor_language()):
        try:
            body = _render_error(503)
        except SQLAlchemyError:
            body = f"{TITLES[503]}\n\n{EXPLANATIONS[503]}\n"
            headers["Content-Type"] = "text/plain; charset=utf-8"
    return body, 503, headers


def register(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_page(
            400, _l("The form expired or was sent from elsewhere. Reload the page and try again.")
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # Refused before routing, so the layout's links cannot be built: a plain answer.
        return f"{TITLES[400]}\n", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def http_error(error):
        code = error.code or 500
        if code not in TITLES:
            return error
        return error_page(code)

    def database_unavailable(error):
        logger.error(
            "database unavailable on %s %s: %s",
            request.method,
            request.path,
            getattr(error, "orig", None) or error,
        )
        return unavailable_page()

    for exception in DATABASE_UNAVAILABLE:
        app.register_error_handler(exception, database_unavailable)

    @app.errorhandler(DomainError)
    def domain_error(error):
        db.session.rollback()
        return error_page(error.status, error.message)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_page(500)
