from flask import Blueprint

bp = Blueprint("membership", __name__, url_prefix="/membership")

from network.membership import routes  # noqa: E402,F401
