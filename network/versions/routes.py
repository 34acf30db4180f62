from flask import current_app, redirect, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import Length

from network.errors import Forbidden, NotFound
from network.extensions import db
from network.geo import language_in_text, language_name
from network.multilingual import CURRENT, KINDS, MISSING, OUTDATED
from network.versions import bp
from network.web import attempt

MAX_LENGTH = 20_000
STATES = {
    MISSING: _l("Missing: readers of this language see the original."),
    OUTDATED: _l("Older than the original: the original changed since this version was saved."),
    CURRENT: _l("Up to date with the original."),
}


def _editable(kind_name: str, object_id: int):
    kind = KINDS.get(kind_name)
    obj = kind and db.session.get(kind.model, object_id)
    if obj is None:
        raise NotFound()
    if not kind.can_edit(obj, current_user):
        raise Forbidden()
    return kind, obj


def field_name(language: str, field: str) -> str:
    return f"{language}-{field}"


def versions_form(kind, obj):
    """original_language, then one text box per other language and field."""

    class Form(FlaskForm):
        original_language = SelectField(
            _l("Language the texts are written in"),
            choices=[(code, language_name(code)) for code in current_app.config["LANGUAGES"]],
        )
        submit = SubmitField(_l("Save the versions"))

    for language in current_app.config["LANGUAGES"]:
        for field in obj.TRANSLATED:
            setattr(
                Form,
                field_name(language, field),
                TextAreaField(
                    _l(
                        "%(field)s in %(language)s",
                        field=kind.labels[field],
                        language=language_in_text(language),
                    ),
                    validators=[Length(max=MAX_LENGTH)],
                    default=((obj.versions or {}).get(language) or {}).get(field, ""),
                ),
            )
    form = Form(original_language=obj.original_language)
    for language in obj.other_languages():
        for field in obj.TRANSLATED:
            form[field_name(language, field)].description = STATES[
                obj.version_state(field, language)
            ]
    return form


def save(obj, form) -> None:
    obj.original_language = form.original_language.data
    for language in obj.other_languages():
        for field in obj.TRANSLATED:
            obj.set_version(field, language, form[field_name(language, field)].data)


@bp.route("/<kind_name>/<int:object_id>", methods=["GET", "POST"])
@login_required
def edit(kind_name, object_id):
    kind, obj = _editable(kind_name, object_id)
    form = versions_form(kind, obj)
    status = 200
    if form.validate_on_submit():
        outcome = attempt(save, obj, form, done=_("The versions are saved."))
        if outcome.ok:
            return redirect(kind.back(obj))
        status = outcome.status
    elif form.is_submitted():
        status = 400
    return render_template(
        "versions/edit.html", kind=kind, obj=obj, form=form, field_name=field_name
    ), status
