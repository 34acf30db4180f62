from flask import Blueprint

bp = Blueprint("main", __name__)

from network.main import routes, sitemap_routes  # noqa: E402,F401
