from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from network.forms import site_language_choices
from network.i18n import TIMEZONES
from network.security import password_problem
from network.validators import EmailAddress, PlainText


def strong_password(form, field):
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class SignupForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120), PlainText()])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), EmailAddress()])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), strong_password],
        description=_l("At least 8 characters. Long passphrases are welcome."),
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    timezone = HiddenField()
    submit = SubmitField(_l("Create account"))

    def chosen_timezone(self) -> str:
        return self.timezone.data if self.timezone.data in TIMEZONES else "UTC"


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), EmailAddress()])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(_l("Remember me on this device"))
    submit = SubmitField(_l("Sign in"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), EmailAddress()])
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), strong_password],
        description=_l("At least 8 characters. Long passphrases are welcome."),
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(ResetPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Change password"))


class ChangeEmailForm(FlaskForm):
    email = EmailField(
        _l("New email"), validators=[DataRequired(), Length(max=254), EmailAddress()]
    )
    password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Change email"))


class PreferencesForm(FlaskForm):
    language = SelectField(_l("Language"), choices=site_language_choices)
    timezone = SelectField(
        _l("Time zone"),
        choices=[(z, z) for z in TIMEZONES],
        description=_l("Times of events are also shown in this zone."),
    )
    submit = SubmitField(_l("Save preferences"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired()])
    submit = SubmitField(_l("Delete my account for good"))
