"""Error pages and the domain error every service raises."""
import logging

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from network.extensions import db

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
}
EXPLANATIONS = {
    400: _l("The request could not be understood. If you submitted a form, reload the page and try again."),
    403: _l("You do not have permission to see this page."),
    404: _l("There is nothing at this address. Check the link or go back to the home page."),
    405: _l("This address does not accept that kind of request."),
    409: _l("This action conflicts with the current state of the page. Reload and try again."),
    413: _l("What you sent is larger than this site accepts. Send something smaller."),
    429: _l("You have tried this too many times. Wait a few minutes and try again."),
    500: _l("An unexpected error occurred. It has been logged; please try again later."),
}


class DomainError(Exception):
    """A rule was broken; the message is shown to the person and the status returned."""

    status = 400

    def __init__(self, message, status: int | None = None):
        super().__init__(str(message))
        self.message = message
        if status:
            self.status = status


def error_page(code: int, message=None):
    return render_template("errors/error.html", code=code, title=TITLES.get(code, TITLES[500]),
                           message=message or EXPLANATIONS.get(code, EXPLANATIONS[500])), code


def register(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_page(400, _l("The form expired or was sent from elsewhere. Reload the page and try again."))

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

    @app.errorhandler(DomainError)
    def domain_error(error):
        db.session.rollback()
        return error_page(error.status, error.message)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_page(500)
