from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, IntegerField, SelectField, StringField,
                     SubmitField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from network.advocacy.models import ListKind, ListVisibility, OrganizationKind
from network.forms import MultiCheckboxField, site_language_choices
from network.geo import country_choices, is_country
from network.validators import EmailAddress, HttpURL, PlainText

SLUG = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
              message=_l("Use lowercase letters, digits and hyphens only, like news-2026."))

LIST_KINDS = {
    ListKind.PUBLIC.value: _l("Public: anyone subscribes"),
    ListKind.MEMBERS.value: _l("Members only"),
    ListKind.GROUP.value: _l("Working group: follows the group's membership"),
    ListKind.CAMPAIGN.value: _l("Campaign list"),
}
LIST_VISIBILITIES = {
    ListVisibility.PUBLIC.value: _l("Shown to everyone"),
    ListVisibility.MEMBERS.value: _l("Shown to signed-in members"),
    ListVisibility.HIDDEN.value: _l("Not shown in the directory"),
}
ORGANIZATION_KINDS = {
    OrganizationKind.MIGRANT_ASSOCIATION.value: _l("Migrant association or diaspora group"),
    OrganizationKind.NGO.value: _l("NGO or civil-society organization"),
    OrganizationKind.RESEARCH.value: _l("Research centre or university"),
    OrganizationKind.UNION.value: _l("Trade union"),
    OrganizationKind.FAITH.value: _l("Faith-based organization"),
    OrganizationKind.NETWORK.value: _l("Network or coalition"),
    OrganizationKind.FOUNDATION.value: _l("Foundation"),
    OrganizationKind.OTHER.value: _l("Other"),
}


SUBSCRIPTION_STATES = {
    "active": _l("Subscribed"),
    "pending": _l("Waiting for confirmation"),
    "unsubscribed": _l("Unsubscribed"),
}
SIGNATURE_STATES = {"pending": _l("Waiting for confirmation"), "confirmed": _l("Confirmed")}
CONSENT_SOURCES = {
    "form": _l("Sign-up form"),
    "member": _l("Member's own click"),
    "import": _l("Import"),
    "group": _l("Working group membership"),
    "campaign": _l("Campaign signature"),
    "preferences": _l("Preference centre"),
}




def known_country(form, field):
    if not is_country(field.data):
        raise ValidationError(_l("Choose a country from the list."))


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
    lists = MultiCheckboxField(_l("Lists you receive"), coerce=int, validate_choice=True,
                               description=_l("Untick a list to stop receiving it."))
    language = SelectField(_l("Language of our messages"), choices=site_language_choices())
    submit = SubmitField(_l("Save my choices"))


class ListForm(FlaskForm):
    slug = StringField(_l("Short name (in addresses)"), validators=[DataRequired(), Length(max=80), SLUG])
    kind = SelectField(_l("Kind"), choices=list(LIST_KINDS.items()))
    group_id = SelectField(_l("Working group"), coerce=int, choices=[],
                           description=_l("Only for working-group lists."))
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
        fields = ("slug", "kind", "group_id", "visibility", "name_en", "name_es", "name_fr",
                  "description_en", "description_es", "description_fr", "archived")
        return {name: getattr(self, name).data for name in fields}


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Email or name contains"), validators=[Length(max=120)])
    state = SelectField(_l("State"), choices=[("", _l("Any")), ("active", _l("Subscribed")),
                                              ("pending", _l("Waiting for confirmation")),
                                              ("unsubscribed", _l("Unsubscribed"))])
    submit = SubmitField(_l("Search"))


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(), FileAllowed(["csv", "txt"], _l("Upload a .csv file."))],
                     description=_l("UTF-8, with a first line naming the columns: email, name and optionally "
                                    "language (en, es or fr)."))
    consent_note = StringField(_l("Where did these people give their consent?"),
                               validators=[DataRequired(), Length(max=500), PlainText()],
                               description=_l("For example: sign-up sheet at the Dakar seminar, 12 May 2026."))
    dry_run = BooleanField(_l("Only check the file, write nothing"), default=True)
    submit = SubmitField(_l("Import"))


class SignForm(HoneypotForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120), PlainText()])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), EmailAddress()],
                       description=_l("We send you a link to confirm your signature."))
    country = SelectField(_l("Country"), validators=[DataRequired(), known_country])
    organization_name = StringField(_l("Organization (optional)"),
                                    validators=[Optional(), Length(max=200), PlainText()])
    listed = BooleanField(_l("Show my name on the public list of signers"))
    opt_in = BooleanField(_l("Keep me informed about this campaign by email"))
    submit = SubmitField(_l("Sign the statement"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", _l("Choose a country"))] + country_choices()


class MemberSignForm(SignForm):
    email = None


class EndorseForm(HoneypotForm):
    organization_name = StringField(_l("Organization name"), validators=[DataRequired(), Length(max=200), PlainText()])
    country = SelectField(_l("Country"), validators=[DataRequired(), known_country])
    kind = SelectField(_l("Kind of organization"), choices=list(ORGANIZATION_KINDS.items()))
    website = StringField(_l("Website (optional)"), validators=[Optional(), Length(max=500), HttpURL()])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=120), PlainText()])
    contact_email = EmailField(_l("Contact email"), validators=[DataRequired(), Length(max=254), EmailAddress()],
                               description=_l("We send a link to this address to confirm the endorsement."))
    submit = SubmitField(_l("Endorse for my organization"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", _l("Choose a country"))] + country_choices()


class MemberEndorseForm(EndorseForm):
    contact_name = None
    contact_email = None


class CampaignForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), PlainText()])
    slug = StringField(_l("Short name (in addresses)"), validators=[DataRequired(), Length(max=80), SLUG])
    summary = TextAreaField(_l("Summary"), validators=[DataRequired(), Length(max=1000)])
    statement = TextAreaField(_l("Statement"), validators=[DataRequired(), Length(max=50_000)],
                              description=_l("Markdown: **bold**, *italic*, lists and links."))
    goal = IntegerField(_l("Goal (number of signatures)"), validators=[DataRequired(), NumberRange(1, 10_000_000)])
    deadline = DateField(_l("Deadline (last day, UTC)"), validators=[Optional()])
    languages = MultiCheckboxField(_l("Languages"), choices=site_language_choices(),
                                   validators=[DataRequired(_l("Choose at least one language."))])
    themes = MultiCheckboxField(_l("Themes"), coerce=int, choices=[])
    list_id = SelectField(_l("Campaign list"), coerce=int, choices=[],
                          description=_l("People who tick the box when signing join this list."))
    submit = SubmitField(_l("Save campaign"))

