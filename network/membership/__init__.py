from flask import Blueprint

bp = Blueprint("membership", __name__, url_prefix="/membership")

from network.membership import routes, tasks  # noqa: E402,F401  (tasks: the periodic renewal job)
