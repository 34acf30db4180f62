from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from network.membership.imports import ORGANIZATIONS, PEOPLE
from network.membership.models import STATUS_LABELS, MembershipStatus
from network.validators import PlainText


class ApplyForm(FlaskForm):
    statement = TextAreaField(
        _l("Why do you want to join?"),
        validators=[DataRequired(), Length(max=2000), PlainText()],
        description=_l(
            "A few sentences about your work and what you hope to share. Staff read it before approving."
        ),
        render_kw={"rows": 6},
    )
    submit = SubmitField(_l("Send my application"))


class RenewalDateForm(FlaskForm):
    renewal_date = DateField(_l("Renewal date"), validators=[InputRequired()])
    submit = SubmitField(_l("Set renewal date"))


class ImportForm(FlaskForm):
    what = RadioField(
        _l("The file lists"),
        default=PEOPLE,
        choices=[
            (
                PEOPLE,
                _l(
                    "People: columns name, email, and optionally kind, country (ISO code such as MX), language (en, es or fr)"
                ),
            ),
            (ORGANIZATIONS, _l("Organizations: columns name, kind, and optionally email, country")),
        ],
    )
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired()],
        description=_l(
            "UTF-8, one row per person or organization, the first row naming the columns."
        ),
    )
    status = RadioField(
        _l("Membership of what is imported"),
        default=MembershipStatus.APPLICANT.value,
        choices=[
            (MembershipStatus.APPLICANT.value, _l("Applicant: staff still decide")),
            (MembershipStatus.ACTIVE.value, STATUS_LABELS[MembershipStatus.ACTIVE.value]),
        ],
    )
    submit = SubmitField(_l("Check the file"))


class ConfirmImportForm(FlaskForm):
    checked = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Import them"))
