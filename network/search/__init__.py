from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search")

from network.search import kinds, routes  # noqa: E402,F401
