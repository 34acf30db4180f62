"""Jobs of accounts."""
from network.auth import services
from network.extensions import db
from network.tasks import app_context, huey


@huey.task()
def send_reset_link(email: str) -> None:
    with app_context():
        services.send_reset_link(email)
        db.session.commit()
