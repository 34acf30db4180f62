from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
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

from network.forms import MultiCheckboxField, site_language_choices
from network.geo import country_choices
from network.members.models import PERSON_KINDS
from network.membership.models import STATUS_LABELS as MEMBERSHIP_LABELS
from network.validators import PlainText

NAME_HELP = _l("Write {{ name }} where the reader's name should appear.")
PROFILE_HELP = _l("This and the filters below match only people with an account and a profile.")


def single_line(form, field):
    """Subjects and sender names become mail headers, where a line break would start a new one."""
    if field.data and ("\r" in field.data or "\n" in field.data):
        raise ValidationError(_l("Use a single line, without line breaks."))


class ContentFields:
    """Subject, preheader and text: the same in the newsletter and in each language version."""

    subject = StringField(
        _l("Subject"),
        description=NAME_HELP,
        validators=[DataRequired(), Length(max=200), single_line, PlainText()],
    )
    preheader = StringField(
        _l("Preheader"),
        validators=[Optional(), Length(max=200), single_line, PlainText()],
        description=_l("A short line that mail programs show after the subject."),
    )
    body = TextAreaField(
        _l("Text"),
        validators=[DataRequired(), Length(max=100_000)],
        render_kw={"rows": 16},
        description=_l(
            "Markdown: **bold**, *italic*, [link](https://...), lists "
            "and headings. Write {{ name }} for the reader's name."
        ),
    )


class NewsletterForm(ContentFields, FlaskForm):
    sender_name = StringField(
        _l("Sender name"),
        validators=[DataRequired(), Length(max=120), single_line, PlainText()],
        description=_l("Shown as the sender in the reader's inbox."),
    )
    language = SelectField(
        _l("Main language"),
        choices=site_language_choices,
        description=_l("Readers whose language has no version of its own get this one."),
    )
    lists = MultiCheckboxField(
        _l("Lists"),
        coerce=int,
        validate_choice=True,
        description=_l("Everyone on any of these lists receives it once."),
    )
    segment_language = SelectField(_l("Only readers whose language is"), choices=[])
    segment_group = SelectField(
        _l("Only members of the working group"), coerce=int, choices=[], validate_choice=True
    )
    segment_member_kind = SelectField(
        _l("Only people who are"), choices=[], description=PROFILE_HELP
    )
    segment_membership_status = SelectField(_l("Only people whose membership is"), choices=[])
    segment_country = SelectField(_l("Only people living in"), choices=[])
    segment_corridor_origin = SelectField(_l("Only people working on a corridor from"), choices=[])
    segment_corridor_destination = SelectField(
        _l("Only people working on a corridor to"), choices=[]
    )
    segment_theme = SelectField(
        _l("Only people working on the theme"), coerce=int, choices=[], validate_choice=True
    )
    submit = SubmitField(_l("Save draft"))

    def __init__(self, *args, lists=(), groups=(), themes=(), **kwargs):
        """groups and themes: (id, name) choices from their domains' queries."""
        super().__init__(*args, **kwargs)
        self.lists.choices = [(item.id, item.name) for item in lists]
        self.segment_language.choices = [("", _l("Any language"))] + site_language_choices()
        self.segment_group.choices = [(0, _l("Any working group"))] + list(groups)
        self.segment_member_kind.choices = [("", _l("Any kind of member"))] + list(
            PERSON_KINDS.items()
        )
        self.segment_membership_status.choices = [("", _l("Any or no membership"))] + list(
            MEMBERSHIP_LABELS.items()
        )
        countries = country_choices()
        self.segment_country.choices = [("", _l("Any country"))] + countries
        self.segment_corridor_origin.choices = [("", _l("Any country"))] + countries
        self.segment_corridor_destination.choices = [("", _l("Any country"))] + countries
        self.segment_theme.choices = [(0, _l("Any theme"))] + list(themes)


class VersionForm(ContentFields, FlaskForm):
    submit = SubmitField(_l("Save this version"))


class TestSendForm(FlaskForm):
    language = SelectField(_l("Language of the test"), choices=[])
    submit = SubmitField(_l("Send me a test"))


class ScheduleForm(FlaskForm):
    send_at = DateTimeLocalField(
        _l("Send at"),
        format="%Y-%m-%dT%H:%M",
        validators=[DataRequired(message=_l("Enter a date and time."))],
    )
    # Removed by the route unless some language version is older than the main text.
    outdated_ok = BooleanField(_l("Send the older language versions as they are"))
    submit = SubmitField(_l("Schedule"))


def theme_or_group(form, field):
    if not field.data and not form.theme.data:
        raise ValidationError(_l("Choose a theme or a working group."))


class PublicationsForm(FlaskForm):
    """Inside the editor's form (its token covers it): which items to append to the text."""

    class Meta:
        csrf = False

    theme = SelectField(_l("Theme"), coerce=int, choices=[], validate_choice=True)
    group = SelectField(
        _l("Working group"),
        coerce=int,
        choices=[],
        validate_choice=True,
        validators=[theme_or_group],
    )
    count = IntegerField(
        _l("How many"),
        default=5,
        validators=[
            InputRequired(message=_l("Enter a number from 1 to 20.")),
            NumberRange(1, 20, message=_l("Enter a number from 1 to 20.")),
        ],
    )
    insert = SubmitField(_l("Insert latest publications"))

    def __init__(self, *args, groups=(), themes=(), **kwargs):
        super().__init__(*args, prefix="publications", **kwargs)
        self.theme.choices = [(0, _l("Any theme"))] + list(themes)
        self.group.choices = [(0, _l("Any working group"))] + list(groups)
