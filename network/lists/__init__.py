from flask import Blueprint

# The lists' pages kept the addresses they had under advocacy.
bp = Blueprint("lists", __name__, url_prefix="/advocacy")

from network.lists import routes  # noqa: E402,F401
