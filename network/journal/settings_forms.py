"""Forms of a journal's settings: a new journal, its details, sections and editors."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from network.auth.services import find_user_by_email
from network.errors import DomainError
from network.geo import language_name
from network.journal import settings
from network.journal.models import Journal
from network.library.rules import LICENSES
from network.validators import EmailAddress, PlainText

MARKDOWN_HELP = _l("Markdown: **bold**, *italic*, lists and links.")


def _rule(check):
    """A form validator from a settings rule: the rule's message shows under the field and
    the field keeps the rule's spelling of the value."""

    def validate(form, field):
        try:
            field.data = check(field.data)
        except DomainError as error:
            raise ValidationError(str(error.message)) from None

    return validate


def _account(form, field):
    """The account of that address, kept on the field as `user`."""
    field.user = find_user_by_email(field.data) if field.data else None
    if field.data and field.user is None:
        raise ValidationError(_l("No account uses this email address."))


class NewJournalForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200), PlainText()])
    slug = StringField(
        _l("Short name for the address"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("Lowercase letters, digits and hyphens, for example migration-development."),
    )
    language = SelectField(
        _l("Language the journal's texts are written in"),
        description=_l("Versions in the other languages can be added afterwards."),
    )
    chief_email = EmailField(
        _l("Editor-in-chief's email"),
        validators=[Optional(), EmailAddress(), _account],
        description=_l("The address of an existing account. Leave it empty to be the editor."),
    )
    submit = SubmitField(_l("Create the journal"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [
            (code, language_name(code)) for code in current_app.config["LANGUAGES"]
        ]
        self.chief_email.user = None  # set by _account when an address is given

    def validate_slug(self, field):
        _rule(settings.check_slug)(self, field)


class SettingsForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200), PlainText()])
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=5000)],
        description=MARKDOWN_HELP,
        render_kw={"rows": 4},
    )
    abbreviation = StringField(
        _l("Abbreviated title"),
        validators=[Length(max=40), PlainText()],
        description=_l("As citations and indexes abbreviate it, for example Migr. Dev."),
    )
    publisher = StringField(_l("Publisher"), validators=[Length(max=200), PlainText()])
    issn_print = StringField(
        _l("ISSN of the print edition"),
        validators=[Length(max=9), _rule(settings.issn)],
        description=_l("Eight digits, the last may be X: 1234-567X."),
    )
    issn_online = StringField(
        _l("ISSN of the online edition"),
        validators=[Length(max=9), _rule(settings.issn)],
        description=_l("Eight digits, the last may be X: 1234-567X."),
    )
    license = SelectField(_l("Licence of published articles"), choices=list(LICENSES.items()))
    doi_prefix = StringField(
        _l("DOI prefix"),
        validators=[Length(max=40), _rule(settings.doi_prefix)],
        description=_l("The prefix your registration agency gave you, for example 10.12345."),
    )
    doi_pattern = StringField(
        _l("DOI suffix pattern"),
        validators=[DataRequired(), Length(max=120), _rule(settings.doi_pattern)],
        description=_l(
            "Placeholders: {journal} (the abbreviation), {year}, {volume}, {issue} and "
            "{article} (the article's number), for example {journal}.{year}.{article}."
        ),
    )
    submissions_open = BooleanField(_l("Open to submissions"))
    double_blind = BooleanField(
        _l("Double-blind review"),
        description=_l("Reviewers do not see who the authors are, nor authors who reviewed."),
    )
    review_days = IntegerField(
        _l("Days a reviewer has for a review"),
        validators=[InputRequired(), NumberRange(min=1, max=365)],
    )
    remind_days_before = IntegerField(
        _l("Remind reviewers this many days before the due date"),
        validators=[InputRequired(), NumberRange(min=0, max=60)],
        description=_l("They are reminded again once the due date has passed."),
    )
    about = TextAreaField(
        _l("About the journal"),
        validators=[Length(max=20000)],
        description=MARKDOWN_HELP,
        render_kw={"rows": 10},
    )
    guidelines = TextAreaField(
        _l("Author guidelines"),
        validators=[Length(max=20000)],
        description=MARKDOWN_HELP,
        render_kw={"rows": 10},
    )
    submit = SubmitField(_l("Save the settings"))

    def validate_issn_online(self, field):
        if not self.issn_print.errors:
            _rule(lambda value: settings.issns(self.issn_print.data, value)[1])(self, field)

    @classmethod
    def of(cls, journal: Journal) -> "SettingsForm":
        form = cls(obj=journal)
        if not form.is_submitted():
            for kind in settings.PAGE_KINDS:
                found = settings.page(journal, kind)
                form[kind].data = found.body if found else ""
        return form

    def to_settings(self) -> settings.Settings:
        return settings.Settings(
            **{
                name: self[name].data if self[name].data is not None else ""
                for name in settings.Settings.__dataclass_fields__
            }
        )


class SectionForm(FlaskForm):
    name = StringField(
        _l("Name of the section"), validators=[DataRequired(), Length(max=120), PlainText()]
    )
    open = BooleanField(
        _l("Open to submissions"),
        default=True,
        description=_l("A closed section keeps its articles but takes no new submissions."),
    )
    submit = SubmitField(_l("Save the section"))


class NewSectionForm(FlaskForm):
    name = StringField(
        _l("Name of the new section"), validators=[DataRequired(), Length(max=120), PlainText()]
    )
    submit = SubmitField(_l("Add the section"))


class EditorForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(), EmailAddress(), _account],
        description=_l("The address of the person's account on this site."),
    )
    submit = SubmitField(_l("Add"))
