from flask import Blueprint

bp = Blueprint("conferences", __name__, url_prefix="/conferences")

from network.conferences import routes  # noqa: E402,F401
