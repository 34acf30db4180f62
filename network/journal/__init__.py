from flask import Blueprint

bp = Blueprint("journal", __name__, url_prefix="/journal")


from network.journal import (  # noqa: E402,F401
    author_routes,
    editorial_routes,
    production_routes,
    public_routes,
    review_routes,
    settings_routes,
    versions,
)


@bp.app_context_processor
def _template_helpers():
    from network.journal import labels

    return {"journal_labels": labels}
