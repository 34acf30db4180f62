from flask import Blueprint

bp = Blueprint("library", __name__, url_prefix="/library")


@bp.app_context_processor
def _template_helpers():
    from network.library import labels

    return {"library_labels": labels, **hooks.template_globals()}


from network.library import hooks, listing_routes, routes  # noqa: E402,F401
from network.library.scholarly import routes as scholarly_routes  # noqa: E402,F401
