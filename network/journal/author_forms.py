"""The authors' forms: a submission, a revision, and the buttons of their submission page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from network.journal.models import Journal
from network.journal.submissions import (
    LANGUAGES,
    MAX_COAUTHORS,
    AuthorInput,
    RevisionInput,
    SubmissionInput,
    Upload,
)
from network.library.labels import LANGUAGE_LABELS
from network.members.forms import orcid_valid
from network.validators import EmailAddress, PlainText

COAUTHOR_ROWS = 3
FILE_HELP = _l("A PDF, Word (.docx) or OpenDocument (.odt) file of up to 20 MB.")
TEXT_LABELS = {
    "en": (_l("Title in English"), _l("Abstract in English")),
    "es": (_l("Title in Spanish"), _l("Abstract in Spanish")),
    "fr": (_l("Title in French"), _l("Abstract in French")),
}


class CoauthorRow(Form):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200), PlainText()])
    email = EmailField(_l("Email"), validators=[Length(max=254)])
    affiliation = StringField(
        _l("Affiliation"), validators=[Optional(), Length(max=300), PlainText()]
    )
    orcid = StringField(
        _l("ORCID iD"),
        validators=[Optional(), Length(max=60), orcid_valid],
        description=_l("For example 0000-0002-1825-0097."),
    )

    def validate_name(self, field):
        if not field.data and (self.email.data or self.affiliation.data or self.orcid.data):
            raise ValidationError(_l("Give the co-author's name."))

    def validate_email(self, field):
        if field.data:
            EmailAddress()(self, field)
        elif self.name.data:
            raise ValidationError(_l("Give the co-author's email: we tell them by mail."))


class SubmitForm(FlaskForm):
    section = SelectField(_l("Section"), coerce=int, validators=[DataRequired()])
    language = SelectField(
        _l("Language of the manuscript"),
        choices=[(code, LANGUAGE_LABELS[code]) for code in LANGUAGES],
        description=_l("The title and abstract in this language are required."),
    )
    title_en = StringField(TEXT_LABELS["en"][0], validators=[Length(max=500), PlainText()])
    abstract_en = TextAreaField(
        TEXT_LABELS["en"][1], validators=[Length(max=10000)], render_kw={"rows": 6}
    )
    title_es = StringField(TEXT_LABELS["es"][0], validators=[Length(max=500), PlainText()])
    abstract_es = TextAreaField(
        TEXT_LABELS["es"][1], validators=[Length(max=10000)], render_kw={"rows": 6}
    )
    title_fr = StringField(TEXT_LABELS["fr"][0], validators=[Length(max=500), PlainText()])
    abstract_fr = TextAreaField(
        TEXT_LABELS["fr"][1], validators=[Length(max=10000)], render_kw={"rows": 6}
    )
    keywords = StringField(
        _l("Keywords"), validators=[Length(max=1000)], description=_l("Separated by commas.")
    )
    affiliation = StringField(
        _l("Your affiliation"), validators=[Optional(), Length(max=300), PlainText()]
    )
    orcid = StringField(
        _l("Your ORCID iD"),
        validators=[Optional(), Length(max=60), orcid_valid],
        description=_l("For example 0000-0002-1825-0097."),
    )
    position = IntegerField(
        _l("Your place in the author list"),
        default=1,
        validators=[Optional(), NumberRange(min=1, max=MAX_COAUTHORS + 1)],
        description=_l("1 if you are the first author."),
    )
    coauthors = FieldList(
        FormField(CoauthorRow), min_entries=COAUTHOR_ROWS, max_entries=MAX_COAUTHORS
    )
    add_coauthor = SubmitField(_l("Add another co-author"))
    cover_letter = TextAreaField(
        _l("Cover letter to the editors"), validators=[Length(max=20000)], render_kw={"rows": 6}
    )
    conflicts = TextAreaField(
        _l("Conflicts of interest"),
        validators=[Length(max=20000)],
        description=_l("Declare any competing interests, or write “None”."),
        render_kw={"rows": 3},
    )
    declares_original = BooleanField(
        _l(
            "The manuscript is original, has not been published before and is not under review "
            "elsewhere."
        ),
        validators=[DataRequired(_l("Confirm that the manuscript is original."))],
    )
    consents_license = BooleanField(
        _l("If it is published, the article will be under the journal's license."),
        validators=[DataRequired(_l("Consent to the journal's license to submit."))],
    )
    manuscript = FileField(
        _l("Manuscript"),
        validators=[DataRequired(_l("Upload the manuscript."))],
        description=FILE_HELP,
    )
    anonymized = FileField(
        _l("Anonymized version for the reviewers"),
        description=_l(
            "Without the authors' names, affiliations or acknowledgements; its file "
            "metadata is removed for you. %(help)s",
            help=FILE_HELP,
        ),
    )
    submit = SubmitField(_l("Submit the manuscript"))

    def setup(self, journal: Journal, language: str) -> None:
        self.section.choices = [
            (s.id, s.text("name", language)) for s in journal.sections if s.open
        ]
        self.consents_license.label.text = _l(
            "If it is published, the article will be under the %(license)s license.",
            license=journal.license,
        )
        if journal.double_blind:
            self.anonymized.validators = [
                DataRequired(_l("This journal reviews double-blind: upload an anonymized version."))
            ]
            self.anonymized.flags.required = True
        else:
            self.anonymized.description = _l(
                "Optional: without it, reviewers read the manuscript, its file metadata removed."
            )

    def add_row(self) -> bool:
        """True when the person asked for one more co-author row (nothing is submitted)."""
        if self.add_coauthor.data and len(self.coauthors) < MAX_COAUTHORS:
            self.coauthors.append_entry()
            return True
        return False

    def to_input(self, limit: int) -> SubmissionInput:
        return SubmissionInput(
            section_id=self.section.data,
            language=self.language.data,
            texts={
                code: (self[f"title_{code}"].data or "", self[f"abstract_{code}"].data or "")
                for code in LANGUAGES
            },
            manuscript=upload(self.manuscript, limit),
            anonymized=upload(self.anonymized, limit),
            keywords=self.keywords.data or "",
            coauthors=[
                AuthorInput(
                    row.form.name.data,
                    row.form.email.data or "",
                    row.form.affiliation.data or "",
                    row.form.orcid.data or "",
                )
                for row in self.coauthors
                if row.form.name.data
            ],
            affiliation=self.affiliation.data or "",
            orcid=self.orcid.data or "",
            position=self.position.data or 1,
            cover_letter=self.cover_letter.data or "",
            declares_original=self.declares_original.data,
            consents_license=self.consents_license.data,
            conflicts=self.conflicts.data or "",
        )


class RevisionForm(FlaskForm):
    manuscript = FileField(
        _l("Revised manuscript"),
        validators=[DataRequired(_l("Upload the revised manuscript."))],
        description=FILE_HELP,
    )
    anonymized = FileField(_l("Anonymized revised version"), description=FILE_HELP)
    response = TextAreaField(
        _l("Response to the reviewers"),
        validators=[Length(max=20000)],
        description=_l("How you answered each comment. You may also upload it as a file."),
        render_kw={"rows": 10},
    )
    response_file = FileField(_l("Response letter as a file (optional)"), description=FILE_HELP)
    submit = SubmitField(_l("Send the revision"))

    def setup(self, journal: Journal) -> None:
        if journal.double_blind:
            self.anonymized.validators = [
                DataRequired(_l("This journal reviews double-blind: upload an anonymized version."))
            ]
            self.anonymized.flags.required = True

    def to_input(self, limit: int) -> RevisionInput:
        return RevisionInput(
            manuscript=upload(self.manuscript, limit),
            anonymized=upload(self.anonymized, limit),
            response=self.response.data or "",
            response_file=upload(self.response_file, limit),
        )


def upload(field: FileField, limit: int) -> Upload | None:
    """The file sent in the field, read up to one byte past the limit (so that a larger one is
    refused as such), or None if none was chosen."""
    storage = field.data
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return Upload(storage.read(limit + 1), storage.filename)
