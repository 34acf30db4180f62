from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from network.auth.services import find_user_by_email
from network.extensions import db
from network.groups.models import WorkingGroup
from network.themes import queries as themes
from network.validators import EmailAddress, PlainText

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
RESERVED_SLUGS = {"new"}  # /groups/new is the creation page


class GroupForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160), PlainText()])
    slug = StringField(
        _l("Short name for the address"),
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(SLUG_PATTERN, message=_l("Use lowercase letters, digits and hyphens only.")),
        ],
        description=_l("Lowercase letters, digits and hyphens, for example labour-migration."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=20000)],
        description=_l("Markdown: **bold**, *italic*, lists and links."),
        render_kw={"rows": 8},
    )
    theme_id = SelectField(_l("Theme"), coerce=int, validate_choice=True)
    chair_email = EmailField(
        _l("Chair's email"),
        validators=[Optional(), EmailAddress()],
        description=_l("The email address of the chair's account."),
    )
    cochair_email = EmailField(
        _l("Co-chair's email"),
        validators=[Optional(), EmailAddress()],
        description=_l("The email address of the co-chair's account."),
    )
    submit = SubmitField(_l("Save group"))

    def __init__(self, *args, group: WorkingGroup | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.theme_id.choices = [(0, _l("No theme"))] + themes.choices()
        self.chair = self.cochair = None

    def validate_slug(self, field):
        if field.data in RESERVED_SLUGS:
            raise ValidationError(_l("Another group already uses this address."))
        taken = db.session.scalar(select(WorkingGroup.id).where(WorkingGroup.slug == field.data))
        if taken and (self.group is None or taken != self.group.id):
            raise ValidationError(_l("Another group already uses this address."))

    def validate_chair_email(self, field):
        self.chair = _account(field.data)

    def validate_cochair_email(self, field):
        self.cochair = _account(field.data)
        if self.cochair and self.cochair.email == self.chair_email.data:
            raise ValidationError(_l("The co-chair must be a different person from the chair."))


def _account(email):
    if not email:
        return None
    user = find_user_by_email(email)
    if user is None:
        raise ValidationError(_l("No account uses this email address."))
    return user
