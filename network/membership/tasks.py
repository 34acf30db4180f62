"""The hourly membership job: renewal reminders, then lapsing terms that have ended."""
from huey import crontab

from network.extensions import db
from network.membership import services
from network.tasks import app_context, huey


@huey.periodic_task(crontab(minute="5", hour="*/1"))
def renewals() -> None:
    with app_context():
        today = services.today()
        services.send_renewal_reminders(today)
        services.lapse_expired(today)
        db.session.commit()
