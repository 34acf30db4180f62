"""OAI-PMH 2.0 at /oai: the library's items for harvesters (BASE, OpenAIRE, CORE, catalogues)."""

from flask import Blueprint

bp = Blueprint("oai", __name__)

from network.oai import routes  # noqa: E402,F401
