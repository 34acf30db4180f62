from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from network.validators import PlainText


class ThemeForm(FlaskForm):
    name_en = StringField(
        _l("Name in English"), validators=[DataRequired(), Length(max=160), PlainText()]
    )
    name_es = StringField(
        _l("Name in Spanish"), validators=[DataRequired(), Length(max=160), PlainText()]
    )
    name_fr = StringField(
        _l("Name in French"), validators=[DataRequired(), Length(max=160), PlainText()]
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=20000)],
        description=_l(
            "Shown on the theme's public page, in the language you write it in; versions in "
            "the other languages are kept from that page. Markdown: **bold**, *italic*, lists "
            "and links."
        ),
        render_kw={"rows": 6},
    )
    cross_cutting = BooleanField(_l("Cross-cutting theme"))
    submit = SubmitField(_l("Save theme"))
