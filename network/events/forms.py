from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from network.auth.models import ROLE_RANK, Role, User
from network.errors import DomainError
from network.events.labels import KIND_LABELS, QUESTION_LABELS, STATE_LABELS, VISIBILITY_LABELS
from network.events.models import MAX_REMINDER_HOURS, QuestionKind, RegistrationState
from network.events.registrations import answer_errors
from network.events.times import utc_to_local
from network.extensions import db
from network.forms import MultiCheckboxField
from network.geo import country_choices, language_choices
from network.groups import queries as group_queries
from network.i18n import TIMEZONES
from network.members.services import name_choices
from network.params import whole_number as parse_whole_number
from network.themes import queries as theme_queries
from network.times import local_to_utc
from network.validators import EmailAddress, HttpURL, PlainText, YearInRange

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
MAX_CAPACITY = 1_000_000


def whole_number(minimum: int, maximum: int):
    """ASCII digits only, in range; 'abc', '-1' and '²' get the same clear message."""

    def check(form, field):
        if not (field.data or "").strip():
            field.data = None
            return
        value = parse_whole_number(field.data, minimum, maximum)
        if value is None:
            raise ValidationError(field.gettext_message)
        field.data = value

    return check


class NumberField(StringField):
    def __init__(self, label, message, maximum, minimum=0, **kwargs):
        super().__init__(label, validators=[whole_number(minimum, maximum)], **kwargs)
        self.gettext_message = message


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), PlainText()])
    kind = SelectField(_l("Kind"), choices=list(KIND_LABELS.items()))
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=20000)],
        description=_l("Markdown: **bold**, *italic*, [links](https://…), lists."),
        render_kw={"rows": 8},
    )
    timezone = SelectField(
        _l("Time zone"),
        choices=[(z, z) for z in TIMEZONES],
        default="UTC",
        description=_l("Start and end are in this zone."),
    )
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format=LOCAL_FORMAT,
        validators=[InputRequired(_l("Enter the start date and time.")), YearInRange()],
    )
    ends_at = DateTimeLocalField(
        _l("Ends"),
        format=LOCAL_FORMAT,
        validators=[InputRequired(_l("Enter the end date and time.")), YearInRange()],
    )
    venue_name = StringField(_l("Venue"), validators=[Length(max=200), PlainText()])
    venue_address = StringField(_l("Address"), validators=[Length(max=300), PlainText()])
    city = StringField(_l("City"), validators=[Length(max=120), PlainText()])
    country = SelectField(_l("Country"), validators=[Optional()])
    join_url = StringField(
        _l("Online join link"),
        validators=[Length(max=500), HttpURL()],
        description=_l("Shown only to confirmed registrants."),
    )
    languages = SelectMultipleField(_l("Languages"), validators=[Optional()])
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validators=[Optional()])
    group = SelectField(_l("Working group"), coerce=int, validators=[Optional()])
    visibility = SelectField(_l("Who can see it"), choices=list(VISIBILITY_LABELS.items()))
    organizers = SelectMultipleField(
        _l("Organizers"),
        coerce=int,
        validators=[Optional()],
        description=_l("People with the organizer role."),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—")] + country_choices()
        self.languages.choices = language_choices()
        self.themes.choices = theme_queries.choices()
        self.group.choices = [(0, "—")] + group_queries.choices()
        organizer_roles = [
            r.value for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK[Role.ORGANIZER]
        ]
        self.organizers.choices = name_choices(
            db.session.scalars(
                select(User).where(User.role.in_(organizer_roles)).order_by(User.name, User.id)
            ),
            current_user,
        )

    def validate_ends_at(self, field):
        starts_utc = self._utc(self.starts_at)
        ends_utc = self._utc(field)
        if starts_utc and ends_utc and ends_utc <= starts_utc:
            raise ValidationError(_l("The event must end after it starts."))

    def validate_starts_at(self, field):
        self._utc(field)

    def _utc(self, field):
        if field.data is None or field.errors or self.timezone.data not in TIMEZONES:
            return None
        try:
            return local_to_utc(field.data, self.timezone.data)
        except DomainError as error:
            raise ValidationError(str(error.message)) from None

    def event_fields(self) -> dict:
        """What the services take, times in UTC."""
        return {
            "title": self.title.data,
            "kind": self.kind.data,
            "description": self.description.data or "",
            "timezone": self.timezone.data,
            "starts_at": local_to_utc(self.starts_at.data, self.timezone.data),
            "ends_at": local_to_utc(self.ends_at.data, self.timezone.data),
            "venue_name": self.venue_name.data or "",
            "venue_address": self.venue_address.data or "",
            "city": self.city.data or "",
            "country": self.country.data or "",
            "join_url": self.join_url.data or "",
            "group_id": self.group.data or None,
            "visibility": self.visibility.data,
            "languages": self.languages.data or [],
            "theme_ids": self.themes.data or [],
            "organizer_ids": self.organizers.data or [],
        }

    def fill(self, event):
        for name in (
            "title",
            "kind",
            "description",
            "timezone",
            "venue_name",
            "venue_address",
            "city",
            "country",
            "join_url",
            "visibility",
        ):
            getattr(self, name).data = getattr(event, name)
        self.starts_at.data = utc_to_local(event.starts_at, event.timezone)
        self.ends_at.data = utc_to_local(event.ends_at, event.timezone)
        self.group.data = event.group_id or 0
        self.languages.data = event.language_codes
        self.themes.data = [t.id for t in event.themes]
        self.organizers.data = [u.id for u in event.organizers]


class SettingsForm(FlaskForm):
    capacity = NumberField(
        _l("Capacity"),
        _l("Enter a whole number from 0 to %(n)s, or leave it empty for no limit.", n=MAX_CAPACITY),
        MAX_CAPACITY,
        description=_l("Empty means no limit."),
    )
    waitlist_enabled = BooleanField(_l("Keep a waiting list when the event is full"))
    opens_at = DateTimeLocalField(
        _l("Registration opens"),
        format=LOCAL_FORMAT,
        validators=[Optional(), YearInRange()],
        description=_l("In the event's time zone. Empty: open now."),
    )
    closes_at = DateTimeLocalField(
        _l("Registration closes"),
        format=LOCAL_FORMAT,
        validators=[Optional(), YearInRange()],
        description=_l("In the event's time zone. Empty: open until the event ends."),
    )
    approval_required = BooleanField(_l("Organizers approve each registration"))
    allow_non_members = BooleanField(_l("People without an account may register"))
    reminder_hours = NumberField(
        _l("Reminder, hours before the start"),
        _l("Enter a whole number of hours from 0 to %(n)s.", n=MAX_REMINDER_HOURS),
        MAX_REMINDER_HOURS,
        default="24",
    )
    submit = SubmitField(_l("Save settings"))

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def validate_opens_at(self, field):
        self._utc(field)

    def validate_closes_at(self, field):
        opens, closes = self._utc(self.opens_at), self._utc(field)
        if opens and closes and closes <= opens:
            raise ValidationError(_l("Registration must close after it opens."))

    def _utc(self, field):
        if field.data is None or field.errors:
            return None
        try:
            return local_to_utc(field.data, self.event.timezone)
        except DomainError as error:
            raise ValidationError(str(error.message)) from None

    def settings(self) -> dict:
        return {
            "capacity": self.capacity.data,
            "waitlist_enabled": self.waitlist_enabled.data,
            "opens_at": self._utc(self.opens_at),
            "closes_at": self._utc(self.closes_at),
            "approval_required": self.approval_required.data,
            "allow_non_members": self.allow_non_members.data,
            "reminder_hours": 24 if self.reminder_hours.data is None else self.reminder_hours.data,
        }

    def fill(self, event):
        self.capacity.data = "" if event.capacity is None else str(event.capacity)
        self.waitlist_enabled.data = event.waitlist_enabled
        self.opens_at.data = utc_to_local(event.registration_opens_at, event.timezone)
        self.closes_at.data = utc_to_local(event.registration_closes_at, event.timezone)
        self.approval_required.data = event.approval_required
        self.allow_non_members.data = event.allow_non_members
        self.reminder_hours.data = str(event.reminder_hours)


class QuestionForm(FlaskForm):
    label = StringField(_l("Question"), validators=[DataRequired(), Length(max=300), PlainText()])
    kind = SelectField(_l("Kind of answer"), choices=list(QUESTION_LABELS.items()))
    choices = TextAreaField(
        _l("Choices"),
        validators=[Length(max=5000)],
        description=_l("For choice questions: one choice per line."),
    )
    required = BooleanField(_l("An answer is required"))
    submit = SubmitField(_l("Add question"))


def registration_form(event, *, guest: bool, formdata=None):
    """The registration form of one event: name and email for guests, then its questions."""

    class RegistrationForm(FlaskForm):
        def validate(self, extra_validators=None):
            valid = super().validate(extra_validators)
            for question_id, message in answer_errors(event, self.answers()).items():
                getattr(self, f"q{question_id}").errors.append(message)
                valid = False
            return valid

        def answers(self) -> dict:
            return {q.id: getattr(self, f"q{q.id}").data for q in event.questions}

    fields = {}
    if guest:
        fields["name"] = StringField(
            _l("Your name"), validators=[DataRequired(), Length(max=120), PlainText()]
        )
        fields["email"] = EmailField(
            _l("Your email"), validators=[DataRequired(), Length(max=254), EmailAddress()]
        )
    for question in event.questions:
        kind = question.kind
        label = question.text("label")  # in the reader's language when there is a version
        flags = {"render_kw": {"aria-required": "true"}} if question.required else {}
        if kind == QuestionKind.SHORT.value:
            field = StringField(label, validators=[Length(max=300)], **flags)
        elif kind == QuestionKind.LONG.value:
            field = TextAreaField(label, validators=[Length(max=5000)], **flags)
        elif kind == QuestionKind.SINGLE.value:
            field = RadioField(
                label,
                choices=[(c, c) for c in question.choices],
                validate_choice=False,
                validators=[Optional()],
            )
        elif kind == QuestionKind.MULTIPLE.value:
            field = MultiCheckboxField(
                label,
                choices=[(c, c) for c in question.choices],
                validate_choice=False,
                validators=[Optional()],
            )
        else:
            field = BooleanField(label, **flags)
        fields[f"q{question.id}"] = field
    # Fields are ordered by creation; the submit button must come last.
    fields["submit"] = SubmitField(_l("Register"))
    form_class = type("EventRegistrationForm", (RegistrationForm,), fields)
    form = form_class(formdata=formdata) if formdata is not None else form_class()
    for question in event.questions:
        # The asterisk and the required attribute; answer_errors says what is missing.
        getattr(form, f"q{question.id}").flags.required = question.required
    return form


class AddPersonForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), PlainText()])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), EmailAddress()])
    waitlist = BooleanField(_l("Put on the waiting list instead"))
    override = BooleanField(_l("Exceed capacity if the event is full"))
    submit = SubmitField(_l("Add person"))


class MessageForm(FlaskForm):
    states = MultiCheckboxField(
        _l("Send to"),
        choices=[
            (s, STATE_LABELS[s])
            for s in (
                RegistrationState.CONFIRMED.value,
                RegistrationState.WAITLISTED.value,
                RegistrationState.PENDING.value,
            )
        ],
        default=[RegistrationState.CONFIRMED.value],
        validators=[Optional()],
    )
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200), PlainText()])
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l("Markdown: **bold**, *italic*, [links](https://…), lists."),
        render_kw={"rows": 10},
    )
    submit = SubmitField(_l("Send"))


class CancelEventForm(FlaskForm):
    """The confirmation page of an event's cancellation."""

    message = TextAreaField(
        _l("A message to registrants (optional)"),
        validators=[Optional(), Length(max=5000), PlainText(multiline=True)],
        description=_l("It goes into the cancellation mail, after our own words."),
        render_kw={"rows": 5},
    )
    confirmed = HiddenField(default="1")
    submit = SubmitField(_l("Cancel the event and tell registrants"))
