from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/staff")

from network.admin import routes  # noqa: E402,F401
