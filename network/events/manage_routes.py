"""Organizers' pages: an event's set-up, its registrants, messages and check-in."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from network.csvexport import csv_response
from network.dbtypes import utcnow
from network.events import access, attendance, bp, editing, forms, messages, registrations, roster
from network.events.labels import STATE_LABELS
from network.events.models import RegistrationState
from network.params import int_values, whole_number
from network.permissions import organizer_required
from network.web import attempt, confirmation, confirmed


@bp.route("/new", methods=["GET", "POST"])
@organizer_required
def create():
    form = forms.EventForm()
    if not form.is_submitted():
        form.organizers.data = [current_user.id]
    if form.validate_on_submit():
        outcome = attempt(
            editing.create_event,
            current_user,
            **form.event_fields(),
            done=_("The event is saved as a draft. Set up registration, then publish it."),
        )
        if outcome.ok:
            return redirect(url_for("events.settings", event_id=outcome.value.id))
        return render_template("events/form.html", form=form, event=None), outcome.status
    return render_template("events/form.html", form=form, event=None), 400 if form.errors else 200


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id):
    event = access.managed_event(event_id, current_user)
    form = forms.EventForm()
    if not form.is_submitted():
        form.fill(event)
    if form.validate_on_submit():
        outcome = attempt(
            editing.update_event, event, current_user, **form.event_fields(), done=_saved_message
        )
        if outcome.ok:
            return redirect(url_for("events.manage", event_id=event.id))
        return render_template("events/form.html", form=form, event=event), outcome.status
    return render_template("events/form.html", form=form, event=event), 400 if form.errors else 200


def _saved_message(told: bool) -> str:
    if told:
        return _("The event is saved. Registrants have been sent the updated invitation.")
    return _("The event is saved.")


@bp.route("/<int:event_id>/manage")
@login_required
def manage(event_id):
    event = access.managed_event(event_id, current_user)
    return render_template(
        "events/manage.html", event=event, counts=roster.state_counts(event), now=utcnow()
    )


@bp.route("/<int:event_id>/settings", methods=["GET", "POST"])
@login_required
def settings(event_id):
    event = access.managed_event(event_id, current_user)
    form = forms.SettingsForm(event=event)
    if not form.is_submitted():
        form.fill(event)
    if (
        form.validate_on_submit()
        and attempt(
            editing.update_registration_settings,
            event,
            current_user,
            **form.settings(),
            field=form.capacity,
            done=_("Registration settings saved."),
        ).ok
    ):
        return redirect(url_for("events.manage", event_id=event.id))
    return render_template(
        "events/settings.html",
        form=form,
        event=event,
        question_form=forms.QuestionForm(formdata=None),
    ), 400 if form.errors else 200


@bp.route("/<int:event_id>/questions", methods=["POST"])
@login_required
def add_question(event_id):
    event = access.managed_event(event_id, current_user)
    question_form = forms.QuestionForm()
    if (
        question_form.validate_on_submit()
        and attempt(
            editing.add_question,
            event,
            kind=question_form.kind.data,
            label=question_form.label.data,
            choices=(question_form.choices.data or "").splitlines(),
            required=question_form.required.data,
            field=question_form.choices,
            done=_("Question added."),
        ).ok
    ):
        return redirect(url_for("events.settings", event_id=event.id))
    form = forms.SettingsForm(event=event)
    form.fill(event)
    return render_template(
        "events/settings.html", form=form, event=event, question_form=question_form
    ), 400


@bp.route("/<int:event_id>/questions/<int:question_id>/delete", methods=["POST"])
@login_required
def delete_question(event_id, question_id):
    event = access.managed_event(event_id, current_user)
    if not confirmed():
        return confirmation(
            _("Remove this question?"),
            _("Remove the question"),
            text=_("Answers already given to it are no longer shown."),
            back=url_for("events.settings", event_id=event.id),
        )
    attempt(editing.delete_question, event, question_id, done=_("Question removed."))
    return redirect(url_for("events.settings", event_id=event.id))


@bp.route("/<int:event_id>/publish", methods=["POST"])
@login_required
def publish(event_id):
    event = access.managed_event(event_id, current_user)
    attempt(editing.publish_event, event, current_user, done=_("The event is published."))
    return redirect(url_for("events.manage", event_id=event.id))


@bp.route("/<int:event_id>/cancel", methods=["POST"])
@login_required
def cancel_event(event_id):
    event = access.managed_event(event_id, current_user)
    form = forms.CancelEventForm()
    if not (confirmed() and form.validate_on_submit()):
        return render_template(
            "events/cancel.html", event=event, form=form, counts=roster.state_counts(event)
        ), 400 if form.errors else 200
    attempt(
        editing.cancel_event,
        event,
        current_user,
        form.message.data or "",
        done=_("The event is cancelled and registrants have been told."),
    )
    return redirect(url_for("events.manage", event_id=event.id))


@bp.route("/<int:event_id>/reinstate", methods=["POST"])
@login_required
def reinstate_event(event_id):
    event = access.managed_event(event_id, current_user)
    if not confirmed():
        return confirmation(
            _("Reinstate %(title)s?", title=event.title),
            _("Reinstate the event and tell registrants"),
            text=_(
                "The event is published again with its registrations as they were, and "
                "registrants are told by mail that it is back on."
            ),
            back=url_for("events.manage", event_id=event.id),
        )
    attempt(
        editing.reinstate_event,
        event,
        current_user,
        done=_("The event is back on and registrants have been told."),
    )
    return redirect(url_for("events.manage", event_id=event.id))


@bp.route("/<int:event_id>/registrants")
@login_required
def registrants(event_id):
    event = access.managed_event(event_id, current_user)
    state = request.args.get("state") if request.args.get("state") in STATE_LABELS else None
    search = request.args.get("q", "").strip()[:100]
    return render_template(
        "events/registrants.html",
        event=event,
        state=state,
        search=search,
        registrants=roster.registrants(event, state=state, search=search),
        counts=roster.state_counts(event),
        add_form=forms.AddPersonForm(formdata=None),
        answers=roster.answer_columns,
    )


@bp.route("/<int:event_id>/registrants.csv")
@login_required
def export(event_id):
    event = access.managed_event(event_id, current_user)
    header = [
        _("Name"),
        _("Email"),
        _("State"),
        _("Registered"),
        _("Checked in"),
        *[q.label for q in event.questions],
    ]
    return csv_response(f"{event.slug}-registrants.csv", header, roster.export_rows(event))


ACTIONS = {
    "approve": lambda r, actor, override: roster.approve(r, actor, override=override),
    "waitlist": lambda r, actor, override: roster.move_to_waitlist(r, actor),
    "reject": lambda r, actor, override: roster.reject(r, actor),
    "cancel": lambda r, actor, override: registrations.cancel_registration(r, actor=actor),
}


@bp.route("/<int:event_id>/registrants/<int:registration_id>", methods=["POST"])
@login_required
def act(event_id, registration_id):
    event = access.managed_event(event_id, current_user)
    registration = roster.managed_registration(event, registration_id)
    name = request.form.get("action", "")
    action = ACTIONS.get(name)
    if action is None:
        abort(400)
    if name in ("reject", "cancel") and not confirmed():
        return _confirm_roster_change(event, registration, name)
    attempt(
        action,
        registration,
        current_user,
        request.form.get("override") == "1",
        done=lambda value: _(
            "%(name)s: %(state)s.",
            name=registration.name or registration.email,
            state=STATE_LABELS[registration.state],
        ),
    )
    return redirect(url_for("events.registrants", event_id=event.id))


def _confirm_roster_change(event, registration, name: str):
    who = registration.name or registration.email
    title, button, text = {
        "reject": (
            _("Reject %(name)s?", name=who),
            _("Reject and tell them"),
            _("They are told by mail that their registration is not accepted."),
        ),
        "cancel": (
            _("Cancel the registration of %(name)s?", name=who),
            _("Cancel and tell them"),
            _("They are told by mail, and a seat they held goes to the next person waiting."),
        ),
    }[name]
    return confirmation(
        title, button, text=text, back=url_for("events.registrants", event_id=event.id)
    )


@bp.route("/<int:event_id>/registrants/add", methods=["POST"])
@login_required
def add_person(event_id):
    event = access.managed_event(event_id, current_user)
    form = forms.AddPersonForm()
    if (
        form.validate_on_submit()
        and attempt(
            roster.add_person,
            event,
            current_user,
            name=form.name.data,
            email=form.email.data,
            waitlist=form.waitlist.data,
            override=form.override.data,
            field=form.email,
            done=_("%(name)s is added.", name=form.name.data),
        ).ok
    ):
        return redirect(url_for("events.registrants", event_id=event.id))
    return render_template(
        "events/registrants.html",
        event=event,
        state=None,
        search="",
        registrants=roster.registrants(event),
        counts=roster.state_counts(event),
        add_form=form,
        answers=roster.answer_columns,
    ), 400


@bp.route("/<int:event_id>/message", methods=["GET", "POST"])
@login_required
def message(event_id):
    event = access.managed_event(event_id, current_user)
    form = forms.MessageForm()
    chosen = int_values("ids")
    people = [roster.managed_registration(event, i) for i in chosen]
    if (
        form.validate_on_submit()
        and attempt(
            messages.message_registrants,
            event,
            current_user,
            subject=form.subject.data,
            body=form.body.data,
            states=form.states.data,
            registration_ids=chosen,
            field=form.states,
            done=lambda count: ngettext(
                "Your message is on its way to %(num)d person.",
                "Your message is on its way to %(num)d people.",
                count,
            ),
        ).ok
    ):
        return redirect(url_for("events.registrants", event_id=event.id))
    return render_template(
        "events/message.html", event=event, form=form, people=people
    ), 400 if form.errors else 200


@bp.route("/<int:event_id>/checkin", methods=["GET", "POST"])
@login_required
def checkin(event_id):
    event = access.managed_event(event_id, current_user)
    if request.method == "POST":
        registration = roster.managed_registration(
            event, whole_number(request.form.get("registration_id"), 1) or 0
        )
        attempt(
            attendance.check_in, registration, current_user, undo=request.form.get("undo") == "1"
        )
        return redirect(url_for("events.checkin", event_id=event.id, q=request.form.get("q", "")))
    search = request.args.get("q", "").strip()[:100]
    return render_template(
        "events/checkin.html",
        event=event,
        search=search,
        people=roster.registrants(event, state=RegistrationState.CONFIRMED.value, search=search),
        counts=roster.state_counts(event),
    )


@bp.route("/checkin/<code>", methods=["GET", "POST"])
@login_required
def checkin_code(code):
    registration = attendance.registration_by_checkin_code(code)
    event = access.managed_event(registration.event_id, current_user)
    if request.method == "POST":
        attempt(
            attendance.check_in,
            registration,
            current_user,
            done=_("%(name)s is checked in.", name=registration.name or registration.email),
        )
        return redirect(url_for("events.checkin_code", code=code))
    return render_template("events/checkin_person.html", event=event, registration=registration)
