from flask import Blueprint

# cli_group=None: `flask seed-themes` rather than `flask themes seed-themes`.
bp = Blueprint("themes", __name__, url_prefix="/themes", cli_group=None)

from network.themes import routes, versions  # noqa: E402,F401
