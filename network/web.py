"""What every route does with a service call: one unit of work, committed or rolled back."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, render_template, request

from network.errors import PAGE_ERRORS, DomainError
from network.extensions import db


@dataclass
class Outcome:
    value: Any = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> int:
        return self.error.status if self.error else 200


def attempt(call: Callable, *args, done=None, field=None, **kwargs) -> Outcome:
    """Runs call(*args, **kwargs); commits if it kept every rule, else rolls back.

    done: a message (or a function of the call's value giving one) flashed on success.
    field: a form field that shows the broken rule; without it the rule is flashed.
    NotFound and Forbidden are not shown here: they go on to their error page.
    """
    try:
        value = call(*args, **kwargs)
    except PAGE_ERRORS:
        db.session.rollback()
        raise
    except DomainError as error:
        db.session.rollback()
        if field is not None:
            field.errors = [*field.errors, str(error.message)]
        else:
            flash(str(error.message), "danger")
        return Outcome(error=error)
    db.session.commit()
    if done is not None:
        flash(str(done(value) if callable(done) else done), "success")
    return Outcome(value=value)


def confirmed() -> bool:
    """True on the POST sent from a confirmation page (see confirmation)."""
    return request.form.get("confirmed") == "1"


def confirmation(title: str, button: str, *, text: str | None = None, back: str | None = None):
    """The page a destructive button's first POST answers with, changing nothing: it says what
    will happen and sends the same POST again, confirmed."""
    hidden = {k: v for k, v in request.form.items() if k not in ("csrf_token", "confirmed")}
    return render_template(
        "confirm.html",
        title=title,
        text=text,
        button=button,
        back=back,
        danger=True,
        action=request.full_path.rstrip("?"),
        hidden={**hidden, "confirmed": "1"},
    )


def allow_uploads(bp, limits: dict[str, int]) -> None:
    """Lets each named endpoint of the blueprint take a request body up to its byte limit.

    Set as the URL is matched, not in a before_request function: the application's own
    before_request functions run first, and one of them reads the form under the default limit.
    """

    @bp.url_value_preprocessor
    def _allow_large_bodies(endpoint: str | None, values: dict | None) -> None:
        if endpoint in limits:
            request.max_content_length = limits[endpoint]
