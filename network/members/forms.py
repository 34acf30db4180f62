from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from markupsafe import Markup, escape
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import Select, html_params

from network.dbtypes import utcnow
from network.forms import MultiCheckboxField
from network.geo import country_choices, language_choices
from network.members.directory import DirectoryFilters
from network.members.models import ORGANIZATION_KINDS, PERSON_KINDS, VISIBILITY_LABELS
from network.members.organizations import OrganizationInput
from network.members.services import MAX_BIO, PersonInput, is_http_url, normalize_orcid
from network.themes import queries as theme_queries
from network.validators import EmailAddress, HttpURL, PlainText

BIO_TOO_LONG = _l("At most %(max)d characters.")
MAX_PUBLICATIONS = 20
CORRIDOR_ROWS_FREE = 2


class LongSelect(Select):
    """A select over a long fixed list (countries, languages) whose options are drawn once.

    A directory or profile page holds several selects of some 250 countries; drawing each option
    anew was most of the page's time.
    """

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        if field.flags.required:
            kwargs.setdefault("required", True)
        options = _options_html(tuple((str(value), str(label)) for value, label in field.choices))
        chosen = (field.data or []) if self.multiple else [field.data]
        for value in chosen:
            plain = f'<option value="{escape(value)}">'
            options = options.replace(plain, f'<option selected value="{escape(value)}">', 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")


@lru_cache(maxsize=64)
def _options_html(choices: tuple) -> str:
    return "".join(
        f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in choices
    )


def orcid_valid(form, field):
    try:
        field.data = normalize_orcid(field.data)
    except ValueError:
        raise ValidationError(
            _l("This is not a valid ORCID iD. It looks like 0000-0002-1825-0097.")
        ) from None


def link_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def http_lines(form, field):
    """Checks the links one per line; the field keeps its text, so a form shown again after
    another field's error holds them as typed."""
    lines = link_lines(field.data)
    if len(lines) > MAX_PUBLICATIONS:
        raise ValidationError(_l("List at most %(n)d links.", n=MAX_PUBLICATIONS))
    for line in lines:
        if len(line) > 500:
            raise ValidationError(_l("A link is too long."))
        if not is_http_url(line):
            raise ValidationError(
                _l("Every line must be a web address starting with http:// or https://.")
            )


def visibility_field(label, default):
    return RadioField(label, choices=list(VISIBILITY_LABELS.items()), default=default)


class CorridorForm(Form):
    origin = SelectField(_l("Origin country"), validate_choice=False, widget=LongSelect())
    destination = SelectField(_l("Destination country"), validate_choice=False, widget=LongSelect())

    def validate_destination(self, field):
        if bool(self.origin.data) != bool(field.data):
            raise ValidationError(_l("Choose both countries of the corridor, or neither."))
        if field.data and field.data == self.origin.data:
            raise ValidationError(_l("A corridor goes from one country to another."))


class ProfileBase(FlaskForm):
    """Choices that depend on the viewer's language and the current themes are set per request."""

    countries_field = ""  # the multiple choice of countries this form has

    def __init__(self, *args, corridor_rows: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        countries = country_choices()
        blank = [("", _l("(none)"))]
        self.country.choices = blank + countries
        self.languages.choices = language_choices()
        self.themes.choices = theme_queries.choices()
        getattr(self, self.countries_field).choices = countries
        while len(self.corridors) < corridor_rows + CORRIDOR_ROWS_FREE:
            self.corridors.append_entry()
        for entry in self.corridors:
            entry.origin.choices = entry.destination.choices = blank + countries

    def validate_corridors(self, field):
        codes = {code for code, _name in country_choices()}
        for entry in field:
            if {entry.origin.data, entry.destination.data} - codes - {"", None}:
                raise ValidationError(_l("Choose countries from the list."))

    def corridor_pairs(self) -> list[tuple[str, str]]:
        return [
            (e.origin.data, e.destination.data)
            for e in self.corridors
            if e.origin.data and e.destination.data
        ]


class ProfileForm(ProfileBase):
    display_name = StringField(
        _l("Name shown on your profile"), validators=[DataRequired(), Length(max=120), PlainText()]
    )
    kind = SelectField(_l("I am a"), choices=list(PERSON_KINDS.items()))
    headline = StringField(
        _l("Headline"),
        validators=[Length(max=200), PlainText()],
        description=_l(
            "One line, for example: Economist working on remittances to Central America."
        ),
    )
    bio = TextAreaField(
        _l("Biography"),
        validators=[Length(max=MAX_BIO, message=BIO_TOO_LONG)],
        description=_l("Markdown: *emphasis*, **bold**, [links](https://example.org), lists."),
        render_kw={"rows": 8},
    )
    photo = FileField(
        _l("Photo"), description=_l("A JPEG, PNG, GIF or WebP picture of at most 2 MB.")
    )
    remove_photo = BooleanField(_l("Remove my photo"))
    country = SelectField(_l("Country of residence"), widget=LongSelect())
    origins = SelectMultipleField(
        _l("Countries of origin"),
        render_kw={"size": 6},
        widget=LongSelect(True),
    )
    corridors = FieldList(FormField(CorridorForm), label=_l("Migration corridors"))
    themes = MultiCheckboxField(_l("Themes"), coerce=int)
    languages = SelectMultipleField(
        _l("Languages I speak"),
        render_kw={"size": 6},
        widget=LongSelect(True),
    )
    expertise = StringField(
        _l("Expertise keywords"),
        validators=[Length(max=500), PlainText()],
        description=_l(
            "Separated by commas, for example: remittances, diaspora bonds, survey design."
        ),
    )
    affiliations = TextAreaField(
        _l("Affiliations"),
        validators=[Length(max=500), PlainText(multiline=True)],
        render_kw={"rows": 2},
    )
    orcid = StringField(_l("ORCID iD"), validators=[Length(max=60), orcid_valid])
    website = StringField(_l("Website"), validators=[Length(max=500), HttpURL()])
    publications = TextAreaField(
        _l("Publication links"),
        validators=[http_lines],
        description=_l("One web address per line."),
        render_kw={"rows": 3},
    )
    visibility = visibility_field(_l("Who can see my profile"), "members")
    email_visibility = visibility_field(_l("Who can see my email address"), "private")
    website_visibility = visibility_field(
        _l("Who can see my website, ORCID iD and publication links"), "public"
    )
    listed_in_directory = BooleanField(_l("List my profile in the directory"))
    submit = SubmitField(_l("Save my profile"))

    countries_field = "origins"

    def person_input(self) -> PersonInput:
        return PersonInput(
            display_name=self.display_name.data,
            kind=self.kind.data,
            headline=self.headline.data or "",
            bio=self.bio.data or "",
            country=self.country.data or None,
            expertise=self.expertise.data or "",
            affiliations=self.affiliations.data or "",
            orcid=self.orcid.data,
            website=self.website.data or None,
            publications=link_lines(self.publications.data),
            visibility=self.visibility.data,
            email_visibility=self.email_visibility.data,
            website_visibility=self.website_visibility.data,
            listed_in_directory=self.listed_in_directory.data,
            origins=self.origins.data,
            languages=self.languages.data,
            theme_ids=self.themes.data,
            corridors=self.corridor_pairs(),
        )

    @staticmethod
    def data_of(profile, user) -> dict:
        """What the form shows before the first edit, or the saved profile."""
        if profile is None:
            return {"display_name": user.name, "languages": [user.language]}
        return {
            "display_name": profile.display_name,
            "kind": profile.kind,
            "headline": profile.headline,
            "bio": profile.bio,
            "country": profile.country or "",
            "origins": list(profile.origins),
            "corridors": [
                {"origin": c.origin, "destination": c.destination} for c in profile.corridors
            ],
            "themes": [t.id for t in profile.themes],
            "languages": list(profile.languages),
            "expertise": profile.expertise,
            "affiliations": profile.affiliations,
            "orcid": profile.orcid,
            "website": profile.website,
            "publications": profile.publications,
            "visibility": profile.visibility,
            "email_visibility": profile.email_visibility,
            "website_visibility": profile.website_visibility,
            "listed_in_directory": profile.listed_in_directory,
        }


class OrganizationForm(ProfileBase):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200), PlainText()])
    kind = SelectField(_l("Kind of organization"), choices=list(ORGANIZATION_KINDS.items()))
    country = SelectField(_l("Country"), widget=LongSelect())
    city = StringField(_l("City"), validators=[Length(max=120), PlainText()])
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=MAX_BIO, message=BIO_TOO_LONG)],
        description=_l("Markdown: *emphasis*, **bold**, [links](https://example.org), lists."),
        render_kw={"rows": 8},
    )
    logo = FileField(
        _l("Logo"), description=_l("A JPEG, PNG, GIF or WebP picture of at most 2 MB.")
    )
    remove_logo = BooleanField(_l("Remove the logo"))
    website = StringField(_l("Website"), validators=[Length(max=500), HttpURL()])
    contact_email = EmailField(
        _l("Contact email"), validators=[Optional(), Length(max=254), EmailAddress()]
    )
    email_visibility = visibility_field(_l("Who can see the contact email"), "members")
    year_founded = IntegerField(_l("Year founded"), validators=[Optional()])
    served_countries = SelectMultipleField(
        _l("Communities served (countries)"),
        render_kw={"size": 6},
        widget=LongSelect(True),
    )
    corridors = FieldList(FormField(CorridorForm), label=_l("Corridors served"))
    themes = MultiCheckboxField(_l("Themes"), coerce=int)
    languages = SelectMultipleField(
        _l("Working languages"),
        render_kw={"size": 6},
        widget=LongSelect(True),
    )
    visibility = visibility_field(_l("Who can see this organization's profile"), "public")
    listed_in_directory = BooleanField(_l("List the organization in the directory"))
    submit = SubmitField(_l("Save the organization"))

    countries_field = "served_countries"

    def organization_input(self) -> OrganizationInput:
        return OrganizationInput(
            name=self.name.data,
            kind=self.kind.data,
            country=self.country.data or None,
            city=self.city.data or "",
            description=self.description.data or "",
            website=self.website.data or None,
            contact_email=self.contact_email.data or None,
            email_visibility=self.email_visibility.data,
            year_founded=self.year_founded.data,
            visibility=self.visibility.data,
            listed_in_directory=self.listed_in_directory.data,
            served_countries=self.served_countries.data,
            languages=self.languages.data,
            theme_ids=self.themes.data,
            corridors=self.corridor_pairs(),
        )

    @staticmethod
    def data_of(org) -> dict:
        return {
            "name": org.name,
            "kind": org.kind,
            "country": org.country or "",
            "city": org.city,
            "description": org.description,
            "website": org.website,
            "contact_email": org.contact_email,
            "email_visibility": org.email_visibility,
            "year_founded": org.year_founded,
            "visibility": org.visibility,
            "listed_in_directory": org.listed_in_directory,
            "served_countries": list(org.served_countries),
            "languages": list(org.languages),
            "themes": [t.id for t in org.themes],
            "corridors": [
                {"origin": c.origin, "destination": c.destination} for c in org.corridors
            ],
        }

    def validate_year_founded(self, field):
        if field.data is not None and not 1800 <= field.data <= utcnow().year:
            raise ValidationError(_l("Enter a year between 1800 and this year."))


class AdminForm(FlaskForm):
    email = EmailField(
        _l("Email address of the person to invite"),
        validators=[DataRequired(), Length(max=254), EmailAddress()],
    )
    submit = SubmitField(_l("Send the invitation"))


class AffiliationForm(FlaskForm):
    title = StringField(
        _l("Your title or role there"), validators=[DataRequired(), Length(max=160), PlainText()]
    )
    submit = SubmitField(_l("List my affiliation"))


class ContactForm(FlaskForm):
    message = TextAreaField(
        _l("Message"),
        validators=[DataRequired(), Length(max=5000)],
        render_kw={"rows": 8},
        description=_l(
            "Your email address is shared with the recipient so they can reply. Theirs is not shown to you."
        ),
    )
    submit = SubmitField(_l("Send message"))


class DirectoryForm(FlaskForm):
    """Read from the query string: every search is a link that can be shared."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Search"),
        validators=[Length(max=200)],
        description=_l("Name, headline, biography or expertise."),
    )
    type = SelectField(
        _l("Show"),
        default="people",
        choices=[("people", _l("People")), ("organizations", _l("Organizations"))],
    )
    kind = SelectField(_l("Kind"), default="")
    theme = SelectField(_l("Theme"), default="")
    country = SelectField(_l("Country"), default="", widget=LongSelect())
    origin = SelectField(_l("Corridor: origin"), default="", widget=LongSelect())
    destination = SelectField(_l("Corridor: destination"), default="", widget=LongSelect())
    language = SelectField(_l("Language"), default="", widget=LongSelect())
    group = SelectField(
        _l("Working group"),
        default="",
        description=_l("People only: active members of a working group."),
    )
    sort = SelectField(
        _l("Sort by"),
        default="name",
        choices=[("name", _l("Name")), ("newest", _l("Newest first"))],
    )
    submit = SubmitField(_l("Search"))

    def filters(self, themes) -> DirectoryFilters:
        theme_ids = {t.slug: t.id for t in themes}
        return DirectoryFilters(
            q=self.q.data or "",
            kind=self.kind.data,
            theme_id=theme_ids.get(self.theme.data),
            country=self.country.data,
            origin=self.origin.data,
            destination=self.destination.data,
            language=self.language.data,
            group_id=int(self.group.data)
            if self.group.data and self.type.data == "people"
            else None,
            sort=self.sort.data,
        )

    def query_args(self) -> dict:
        """The search as query-string arguments, for pages of the same results."""
        return {f.name: f.data for f in self if f.type in ("StringField", "SelectField") and f.data}

    def __init__(self, *args, themes=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _l("Any"))]
        kinds = ORGANIZATION_KINDS if self.type.data == "organizations" else PERSON_KINDS
        self.kind.choices = anything + list(kinds.items())
        self.theme.choices = anything + [(t.slug, t.name) for t in themes]
        countries = anything + country_choices()
        self.country.choices = self.origin.choices = self.destination.choices = countries
        self.language.choices = anything + language_choices()
        self.group.choices = anything + [(str(group_id), name) for group_id, name in groups]
