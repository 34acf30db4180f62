"""The production forms: files for copyediting, proofs and galleys, a place in an issue, and
an issue's details, cover and contents."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from network.geo import language_name
from network.journal.issues import IssueInput, Placement
from network.journal.models import Issue
from network.validators import PlainText

MANUSCRIPT_HELP = _l("A PDF, Word (.docx) or OpenDocument (.odt) file of up to 20 MB.")
CHOOSE_FILE = _l("Choose a file to upload.")


def upload_of(field, limit: int) -> tuple[bytes, str] | None:
    """The uploaded file's content (at most limit + 1 bytes, so that a larger one is known as
    such) and its name, or None when no file was sent."""
    storage = field.data
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return storage.read(limit + 1), storage.filename


class CopyeditForm(FlaskForm):
    file = FileField(
        _l("Copyedited manuscript"),
        validators=[FileRequired(CHOOSE_FILE)],
        description=MANUSCRIPT_HELP,
    )
    submit = SubmitField(_l("Upload and ask the authors to approve it"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="copyedit", **kwargs)


class ProofForm(FlaskForm):
    file = FileField(
        _l("Proofs"), validators=[FileRequired(CHOOSE_FILE)], description=MANUSCRIPT_HELP
    )
    submit = SubmitField(_l("Upload and ask the authors to approve them"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="proof", **kwargs)


class GalleyForm(FlaskForm):
    kind = RadioField(
        _l("Kind of galley"),
        choices=[
            ("pdf", _l("PDF: the version the library offers")),
            ("html", _l("HTML: a web page of the article (cleaned of scripts and styles)")),
        ],
        default="pdf",
        validators=[InputRequired()],
    )
    file = FileField(
        _l("Galley file"),
        validators=[FileRequired(CHOOSE_FILE)],
        description=_l("A PDF, or an HTML file in UTF-8, of up to 20 MB."),
    )
    submit = SubmitField(_l("Upload the galley"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="galley", **kwargs)


class ScheduleForm(FlaskForm):
    issue = SelectField(_l("Issue"), coerce=int, validators=[DataRequired()])
    position = IntegerField(
        _l("Position in the issue"),
        validators=[Optional(), NumberRange(min=0, max=9999)],
        description=_l("Articles are listed from the lowest number; empty: after the others."),
    )
    first_page = StringField(_l("First page"), validators=[Optional(), Length(max=20)])
    last_page = StringField(_l("Last page"), validators=[Optional(), Length(max=20)])
    submit = SubmitField(_l("Place in this issue"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="schedule", **kwargs)

    def setup(self, issues: list[Issue], label) -> "ScheduleForm":
        self.issue.choices = [(issue.id, label(issue)) for issue in issues]
        return self


def _languages():
    return [(code, language_name(code)) for code in current_app.config["LANGUAGES"]]


class IssueForm(FlaskForm):
    volume = IntegerField(_l("Volume"), validators=[InputRequired(), NumberRange(min=1, max=9999)])
    number = IntegerField(_l("Number"), validators=[InputRequired(), NumberRange(min=1, max=9999)])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=1000, max=9999)])
    title = StringField(
        _l("Title"),
        validators=[Optional(), Length(max=300), PlainText()],
        description=_l("For a special issue; versions in other languages are kept apart."),
    )
    original_language = SelectField(_l("Language of the title"))
    submit = SubmitField(_l("Save the issue"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="issue", **kwargs)
        self.original_language.choices = _languages()

    def fill(self, issue: Issue) -> "IssueForm":
        self.volume.data, self.number.data, self.year.data = issue.volume, issue.number, issue.year
        self.title.data, self.original_language.data = issue.title, issue.original_language
        return self

    def to_input(self) -> IssueInput:
        return IssueInput(
            volume=self.volume.data,
            number=self.number.data,
            year=self.year.data,
            title=self.title.data or "",
            original_language=self.original_language.data,
        )


class CoverForm(FlaskForm):
    file = FileField(
        _l("Cover image"),
        validators=[FileRequired(CHOOSE_FILE)],
        description=_l("A PNG, JPEG or WebP image of up to 5 MB."),
    )
    submit = SubmitField(_l("Upload the cover"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="cover", **kwargs)


class PlacementRow(Form):
    submission_id = HiddenField()
    position = IntegerField(_l("Position"), validators=[InputRequired(), NumberRange(0, 9999)])
    first_page = StringField(_l("First page"), validators=[Optional(), Length(max=20)])
    last_page = StringField(_l("Last page"), validators=[Optional(), Length(max=20)])


class ArticlesForm(FlaskForm):
    """One row per article of the issue, labelled with the article's title."""

    rows = FieldList(FormField(PlacementRow))
    submit = SubmitField(_l("Save the order and pages"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="articles", **kwargs)

    def fill(self, articles) -> "ArticlesForm":
        while self.rows.entries:
            self.rows.pop_entry()
        for article in articles:
            self.rows.append_entry(
                {
                    "submission_id": str(article.id),
                    "position": article.issue_position,
                    "first_page": article.first_page,
                    "last_page": article.last_page,
                }
            )
        return self

    def to_placements(self) -> list[Placement]:
        placements = []
        for row in self.rows:
            try:
                submission_id = int(row.submission_id.data)
            except (TypeError, ValueError):
                continue
            placements.append(
                Placement(
                    submission_id,
                    row.position.data,
                    row.first_page.data or "",
                    row.last_page.data or "",
                )
            )
        return placements
