from datetime import date
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from network.conferences.abstracts import AbstractData, Author
from network.conferences.calls import CallData
from network.conferences.reviewing import DECISIONS
from network.conferences.schedule import SessionData
from network.conferences.states import template_problem
from network.conferences.times import event_days, to_utc
from network.geo import country_choices, language_choices, language_name
from network.themes import queries as theme_queries
from network.validators import EmailAddress, PlainText

MAX_ROWS = 30


def _country_choices():
    return [("", _("Country…"))] + country_choices()


class TrackRow(Form):
    id = HiddenField()
    name = StringField(_l("Track name"), validators=[Optional(), Length(max=200), PlainText()])
    theme = SelectField(_l("Theme"), validators=[Optional()])


class QuestionRow(Form):
    id = HiddenField()
    text = StringField(_l("Question"), validators=[Optional(), Length(max=500), PlainText()])
    required = BooleanField(_l("Authors must answer"))


class CriterionRow(Form):
    id = HiddenField()
    name = StringField(_l("Criterion"), validators=[Optional(), Length(max=200), PlainText()])
    max_score = IntegerField(
        _l("Highest score"), default=5, validators=[Optional(), NumberRange(min=1, max=100)]
    )


class CallForm(FlaskForm):
    opens_at = DateTimeLocalField(
        _l("Opens"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired()],
        description=_l("In the conference's time zone."),
    )
    deadline = DateTimeLocalField(
        _l("Deadline"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired()],
        description=_l("In the conference's time zone."),
    )
    review_deadline = DateTimeLocalField(
        _l("Reviews due"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("Optional. Reviewers are told this date when they are assigned."),
    )
    word_limit = IntegerField(
        _l("Word limit"), default=300, validators=[InputRequired(), NumberRange(min=20, max=5000)]
    )
    languages = SelectMultipleField(_l("Languages accepted"), validators=[DataRequired()])
    reviewers_anonymous = BooleanField(_l("Reviewers are anonymous to authors"), default=True)
    tracks = FieldList(FormField(TrackRow), min_entries=3, max_entries=MAX_ROWS)
    questions = FieldList(FormField(QuestionRow), min_entries=2, max_entries=MAX_ROWS)
    criteria = FieldList(FormField(CriterionRow), min_entries=2, max_entries=MAX_ROWS)
    add_track = SubmitField(_l("Add another track"))
    add_question = SubmitField(_l("Add another question"))
    add_criterion = SubmitField(_l("Add another criterion"))
    submit = SubmitField(_l("Save the call"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = language_choices()
        choices = [("", _("No theme"))] + [
            (str(id_), name) for id_, name in theme_queries.choices()
        ]
        for row in self.tracks:
            row.form.theme.choices = choices

    def add_row(self) -> bool:
        """True when the person asked for one more row instead of saving."""
        for button, rows in (
            (self.add_track, self.tracks),
            (self.add_question, self.questions),
            (self.add_criterion, self.criteria),
        ):
            if button.data and len(rows) < MAX_ROWS:
                rows.append_entry()
                self._share_theme_choices()
                return True
        return False

    def _share_theme_choices(self):
        choices = self.tracks[0].form.theme.choices
        for row in self.tracks:
            row.form.theme.choices = choices

    def suggest_tracks(self, themes) -> None:
        """A new call starts with one track per theme of the conference."""
        _fill_rows(self.tracks, [{"name": t.name, "theme": str(t.id)} for t in themes])
        self._share_theme_choices()

    def fill(self, call, zone: str) -> None:
        self.opens_at.data = call.opens_at.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        self.deadline.data = call.deadline.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        if call.review_deadline:
            self.review_deadline.data = call.review_deadline.astimezone(ZoneInfo(zone)).replace(
                tzinfo=None
            )
        self.word_limit.data = call.word_limit
        self.languages.data = call.language_codes
        self.reviewers_anonymous.data = call.reviewers_anonymous
        _fill_rows(
            self.tracks,
            [{"id": t.id, "name": t.name, "theme": str(t.theme_id or "")} for t in call.tracks],
        )
        self._share_theme_choices()
        _fill_rows(
            self.questions,
            [{"id": q.id, "text": q.prompt, "required": q.required} for q in call.questions],
        )
        _fill_rows(
            self.criteria,
            [{"id": c.id, "name": c.name, "max_score": c.max_score} for c in call.criteria],
        )

    def data_for(self, zone: str) -> CallData:
        opens, deadline, reviews = self.opens_at.data, self.deadline.data, self.review_deadline.data
        return CallData(
            opens_at=to_utc(opens.date(), opens.time(), zone),
            deadline=to_utc(deadline.date(), deadline.time(), zone),
            review_deadline=to_utc(reviews.date(), reviews.time(), zone) if reviews else None,
            word_limit=self.word_limit.data,
            languages=self.languages.data,
            reviewers_anonymous=self.reviewers_anonymous.data,
            tracks=[
                {"id": _row_id(r), "name": r.form.name.data, "theme_id": _int(r.form.theme.data)}
                for r in self.tracks
                if r.form.name.data
            ],
            questions=[
                {"id": _row_id(r), "prompt": r.form.text.data, "required": r.form.required.data}
                for r in self.questions
                if r.form.text.data
            ],
            criteria=[
                {
                    "id": _row_id(r),
                    "name": r.form.name.data,
                    "max_score": r.form.max_score.data or 5,
                }
                for r in self.criteria
                if r.form.name.data
            ],
        )


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _row_id(row) -> int | None:
    return _int(row.form.id.data)


def _fill_rows(rows: FieldList, values: list[dict]) -> None:
    while len(rows) < len(values) + 1 and len(rows) < MAX_ROWS:
        rows.append_entry()
    for row, data in zip(rows, values, strict=False):
        for name, value in data.items():
            row.form[name].data = value


class CoauthorRow(Form):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120), PlainText()])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254), EmailAddress()])
    affiliation = StringField(
        _l("Affiliation"), validators=[Optional(), Length(max=200), PlainText()]
    )
    country = SelectField(_l("Country"), validators=[Optional()])

    def validate_name(self, field):
        if not field.data and (self.email.data or self.affiliation.data or self.country.data):
            raise ValidationError(_("Give the co-author's name."))


class AbstractForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300), PlainText()])
    text = TextAreaField(_l("Abstract"), validators=[DataRequired()], render_kw={"rows": 12})
    track = SelectField(_l("Track"), coerce=int, validators=[DataRequired()])
    language = SelectField(_l("Language of the abstract"), validators=[DataRequired()])
    affiliation = StringField(
        _l("Your affiliation"), validators=[Optional(), Length(max=200), PlainText()]
    )
    country = SelectField(_l("Your country"), validators=[Optional()])
    coauthors = FieldList(FormField(CoauthorRow), min_entries=2, max_entries=MAX_ROWS)
    add_coauthor = SubmitField(_l("Add another co-author"))
    presenter = SelectField(
        _l("Presenter"),
        coerce=int,
        default=0,
        description=_l("Who will present the talk if it is accepted."),
    )
    submit = SubmitField(_l("Submit the abstract"))

    def setup(self, call) -> None:
        """Choices that depend on the call and on how many co-author rows there are."""
        self.track.choices = [(t.id, t.text("name")) for t in call.tracks]
        self.language.choices = [(code, language_name(code)) for code in call.language_codes]
        countries = _country_choices()
        self.country.choices = countries
        for row in self.coauthors:
            row.form.country.choices = countries
        self.presenter.choices = [(0, _("Me"))] + [
            (n, _("Co-author %(n)d", n=n)) for n in range(1, len(self.coauthors) + 1)
        ]

    def add_row(self, call) -> bool:
        if self.add_coauthor.data and len(self.coauthors) < MAX_ROWS:
            self.coauthors.append_entry()
            self.setup(call)
            return True
        return False

    def fill(self, abstract) -> None:
        self.title.data, self.text.data = abstract.title, abstract.text
        self.track.data, self.language.data = abstract.track_id, abstract.language
        me, *others = abstract.authors
        self.affiliation.data, self.country.data = me.affiliation, me.country
        _fill_rows(
            self.coauthors,
            [
                {
                    "name": a.name,
                    "email": a.email,
                    "affiliation": a.affiliation,
                    "country": a.country,
                }
                for a in others
            ],
        )
        self.presenter.data = next((n for n, a in enumerate(abstract.authors) if a.presenter), 0)
        for question in abstract.call.questions:
            self[f"q{question.id}"].data = abstract.answer_to(question.id)

    def data_for(self, call) -> AbstractData:
        rows = [r.form for r in self.coauthors]
        filled = [(n, r) for n, r in enumerate(rows, start=1) if r.name.data]
        presenter = self.presenter.data or 0
        # Blank rows are dropped, so the chosen co-author keeps their number among the rest.
        renumbered = next((i for i, (n, _r) in enumerate(filled, start=1) if n == presenter), 0)
        if presenter and not renumbered:
            renumbered = -1
        return AbstractData(
            title=self.title.data,
            text=self.text.data,
            track_id=self.track.data,
            language=self.language.data,
            affiliation=self.affiliation.data or "",
            country=self.country.data or "",
            coauthors=[
                Author(
                    r.name.data, r.email.data or "", r.affiliation.data or "", r.country.data or ""
                )
                for _n, r in filled
            ],
            presenter=renumbered,
            answers={q.id: self[f"q{q.id}"].data or "" for q in call.questions},
        )


def abstract_form(call, **kwargs) -> AbstractForm:
    """The submission form with one field for each of the call's questions."""

    class CallAbstractForm(AbstractForm):
        pass

    for question in call.questions:
        setattr(
            CallAbstractForm,
            f"q{question.id}",
            TextAreaField(
                question.text("prompt"),
                validators=[DataRequired() if question.required else Optional(), Length(max=5000)],
            ),
        )
    form = CallAbstractForm(**kwargs)
    form.setup(call)
    return form


def question_fields(form, call) -> list:
    return [form[f"q{q.id}"] for q in call.questions]


def review_form(call, review=None, **kwargs):
    class CallReviewForm(FlaskForm):
        comment = TextAreaField(
            _l("Comment"), validators=[Optional(), Length(max=10000)], render_kw={"rows": 6}
        )
        submit = SubmitField(_l("Save my review"))

    for criterion in call.criteria:
        setattr(
            CallReviewForm,
            f"c{criterion.id}",
            IntegerField(
                _l("%(name)s (0 to %(max)d)", name=criterion.name, max=criterion.max_score),
                validators=[InputRequired(), NumberRange(min=0, max=criterion.max_score)],
            ),
        )
    form = CallReviewForm(**kwargs)
    if review is not None and not form.is_submitted():
        form.comment.data = review.comment
        for criterion in call.criteria:
            form[f"c{criterion.id}"].data = review.score_for(criterion.id)
    return form


def review_scores(form, call) -> dict[int, int]:
    return {c.id: form[f"c{c.id}"].data for c in call.criteria}


def criterion_fields(form, call) -> list:
    return [form[f"c{c.id}"] for c in call.criteria]


class ReviewerForm(FlaskForm):
    email = EmailField(
        _l("Reviewer's email"), validators=[DataRequired(), Length(max=254), EmailAddress()]
    )
    submit = SubmitField(_l("Assign"))


class DecisionForm(FlaskForm):
    state = HiddenField(validators=[DataRequired()])

    def validate_state(self, field):
        if field.data not in {s.value for s in DECISIONS}:
            raise ValidationError(_("Choose accept, reject or under review."))


class EmailTemplateForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200), PlainText()])
    body = TextAreaField(
        _l("Message"), validators=[DataRequired(), Length(max=10000)], render_kw={"rows": 10}
    )
    submit = SubmitField(_l("Save the message"))

    def validate_subject(self, field):
        self._check(field)

    def validate_body(self, field):
        self._check(field)

    @staticmethod
    def _check(field):
        problem = template_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), PlainText()])
    room = StringField(_l("Room"), validators=[DataRequired(), Length(max=120), PlainText()])
    chair = StringField(
        _lp("session", "Chair"), validators=[Optional(), Length(max=120), PlainText()]
    )
    day = SelectField(_l("Day"), validators=[DataRequired()])
    starts = TimeField(
        _l("Starts"), validators=[InputRequired()], description=_l("In the conference's time zone.")
    )
    ends = TimeField(_l("Ends"), validators=[InputRequired()])
    submit = SubmitField(_l("Save the session"))

    def setup(self, event) -> None:
        self.day.choices = [(d.isoformat(), format_date(d, "full")) for d in event_days(event)]

    def fill(self, session, zone: str) -> None:
        starts = session.starts_at.astimezone(ZoneInfo(zone))
        self.title.data, self.room.data, self.chair.data = (
            session.title,
            session.room,
            session.chair,
        )
        self.day.data = starts.date().isoformat()
        self.starts.data = starts.time()
        self.ends.data = session.ends_at.astimezone(ZoneInfo(zone)).time()

    def data_for(self) -> SessionData:
        return SessionData(
            self.title.data,
            self.room.data,
            self.chair.data or "",
            date.fromisoformat(self.day.data),
            self.starts.data,
            self.ends.data,
        )


class TalkForm(FlaskForm):
    abstract = SelectField(_l("Accepted abstract"), coerce=int, default=0)
    title = StringField(
        _l("Title of an invited talk"),
        id="talk-title",  # the session's own form, on the same page, has a title
        validators=[Optional(), Length(max=300), PlainText()],
    )
    speaker_name = StringField(
        _l("Invited speaker's name"), validators=[Optional(), Length(max=120), PlainText()]
    )
    speaker_affiliation = StringField(
        _l("Invited speaker's affiliation"), validators=[Optional(), Length(max=200), PlainText()]
    )
    speaker_country = SelectField(_l("Invited speaker's country"), validators=[Optional()])
    speaker_email = EmailField(
        _l("Invited speaker's email"), validators=[Optional(), Length(max=254), EmailAddress()]
    )
    duration = IntegerField(
        _l("Duration (minutes)"),
        default=20,
        validators=[InputRequired(), NumberRange(min=1, max=720)],
    )
    submit = SubmitField(_l("Add the talk"))

    def setup(self, abstracts) -> None:
        self.abstract.choices = [(0, _("None: an invited talk"))] + [
            (a.id, f"{a.title} ({a.presenter.name})") for a in abstracts
        ]
        self.speaker_country.choices = _country_choices()

    def speaker(self) -> Author:
        return Author(
            self.speaker_name.data or "",
            self.speaker_email.data or "",
            self.speaker_affiliation.data or "",
            self.speaker_country.data or "",
        )


class DurationForm(FlaskForm):
    duration = IntegerField(
        _l("Duration (minutes)"), validators=[InputRequired(), NumberRange(min=1, max=720)]
    )
    submit = SubmitField(_l("Change"))
