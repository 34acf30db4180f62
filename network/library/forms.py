"""The one item form: texts per language, authors in order, links, date, identifiers, file."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from network.geo import country_choices, language_choices
from network.groups import queries as group_queries
from network.library import choices, items, labels, rules
from network.library.items import AuthorInput, ItemInput
from network.library.models import Item
from network.members.forms import CorridorForm, LongSelect
from network.themes import queries as theme_queries

AUTHOR_ROWS_FREE = 2
CORRIDOR_ROWS_FREE = 1
TEXT_FIELDS = {lang: (f"title_{lang}", f"abstract_{lang}") for lang in rules.TEXT_LANGUAGES}


class AuthorForm(Form):
    member = SelectField(_l("Member of the network"), coerce=int, validate_choice=False)
    name = StringField(_l("Or name (outside the network)"), validators=[Length(max=200)])
    affiliation = StringField(_l("Affiliation"), validators=[Length(max=300)])
    orcid = StringField(_l("ORCID iD"), validators=[Length(max=60)])


class ItemForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=list(labels.KIND_LABELS.items()))
    original_language = SelectField(
        _l("Original language"),
        choices=list(labels.LANGUAGE_LABELS.items()),
        description=_l("The language the item was written in; its title there is required."),
    )
    title_en = StringField(_l("Title in English"), validators=[Length(max=500)])
    abstract_en = TextAreaField(_l("Abstract in English"), validators=[Length(max=10000)])
    title_es = StringField(_l("Title in Spanish"), validators=[Length(max=500)])
    abstract_es = TextAreaField(_l("Abstract in Spanish"), validators=[Length(max=10000)])
    title_fr = StringField(_l("Title in French"), validators=[Length(max=500)])
    abstract_fr = TextAreaField(_l("Abstract in French"), validators=[Length(max=10000)])
    authors = FieldList(FormField(AuthorForm), label=_l("Authors, in order"))
    organizations = SelectMultipleField(_l("Publishing organizations"), coerce=int)
    group = SelectField(_l("Working group"), coerce=int)
    other_groups = SelectMultipleField(
        _l("Also of these working groups"),
        coerce=int,
        description=_l("The working group above reviews and publishes it."),
    )
    themes = SelectMultipleField(_l("Themes"), coerce=int)
    countries = SelectMultipleField(_l("Countries"), widget=LongSelect(multiple=True))
    corridors = FieldList(FormField(CorridorForm), label=_l("Migration corridors"))
    keywords = StringField(
        _l("Keywords"), validators=[Length(max=500)], description=_l("Separated by commas.")
    )
    date_year = IntegerField(
        _l("Year"), validators=[DataRequired(), NumberRange(min=1000, max=9999)]
    )
    date_month = IntegerField(
        _l("Month (optional)"), validators=[Optional(), NumberRange(min=1, max=12)]
    )
    date_day = IntegerField(
        _l("Day (optional)"), validators=[Optional(), NumberRange(min=1, max=31)]
    )
    series = StringField(
        _l("Series"), validators=[Length(max=200)], description=_l("For example: Working Paper")
    )
    number = StringField(_l("Number in the series"), validators=[Length(max=40)])
    doi = StringField(
        "DOI", validators=[Length(max=220)], description=_l("For example: 10.1234/abcd")
    )
    isbn = StringField("ISBN", validators=[Length(max=20)])
    issn = StringField("ISSN", validators=[Length(max=9)])
    journal_title = StringField(_l("Journal"), validators=[Length(max=300)])
    volume = StringField(_l("Volume"), validators=[Length(max=20)])
    issue = StringField(_l("Issue"), validators=[Length(max=20)])
    first_page = StringField(_l("First page"), validators=[Length(max=20)])
    last_page = StringField(_l("Last page"), validators=[Length(max=20)])
    publisher = StringField(_l("Publisher or institution"), validators=[Length(max=300)])
    license = SelectField(_l("Licence"), choices=list(rules.LICENSES.items()))
    language = SelectField(_l("Language of the text"), widget=LongSelect())
    event = SelectField(
        _l("Seminar or event"),
        coerce=int,
        description=_l("For slides and recordings: an event you organized."),
    )
    file = FileField(
        _l("File"),
        description=_l("A PDF of up to 20 MB; datasets may also be CSV or Excel (.xlsx)."),
    )
    external_url = StringField(_l("Or an external link"), validators=[Length(max=500)])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, viewer=None, author_rows: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        none = [(0, _l("(none)"))]
        self.group.choices = none + group_queries.choices()
        self.other_groups.choices = group_queries.choices()
        self.themes.choices = theme_queries.choices()
        self.organizations.choices = choices.organizations(viewer)
        self.countries.choices = country_choices()
        self.language.choices = language_choices()
        self.event.choices = none + choices.events(viewer)
        people = [(0, _l("(outside the network)"))] + choices.people(viewer)
        while len(self.authors) < author_rows + AUTHOR_ROWS_FREE:
            self.authors.append_entry()
        for entry in self.authors:
            entry.member.choices = people
        while len(self.corridors) < CORRIDOR_ROWS_FREE + len(
            [e for e in self.corridors if e.origin.data]
        ):
            self.corridors.append_entry()
        blank = [("", _l("(none)"))]
        for entry in self.corridors:
            entry.origin.choices = entry.destination.choices = blank + self.countries.choices

    def to_input(self) -> ItemInput:
        texts = {
            lang: (getattr(self, t).data or "", getattr(self, a).data or "")
            for lang, (t, a) in TEXT_FIELDS.items()
        }
        return ItemInput(
            kind=self.kind.data,
            texts=texts,
            original_language=self.original_language.data,
            language=self.language.data or self.original_language.data,
            date_year=self.date_year.data,
            date_month=self.date_month.data,
            date_day=self.date_day.data,
            authors=[
                AuthorInput(
                    name=e.form.name.data or "",
                    user_id=e.form.member.data or None,
                    affiliation=e.form.affiliation.data or "",
                    orcid=e.form.orcid.data or "",
                )
                for e in self.authors
                if e.form.member.data or (e.form.name.data or "").strip()
            ],
            group_id=self.group.data or None,
            other_group_ids=list(self.other_groups.data or []),
            event_id=self.event.data or None,
            theme_ids=list(self.themes.data or []),
            organization_ids=list(self.organizations.data or []),
            countries=list(self.countries.data or []),
            corridors=[
                (e.origin.data, e.destination.data)
                for e in self.corridors
                if e.origin.data and e.destination.data
            ],
            **{name: (getattr(self, name).data or "").strip() for name in items.PLAIN_FIELDS},
        )

    @classmethod
    def data_of(cls, item: Item) -> dict:
        """The form's values for an existing item."""
        data = {name: getattr(item, name) or "" for name in items.PLAIN_FIELDS}
        for text in item.texts:
            if text.language in TEXT_FIELDS:
                title, abstract = TEXT_FIELDS[text.language]
                data[title], data[abstract] = text.title, text.abstract
        return {
            **data,
            "kind": item.kind,
            "original_language": item.original_language,
            "language": item.language,
            "date_year": item.date_year,
            "date_month": item.date_month,
            "date_day": item.date_day,
            "group": item.group_id or 0,
            "other_groups": [g.id for g in item.other_groups],
            "event": item.event_id or 0,
            "themes": [t.id for t in item.themes],
            "organizations": [o.id for o in item.organizations],
            "countries": [c.country for c in item.countries],
            "corridors": [
                {"origin": c.origin, "destination": c.destination} for c in item.corridors
            ],
            "authors": [
                {
                    "member": a.user_id or 0,
                    "name": "" if a.user_id else a.name,
                    "affiliation": a.affiliation,
                    "orcid": a.orcid,
                }
                for a in item.authors
            ],
        }


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("What should change"), validators=[DataRequired(), Length(max=4000)])
    submit = SubmitField(_l("Return to the submitter"))
