"""The editors' pages: the dashboard, a submission with its rounds, reviewers and decisions,
and the decision letters' templates."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network.auth.models import User
from network.errors import NotFound
from network.extensions import db
from network.journal import access, bp, decisions, editorial, files, reviews
from network.journal.editorial_forms import (
    AssignEditorForm,
    DraftDecisionForm,
    InviteReviewerForm,
    LetterForm,
)
from network.journal.labels import DECISION_LABELS
from network.journal.models import JournalReview, Stage
from network.journal.states import EDITORIAL
from network.web import attempt, confirmation, confirmed

# From these stages on, the production panel shows on the editor's page.
PRODUCTION_ON = {
    Stage.ACCEPTED.value,
    Stage.COPYEDITING.value,
    Stage.PRODUCTION.value,
    Stage.SCHEDULED.value,
    Stage.PUBLISHED.value,
}


def _edited_journal(slug: str):
    journal = access.journal_by_slug(slug)
    if not access.is_editor(journal, current_user):
        raise NotFound()
    return journal


def _chief_journal(slug: str):
    journal = access.journal_by_slug(slug)
    if not access.is_chief(journal, current_user):
        raise NotFound()
    return journal


@bp.get("/<slug>/editorial")
@login_required
def editorial_dashboard(slug: str):
    journal = _edited_journal(slug)
    return render_template(
        "journal/editorial/dashboard.html",
        journal=journal,
        board=editorial.dashboard(journal, current_user),
        is_chief=access.is_chief(journal, current_user),
    )


# --- One submission ---------------------------------------------------------------------------


def _submission_page(submission, status=200, **forms):
    invite_form = forms.get("invite_form") or InviteReviewerForm()
    if not invite_form.is_submitted():
        invite_form.due.data = reviews.default_due(submission.journal)
        invite_form.language.data = submission.language
    editor_form = forms.get("editor_form") or AssignEditorForm()
    editor_form.setup(editorial.editor_choices(submission), submission.editor_id)
    kinds = decisions.kinds_for(submission)
    return render_template(
        "journal/editorial/submission.html",
        submission=submission,
        journal=submission.journal,
        rounds=list(range(submission.round, 0, -1)),
        invite_form=invite_form,
        editor_form=editor_form,
        decision_form=forms.get("decision_form") or DraftDecisionForm().setup(kinds),
        draft=decisions.pending_draft(submission),
        can_invite=submission.stage in (Stage.SUBMITTED.value, Stage.IN_REVIEW.value),
        editorial_stage=submission.stage in {s.value for s in EDITORIAL},
        production_on=submission.stage in PRODUCTION_ON,
        outstanding=reviews.OUTSTANDING,
    ), status


@bp.get("/editorial/submissions/<int:submission_id>")
@login_required
def editorial_submission(submission_id: int):
    return _submission_page(access.handled_submission(submission_id, current_user))


@bp.get("/editorial/submissions/<int:submission_id>/files/<int:file_id>")
@login_required
def editorial_file(submission_id: int, file_id: int):
    submission = access.handled_submission(submission_id, current_user)
    stored = next((f for f in submission.files if f.id == file_id), None)
    if stored is None:
        raise NotFound()
    return files.send(stored)


@bp.post("/editorial/submissions/<int:submission_id>/editor")
@login_required
def editorial_assign_editor(submission_id: int):
    submission = access.handled_submission(submission_id, current_user)
    form = AssignEditorForm().setup(editorial.editor_choices(submission), submission.editor_id)
    if not form.validate_on_submit():
        return _submission_page(submission, 400, editor_form=form)
    outcome = attempt(
        editorial.assign_editor,
        submission,
        db.session.get(User, form.editor.data),
        current_user,
        done=_("The editor is assigned."),
    )
    if outcome.ok:
        return redirect(url_for("journal.editorial_submission", submission_id=submission.id))
    return _submission_page(submission, outcome.status, editor_form=form)


@bp.post("/editorial/submissions/<int:submission_id>/to-review")
@login_required
def editorial_send_to_review(submission_id: int):
    submission = access.handled_submission(submission_id, current_user)
    attempt(
        editorial.send_to_review,
        submission,
        current_user,
        done=_("The submission is in review. Invite the reviewers."),
    )
    return redirect(url_for("journal.editorial_submission", submission_id=submission.id))


@bp.post("/editorial/submissions/<int:submission_id>/reviewers")
@login_required
def editorial_invite_reviewer(submission_id: int):
    submission = access.handled_submission(submission_id, current_user)
    form = InviteReviewerForm()
    if not form.validate_on_submit():
        return _submission_page(submission, 400, invite_form=form)
    outcome = attempt(
        reviews.invite,
        submission,
        current_user,
        email=form.email.data,
        name=form.name.data or "",
        due_at=form.due.data,
        language=form.language.data,
        field=form.email,
        done=lambda review: _("%(name)s is invited to review.", name=review.name),
    )
    if outcome.ok:
        return redirect(url_for("journal.editorial_submission", submission_id=submission.id))
    return _submission_page(submission, outcome.status, invite_form=form)


@bp.post("/editorial/submissions/<int:submission_id>/reviews/<int:review_id>/cancel")
@login_required
def editorial_cancel_review(submission_id: int, review_id: int):
    submission = access.handled_submission(submission_id, current_user)
    review = db.session.get(JournalReview, review_id)
    if review is None or review.submission_id != submission.id:
        raise NotFound()
    back = url_for("journal.editorial_submission", submission_id=submission.id)
    if not confirmed():
        return confirmation(
            _("Cancel the invitation of %(name)s?", name=review.name),
            _("Cancel the invitation"),
            text=_("The reviewer is told by mail, and their link stops working."),
            back=back,
        )
    attempt(reviews.cancel, review, current_user, done=_("The invitation is cancelled."))
    return redirect(back)


# --- Decisions --------------------------------------------------------------------------------


@bp.post("/editorial/submissions/<int:submission_id>/decisions")
@login_required
def editorial_draft_decision(submission_id: int):
    submission = access.handled_submission(submission_id, current_user)
    form = DraftDecisionForm().setup(decisions.kinds_for(submission))
    if not form.validate_on_submit():
        return _submission_page(submission, 400, decision_form=form)
    outcome = attempt(decisions.draft, submission, form.decision.data, current_user)
    if outcome.ok:
        return redirect(
            url_for(
                "journal.editorial_decision",
                submission_id=submission.id,
                decision_id=outcome.value.id,
            )
        )
    return _submission_page(submission, outcome.status, decision_form=form)


@bp.route(
    "/editorial/submissions/<int:submission_id>/decisions/<int:decision_id>",
    methods=["GET", "POST"],
)
@login_required
def editorial_decision(submission_id: int, decision_id: int):
    submission = access.handled_submission(submission_id, current_user)
    decision = decisions.handled_decision(submission, decision_id)
    if request.method == "GET":
        form = LetterForm(data={"subject": decision.subject, "body": decision.body})
    else:
        form = LetterForm()
    status = 200
    if decision.sent_at is None and form.validate_on_submit():
        outcome = attempt(
            decisions.update_draft,
            decision,
            form.subject.data,
            form.body.data,
            current_user,
            done=_("The letter is saved."),
        )
        if outcome.ok:
            return redirect(request.path)
        status = outcome.status
    elif form.errors:
        status = 400
    return render_template(
        "journal/editorial/decision.html",
        submission=submission,
        journal=submission.journal,
        decision=decision,
        form=form,
        recipients=decisions.recipients(submission),
    ), status


@bp.post("/editorial/submissions/<int:submission_id>/decisions/<int:decision_id>/send")
@login_required
def editorial_send_decision(submission_id: int, decision_id: int):
    submission = access.handled_submission(submission_id, current_user)
    decision = decisions.handled_decision(submission, decision_id)
    if not confirmed():
        return confirmation(
            _("Send the decision “%(decision)s”?", decision=DECISION_LABELS[decision.decision]),
            _("Send to the authors"),
            text=_("The authors receive the letter now, and the submission moves on."),
            back=url_for(
                "journal.editorial_decision", submission_id=submission.id, decision_id=decision.id
            ),
        )
    attempt(decisions.send, decision, current_user, done=_("The decision is sent to the authors."))
    return redirect(url_for("journal.editorial_submission", submission_id=submission.id))


@bp.post("/editorial/submissions/<int:submission_id>/decisions/<int:decision_id>/discard")
@login_required
def editorial_discard_decision(submission_id: int, decision_id: int):
    submission = access.handled_submission(submission_id, current_user)
    decision = decisions.handled_decision(submission, decision_id)
    if not confirmed():
        return confirmation(
            _("Discard this letter?"),
            _("Discard the letter"),
            back=url_for(
                "journal.editorial_decision", submission_id=submission.id, decision_id=decision.id
            ),
        )
    attempt(decisions.discard, decision, current_user, done=_("The letter is discarded."))
    return redirect(url_for("journal.editorial_submission", submission_id=submission.id))


# --- Templates of the letters -----------------------------------------------------------------


@bp.get("/<slug>/editorial/templates")
@login_required
def editorial_templates(slug: str):
    journal = _chief_journal(slug)
    return render_template(
        "journal/editorial/templates.html",
        journal=journal,
        rows=decisions.templates_of(journal),
        kinds=decisions.KINDS,
        languages=decisions.languages(),
        placeholders_text=", ".join(f"{{{name}}}" for name in decisions.PLACEHOLDERS),
    )


def _template_args(kind: str, language: str) -> None:
    if kind not in decisions.KINDS or language not in decisions.languages():
        raise NotFound()


@bp.route("/<slug>/editorial/templates/<kind>/<language>", methods=["GET", "POST"])
@login_required
def editorial_template(slug: str, kind: str, language: str):
    journal = _chief_journal(slug)
    _template_args(kind, language)
    subject, body, custom = decisions.template_for(journal, kind, language)
    form = (
        LetterForm(data={"subject": subject, "body": body})
        if request.method == "GET"
        else LetterForm()
    )
    status = 200
    if form.validate_on_submit():
        outcome = attempt(
            decisions.save_template,
            journal,
            current_user,
            kind,
            language,
            form.subject.data,
            form.body.data,
            done=_("The template is saved."),
        )
        if outcome.ok:
            return redirect(url_for("journal.editorial_templates", slug=journal.slug))
        status = outcome.status
    elif form.errors:
        status = 400
    return render_template(
        "journal/editorial/template.html",
        journal=journal,
        kind=kind,
        language=language,
        custom=custom,
        form=form,
        placeholders_text=", ".join(f"{{{name}}}" for name in decisions.PLACEHOLDERS),
    ), status


@bp.post("/<slug>/editorial/templates/<kind>/<language>/reset")
@login_required
def editorial_reset_template(slug: str, kind: str, language: str):
    journal = _chief_journal(slug)
    _template_args(kind, language)
    attempt(
        decisions.reset_template,
        journal,
        current_user,
        kind,
        language,
        done=_("The built-in letter is back."),
    )
    return redirect(url_for("journal.editorial_templates", slug=journal.slug))
