from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/events")

from network.events import hooks, manage_routes, routes, versions  # noqa: E402,F401
