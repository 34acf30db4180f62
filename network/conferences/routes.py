"""Public conference pages, each person's programme, and authors' abstracts."""

from flask import Response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network import ical
from network.auth.models import Role
from network.conferences import abstracts, access, bp, reviewing, schedule
from network.conferences.forms import abstract_form, question_fields
from network.conferences.models import AbstractState
from network.dbtypes import utcnow
from network.events.access import can_manage
from network.extensions import limiter
from network.web import attempt, confirmation, confirmed


def form_page(template: str, forms=(), **context):
    """A page with forms: 400 when one of them has errors."""
    status = 400 if any(f.errors for f in forms) else 200
    return render_template(template, **context), status


# --- Public pages -----------------------------------------------------------------------------


@bp.route("/")
def index():
    managed = (
        access.managed_conferences(current_user)
        if current_user.is_authenticated and current_user.has_role(Role.ORGANIZER)
        else []
    )
    mine = abstracts.my_abstracts(None, current_user) if current_user.is_authenticated else []
    return render_template(
        "conferences/index.html",
        managed=managed,
        mine=mine,
        conferences=access.visible_conferences(current_user),
    )


@bp.route("/<slug>/")
def show(slug):
    event = access.conference_or_404(slug, current_user)
    call = access.call_of(event)
    return render_template(
        "conferences/show.html",
        event=event,
        call=call,
        now=utcnow(),
        organizer=can_manage(event, current_user),
        mine=abstracts.my_abstracts(call, current_user)
        if call and current_user.is_authenticated
        else [],
        assigned=reviewing.assigned_abstracts(current_user, call)
        if call and current_user.is_authenticated
        else [],
    )


@bp.route("/<slug>/programme")
def programme(slug):
    event = access.conference_or_404(slug, current_user)
    days = schedule.programme_by_day(event)
    return render_template(
        "conferences/programme.html",
        event=event,
        days=days,
        clocks=schedule.clock_labels(event, days),
        marked=schedule.marked_ids(current_user, event),
    )


@bp.route("/<slug>/programme.ics")
def programme_feed(slug):
    event = access.conference_or_404(slug, current_user)
    body = ical.programme_feed(
        event,
        schedule.sessions_of(event),
        _("Programme: %(title)s", title=event.title),
        schedule.session_description,
    )
    return Response(
        body,
        content_type=ical.CONTENT_TYPE,
        headers={"Content-Disposition": f'inline; filename="programme-{event.slug}.ics"'},
    )


@bp.route("/<slug>/sessions/<int:session_id>/mark", methods=["POST"])
@login_required
def mark_session(slug, session_id):
    event = access.conference_or_404(slug, current_user)
    session = schedule.event_session(event, session_id)
    title = session.title
    attempt(
        schedule.toggle_mark,
        current_user,
        session,
        done=lambda marked: (
            _("“%(title)s” is in your programme.", title=title)
            if marked
            else _("“%(title)s” is no longer in your programme.", title=title)
        ),
    )
    return redirect(url_for("conferences.programme", slug=slug) + f"#session-{session_id}")


@bp.route("/<slug>/my-programme.ics")
@login_required
def my_programme(slug):
    event = access.conference_or_404(slug, current_user)
    body = ical.programme_feed(
        event,
        schedule.marked_sessions(current_user, event),
        _("My programme: %(title)s", title=event.title),
        schedule.session_description,
    )
    return Response(
        body,
        content_type=ical.CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="my-programme-{event.slug}.ics"'},
    )


@bp.route("/<slug>/speakers")
def speakers(slug):
    event = access.conference_or_404(slug, current_user)
    return render_template(
        "conferences/speakers.html", event=event, speakers=schedule.speakers_of(event)
    )


@bp.route("/<slug>/speakers/<int:speaker_id>")
def speaker(slug, speaker_id):
    event = access.conference_or_404(slug, current_user)
    return render_template(
        "conferences/speaker.html", event=event, speaker=schedule.event_speaker(event, speaker_id)
    )


# --- Authors ----------------------------------------------------------------------------------


@bp.route("/<slug>/submit", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per 10 minutes", methods=["POST"])
def submit(slug):
    event = access.conference_or_404(slug, current_user)
    call = access.call_or_404(event)
    abstracts.check_open(call, utcnow())
    form = abstract_form(call)
    context = {"event": event, "call": call, "form": form, "questions": question_fields(form, call)}
    if form.add_row(call):
        return render_template("conferences/abstract_form.html", **context)
    if form.validate_on_submit():
        outcome = attempt(
            abstracts.submit_abstract,
            call,
            current_user,
            form.data_for(call),
            utcnow(),
            done=_("Your abstract is submitted. We have sent you a confirmation."),
        )
        if outcome.ok:
            return redirect(url_for("conferences.abstract", abstract_id=outcome.value.id))
        return render_template("conferences/abstract_form.html", **context), outcome.status
    return form_page("conferences/abstract_form.html", [form], **context)


@bp.route("/<slug>/my-abstracts")
@login_required
def my_abstracts(slug):
    event = access.conference_or_404(slug, current_user)
    call = access.call_or_404(event)
    return render_template(
        "conferences/my_abstracts.html",
        event=event,
        call=call,
        now=utcnow(),
        abstracts=abstracts.my_abstracts(call, current_user),
    )


def _abstract_page(abstract, status=200):
    decided = abstract.announced_state in (
        AbstractState.ACCEPTED.value,
        AbstractState.REJECTED.value,
    )
    return render_template(
        "conferences/abstract.html",
        abstract=abstract,
        call=abstract.call,
        event=abstract.call.event,
        decided=decided,
        now=utcnow(),
    ), status


@bp.route("/abstracts/<int:abstract_id>")
@login_required
def abstract(abstract_id):
    return _abstract_page(abstracts.own_abstract(abstract_id, current_user))


@bp.route("/abstracts/<int:abstract_id>/edit", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per 10 minutes", methods=["POST"])
def edit_abstract(abstract_id):
    abstract = abstracts.own_abstract(abstract_id, current_user)
    call = abstract.call
    abstracts.check_open(call, utcnow())
    form = abstract_form(call)
    if not form.is_submitted():
        form.fill(abstract)
        form.setup(call)
    context = {
        "event": call.event,
        "call": call,
        "form": form,
        "abstract": abstract,
        "questions": question_fields(form, call),
    }
    if form.add_row(call):
        return render_template("conferences/abstract_form.html", **context)
    if form.validate_on_submit():
        outcome = attempt(
            abstracts.update_abstract,
            abstract,
            form.data_for(call),
            utcnow(),
            done=_("Your changes are saved."),
        )
        if outcome.ok:
            return redirect(url_for("conferences.abstract", abstract_id=abstract.id))
        return render_template("conferences/abstract_form.html", **context), outcome.status
    return form_page("conferences/abstract_form.html", [form], **context)


@bp.route("/abstracts/<int:abstract_id>/withdraw", methods=["POST"])
@login_required
def withdraw(abstract_id):
    abstract = abstracts.own_abstract(abstract_id, current_user)
    if not confirmed():
        return confirmation(
            _("Withdraw your abstract “%(title)s”?", title=abstract.title),
            _("Withdraw my abstract"),
            text=_("It is no longer reviewed nor in the programme. This cannot be undone."),
            back=url_for("conferences.abstract", abstract_id=abstract_id),
        )
    outcome = attempt(abstracts.withdraw_abstract, abstract, done=_("Your abstract is withdrawn."))
    if not outcome.ok:
        return _abstract_page(abstract, outcome.status)
    return redirect(url_for("conferences.abstract", abstract_id=abstract_id))
