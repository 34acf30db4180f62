import calendar as monthcal
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from network import ical
from network.csvexport import csv_response
from network.errors import DomainError
from network.events import bp, forms, services, tasks  # noqa: F401  (tasks: periodic jobs)
from network.events.labels import KIND_LABELS, STATE_LABELS, template_labels
from network.events.models import Registration, RegistrationState
from network.extensions import db, limiter
from network.geo import country_choices, language_choices
from network.groups.models import WorkingGroup
from network.i18n import current_language, in_zone
from network.params import int_values, page_arg, whole_number
from network.permissions import organizer_required
from network.validators import FIRST_YEAR, LAST_YEAR
from network.themes.models import Theme

PER_PAGE = 20
FILTERS = ("kind", "theme", "country", "language", "group")


@bp.app_template_filter("event_time")
def event_time(value: datetime, zone_name: str) -> str:
    """A time in a named zone, in the current language, with the zone's name."""
    local = in_zone(value, zone_name)
    return f"{format_datetime(local, 'EEEE d MMMM y, HH:mm', locale=current_language())} ({zone_name})"


@bp.app_template_filter("month_name")
def month_name(value: date) -> str:
    return format_date(value, "LLLL y", locale=current_language())


@bp.app_template_filter("weekday_name")
def weekday_name(value: date) -> str:
    return format_date(value, "EEEE", locale=current_language())


@bp.app_template_filter("time_only")
def time_only(value: datetime) -> str:
    return format_time(value, "HH:mm", locale=current_language())


@bp.context_processor
def labels() -> dict:
    return {**template_labels(), "viewer_zone": services.viewer_zone(current_user)}


def _filters() -> dict:
    return {name: request.args.get(name, "").strip()[:80] or None for name in FILTERS}


def _filter_choices() -> dict:
    return {
        "kinds": list(KIND_LABELS.items()),
        "themes": db.session.scalars(select(Theme).order_by(Theme.position)).all(),
        "groups": db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.name)).all(),
        "countries": country_choices(),
        "languages": language_choices(),
    }


def _feed_links(filters: dict) -> list[tuple[str, str]]:
    links = [(_("All public events"), url_for("events.feed", _external=True))]
    if filters.get("group"):
        links.append((_("Events of this working group"),
                      url_for("events.group_feed", slug=filters["group"], _external=True)))
    if filters.get("theme"):
        links.append((_("Events on this theme"),
                      url_for("events.theme_feed", slug=filters["theme"], _external=True)))
    return links


@bp.route("/")
def index():
    filters = _filters()
    past = request.args.get("when") == "past"
    query = services.list_events(current_user, past=past, **filters)
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("events/index.html", page=page, filters=filters, past=past,
                           feed_links=_feed_links(filters), **_filter_choices())


@bp.route("/calendar")
def month():
    filters = _filters()
    zone = ZoneInfo(services.viewer_zone(current_user))
    today = datetime.now(zone).date()
    first = _month_arg() or today.replace(day=1)
    weeks = monthcal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start = datetime.combine(weeks[0][0], datetime.min.time(), zone).astimezone(timezone.utc)
    end = datetime.combine(weeks[-1][-1] + timedelta(days=1), datetime.min.time(), zone).astimezone(timezone.utc)
    events = db.session.scalars(services.list_events(
        current_user, starts_from=start, starts_before=end, **filters)).all()
    by_day: dict[date, list] = {}
    for event in events:
        by_day.setdefault(event.starts_at.astimezone(zone).date(), []).append(event)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render_template("events/calendar.html", weeks=weeks, by_day=by_day, first=first,
                           today=today, previous=previous, following=following, filters=filters,
                           feed_links=_feed_links(filters), zone=services.viewer_zone(current_user), **_filter_choices())


def _month_arg() -> date | None:
    """?month=YYYY-MM; unreadable is the current month, a year out of range is a 400."""
    try:
        first = datetime.strptime(request.args.get("month", ""), "%Y-%m").date()
    except ValueError:
        return None
    if not FIRST_YEAR <= first.year <= LAST_YEAR:
        raise DomainError(_("Choose a month between the years %(first)s and %(last)s.",
                            first=FIRST_YEAR, last=LAST_YEAR), 400)
    return first


# --- Feeds -----------------------------------------------------------------------------------

def _ics(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@bp.route("/feed.ics")
def feed():
    return _ics(ical.feed(services.feed_events(), _("Public events")), "events.ics")


@bp.route("/feeds/group/<slug>.ics")
def group_feed(slug):
    group = db.first_or_404(select(WorkingGroup).where(WorkingGroup.slug == slug))
    return _ics(ical.feed(services.feed_events(group=group), group.name), f"{group.slug}.ics")


@bp.route("/feeds/theme/<slug>.ics")
def theme_feed(slug):
    theme = db.first_or_404(select(Theme).where(Theme.slug == slug))
    return _ics(ical.feed(services.feed_events(theme=theme), theme.name), f"{theme.slug}.ics")


@bp.route("/my/<token>.ics")
def personal_feed(token):
    user = services.user_by_feed_token(token)
    response = _ics(ical.personal_feed(services.my_registrations(user), _("My events")), "my-events.ics")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/my")
@login_required
def mine():
    token = services.feed_token(current_user)
    db.session.commit()
    return render_template("events/mine.html", registrations=services.my_registrations(current_user, active_only=False),
                           feed_url=url_for("events.personal_feed", token=token.token, _external=True))


@bp.route("/my/feed/reset", methods=["POST"])
@login_required
def reset_feed():
    services.reset_feed_token(current_user)
    db.session.commit()
    flash(_("Your calendar address has been replaced. The old one no longer works."), "success")
    return redirect(url_for("events.mine"))


# --- Public event page and registration ------------------------------------------------------

def _registration_of(event):
    if not current_user.is_authenticated:
        return None
    return db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.user_id == current_user.id)
        .order_by(Registration.id.desc()).limit(1))


def _show(event, form=None, status=200):
    registration = _registration_of(event)
    guest = not current_user.is_authenticated
    if form is None and services.registration_open(event) and not (registration and registration.is_active):
        form = forms.registration_form(event, guest=guest) if (not guest or event.allow_non_members) else None
    return render_template("events/show.html", event=event, registration=registration, form=form,
                           can_manage=services.can_manage(event, current_user),
                           is_open=services.registration_open(event),
                           feed_links=[(event.title, url_for("events.download", slug=event.slug, _external=True))]
                           ), status


@bp.route("/<slug>")
def show(slug):
    return _show(services.visible_event(slug, current_user))


@bp.route("/<slug>/event.ics")
def download(slug):
    event = services.visible_event(slug, current_user)
    return _ics(ical.feed([event], event.title), f"{event.slug}.ics")


@bp.route("/<slug>/register", methods=["POST"])
@limiter.limit("20 per 10 minutes", methods=["POST"])
def register(slug):
    event = services.visible_event(slug, current_user)
    guest = not current_user.is_authenticated
    form = forms.registration_form(event, guest=guest, formdata=request.form)
    if not form.validate():
        return _show(event, form, 400)
    try:
        if guest:
            services.register_guest(event, name=form.name.data, email=form.email.data,
                                    answers=form.answers(), language=current_language())
            db.session.commit()
            return render_template("events/check_inbox.html", event=event)
        registration = services.register(event, user=current_user, answers=form.answers())
        db.session.commit()
    except services.AlreadyRegistered:
        db.session.rollback()
        flash(_("You are already registered for this event."), "info")
        return redirect(url_for("events.show", slug=event.slug))
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return _show(event, form, error.status)
    flash(_state_message(registration.state), "success")
    return redirect(url_for("events.show", slug=event.slug))


def _state_message(state: str) -> str:
    return {
        RegistrationState.CONFIRMED.value: _("You are registered. We have sent you a confirmation."),
        RegistrationState.WAITLISTED.value: _("The event is full: you are on the waiting list. "
                                              "We will write if a seat frees up."),
        RegistrationState.PENDING.value: _("Thank you. The organizers will review your registration."),
    }.get(state, _("Your registration has been updated."))


@bp.route("/<slug>/cancel-registration", methods=["POST"])
@login_required
def cancel_mine(slug):
    event = services.visible_event(slug, current_user)
    registration = _registration_of(event)
    if registration is None:
        abort(404)
    services.cancel_registration(registration, actor=current_user)
    db.session.commit()
    flash(_("Your registration is cancelled."), "info")
    return redirect(url_for("events.show", slug=event.slug))


@bp.route("/r/<token>/confirm", methods=["GET", "POST"])
@limiter.limit("30 per 10 minutes", methods=["POST"])
def confirm_registration(token):
    registration = services.registration_by_token(token)
    # Mail scanners open links, so the GET only shows a button.
    if request.method == "POST":
        registration = services.confirm_email(token)
        db.session.commit()
        flash(_state_message(registration.state), "success")
        return redirect(url_for("events.manage_registration", token=token))
    return render_template("events/confirm_link.html", registration=registration, event=registration.event)


@bp.route("/r/<token>")
def manage_registration(token):
    registration = services.registration_by_token(token)
    return render_template("events/registration.html", registration=registration,
                           event=registration.event, token=token)


@bp.route("/r/<token>/cancel", methods=["POST"])
@limiter.limit("30 per 10 minutes", methods=["POST"])
def cancel_by_link(token):
    registration = services.registration_by_token(token)
    services.cancel_registration(registration)
    db.session.commit()
    flash(_("Your registration is cancelled."), "info")
    return redirect(url_for("events.manage_registration", token=token))


# --- Organizers ------------------------------------------------------------------------------

@bp.route("/new", methods=["GET", "POST"])
@organizer_required
def create():
    form = forms.EventForm()
    if not form.is_submitted():
        form.organizers.data = [current_user.id]
    if form.validate_on_submit():
        event = services.create_event(current_user, **form.event_fields())
        db.session.commit()
        flash(_("The event is saved as a draft. Set up registration, then publish it."), "success")
        return redirect(url_for("events.settings", event_id=event.id))
    return render_template("events/form.html", form=form, event=None), 400 if form.errors else 200


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id):
    event = services.managed_event(event_id, current_user)
    form = forms.EventForm()
    if not form.is_submitted():
        form.fill(event)
    if form.validate_on_submit():
        try:
            told = services.update_event(event, current_user, **form.event_fields())
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "danger")
            return render_template("events/form.html", form=form, event=event), error.status
        db.session.commit()
        flash(_("The event is saved. Registrants have been sent the updated invitation.") if told
              else _("The event is saved."), "success")
        return redirect(url_for("events.manage", event_id=event.id))
    return render_template("events/form.html", form=form, event=event), 400 if form.errors else 200


@bp.route("/<int:event_id>/manage")
@login_required
def manage(event_id):
    event = services.managed_event(event_id, current_user)
    return render_template("events/manage.html", event=event, counts=services.state_counts(event))


@bp.route("/<int:event_id>/settings", methods=["GET", "POST"])
@login_required
def settings(event_id):
    event = services.managed_event(event_id, current_user)
    form = forms.SettingsForm(event=event)
    if not form.is_submitted():
        form.fill(event)
    if form.validate_on_submit():
        try:
            services.update_registration_settings(event, current_user, **form.settings())
        except DomainError as error:
            db.session.rollback()
            form.capacity.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Registration settings saved."), "success")
            return redirect(url_for("events.manage", event_id=event.id))
    return render_template("events/settings.html", form=form, event=event,
                           question_form=forms.QuestionForm(formdata=None)), 400 if form.errors else 200


@bp.route("/<int:event_id>/questions", methods=["POST"])
@login_required
def add_question(event_id):
    event = services.managed_event(event_id, current_user)
    question_form = forms.QuestionForm()
    if question_form.validate_on_submit():
        try:
            services.add_question(event, kind=question_form.kind.data, label=question_form.label.data,
                                  choices=(question_form.choices.data or "").splitlines(),
                                  required=question_form.required.data)
        except DomainError as error:
            db.session.rollback()
            question_form.choices.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Question added."), "success")
            return redirect(url_for("events.settings", event_id=event.id))
    form = forms.SettingsForm(event=event)
    form.fill(event)
    return render_template("events/settings.html", form=form, event=event, question_form=question_form), 400


@bp.route("/<int:event_id>/questions/<int:question_id>/delete", methods=["POST"])
@login_required
def delete_question(event_id, question_id):
    event = services.managed_event(event_id, current_user)
    services.delete_question(event, question_id)
    db.session.commit()
    flash(_("Question removed."), "info")
    return redirect(url_for("events.settings", event_id=event.id))


@bp.route("/<int:event_id>/publish", methods=["POST"])
@login_required
def publish(event_id):
    event = services.managed_event(event_id, current_user)
    services.publish_event(event, current_user)
    db.session.commit()
    flash(_("The event is published."), "success")
    return redirect(url_for("events.manage", event_id=event.id))


@bp.route("/<int:event_id>/cancel", methods=["POST"])
@login_required
def cancel_event(event_id):
    event = services.managed_event(event_id, current_user)
    services.cancel_event(event, current_user)
    db.session.commit()
    flash(_("The event is cancelled and registrants have been told."), "info")
    return redirect(url_for("events.manage", event_id=event.id))


@bp.route("/<int:event_id>/registrants")
@login_required
def registrants(event_id):
    event = services.managed_event(event_id, current_user)
    state = request.args.get("state") if request.args.get("state") in STATE_LABELS else None
    search = request.args.get("q", "").strip()[:100]
    return render_template("events/registrants.html", event=event, state=state, search=search,
                           registrants=services.registrants(event, state=state, search=search),
                           counts=services.state_counts(event), add_form=forms.AddPersonForm(formdata=None),
                           answers=services.answer_columns)


@bp.route("/<int:event_id>/registrants.csv")
@login_required
def export(event_id):
    event = services.managed_event(event_id, current_user)
    header = [_("Name"), _("Email"), _("State"), _("Registered"), _("Checked in"),
              *[q.label for q in event.questions]]
    return csv_response(f"{event.slug}-registrants.csv", header, services.export_rows(event))


ACTIONS = {
    "approve": lambda r, actor, override: services.approve(r, actor, override=override),
    "waitlist": lambda r, actor, override: services.move_to_waitlist(r, actor),
    "reject": lambda r, actor, override: services.reject(r, actor),
    "cancel": lambda r, actor, override: services.cancel_registration(r, actor=actor),
}


@bp.route("/<int:event_id>/registrants/<int:registration_id>", methods=["POST"])
@login_required
def act(event_id, registration_id):
    event = services.managed_event(event_id, current_user)
    registration = services.managed_registration(event, registration_id)
    action = ACTIONS.get(request.form.get("action", ""))
    if action is None:
        abort(400)
    try:
        action(registration, current_user, request.form.get("override") == "1")
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        flash(_("%(name)s: %(state)s.", name=registration.name or registration.email,
                state=STATE_LABELS[registration.state]), "success")
    return redirect(url_for("events.registrants", event_id=event.id))


@bp.route("/<int:event_id>/registrants/add", methods=["POST"])
@login_required
def add_person(event_id):
    event = services.managed_event(event_id, current_user)
    form = forms.AddPersonForm()
    if form.validate_on_submit():
        try:
            services.add_person(event, current_user, name=form.name.data, email=form.email.data,
                                waitlist=form.waitlist.data, override=form.override.data)
        except DomainError as error:
            db.session.rollback()
            form.email.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("%(name)s is added.", name=form.name.data), "success")
            return redirect(url_for("events.registrants", event_id=event.id))
    return render_template("events/registrants.html", event=event, state=None, search="",
                           registrants=services.registrants(event), counts=services.state_counts(event),
                           add_form=form, answers=services.answer_columns), 400


@bp.route("/<int:event_id>/message", methods=["GET", "POST"])
@login_required
def message(event_id):
    event = services.managed_event(event_id, current_user)
    form = forms.MessageForm()
    chosen = int_values("ids")
    people = [services.managed_registration(event, i) for i in chosen]
    if form.validate_on_submit():
        try:
            count = services.message_registrants(event, current_user, subject=form.subject.data,
                                                 body=form.body.data, states=form.states.data,
                                                 registration_ids=chosen)
        except DomainError as error:
            db.session.rollback()
            form.states.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Your message is on its way to %(n)s people.", n=count), "success")
            return redirect(url_for("events.registrants", event_id=event.id))
    return render_template("events/message.html", event=event, form=form, people=people), \
        400 if form.errors else 200


@bp.route("/<int:event_id>/checkin", methods=["GET", "POST"])
@login_required
def checkin(event_id):
    event = services.managed_event(event_id, current_user)
    if request.method == "POST":
        registration = services.managed_registration(
            event, whole_number(request.form.get("registration_id"), 1) or 0)
        services.check_in(registration, current_user, undo=request.form.get("undo") == "1")
        db.session.commit()
        return redirect(url_for("events.checkin", event_id=event.id, q=request.form.get("q", "")))
    search = request.args.get("q", "").strip()[:100]
    return render_template("events/checkin.html", event=event, search=search,
                           people=services.registrants(event, state=RegistrationState.CONFIRMED.value,
                                                       search=search),
                           counts=services.state_counts(event))


@bp.route("/checkin/<code>", methods=["GET", "POST"])
@login_required
def checkin_code(code):
    registration = services.registration_by_checkin_code(code)
    event = services.managed_event(registration.event_id, current_user)
    if request.method == "POST":
        try:
            services.check_in(registration, current_user)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "danger")
        else:
            db.session.commit()
            flash(_("%(name)s is checked in.", name=registration.name or registration.email), "success")
        return redirect(url_for("events.checkin_code", code=code))
    return render_template("events/checkin_person.html", event=event, registration=registration)

