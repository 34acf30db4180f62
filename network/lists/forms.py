"""Forms of the mailing lists: sign-up, preference centre and the staff pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from network.forms import MultiCheckboxField, site_language_choices
from network.lists.labels import LIST_KINDS, LIST_VISIBILITIES, SUBSCRIPTION_STATES
from network.validators import EmailAddress, PlainText

SLUG = Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    message=_l("Use lowercase letters, digits and hyphens only, like news-2026."),
)


class HoneypotForm(FlaskForm):
    # Hidden from people by a CSS class; automated sign-ups fill it in.
    homepage = StringField(_l("Leave this field empty"), validators=[Length(max=200)])

    @property
    def is_bot(self) -> bool:
        return bool(self.homepage.data)


class SubscribeForm(HoneypotForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120), PlainText()])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), EmailAddress()])
    submit = SubmitField(_l("Subscribe"))


class PreferencesForm(FlaskForm):
    lists = MultiCheckboxField(
        _l("Lists you receive"),
        coerce=int,
        validate_choice=True,
        description=_l("Untick a list to stop receiving it."),
    )
    language = SelectField(_l("Language of our messages"), choices=site_language_choices())
    submit = SubmitField(_l("Save my choices"))


class ListForm(FlaskForm):
    slug = StringField(
        _l("Short name (in addresses)"), validators=[DataRequired(), Length(max=80), SLUG]
    )
    kind = SelectField(_l("Kind"), choices=list(LIST_KINDS.items()))
    group_id = SelectField(
        _l("Working group"), coerce=int, choices=[], description=_l("Only for working-group lists.")
    )
    visibility = SelectField(_l("Visibility"), choices=list(LIST_VISIBILITIES.items()))
    name_en = StringField(_l("Name in English"), validators=[Length(max=160), PlainText()])
    name_es = StringField(_l("Name in Spanish"), validators=[Length(max=160), PlainText()])
    name_fr = StringField(_l("Name in French"), validators=[Length(max=160), PlainText()])
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=2000)])
    description_es = TextAreaField(_l("Description in Spanish"), validators=[Length(max=2000)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Length(max=2000)])
    archived = BooleanField(_l("Archived (no new subscriptions, hidden)"))
    submit = SubmitField(_l("Save list"))

    def data_for_model(self) -> dict:
        fields = (
            "slug",
            "kind",
            "group_id",
            "visibility",
            "name_en",
            "name_es",
            "name_fr",
            "description_en",
            "description_es",
            "description_fr",
            "archived",
        )
        return {name: getattr(self, name).data for name in fields}


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Email or name contains"), validators=[Length(max=120)])
    state = SelectField(_l("State"), choices=[("", _l("Any")), *SUBSCRIPTION_STATES.items()])
    submit = SubmitField(_l("Search"))


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(), FileAllowed(["csv", "txt"], _l("Upload a .csv file."))],
        description=_l(
            "UTF-8, with a first line naming the columns: email, name and optionally "
            "language (en, es or fr)."
        ),
    )
    consent_note = StringField(
        _l("Where did these people give their consent?"),
        validators=[DataRequired(), Length(max=500), PlainText()],
        description=_l("For example: sign-up sheet at the Dakar seminar, 12 May 2026."),
    )
    dry_run = BooleanField(_l("Only check the file, write nothing"), default=True)
    submit = SubmitField(_l("Import"))
