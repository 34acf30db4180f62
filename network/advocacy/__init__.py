from flask import Blueprint

bp = Blueprint("advocacy", __name__, url_prefix="/advocacy")

from network.advocacy import routes  # noqa: E402,F401
