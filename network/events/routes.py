import calendar as monthcal
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from network import ical
from network.errors import DomainError, NotFound
from network.events import access, bp, feeds, forms, jsonld, listing, registrations
from network.events.labels import KIND_LABELS, template_labels
from network.events.models import Registration, RegistrationState
from network.extensions import db, limiter
from network.geo import country_choices, language_choices
from network.groups import queries as group_queries
from network.i18n import current_language
from network.params import page_arg
from network.themes import queries as theme_queries
from network.validators import FIRST_YEAR, LAST_YEAR
from network.web import attempt, confirmation, confirmed

PER_PAGE = 20
FILTERS = ("kind", "theme", "country", "language", "group")


@bp.context_processor
def labels() -> dict:
    return {**template_labels(), "viewer_zone": access.viewer_zone(current_user)}


def _filters() -> dict:
    return {name: request.args.get(name, "").strip()[:80] or None for name in FILTERS}


def _filter_choices() -> dict:
    return {
        "kinds": list(KIND_LABELS.items()),
        "themes": theme_queries.all_themes(),
        "groups": group_queries.all_groups(),
        "countries": country_choices(),
        "languages": language_choices(),
    }


def _feed_links(filters: dict) -> list[tuple[str, str]]:
    links = [(_("All public events"), url_for("events.feed", _external=True))]
    if filters.get("group"):
        links.append(
            (
                _("Events of this working group"),
                url_for("events.group_feed", slug=filters["group"], _external=True),
            )
        )
    if filters.get("theme"):
        links.append(
            (
                _("Events on this theme"),
                url_for("events.theme_feed", slug=filters["theme"], _external=True),
            )
        )
    return links


@bp.route("/")
def index():
    filters = _filters()
    past = request.args.get("when") == "past"
    query = listing.list_events(current_user, past=past, **filters)
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template(
        "events/index.html",
        page=page,
        filters=filters,
        past=past,
        feed_links=_feed_links(filters),
        **_filter_choices(),
    )


@bp.route("/calendar")
def month():
    filters = _filters()
    zone = ZoneInfo(access.viewer_zone(current_user))
    today = datetime.now(zone).date()
    first = _month_arg() or today.replace(day=1)
    weeks = monthcal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start = datetime.combine(weeks[0][0], datetime.min.time(), zone).astimezone(UTC)
    end = datetime.combine(weeks[-1][-1] + timedelta(days=1), datetime.min.time(), zone).astimezone(
        UTC
    )
    events = db.session.scalars(
        listing.list_events(current_user, starts_from=start, starts_before=end, **filters)
    ).all()
    by_day: dict[date, list] = {}
    for event in events:
        by_day.setdefault(event.starts_at.astimezone(zone).date(), []).append(event)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render_template(
        "events/calendar.html",
        weeks=weeks,
        by_day=by_day,
        first=first,
        today=today,
        previous=previous,
        following=following,
        filters=filters,
        feed_links=_feed_links(filters),
        zone=access.viewer_zone(current_user),
        **_filter_choices(),
    )


def _month_arg() -> date | None:
    """?month=YYYY-MM; unreadable is the current month, a year out of range is a 400."""
    try:
        first = datetime.strptime(request.args.get("month", ""), "%Y-%m").date()
    except ValueError:
        return None
    if not FIRST_YEAR <= first.year <= LAST_YEAR:
        raise DomainError(
            _(
                "Choose a month between the years %(first)s and %(last)s.",
                first=FIRST_YEAR,
                last=LAST_YEAR,
            ),
            400,
        )
    return first


# --- Feeds -----------------------------------------------------------------------------------


def _ics(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@bp.route("/feed.ics")
def feed():
    return _ics(ical.feed(listing.feed_events(), _("Public events")), "events.ics")


@bp.route("/feeds/group/<slug>.ics")
def group_feed(slug):
    group = group_queries.group_by_slug(slug)
    if group is None:
        raise NotFound()
    return _ics(ical.feed(listing.feed_events(group=group), group.name), f"{group.slug}.ics")


@bp.route("/feeds/theme/<slug>.ics")
def theme_feed(slug):
    theme = theme_queries.theme_by_slug(slug)
    if theme is None:
        raise NotFound()
    return _ics(ical.feed(listing.feed_events(theme=theme), theme.name), f"{theme.slug}.ics")


@bp.route("/my/<token>.ics")
def personal_feed(token):
    user = feeds.user_by_feed_token(token)
    response = _ics(
        ical.personal_feed(listing.my_registrations(user), _("My events")), "my-events.ics"
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/my")
@login_required
def mine():
    token = attempt(feeds.feed_token, current_user).value
    return render_template(
        "events/mine.html",
        registrations=listing.my_registrations(current_user, active_only=False),
        feed_url=url_for("events.personal_feed", token=token.token, _external=True),
    )


@bp.route("/my/feed/reset", methods=["POST"])
@login_required
def reset_feed():
    if not confirmed():
        return confirmation(
            _("Replace your calendar address?"),
            _("Replace the address"),
            text=_(
                "Calendars subscribed to the old address stop receiving your events; "
                "subscribe them to the new one."
            ),
            back=url_for("events.mine"),
        )
    attempt(
        feeds.reset_feed_token,
        current_user,
        done=_("Your calendar address has been replaced. The old one no longer works."),
    )
    return redirect(url_for("events.mine"))


# --- Public event page and registration ------------------------------------------------------


def _registration_of(event):
    if not current_user.is_authenticated:
        return None
    return db.session.scalar(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.user_id == current_user.id)
        .order_by(Registration.id.desc())
        .limit(1)
    )


def _show(event, form=None, status=200):
    registration = _registration_of(event)
    guest = not current_user.is_authenticated
    if (
        form is None
        and registrations.registration_open(event)
        and not (registration and registration.is_active)
    ):
        form = (
            forms.registration_form(event, guest=guest)
            if (not guest or event.allow_non_members)
            else None
        )
    return render_template(
        "events/show.html",
        event=event,
        registration=registration,
        form=form,
        can_manage=access.can_manage(event, current_user),
        is_open=registrations.registration_open(event),
        feed_links=[(event.title, url_for("events.download", slug=event.slug, _external=True))],
        event_data=jsonld.event_data(event),
    ), status


@bp.route("/<slug>")
def show(slug):
    return _show(access.visible_event(slug, current_user))


@bp.route("/<slug>/event.ics")
def download(slug):
    event = access.visible_event(slug, current_user)
    return _ics(ical.feed([event], event.title), f"{event.slug}.ics")


@bp.route("/<slug>/register", methods=["POST"])
@limiter.limit("20 per 10 minutes", methods=["POST"])
def register(slug):
    event = access.visible_event(slug, current_user)
    guest = not current_user.is_authenticated
    form = forms.registration_form(event, guest=guest, formdata=request.form)
    if not form.validate():
        return _show(event, form, 400)
    if guest:
        outcome = attempt(
            registrations.register_guest,
            event,
            name=form.name.data,
            email=form.email.data,
            answers=form.answers(),
            language=current_language(),
        )
        if outcome.ok:
            return render_template("events/check_inbox.html", event=event)
    else:
        outcome = attempt(
            registrations.register,
            event,
            user=current_user,
            answers=form.answers(),
            done=lambda registration: _state_message(registration.state),
        )
        if outcome.ok or isinstance(outcome.error, registrations.AlreadyRegistered):
            return redirect(url_for("events.show", slug=event.slug))
    return _show(event, form, outcome.status)


def _state_message(state: str) -> str:
    return {
        RegistrationState.CONFIRMED.value: _(
            "You are registered. We have sent you a confirmation."
        ),
        RegistrationState.WAITLISTED.value: _(
            "The event is full: you are on the waiting list. We will write if a seat frees up."
        ),
        RegistrationState.PENDING.value: _(
            "Thank you. The organizers will review your registration."
        ),
    }.get(state, _("Your registration has been updated."))


@bp.route("/<slug>/cancel-registration", methods=["POST"])
@login_required
def cancel_mine(slug):
    event = access.visible_event(slug, current_user)
    registration = _registration_of(event)
    if registration is None:
        raise NotFound()
    if not confirmed():
        return _confirm_cancelling(event, url_for("events.show", slug=event.slug))
    attempt(
        registrations.cancel_registration,
        registration,
        actor=current_user,
        done=_("Your registration is cancelled."),
    )
    return redirect(url_for("events.show", slug=event.slug))


def _confirm_cancelling(event, back: str):
    return confirmation(
        _("Cancel your registration for %(title)s?", title=event.title),
        _("Cancel my registration"),
        text=_("You give up your place, and it may go to someone else."),
        back=back,
    )


@bp.route("/r/<token>/confirm", methods=["GET", "POST"])
@limiter.limit("30 per 10 minutes", methods=["POST"])
def confirm_registration(token):
    registration = registrations.registration_by_token(token)
    status = 200
    # Mail scanners open links, so the GET only shows a button.
    if request.method == "POST":
        outcome = attempt(
            registrations.confirm_email,
            token,
            done=lambda confirmed: _state_message(confirmed.state),
        )
        if outcome.ok:
            return redirect(url_for("events.manage_registration", token=token))
        status = outcome.status
    return render_template(
        "events/confirm_link.html", registration=registration, event=registration.event
    ), status


@bp.route("/r/<token>")
def manage_registration(token):
    registration = registrations.registration_by_token(token)
    return render_template(
        "events/registration.html", registration=registration, event=registration.event, token=token
    )


@bp.route("/r/<token>/cancel", methods=["POST"])
@limiter.limit("30 per 10 minutes", methods=["POST"])
def cancel_by_link(token):
    registration = registrations.registration_by_token(token)
    if not confirmed():
        return _confirm_cancelling(
            registration.event, url_for("events.manage_registration", token=token)
        )
    attempt(
        registrations.cancel_registration, registration, done=_("Your registration is cancelled.")
    )
    return redirect(url_for("events.manage_registration", token=token))
