"""Forms of the editors' and the reviewers' pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from network.dbtypes import utcnow
from network.forms import site_language_choices
from network.journal.labels import DECISION_LABELS, RECOMMENDATION_LABELS
from network.validators import EmailAddress, PlainText

LETTER_MAX = 20000
COMMENTS_MAX = 30000


class AssignEditorForm(FlaskForm):
    editor = SelectField(_l("Editor"), coerce=int, validators=[InputRequired()])
    # Named apart: three forms share the editor's page, and ids must stay unique.
    assign = SubmitField(_l("Give to this editor"))

    def setup(self, people, current_id) -> "AssignEditorForm":
        self.editor.choices = [(person.id, person.name) for person in people]
        if not self.is_submitted() and current_id:
            self.editor.data = current_id
        return self


class InviteReviewerForm(FlaskForm):
    email = EmailField(
        _l("Reviewer's email"), validators=[DataRequired(), Length(max=254), EmailAddress()]
    )
    name = StringField(
        _l("Reviewer's name"),
        validators=[Optional(), Length(max=200), PlainText()],
        description=_l("Not needed for members: their name is on their account."),
    )
    due = DateField(_l("Review due by"), validators=[InputRequired()])
    language = SelectField(
        _l("Language of the invitation"),
        choices=site_language_choices(),
        validators=[DataRequired()],
        description=_l("Members get it in the language of their account."),
    )
    invite = SubmitField(_l("Invite"))

    def validate_due(self, field):
        if field.data and field.data < utcnow().date():
            raise ValidationError(_l("The due date has passed. Choose a later date."))


class DraftDecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), validators=[DataRequired()])
    draft = SubmitField(_l("Draft the letter"))

    def setup(self, kinds) -> "DraftDecisionForm":
        self.decision.choices = [(kind, DECISION_LABELS[kind]) for kind in kinds]
        return self


class LetterForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200), PlainText()])
    body = TextAreaField(
        _l("Letter"), validators=[DataRequired(), Length(max=LETTER_MAX)], render_kw={"rows": 16}
    )
    submit = SubmitField(_l("Save the letter"))


class ReviewForm(FlaskForm):
    recommendation = RadioField(
        _l("Recommendation"),
        choices=list(RECOMMENDATION_LABELS.items()),
        validators=[InputRequired(message=_l("Choose a recommendation."))],
    )
    for_author = TextAreaField(
        _l("Comments for the authors"),
        validators=[DataRequired(), Length(max=COMMENTS_MAX)],
        description=_l("The authors read these without your name. Markdown is allowed."),
        render_kw={"rows": 12},
    )
    for_editor = TextAreaField(
        _l("Confidential comments for the editor"),
        validators=[Optional(), Length(max=COMMENTS_MAX)],
        description=_l("Only the editors read these; they never reach the authors."),
        render_kw={"rows": 6},
    )
    submit = SubmitField(_l("Send the review"))
