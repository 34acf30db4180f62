"""Reviewers' pages, and the organizers' call, abstracts, decisions and messages."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from network.conferences import access, announcements, bp, calls, reviewing, schedule, states
from network.conferences.forms import (
    CallForm,
    DecisionForm,
    EmailTemplateForm,
    ReviewerForm,
    criterion_fields,
    review_form,
    review_scores,
)
from network.conferences.models import STATE_LABELS, AbstractState
from network.conferences.routes import form_page
from network.errors import NotFound
from network.extensions import limiter
from network.params import page_arg
from network.web import attempt

# --- Reviewers --------------------------------------------------------------------------------


@bp.route("/reviews")
@login_required
def reviews():
    return render_template(
        "conferences/reviews.html", abstracts=reviewing.assigned_abstracts(current_user)
    )


@bp.route("/reviews/<int:abstract_id>", methods=["GET", "POST"])
@login_required
def review(abstract_id):
    abstract = reviewing.assigned_abstract(abstract_id, current_user)
    call = abstract.call
    form = review_form(call, reviewing.review_of(abstract, current_user))
    context = {
        "abstract": abstract,
        "call": call,
        "event": call.event,
        "form": form,
        "criteria": criterion_fields(form, call),
    }
    if form.validate_on_submit():
        outcome = attempt(
            reviewing.save_review,
            abstract,
            current_user,
            review_scores(form, call),
            form.comment.data or "",
            done=_("Your review is saved."),
        )
        if outcome.ok:
            return redirect(url_for("conferences.reviews"))
        return render_template("conferences/review.html", **context), outcome.status
    return form_page("conferences/review.html", [form], **context)


# --- Organizers: the call, abstracts, decisions -----------------------------------------------


@bp.route("/<slug>/manage/call", methods=["GET", "POST"])
@login_required
def manage_call(slug):
    event = access.managed_conference(slug, current_user)
    call = access.call_of(event)
    form = CallForm()
    if not form.is_submitted():
        if call is None:
            form.suggest_tracks(event.themes)
        else:
            form.fill(call, event.timezone)
    context = {"event": event, "call": call, "form": form}
    if form.add_row():
        return render_template("conferences/manage_call.html", **context)
    if form.validate_on_submit():
        outcome = attempt(
            calls.save_call,
            event,
            form.data_for(event.timezone),
            done=_("The call for abstracts is saved."),
        )
        if outcome.ok:
            return redirect(url_for("conferences.show", slug=slug))
        return render_template("conferences/manage_call.html", **context), outcome.status
    return form_page("conferences/manage_call.html", [form], **context)


@bp.route("/<slug>/manage/abstracts")
@login_required
def manage_abstracts(slug):
    event = access.managed_conference(slug, current_user)
    call = access.call_or_404(event)
    state = request.args.get("state") if request.args.get("state") in STATE_LABELS else None
    page = reviewing.call_abstracts(call, state, page_arg())
    return render_template(
        "conferences/manage_abstracts.html",
        event=event,
        call=call,
        page=page,
        state=state,
        states=STATE_LABELS,
        averages={a.id: reviewing.average_scores(a) for a in page.items},
        placed=schedule.placed_abstract_ids([a.id for a in page.items]),
    )


@bp.route("/<slug>/manage/start-review", methods=["POST"])
@login_required
def start_review(slug):
    event = access.managed_conference(slug, current_user)
    attempt(
        reviewing.start_review,
        access.call_or_404(event),
        done=lambda count: ngettext(
            "%(num)d abstract is now under review.",
            "%(num)d abstracts are now under review.",
            count,
        ),
    )
    return redirect(url_for("conferences.manage_abstracts", slug=slug))


def _manage_abstract_page(event, abstract, reviewer_form=None, status=200):
    return render_template(
        "conferences/manage_abstract.html",
        event=event,
        call=abstract.call,
        abstract=abstract,
        averages=reviewing.average_scores(abstract),
        reviewer_form=reviewer_form or ReviewerForm(formdata=None),
        placed=bool(schedule.placed_abstract_ids([abstract.id])),
    ), status


@bp.route("/<slug>/manage/abstracts/<int:abstract_id>")
@login_required
def manage_abstract(slug, abstract_id):
    event = access.managed_conference(slug, current_user)
    return _manage_abstract_page(event, reviewing.call_abstract(event, abstract_id))


# Assigning by email tells the organizer whether the address has an account; keep it slow.
REVIEWER_LOOKUPS = "60 per hour"


@bp.route("/<slug>/manage/abstracts/<int:abstract_id>/reviewers", methods=["POST"])
@login_required
@limiter.limit(REVIEWER_LOOKUPS)
def assign_reviewer(slug, abstract_id):
    event = access.managed_conference(slug, current_user)
    abstract = reviewing.call_abstract(event, abstract_id)
    form = ReviewerForm()
    if not form.validate_on_submit():
        return _manage_abstract_page(event, abstract, form, 400)
    outcome = attempt(
        reviewing.assign_reviewer,
        abstract,
        form.email.data,
        field=form.email,
        done=lambda reviewer: _("%(name)s reviews this abstract.", name=reviewer.name),
    )
    if not outcome.ok:
        return _manage_abstract_page(event, abstract, form, outcome.status)
    return redirect(url_for("conferences.manage_abstract", slug=slug, abstract_id=abstract.id))


@bp.route(
    "/<slug>/manage/abstracts/<int:abstract_id>/reviewers/<int:user_id>/remove", methods=["POST"]
)
@login_required
def unassign_reviewer(slug, abstract_id, user_id):
    event = access.managed_conference(slug, current_user)
    abstract = reviewing.call_abstract(event, abstract_id)
    attempt(reviewing.unassign_reviewer, abstract, user_id, done=_("The reviewer is removed."))
    return redirect(url_for("conferences.manage_abstract", slug=slug, abstract_id=abstract.id))


@bp.route("/<slug>/manage/abstracts/<int:abstract_id>/decide", methods=["POST"])
@login_required
def decide(slug, abstract_id):
    event = access.managed_conference(slug, current_user)
    abstract = reviewing.call_abstract(event, abstract_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose accept, reject or under review."), "danger")
        return _manage_abstract_page(event, abstract, status=400)
    outcome = attempt(
        reviewing.decide,
        abstract,
        AbstractState(form.state.data),
        done=lambda _none: _(
            "“%(title)s” is now: %(state)s. The authors are told when you send the notifications.",
            title=abstract.title,
            state=abstract.state_label,
        ),
    )
    if not outcome.ok:
        return _manage_abstract_page(event, abstract, status=outcome.status)
    return redirect(url_for("conferences.manage_abstract", slug=slug, abstract_id=abstract.id))


@bp.route("/<slug>/manage/announcements")
@login_required
def announcements_page(slug):
    event = access.managed_conference(slug, current_user)
    pending = announcements.pending(access.call_or_404(event))
    return render_template(
        "conferences/manage_announcements.html",
        event=event,
        abstracts=pending,
        previews=announcements.previews(pending),
        states=STATE_LABELS,
    )


@bp.route("/<slug>/manage/announcements", methods=["POST"])
@login_required
def announce(slug):
    event = access.managed_conference(slug, current_user)
    attempt(
        announcements.announce,
        access.call_or_404(event),
        done=lambda count: ngettext(
            "%(num)d notification sent.", "%(num)d notifications sent.", count
        ),
    )
    return redirect(url_for("conferences.announcements_page", slug=slug))


@bp.route("/<slug>/manage/reviewers")
@login_required
def manage_reviewers(slug):
    event = access.managed_conference(slug, current_user)
    call = access.call_or_404(event)
    return render_template(
        "conferences/manage_reviewers.html",
        event=event,
        call=call,
        forms={t.id: ReviewerForm(prefix=f"t{t.id}", formdata=None) for t in call.tracks},
    )


@bp.route("/<slug>/manage/tracks/<int:track_id>/reviewers", methods=["POST"])
@login_required
@limiter.limit(REVIEWER_LOOKUPS)
def assign_track_reviewer(slug, track_id):
    event = access.managed_conference(slug, current_user)
    track = reviewing.event_track(event, track_id)
    forms = {t.id: ReviewerForm(prefix=f"t{t.id}", formdata=None) for t in track.call.tracks}
    form = forms[track.id] = ReviewerForm(prefix=f"t{track.id}")
    if form.validate_on_submit():
        outcome = attempt(
            reviewing.assign_track_reviewer,
            track,
            form.email.data,
            field=form.email,
            done=lambda reviewer: _(
                "%(name)s reviews the track %(track)s; abstracts they wrote stay hidden from them.",
                name=reviewer.name,
                track=track.name,
            ),
        )
        if outcome.ok:
            return redirect(url_for("conferences.manage_reviewers", slug=slug))
    return render_template(
        "conferences/manage_reviewers.html", event=event, call=track.call, forms=forms
    ), 400


@bp.route("/<slug>/manage/tracks/<int:track_id>/reviewers/<int:user_id>/remove", methods=["POST"])
@login_required
def unassign_track_reviewer(slug, track_id, user_id):
    event = access.managed_conference(slug, current_user)
    attempt(
        reviewing.unassign_track_reviewer,
        reviewing.event_track(event, track_id),
        user_id,
        done=_("The reviewer is removed."),
    )
    return redirect(url_for("conferences.manage_reviewers", slug=slug))


@bp.route("/<slug>/manage/emails")
@login_required
def manage_emails(slug):
    event = access.managed_conference(slug, current_user)
    call = access.call_or_404(event)
    return render_template(
        "conferences/manage_emails.html",
        event=event,
        call=call,
        states=STATE_LABELS,
        placeholders=states.PLACEHOLDER_LIST,
    )


@bp.route("/<slug>/manage/emails/<state>/<language>", methods=["GET", "POST"])
@login_required
def edit_email(slug, state, language):
    event = access.managed_conference(slug, current_user)
    call = access.call_or_404(event)
    if state not in STATE_LABELS or language not in current_app.config["LANGUAGES"]:
        raise NotFound()
    form = EmailTemplateForm()
    if not form.is_submitted():
        form.subject.data, form.body.data = states.email_template(call, state, language)
    context = {
        "event": event,
        "call": call,
        "form": form,
        "state": state,
        "state_label": STATE_LABELS[state],
        "language": language,
        "placeholders": states.PLACEHOLDER_LIST,
    }
    if form.validate_on_submit():
        outcome = attempt(
            states.save_email_template,
            call,
            state,
            language,
            form.subject.data,
            form.body.data,
            done=_("The message is saved."),
        )
        if outcome.ok:
            return redirect(url_for("conferences.manage_emails", slug=slug))
        return render_template("conferences/edit_email.html", **context), outcome.status
    return form_page("conferences/edit_email.html", [form], **context)
