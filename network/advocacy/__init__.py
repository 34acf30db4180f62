from flask import Blueprint

bp = Blueprint("advocacy", __name__, url_prefix="/advocacy")

from network.advocacy import routes, versions  # noqa: E402,F401
