"""Periodic advocacy jobs: forget unconfirmed requests, keep working-group lists in step."""
from huey import crontab

from network.advocacy import services
from network.extensions import db
from network.tasks import app_context, huey


@huey.periodic_task(crontab(minute="20", hour="*/1"))
def expire_unconfirmed() -> None:
    with app_context():
        services.expire_pending()
        services.expire_pending_signatures()
        db.session.commit()


@huey.periodic_task(crontab(minute="*/15"))
def sync_group_lists() -> None:
    with app_context():
        services.sync_all_group_lists()
        db.session.commit()
