from flask import Blueprint

bp = Blueprint("groups", __name__, url_prefix="/groups")

from network.groups import routes, versions  # noqa: E402,F401
