from flask import Blueprint

bp = Blueprint("conferences", __name__, url_prefix="/conferences")

from network.conferences import (  # noqa: E402,F401
    account,
    programme_routes,
    review_routes,
    routes,
    versions,
)
