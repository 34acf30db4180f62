from flask import (
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user

from network.auth import services as auth_services
from network.errors import NotFound
from network.i18n import current_language
from network.main import bp
from network.main.blocks import home_blocks, theme_blocks
from network.security import safe_next
from network.themes.queries import theme_by_slug
from network.web import attempt


@bp.route("/")
def index():
    return render_template("main/index.html", **home_blocks(current_user))


@bp.route("/themes/<slug>")
def theme(slug):
    """A theme's hub: what the network has on it (the themes domain keeps the taxonomy)."""
    found = theme_by_slug(slug)
    if found is None:
        raise NotFound()
    return render_template("main/theme.html", theme=found, **theme_blocks(found, current_user))


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it on every site whatever the page links."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=86400)


@bp.route("/manifest.webmanifest")
def manifest():
    """What a phone needs to put the site on its home screen."""
    icons = [
        {"src": url_for("static", filename=name), "sizes": size, "type": kind}
        for name, size, kind in (
            ("icon-192.png", "192x192", "image/png"),
            ("icon-512.png", "512x512", "image/png"),
            ("favicon.svg", "any", "image/svg+xml"),
        )
    ]
    name = current_app.config["NETWORK_NAME"]
    response = jsonify(
        name=name,
        short_name=name,
        start_url=url_for("main.index"),
        display="standalone",
        background_color="#ffffff",
        theme_color="#0a58ca",
        lang=current_language(),
        icons=icons,
    )
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            attempt(auth_services.update_preferences, current_user, lang, current_user.timezone)
    return redirect(safe_next(request.form.get("next"), url_for("main.index")))
