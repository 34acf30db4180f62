"""The organizers' programme: sessions and their talks."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network.conferences import access, bp, schedule
from network.conferences.forms import DurationForm, SessionForm, TalkForm
from network.conferences.routes import form_page
from network.web import attempt, confirmation, confirmed


@bp.route("/<slug>/manage/programme", methods=["GET", "POST"])
@login_required
def manage_programme(slug):
    event = access.managed_conference(slug, current_user)
    form = SessionForm()
    form.setup(event)
    context = {"event": event, "form": form, "days": schedule.programme_by_day(event)}
    if form.validate_on_submit():
        outcome = attempt(
            schedule.save_session,
            event,
            None,
            form.data_for(),
            done=lambda session: _("The session “%(title)s” is added.", title=session.title),
        )
        if outcome.ok:
            return redirect(
                url_for("conferences.manage_session", slug=slug, session_id=outcome.value.id)
            )
        return render_template("conferences/manage_programme.html", **context), outcome.status
    return form_page("conferences/manage_programme.html", [form], **context)


def _session_page(event, session, form=None, talk_form=None, status=200):
    if form is None:
        form = SessionForm(formdata=None)
        form.setup(event)
        form.fill(session, event.timezone)
    if talk_form is None:
        talk_form = TalkForm(formdata=None)
        talk_form.setup(schedule.placeable_abstracts(event))
    return render_template(
        "conferences/manage_session.html",
        event=event,
        session=session,
        form=form,
        talk_form=talk_form,
        duration_forms={
            t.id: DurationForm(prefix=f"d{t.id}", formdata=None, duration=t.duration_minutes)
            for t in session.talks
        },
    ), status


@bp.route("/<slug>/manage/sessions/<int:session_id>", methods=["GET", "POST"])
@login_required
def manage_session(slug, session_id):
    event = access.managed_conference(slug, current_user)
    session = schedule.event_session(event, session_id)
    if request.method == "GET":
        return _session_page(event, session)
    form = SessionForm()
    form.setup(event)
    if not form.validate_on_submit():
        return _session_page(event, session, form=form, status=400)
    outcome = attempt(
        schedule.save_session, event, session, form.data_for(), done=_("The session is saved.")
    )
    if not outcome.ok:
        # The rollback dropped the unsaved changes: show the session as stored.
        return _session_page(
            event, schedule.event_session(event, session_id), form=form, status=outcome.status
        )
    return redirect(url_for("conferences.manage_session", slug=slug, session_id=session.id))


@bp.route("/<slug>/manage/sessions/<int:session_id>/delete", methods=["POST"])
@login_required
def delete_session(slug, session_id):
    event = access.managed_conference(slug, current_user)
    if not confirmed():
        return confirmation(
            _("Delete this session?"),
            _("Delete the session"),
            text=_("Its talks leave the programme; their abstracts stay accepted."),
            back=url_for("conferences.manage_programme", slug=slug),
        )
    attempt(
        schedule.delete_session,
        schedule.event_session(event, session_id),
        done=_("The session is deleted."),
    )
    return redirect(url_for("conferences.manage_programme", slug=slug))


@bp.route("/<slug>/manage/sessions/<int:session_id>/talks", methods=["POST"])
@login_required
def add_talk(slug, session_id):
    event = access.managed_conference(slug, current_user)
    session = schedule.event_session(event, session_id)
    form = TalkForm()
    form.setup(schedule.placeable_abstracts(event))
    if not form.validate_on_submit():
        return _session_page(event, session, talk_form=form, status=400)
    outcome = attempt(
        schedule.add_talk,
        session,
        form.duration.data,
        abstract_id=form.abstract.data,
        title=form.title.data or "",
        speaker=form.speaker(),
        done=_("The talk is added."),
    )
    if not outcome.ok:
        return _session_page(
            event, schedule.event_session(event, session_id), talk_form=form, status=outcome.status
        )
    return redirect(url_for("conferences.manage_session", slug=slug, session_id=session.id))


@bp.route("/<slug>/manage/talks/<int:talk_id>/duration", methods=["POST"])
@login_required
def talk_duration(slug, talk_id):
    event = access.managed_conference(slug, current_user)
    talk = schedule.event_talk(event, talk_id)
    session_id = talk.session_id
    form = DurationForm(prefix=f"d{talk.id}")
    if not form.validate_on_submit():
        flash(_("Give the duration in minutes, from 1 to 720."), "danger")
        return _session_page(event, talk.session, status=400)
    outcome = attempt(
        schedule.change_talk, talk, form.duration.data, done=_("The talk is changed.")
    )
    if not outcome.ok:
        return _session_page(
            event, schedule.event_session(event, session_id), status=outcome.status
        )
    return redirect(url_for("conferences.manage_session", slug=slug, session_id=session_id))


@bp.route("/<slug>/manage/talks/<int:talk_id>/move/<direction>", methods=["POST"])
@login_required
def move_talk(slug, talk_id, direction):
    event = access.managed_conference(slug, current_user)
    talk = schedule.event_talk(event, talk_id)
    session_id = talk.session_id
    attempt(schedule.move_talk, talk, -1 if direction == "up" else 1)
    return redirect(url_for("conferences.manage_session", slug=slug, session_id=session_id))


@bp.route("/<slug>/manage/talks/<int:talk_id>/remove", methods=["POST"])
@login_required
def remove_talk(slug, talk_id):
    event = access.managed_conference(slug, current_user)
    talk = schedule.event_talk(event, talk_id)
    session_id = talk.session_id
    attempt(schedule.remove_talk, talk, done=_("The talk is removed from the programme."))
    return redirect(url_for("conferences.manage_session", slug=slug, session_id=session_id))
