from flask import Blueprint

bp = Blueprint("newsletters", __name__, url_prefix="/newsletters")


@bp.app_template_filter("public_subject")
def _public_subject(newsletter, language):
    from network.newsletters.messages import public_subject

    return public_subject(newsletter, language)


from network.newsletters import routes  # noqa: E402,F401
