import click
from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from network.errors import NotFound
from network.extensions import db
from network.permissions import staff_required
from network.themes import bp, queries, services
from network.themes.forms import ThemeForm
from network.themes.models import Theme
from network.web import attempt


@bp.route("/")
def index():
    return render_template("themes/index.html", themes=queries.all_themes())


@bp.route("/manage")
@staff_required
def manage():
    return render_template("themes/manage.html", themes=queries.all_themes())


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    form = ThemeForm()
    if form.validate_on_submit():
        if attempt(
            services.create_theme,
            current_user,
            form.name_en.data,
            form.name_es.data,
            form.name_fr.data,
            form.cross_cutting.data,
            form.description.data,
            field=form.name_en,
            done=_("The theme is added."),
        ).ok:
            return redirect(url_for("themes.manage"))
    return render_template("themes/form.html", form=form, theme=None), 400 if form.errors else 200


@bp.route("/<int:theme_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(theme_id):
    theme = db.session.get(Theme, theme_id)
    if theme is None:
        raise NotFound()
    form = ThemeForm(obj=theme)
    if form.validate_on_submit():
        if attempt(
            services.update_theme,
            current_user,
            theme,
            form.name_en.data,
            form.name_es.data,
            form.name_fr.data,
            form.cross_cutting.data,
            form.description.data,
            field=form.name_en,
            done=_("The theme is saved."),
        ).ok:
            return redirect(url_for("themes.manage"))
    return render_template("themes/form.html", form=form, theme=theme), 400 if form.errors else 200


@bp.cli.command("seed-themes")
def seed_themes_command():
    """Add the taxonomy's seeded themes that are missing."""
    added = services.seed_themes()
    db.session.commit()
    click.echo(f"{added} themes added.")
