"""The guarded state transitions of a registration.

Every change of a registration's state is one guarded UPDATE (move); seats and mail follow
from the state it actually left.
"""

from datetime import datetime
from io import BytesIO

import segno
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from network import ical
from network.errors import Conflict
from network.events.messages import mail
from network.events.models import CONFIRMED, PENDING, WAITLISTED, Registration
from network.extensions import db


def guarded_update(
    registration: Registration, from_state: str, to_state: str, *conditions, **values
) -> bool:
    """UPDATE ... WHERE id = :id AND state = :from_state: true if this call made the change."""
    result = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.state == from_state, *conditions)
        .values(state=to_state, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(registration)
    return result.rowcount == 1


def move(
    registration: Registration, from_states, to_state: str, *conditions, **values
) -> str | None:
    """Move a registration to to_state from whichever of from_states it is in; the state it left.

    None when it is in none of them (or fails the conditions). Seats and mail depend on the state
    returned here, never on one loaded earlier: the person may have been promoted, approved or
    cancelled by another request meanwhile. Such a change makes the guarded UPDATE match nothing,
    and the state is read again.
    """
    while True:
        state = db.session.scalar(
            select(Registration.state).where(Registration.id == registration.id, *conditions)
        )
        if state not in from_states:
            return None
        if guarded_update(registration, state, to_state, *conditions, **values):
            return state


def changed_meanwhile() -> Conflict:
    return Conflict(_l("This registration changed meanwhile. Reload the page."))


def confirm(
    registration: Registration, now: datetime, *, from_states=(PENDING,), promoted: bool = False
) -> bool:
    """Confirm someone whose address is confirmed; the mail goes only if this call did it.

    The caller has taken the seat, and gives it back (or rolls back) on False.
    """
    if not move(
        registration,
        from_states,
        CONFIRMED,
        Registration.email_confirmed_at.is_not(None),
        confirmed_at=now,
    ):
        return False
    title = registration.event.title
    mail(
        registration,
        "confirmed",
        _l("You have a seat: %(title)s", title=title)
        if promoted
        else _l("Registration confirmed: %(title)s", title=title),
        promoted=promoted,
        checkin_url=url_for("events.checkin_code", code=registration.checkin_code, _external=True),
        attachments=[
            ical.invitation_attachment(registration.event, registration),
            qr_attachment(registration),
        ],
    )
    return True


def waitlist(registration: Registration, now: datetime) -> None:
    if not move(registration, [PENDING], WAITLISTED, waitlisted_at=now):
        raise changed_meanwhile()
    mail(
        registration,
        "waitlisted",
        _l("You are on the waiting list: %(title)s", title=registration.event.title),
    )


def qr_attachment(registration: Registration) -> dict:
    qr = segno.make(
        url_for("events.checkin_code", code=registration.checkin_code, _external=True), error="m"
    )
    out = BytesIO()
    qr.save(out, kind="png", scale=8, border=4)
    return {"filename": "check-in.png", "content_type": "image/png", "data": out.getvalue()}
