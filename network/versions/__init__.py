"""The page where editors keep a text's versions in the other languages (network.multilingual)."""

from flask import Blueprint

bp = Blueprint("versions", __name__, url_prefix="/versions")

from network.versions import routes  # noqa: E402,F401
