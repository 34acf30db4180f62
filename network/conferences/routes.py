from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext as _
from flask_login import current_user, login_required

from network import ical
from network.auth.models import Role
from network.conferences import bp, services
from network.conferences.forms import (CallForm, DecisionForm, DurationForm, EmailTemplateForm,
                                       ReviewerForm, SessionForm, TalkForm, abstract_form,
                                       criterion_fields, question_fields, review_form,
                                       review_scores)
from network.conferences.models import STATE_LABELS, AbstractState
from network.dbtypes import utcnow
from network.errors import DomainError
from network.extensions import db, limiter
from network.i18n import current_language
from network.params import page_arg


@bp.app_template_filter("conf_clock")
def conf_clock(moment, zone: str) -> str:
    return services.local_clock(moment, zone)


@bp.app_template_filter("conf_when")
def conf_when(moment, zone: str) -> str:
    return babel_dates.format_datetime(moment, "EEE d MMM, HH:mm", tzinfo=ZoneInfo(zone),
                                       locale=current_language())


@bp.app_template_filter("conf_date")
def conf_date(moment, zone: str) -> str:
    return format_date(moment.astimezone(ZoneInfo(zone)).date(), "long")


@bp.app_template_filter("conf_day")
def conf_day(day) -> str:
    return format_date(day, "full")


def _render(template: str, forms=(), **context):
    """A page with forms: 400 when one of them has errors."""
    status = 400 if any(f.errors for f in forms) else 200
    return render_template(template, **context), status


def _failed(error: DomainError, template: str, **context):
    """Re-show a form with the rule that was broken; nothing was stored."""
    db.session.rollback()
    flash(str(error.message), "danger")
    return render_template(template, **context), error.status


# --- Public pages -----------------------------------------------------------------------------

@bp.route("/")
def index():
    managed = services.managed_conferences(current_user) if current_user.is_authenticated \
        and current_user.has_role(Role.ORGANIZER) else []
    mine = services.my_abstracts(None, current_user) if current_user.is_authenticated else []
    return render_template("conferences/index.html", managed=managed, mine=mine,
                           conferences=services.visible_conferences(current_user))


@bp.route("/<slug>/")
def show(slug):
    event = services.conference_or_404(slug, current_user)
    call = services.call_of(event)
    return render_template("conferences/show.html", event=event, call=call, now=utcnow(),
                           organizer=services.can_manage(event, current_user),
                           mine=services.my_abstracts(call, current_user)
                           if call and current_user.is_authenticated else [],
                           assigned=services.assigned_abstracts(current_user, call)
                           if call and current_user.is_authenticated else [])


@bp.route("/<slug>/programme")
def programme(slug):
    event = services.conference_or_404(slug, current_user)
    return render_template("conferences/programme.html", event=event,
                           days=services.programme_by_day(event),
                           marked=services.marked_ids(current_user, event))


@bp.route("/<slug>/programme.ics")
def programme_feed(slug):
    event = services.conference_or_404(slug, current_user)
    body = ical.programme_feed(event, services.sessions_of(event),
                               _("Programme: %(title)s", title=event.title),
                               services.session_description)
    return Response(body, content_type=ical.CONTENT_TYPE,
                    headers={"Content-Disposition": f'inline; filename="programme-{event.slug}.ics"'})


@bp.route("/<slug>/sessions/<int:session_id>/mark", methods=["POST"])
@login_required
def mark_session(slug, session_id):
    event = services.conference_or_404(slug, current_user)
    session = services.event_session(event, session_id)
    if services.toggle_mark(current_user, session):
        flash(_("“%(title)s” is in your programme.", title=session.title), "success")
    else:
        flash(_("“%(title)s” is no longer in your programme.", title=session.title), "info")
    db.session.commit()
    return redirect(url_for("conferences.programme", slug=slug) + f"#session-{session.id}")


@bp.route("/<slug>/my-programme.ics")
@login_required
def my_programme(slug):
    event = services.conference_or_404(slug, current_user)
    body = ical.programme_feed(event, services.marked_sessions(current_user, event),
                               _("My programme: %(title)s", title=event.title),
                               services.session_description)
    return Response(body, content_type=ical.CONTENT_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="my-programme-{event.slug}.ics"'})


@bp.route("/<slug>/speakers")
def speakers(slug):
    event = services.conference_or_404(slug, current_user)
    return render_template("conferences/speakers.html", event=event,
                           speakers=services.speakers_of(event))


@bp.route("/<slug>/speakers/<int:speaker_id>")
def speaker(slug, speaker_id):
    event = services.conference_or_404(slug, current_user)
    return render_template("conferences/speaker.html", event=event,
                           speaker=services.event_speaker(event, speaker_id))


# --- Authors ----------------------------------------------------------------------------------

@bp.route("/<slug>/submit", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per 10 minutes", methods=["POST"])
def submit(slug):
    event = services.conference_or_404(slug, current_user)
    call = services.call_or_404(event)
    services.check_open(call, utcnow())
    form = abstract_form(call)
    context = dict(event=event, call=call, form=form, questions=question_fields(form, call))
    if form.add_row(call):
        return render_template("conferences/abstract_form.html", **context)
    if form.validate_on_submit():
        try:
            abstract = services.submit_abstract(call, current_user, form.data_for(call), utcnow())
        except DomainError as error:
            return _failed(error, "conferences/abstract_form.html", **context)
        db.session.commit()
        flash(_("Your abstract is submitted. We have sent you a confirmation."), "success")
        return redirect(url_for("conferences.abstract", abstract_id=abstract.id))
    return _render("conferences/abstract_form.html", [form], **context)


@bp.route("/<slug>/my-abstracts")
@login_required
def my_abstracts(slug):
    event = services.conference_or_404(slug, current_user)
    call = services.call_or_404(event)
    return render_template("conferences/my_abstracts.html", event=event, call=call, now=utcnow(),
                           abstracts=services.my_abstracts(call, current_user))


@bp.route("/abstracts/<int:abstract_id>")
@login_required
def abstract(abstract_id):
    abstract = services.own_abstract(abstract_id, current_user)
    decided = abstract.state in (AbstractState.ACCEPTED.value, AbstractState.REJECTED.value)
    return render_template("conferences/abstract.html", abstract=abstract, call=abstract.call,
                           event=abstract.call.event, decided=decided, now=utcnow())


@bp.route("/abstracts/<int:abstract_id>/edit", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per 10 minutes", methods=["POST"])
def edit_abstract(abstract_id):
    abstract = services.own_abstract(abstract_id, current_user)
    call = abstract.call
    services.check_open(call, utcnow())
    form = abstract_form(call)
    if not form.is_submitted():
        form.fill(abstract)
        form.setup(call)
    context = dict(event=call.event, call=call, form=form, abstract=abstract,
                   questions=question_fields(form, call))
    if form.add_row(call):
        return render_template("conferences/abstract_form.html", **context)
    if form.validate_on_submit():
        try:
            services.update_abstract(abstract, form.data_for(call), utcnow())
        except DomainError as error:
            return _failed(error, "conferences/abstract_form.html", **context)
        db.session.commit()
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("conferences.abstract", abstract_id=abstract.id))
    return _render("conferences/abstract_form.html", [form], **context)


@bp.route("/abstracts/<int:abstract_id>/withdraw", methods=["POST"])
@login_required
def withdraw(abstract_id):
    abstract = services.own_abstract(abstract_id, current_user)
    services.withdraw_abstract(abstract)
    db.session.commit()
    flash(_("Your abstract is withdrawn."), "info")
    return redirect(url_for("conferences.abstract", abstract_id=abstract.id))


# --- Reviewers --------------------------------------------------------------------------------

@bp.route("/reviews")
@login_required
def reviews():
    return render_template("conferences/reviews.html",
                           abstracts=services.assigned_abstracts(current_user))


@bp.route("/reviews/<int:abstract_id>", methods=["GET", "POST"])
@login_required
def review(abstract_id):
    abstract = services.assigned_abstract(abstract_id, current_user)
    call = abstract.call
    form = review_form(call, services.review_of(abstract, current_user))
    context = dict(abstract=abstract, call=call, event=call.event, form=form,
                   criteria=criterion_fields(form, call))
    if form.validate_on_submit():
        try:
            services.save_review(abstract, current_user, review_scores(form, call), form.comment.data or "")
        except DomainError as error:
            return _failed(error, "conferences/review.html", **context)
        db.session.commit()
        flash(_("Your review is saved."), "success")
        return redirect(url_for("conferences.reviews"))
    return _render("conferences/review.html", [form], **context)


# --- Organizers: the call, abstracts, decisions -----------------------------------------------

@bp.route("/<slug>/manage/call", methods=["GET", "POST"])
@login_required
def manage_call(slug):
    event = services.managed_conference(slug, current_user)
    call = services.call_of(event)
    form = CallForm()
    if not form.is_submitted():
        if call is None:
            form.suggest_tracks(event.themes)
        else:
            form.fill(call, event.timezone)
    context = dict(event=event, call=call, form=form)
    if form.add_row():
        return render_template("conferences/manage_call.html", **context)
    if form.validate_on_submit():
        try:
            services.save_call(event, form.data_for(event.timezone))
        except DomainError as error:
            return _failed(error, "conferences/manage_call.html", **context)
        db.session.commit()
        flash(_("The call for abstracts is saved."), "success")
        return redirect(url_for("conferences.show", slug=slug))
    return _render("conferences/manage_call.html", [form], **context)


@bp.route("/<slug>/manage/abstracts")
@login_required
def manage_abstracts(slug):
    event = services.managed_conference(slug, current_user)
    call = services.call_or_404(event)
    state = request.args.get("state") if request.args.get("state") in STATE_LABELS else None
    page = services.call_abstracts(call, state, page_arg())
    return render_template("conferences/manage_abstracts.html", event=event, call=call,
                           page=page, state=state, states=STATE_LABELS,
                           averages={a.id: services.average_scores(a) for a in page.items},
                           placed=services.placed_abstract_ids([a.id for a in page.items]))


@bp.route("/<slug>/manage/start-review", methods=["POST"])
@login_required
def start_review(slug):
    event = services.managed_conference(slug, current_user)
    count = services.start_review(services.call_or_404(event))
    db.session.commit()
    flash(_("%(count)d abstracts are now under review.", count=count), "success")
    return redirect(url_for("conferences.manage_abstracts", slug=slug))


def _manage_abstract_page(event, abstract, reviewer_form=None, status=200):
    return render_template("conferences/manage_abstract.html", event=event, call=abstract.call,
                           abstract=abstract, averages=services.average_scores(abstract),
                           reviewer_form=reviewer_form or ReviewerForm(formdata=None),
                           placed=bool(services.placed_abstract_ids([abstract.id]))), status


@bp.route("/<slug>/manage/abstracts/<int:abstract_id>")
@login_required
def manage_abstract(slug, abstract_id):
    event = services.managed_conference(slug, current_user)
    return _manage_abstract_page(event, services.call_abstract(event, abstract_id))


# Assigning by email tells the organizer whether the address has an account; keep it slow.
REVIEWER_LOOKUPS = "60 per hour"


@bp.route("/<slug>/manage/abstracts/<int:abstract_id>/reviewers", methods=["POST"])
@login_required
@limiter.limit(REVIEWER_LOOKUPS)
def assign_reviewer(slug, abstract_id):
    event = services.managed_conference(slug, current_user)
    abstract = services.call_abstract(event, abstract_id)
    form = ReviewerForm()
    if not form.validate_on_submit():
        return _manage_abstract_page(event, abstract, form, 400)
    try:
        reviewer = services.assign_reviewer(abstract, form.email.data)
    except DomainError as error:
        db.session.rollback()
        form.email.errors.append(str(error.message))
        return _manage_abstract_page(event, abstract, form, error.status)
    db.session.commit()
    flash(_("%(name)s reviews this abstract.", name=reviewer.name), "success")
    return redirect(url_for("conferences.manage_abstract", slug=slug, abstract_id=abstract.id))


@bp.route("/<slug>/manage/abstracts/<int:abstract_id>/reviewers/<int:user_id>/remove",
          methods=["POST"])
@login_required
def unassign_reviewer(slug, abstract_id, user_id):
    event = services.managed_conference(slug, current_user)
    abstract = services.call_abstract(event, abstract_id)
    services.unassign_reviewer(abstract, user_id)
    db.session.commit()
    flash(_("The reviewer is removed."), "info")
    return redirect(url_for("conferences.manage_abstract", slug=slug, abstract_id=abstract.id))


@bp.route("/<slug>/manage/abstracts/<int:abstract_id>/decide", methods=["POST"])
@login_required
def decide(slug, abstract_id):
    event = services.managed_conference(slug, current_user)
    abstract = services.call_abstract(event, abstract_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose accept, reject or under review."), "danger")
        return _manage_abstract_page(event, abstract, status=400)
    services.decide(abstract, AbstractState(form.state.data))
    db.session.commit()
    flash(_("“%(title)s” is now: %(state)s. The submitter has been told by email.",
            title=abstract.title, state=abstract.state_label), "success")
    return redirect(url_for("conferences.manage_abstract", slug=slug, abstract_id=abstract.id))


@bp.route("/<slug>/manage/reviewers")
@login_required
def manage_reviewers(slug):
    event = services.managed_conference(slug, current_user)
    call = services.call_or_404(event)
    return render_template("conferences/manage_reviewers.html", event=event, call=call,
                           forms={t.id: ReviewerForm(prefix=f"t{t.id}", formdata=None)
                                  for t in call.tracks})


@bp.route("/<slug>/manage/tracks/<int:track_id>/reviewers", methods=["POST"])
@login_required
@limiter.limit(REVIEWER_LOOKUPS)
def assign_track_reviewer(slug, track_id):
    event = services.managed_conference(slug, current_user)
    track = services.event_track(event, track_id)
    forms = {t.id: ReviewerForm(prefix=f"t{t.id}", formdata=None) for t in track.call.tracks}
    form = forms[track.id] = ReviewerForm(prefix=f"t{track.id}")
    if form.validate_on_submit():
        try:
            reviewer = services.assign_track_reviewer(track, form.email.data)
        except DomainError as error:
            db.session.rollback()
            form.email.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("%(name)s reviews the track %(track)s; abstracts they wrote stay hidden from them.",
                    name=reviewer.name, track=track.name), "success")
            return redirect(url_for("conferences.manage_reviewers", slug=slug))
    return render_template("conferences/manage_reviewers.html", event=event, call=track.call,
                           forms=forms), 400


@bp.route("/<slug>/manage/tracks/<int:track_id>/reviewers/<int:user_id>/remove", methods=["POST"])
@login_required
def unassign_track_reviewer(slug, track_id, user_id):
    event = services.managed_conference(slug, current_user)
    services.unassign_track_reviewer(services.event_track(event, track_id), user_id)
    db.session.commit()
    flash(_("The reviewer is removed."), "info")
    return redirect(url_for("conferences.manage_reviewers", slug=slug))


@bp.route("/<slug>/manage/emails")
@login_required
def manage_emails(slug):
    event = services.managed_conference(slug, current_user)
    call = services.call_or_404(event)
    return render_template("conferences/manage_emails.html", event=event, call=call,
                           states=STATE_LABELS, placeholders=services.PLACEHOLDER_LIST)


@bp.route("/<slug>/manage/emails/<state>/<language>", methods=["GET", "POST"])
@login_required
def edit_email(slug, state, language):
    event = services.managed_conference(slug, current_user)
    call = services.call_or_404(event)
    if state not in STATE_LABELS or language not in current_app.config["LANGUAGES"]:
        abort(404)
    form = EmailTemplateForm()
    if not form.is_submitted():
        form.subject.data, form.body.data = services.email_template(call, state, language)
    if form.validate_on_submit():
        services.save_email_template(call, state, language, form.subject.data, form.body.data)
        db.session.commit()
        flash(_("The message is saved."), "success")
        return redirect(url_for("conferences.manage_emails", slug=slug))
    return _render("conferences/edit_email.html", [form], event=event, call=call, form=form,
                   state=state, state_label=STATE_LABELS[state], language=language,
                   placeholders=services.PLACEHOLDER_LIST)


# --- Organizers: the programme ----------------------------------------------------------------

@bp.route("/<slug>/manage/programme", methods=["GET", "POST"])
@login_required
def manage_programme(slug):
    event = services.managed_conference(slug, current_user)
    form = SessionForm()
    form.setup(event)
    context = dict(event=event, form=form, days=services.programme_by_day(event))
    if form.validate_on_submit():
        try:
            session = services.save_session(event, None, form.data_for())
        except DomainError as error:
            return _failed(error, "conferences/manage_programme.html", **context)
        db.session.commit()
        flash(_("The session “%(title)s” is added.", title=session.title), "success")
        return redirect(url_for("conferences.manage_session", slug=slug, session_id=session.id))
    return _render("conferences/manage_programme.html", [form], **context)


def _session_page(event, session, form=None, talk_form=None, status=200):
    if form is None:
        form = SessionForm(formdata=None)
        form.setup(event)
        form.fill(session, event.timezone)
    if talk_form is None:
        talk_form = TalkForm(formdata=None)
        talk_form.setup(services.placeable_abstracts(event))
    return render_template("conferences/manage_session.html", event=event, session=session,
                           form=form, talk_form=talk_form,
                           duration_forms={t.id: DurationForm(prefix=f"d{t.id}", formdata=None,
                                                              duration=t.duration_minutes)
                                           for t in session.talks}), status


@bp.route("/<slug>/manage/sessions/<int:session_id>", methods=["GET", "POST"])
@login_required
def manage_session(slug, session_id):
    event = services.managed_conference(slug, current_user)
    session = services.event_session(event, session_id)
    if request.method == "GET":
        return _session_page(event, session)
    form = SessionForm()
    form.setup(event)
    if not form.validate_on_submit():
        return _session_page(event, session, form=form, status=400)
    try:
        services.save_session(event, session, form.data_for())
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return _session_page(event, services.event_session(event, session_id), form=form,
                             status=error.status)
    db.session.commit()
    flash(_("The session is saved."), "success")
    return redirect(url_for("conferences.manage_session", slug=slug, session_id=session.id))


@bp.route("/<slug>/manage/sessions/<int:session_id>/delete", methods=["POST"])
@login_required
def delete_session(slug, session_id):
    event = services.managed_conference(slug, current_user)
    services.delete_session(services.event_session(event, session_id))
    db.session.commit()
    flash(_("The session is deleted."), "info")
    return redirect(url_for("conferences.manage_programme", slug=slug))


@bp.route("/<slug>/manage/sessions/<int:session_id>/talks", methods=["POST"])
@login_required
def add_talk(slug, session_id):
    event = services.managed_conference(slug, current_user)
    session = services.event_session(event, session_id)
    form = TalkForm()
    form.setup(services.placeable_abstracts(event))
    if not form.validate_on_submit():
        return _session_page(event, session, talk_form=form, status=400)
    try:
        services.add_talk(session, form.duration.data, abstract_id=form.abstract.data,
                          title=form.title.data or "", speaker=form.speaker())
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return _session_page(event, services.event_session(event, session_id), talk_form=form,
                             status=error.status)
    db.session.commit()
    flash(_("The talk is added."), "success")
    return redirect(url_for("conferences.manage_session", slug=slug, session_id=session.id))


@bp.route("/<slug>/manage/talks/<int:talk_id>/duration", methods=["POST"])
@login_required
def talk_duration(slug, talk_id):
    event = services.managed_conference(slug, current_user)
    talk = services.event_talk(event, talk_id)
    session_id = talk.session_id
    form = DurationForm(prefix=f"d{talk.id}")
    if not form.validate_on_submit():
        flash(_("Give the duration in minutes, from 1 to 720."), "danger")
        return _session_page(event, talk.session, status=400)
    try:
        services.change_talk(talk, form.duration.data)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return _session_page(event, services.event_session(event, session_id), status=error.status)
    db.session.commit()
    flash(_("The talk is changed."), "success")
    return redirect(url_for("conferences.manage_session", slug=slug, session_id=session_id))


@bp.route("/<slug>/manage/talks/<int:talk_id>/move/<direction>", methods=["POST"])
@login_required
def move_talk(slug, talk_id, direction):
    event = services.managed_conference(slug, current_user)
    talk = services.event_talk(event, talk_id)
    services.move_talk(talk, -1 if direction == "up" else 1)
    db.session.commit()
    return redirect(url_for("conferences.manage_session", slug=slug, session_id=talk.session_id))


@bp.route("/<slug>/manage/talks/<int:talk_id>/remove", methods=["POST"])
@login_required
def remove_talk(slug, talk_id):
    event = services.managed_conference(slug, current_user)
    talk = services.event_talk(event, talk_id)
    session_id = talk.session_id
    services.remove_talk(talk)
    db.session.commit()
    flash(_("The talk is removed from the programme."), "info")
    return redirect(url_for("conferences.manage_session", slug=slug, session_id=session_id))
