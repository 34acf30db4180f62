from flask import Blueprint

bp = Blueprint("conferences", __name__, url_prefix="/conferences")

from network.conferences import account, programme_routes, review_routes, routes  # noqa: E402,F401
