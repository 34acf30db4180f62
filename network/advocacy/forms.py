"""Forms of the campaigns: signing, endorsing and the staff's campaign form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from network.advocacy.labels import ORGANIZATION_KINDS
from network.forms import MultiCheckboxField, site_language_choices
from network.geo import country_choices, is_country
from network.lists.forms import SLUG, HoneypotForm
from network.validators import EmailAddress, HttpURL, PlainText


def known_country(form, field):
    if not is_country(field.data):
        raise ValidationError(_l("Choose a country from the list."))


class SignForm(HoneypotForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120), PlainText()])
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Length(max=254), EmailAddress()],
        description=_l("We send you a link to confirm your signature."),
    )
    country = SelectField(_l("Country"), validators=[DataRequired(), known_country])
    organization_name = StringField(
        _l("Organization (optional)"), validators=[Optional(), Length(max=200), PlainText()]
    )
    listed = BooleanField(_l("Show my name on the public list of signers"))
    opt_in = BooleanField(_l("Keep me informed about this campaign by email"))
    submit = SubmitField(_l("Sign the statement"))

    def __init__(self, *args, **kwargs):
        # Both forms share a page: prefixed names keep their ids, and so their labels, apart.
        super().__init__(*args, prefix="sign", **kwargs)
        self.country.choices = [("", _l("Choose a country"))] + country_choices()


class MemberSignForm(SignForm):
    email = None


class EndorseForm(HoneypotForm):
    organization_name = StringField(
        _l("Organization name"), validators=[DataRequired(), Length(max=200), PlainText()]
    )
    country = SelectField(_l("Country"), validators=[DataRequired(), known_country])
    kind = SelectField(_l("Kind of organization"), choices=list(ORGANIZATION_KINDS.items()))
    website = StringField(
        _l("Website (optional)"), validators=[Optional(), Length(max=500), HttpURL()]
    )
    contact_name = StringField(
        _l("Contact person"), validators=[DataRequired(), Length(max=120), PlainText()]
    )
    contact_email = EmailField(
        _l("Contact email"),
        validators=[DataRequired(), Length(max=254), EmailAddress()],
        description=_l("We send a link to this address to confirm the endorsement."),
    )
    submit = SubmitField(_l("Endorse for my organization"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="endorse", **kwargs)
        self.country.choices = [("", _l("Choose a country"))] + country_choices()


class MemberEndorseForm(EndorseForm):
    contact_name = None
    contact_email = None


class CampaignForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), PlainText()])
    slug = StringField(
        _l("Short name (in addresses)"), validators=[DataRequired(), Length(max=80), SLUG]
    )
    summary = TextAreaField(_l("Summary"), validators=[DataRequired(), Length(max=1000)])
    statement = TextAreaField(
        _l("Statement"),
        validators=[DataRequired(), Length(max=50_000)],
        description=_l("Markdown: **bold**, *italic*, lists and links."),
    )
    goal = IntegerField(
        _l("Goal (number of signatures)"), validators=[DataRequired(), NumberRange(1, 10_000_000)]
    )
    deadline = DateField(_l("Deadline (last day, UTC)"), validators=[Optional()])
    languages = MultiCheckboxField(
        _l("Languages"),
        choices=site_language_choices(),
        validators=[DataRequired(_l("Choose at least one language."))],
    )
    themes = MultiCheckboxField(_l("Themes"), coerce=int, choices=[])
    list_id = SelectField(
        _l("Campaign list"),
        coerce=int,
        choices=[],
        description=_l("People who tick the box when signing join this list."),
    )
    submit = SubmitField(_l("Save campaign"))
