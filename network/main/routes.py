from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from network.extensions import db
from network.main import bp
from network.security import safe_next


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.language = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("main.index")))
