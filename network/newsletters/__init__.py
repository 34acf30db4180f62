from flask import Blueprint

bp = Blueprint("newsletters", __name__, url_prefix="/newsletters")

from network.newsletters import routes  # noqa: E402,F401
