from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
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
    cross_cutting = BooleanField(_l("Cross-cutting theme"))
    submit = SubmitField(_l("Save theme"))
