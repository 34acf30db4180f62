"""The hourly membership job: renewal reminders, then lapsing terms that have ended."""

from network.extensions import db
from network.membership import services


def renewals() -> None:
    today = services.today()
    services.send_renewal_reminders(today)
    services.lapse_expired(today)
    db.session.commit()
