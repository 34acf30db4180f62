"""Jobs of accounts."""

from network.auth import services
from network.extensions import db


def send_reset_link(email: str) -> None:
    services.send_reset_link(email)
    db.session.commit()
