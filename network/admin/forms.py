from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

from network.auth.models import Role

ROLE_LABELS = {
    Role.MEMBER.value: _l("Member"),
    Role.ORGANIZER.value: _l("Organizer"),
    Role.STAFF.value: _l("Staff"),
    Role.ADMIN.value: _l("Administrator"),
}


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()))
    submit = SubmitField(_l("Change role"))
