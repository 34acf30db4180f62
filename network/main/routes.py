from flask import (
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user

from network.auth import services as auth_services
from network.main import bp
from network.security import safe_next
from network.web import attempt


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it on every site whatever the page links."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=86400)


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            attempt(auth_services.update_preferences, current_user, lang, current_user.timezone)
    return redirect(safe_next(request.form.get("next"), url_for("main.index")))
