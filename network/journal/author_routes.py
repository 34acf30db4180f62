"""The authors' pages: submitting a manuscript, their submissions, and one submission as its
authors see it (never who reviewed it, nor what reviewers told only the editors)."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network.i18n import current_language
from network.journal import access, bp, files, states, submissions
from network.journal.author_forms import RevisionForm, SubmitForm
from network.journal.files import MAX_FILE_BYTES
from network.journal.models import FileKind, Journal, Stage, Submission
from network.web import allow_uploads, attempt, confirmation, confirmed

# A manuscript, its anonymized version and a response letter of 20 MB each, and the rest of
# the form; larger requests get the 413 page.
UPLOAD_REQUEST_BYTES = 3 * MAX_FILE_BYTES + 1024 * 1024
allow_uploads(
    bp, {"journal.submit": UPLOAD_REQUEST_BYTES, "journal.author_revise": UPLOAD_REQUEST_BYTES}
)


@bp.route("/<slug>/submit", methods=["GET", "POST"])
@login_required
def submit(slug: str):
    journal = access.journal_by_slug(slug)
    if not _accepts_submissions(journal):
        status = 200 if request.method == "GET" else 409
        return render_template("journal/author/closed.html", journal=journal), status
    form = SubmitForm()
    form.setup(journal, current_language())
    if request.method == "GET":
        form.language.data = current_language()
    elif form.add_row():
        return _submit_page(journal, form, 200)
    elif form.validate_on_submit():
        outcome = attempt(
            submissions.submit,
            journal,
            current_user,
            form.to_input(MAX_FILE_BYTES),
            done=_("Your manuscript was submitted. The editors will be in touch."),
        )
        if outcome.ok:
            return redirect(url_for("journal.author_submission", submission_id=outcome.value.id))
        return _submit_page(journal, form, outcome.status)
    return _submit_page(journal, form, 400 if form.errors else 200)


def _accepts_submissions(journal: Journal) -> bool:
    return journal.submissions_open and any(section.open for section in journal.sections)


def _submit_page(journal: Journal, form: SubmitForm, status: int):
    return render_template("journal/author/submit.html", journal=journal, form=form), status


@bp.get("/submissions")
@login_required
def my_submissions():
    return render_template(
        "journal/author/submissions.html", submissions=submissions.authored_by(current_user)
    )


@bp.get("/submissions/<int:submission_id>")
@login_required
def author_submission(submission_id: int):
    found = access.own_submission(submission_id, current_user)
    form = RevisionForm()
    form.setup(found.journal)
    return _submission_page(found, form, 200)


def _submission_page(submission: Submission, revision_form: RevisionForm, status: int):
    stage = Stage(submission.stage)
    copyedited = submission.latest_file(FileKind.COPYEDITED)
    proof = submission.latest_file(FileKind.PROOF) or submission.latest_file(FileKind.GALLEY_PDF)
    own_files = submissions.author_files(submission)
    return render_template(
        "journal/author/submission.html",
        submission=submission,
        text=submission.text_in(current_language()),
        decisions=submissions.sent_decisions(submission),
        comments=submissions.comments_for_authors(submission),
        rounds=sorted({f.round for f in own_files}, reverse=True),
        files=own_files,
        letters=submissions.response_letters(submission),
        revision_form=revision_form if stage is Stage.REVISIONS else None,
        copyedited=copyedited if stage is Stage.COPYEDITING else None,
        proof=proof if stage in (Stage.PRODUCTION, Stage.SCHEDULED) else None,
        can_withdraw=stage in states.EDITORIAL,
    ), status


@bp.post("/submissions/<int:submission_id>/revise")
@login_required
def author_revise(submission_id: int):
    found = access.own_submission(submission_id, current_user)
    form = RevisionForm()
    form.setup(found.journal)
    if not form.validate_on_submit():
        return _submission_page(found, form, 400)
    outcome = attempt(
        submissions.revise,
        found,
        current_user,
        form.to_input(MAX_FILE_BYTES),
        done=_("Your revision was sent to the editors."),
    )
    if outcome.ok:
        return redirect(url_for("journal.author_submission", submission_id=found.id))
    return _submission_page(found, form, outcome.status)


@bp.post("/submissions/<int:submission_id>/approve-copyedit")
@login_required
def author_approve_copyedit(submission_id: int):
    found = access.own_submission(submission_id, current_user)
    attempt(
        submissions.approve_copyedit,
        found,
        current_user,
        done=_("You approved the copyedited manuscript."),
    )
    return redirect(url_for("journal.author_submission", submission_id=found.id))


@bp.post("/submissions/<int:submission_id>/approve-proofs")
@login_required
def author_approve_proofs(submission_id: int):
    found = access.own_submission(submission_id, current_user)
    attempt(submissions.approve_proofs, found, current_user, done=_("You approved the proofs."))
    return redirect(url_for("journal.author_submission", submission_id=found.id))


@bp.post("/submissions/<int:submission_id>/withdraw")
@login_required
def author_withdraw(submission_id: int):
    found = access.own_submission(submission_id, current_user)
    back = url_for("journal.author_submission", submission_id=found.id)
    if not confirmed():
        return confirmation(
            _("Withdraw this submission?"),
            _("Withdraw the submission"),
            text=_(
                "The editors stop considering “%(title)s”. This cannot be undone: to be "
                "considered again, it would have to be submitted anew.",
                title=found.title,
            ),
            back=back,
        )
    attempt(submissions.withdraw, found, current_user, done=_("The submission was withdrawn."))
    return redirect(back)


@bp.get("/submissions/<int:submission_id>/files/<int:file_id>")
@login_required
def author_file(submission_id: int, file_id: int):
    found = access.own_submission(submission_id, current_user)
    stored = submissions.author_file(found, file_id)
    return files.send(stored)
