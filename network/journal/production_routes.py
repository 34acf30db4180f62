"""Production pages: the production box on the editor's submission page and its actions
(copyedited manuscript, proofs, galleys, a place in an issue, publication), and the issues
editors-in-chief make, fill, publish and deposit with Crossref."""

from flask import Response, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network.dbtypes import utcnow
from network.errors import NotFound
from network.journal import access, bp, crossref, issues, production, queries
from network.journal.files import MAX_FILE_BYTES
from network.journal.models import FileKind, Issue, Stage, Submission
from network.journal.production_forms import (
    ArticlesForm,
    CopyeditForm,
    CoverForm,
    GalleyForm,
    IssueForm,
    ProofForm,
    ScheduleForm,
    upload_of,
)
from network.journal.public_routes import issue_label
from network.web import allow_uploads, attempt, confirmation, confirmed

# A 20 MB file and the rest of the form; larger requests get the 413 page.
UPLOAD_REQUEST_BYTES = MAX_FILE_BYTES + 1024 * 1024
allow_uploads(
    bp,
    {
        "journal.production_copyedit": UPLOAD_REQUEST_BYTES,
        "journal.production_proof": UPLOAD_REQUEST_BYTES,
        "journal.production_galley": UPLOAD_REQUEST_BYTES,
        "journal.editorial_issue_cover": UPLOAD_REQUEST_BYTES,
    },
)


@bp.app_template_global()
def cover_url(issue: Issue) -> str:
    return url_for("journal.issue_cover", slug=issue.journal.slug, issue_id=issue.id)


@bp.context_processor
def _production_helpers():
    return {"production_panel": production_panel}


def production_panel(submission: Submission) -> dict:
    """What the production box on the editor's submission page shows and its forms."""
    return {
        "copyedit_form": CopyeditForm(formdata=None),
        "proof_form": ProofForm(formdata=None),
        "galley_form": GalleyForm(formdata=None),
        "schedule_form": _schedule_form(submission, formdata=None),
        "missing": production.missing_for_publication(submission),
        "item": production.library_item(submission),
        "journal_has_prefix": bool(submission.journal.doi_prefix),
        "galley_html": bool(submission.files_of(FileKind.GALLEY_HTML)),
        "is_chief": access.is_chief(submission.journal, current_user),
    }


def _schedule_form(submission: Submission, **kwargs) -> ScheduleForm:
    """Issues not yet published; an article already published may also join a published one."""
    journal = submission.journal
    choices = (
        issues.journal_issues(journal)
        if submission.stage == Stage.PUBLISHED.value
        else issues.open_issues(journal)
    )
    form = ScheduleForm(**kwargs).setup(choices, _issue_choice)
    if submission.issue_id and ("formdata" in kwargs or not form.is_submitted()):
        form.issue.data = submission.issue_id
        form.position.data = submission.issue_position
        form.first_page.data, form.last_page.data = submission.first_page, submission.last_page
    return form


def _issue_choice(issue: Issue) -> str:
    label = issue_label(issue)
    return label if issue.is_published else _("%(issue)s, not yet published", issue=label)


def _handled(submission_id: int) -> Submission:
    return access.handled_submission(submission_id, current_user)


def _back(submission: Submission):
    return redirect(
        url_for("journal.editorial_submission", submission_id=submission.id) + "#h-production"
    )


def _action_page(submission: Submission, form, title: str, intro: str, status: int = 200):
    """One production action on a page of its own: how it is reached without the box, and
    where its form comes back with what was wrong."""
    return render_template(
        "journal/production/action.html",
        submission=submission,
        form=form,
        title=title,
        intro=intro,
    ), status


# --- The submission's production --------------------------------------------------------------


@bp.route("/editorial/submissions/<int:submission_id>/production/copyedit", methods=["GET", "POST"])
@login_required
def production_copyedit(submission_id: int):
    submission = _handled(submission_id)
    form = CopyeditForm()
    title = _("Copyedited manuscript")
    intro = _("The authors are asked by mail to review and approve it.")
    if form.validate_on_submit():
        outcome = attempt(
            production.start_copyediting,
            submission,
            current_user,
            *upload_of(form.file, MAX_FILE_BYTES),
            done=_("The copyedited manuscript is uploaded; the authors are asked to approve it."),
            field=form.file,
        )
        if outcome.ok:
            return _back(submission)
        return _action_page(submission, form, title, intro, outcome.status)
    return _action_page(submission, form, title, intro, 400 if form.errors else 200)


@bp.post("/editorial/submissions/<int:submission_id>/production/send")
@login_required
def production_send(submission_id: int):
    submission = _handled(submission_id)
    attempt(
        production.send_to_production,
        submission,
        current_user,
        done=_("The submission is in production."),
    )
    return _back(submission)


@bp.route("/editorial/submissions/<int:submission_id>/production/proof", methods=["GET", "POST"])
@login_required
def production_proof(submission_id: int):
    submission = _handled(submission_id)
    form = ProofForm()
    title = _("Proofs")
    intro = _("The authors are asked by mail to approve the proofs.")
    if form.validate_on_submit():
        outcome = attempt(
            production.add_proof,
            submission,
            current_user,
            *upload_of(form.file, MAX_FILE_BYTES),
            done=_("The proofs are uploaded; the authors are asked to approve them."),
            field=form.file,
        )
        if outcome.ok:
            return _back(submission)
        return _action_page(submission, form, title, intro, outcome.status)
    return _action_page(submission, form, title, intro, 400 if form.errors else 200)


@bp.route("/editorial/submissions/<int:submission_id>/production/galley", methods=["GET", "POST"])
@login_required
def production_galley(submission_id: int):
    submission = _handled(submission_id)
    form = GalleyForm()
    title = _("Galley")
    intro = _("The PDF galley is the file the library offers once the article is published.")
    if form.validate_on_submit():
        outcome = attempt(
            production.add_galley,
            submission,
            current_user,
            *upload_of(form.file, MAX_FILE_BYTES),
            form.kind.data,
            done=_("The galley is uploaded."),
            field=form.file,
        )
        if outcome.ok:
            return _back(submission)
        return _action_page(submission, form, title, intro, outcome.status)
    return _action_page(submission, form, title, intro, 400 if form.errors else 200)


@bp.get("/editorial/submissions/<int:submission_id>/production/galley.html")
@login_required
def production_html_galley(submission_id: int):
    submission = _handled(submission_id)
    galley = production.html_galley(submission)
    if galley is None:
        raise NotFound()
    return render_template(
        "journal/production/html_galley.html",
        submission=submission,
        galley=galley,
        back=url_for("journal.editorial_submission", submission_id=submission.id),
    )


@bp.route("/editorial/submissions/<int:submission_id>/production/schedule", methods=["GET", "POST"])
@login_required
def production_schedule(submission_id: int):
    submission = _handled(submission_id)
    form = _schedule_form(submission)
    title = _("Place in an issue")
    intro = _("Scheduled articles are published with their issue.")
    if form.validate_on_submit():
        issue = issues.editor_issue(submission.journal, form.issue.data, current_user)
        outcome = attempt(
            production.schedule,
            submission,
            issue,
            current_user,
            form.position.data,
            form.first_page.data or "",
            form.last_page.data or "",
            done=_("The article is placed in %(issue)s.", issue=issue_label(issue)),
        )
        if outcome.ok:
            return _back(submission)
        return _action_page(submission, form, title, intro, outcome.status)
    return _action_page(submission, form, title, intro, 400 if form.errors else 200)


@bp.post("/editorial/submissions/<int:submission_id>/production/unschedule")
@login_required
def production_unschedule(submission_id: int):
    submission = _handled(submission_id)
    if not confirmed():
        return confirmation(
            _("Take this article out of its issue?"),
            _("Take it out"),
            text=_("It goes back to production and can be placed in another issue."),
            back=url_for("journal.editorial_submission", submission_id=submission.id),
        )
    attempt(
        production.unschedule,
        submission,
        current_user,
        done=_("The article is back in production."),
    )
    return _back(submission)


@bp.post("/editorial/submissions/<int:submission_id>/production/publish")
@login_required
def production_publish(submission_id: int):
    submission = _handled(submission_id)
    if not confirmed():
        return confirmation(
            _("Publish this article now?"),
            _("Publish online first"),
            text=_(
                "It becomes public in the library at once, with its DOI, and its authors are "
                "told. It can still be placed in an issue later, keeping this date."
            ),
            back=url_for("journal.editorial_submission", submission_id=submission.id),
        )
    attempt(
        production.publish_online_first,
        submission,
        current_user,
        done=_("The article is published."),
    )
    return _back(submission)


# --- Issues -----------------------------------------------------------------------------------


def _chief_journal(slug: str):
    journal = access.journal_by_slug(slug)
    if not access.is_chief(journal, current_user):
        raise NotFound()
    return journal


@bp.route("/<slug>/editorial/issues", methods=["GET", "POST"])
@login_required
def editorial_issues(slug: str):
    journal = _chief_journal(slug)
    form = IssueForm()
    if form.validate_on_submit():
        outcome = attempt(
            issues.create_issue,
            journal,
            current_user,
            form.to_input(),
            done=lambda issue: _("%(issue)s is created.", issue=issue_label(issue)),
        )
        if outcome.ok:
            return redirect(
                url_for("journal.editorial_issue", slug=slug, issue_id=outcome.value.id)
            )
        return _issues_page(journal, form, outcome.status)
    if request.method == "GET":
        _suggest(form, journal)
    return _issues_page(journal, form, 400 if form.errors else 200)


def _suggest(form: IssueForm, journal) -> None:
    """The next issue: the latest one's volume and following number, this year."""
    latest = next(iter(issues.journal_issues(journal)), None)
    form.year.data = utcnow().year
    form.volume.data = latest.volume if latest else 1
    form.number.data = latest.number + 1 if latest else 1
    form.original_language.data = journal.original_language


def _issues_page(journal, form: IssueForm, status: int):
    return render_template(
        "journal/production/issues.html",
        journal=journal,
        issues=issues.journal_issues(journal),
        form=form,
    ), status


@bp.route("/<slug>/editorial/issues/<int:issue_id>", methods=["GET", "POST"])
@login_required
def editorial_issue(slug: str, issue_id: int):
    journal = _chief_journal(slug)
    issue = issues.chief_issue(journal, issue_id, current_user)
    form = IssueForm()
    if form.validate_on_submit():
        outcome = attempt(
            issues.update_issue, issue, current_user, form.to_input(), done=_("The issue is saved.")
        )
        if outcome.ok:
            return redirect(url_for("journal.editorial_issue", slug=slug, issue_id=issue.id))
        return _issue_page(issue, status=outcome.status, issue_form=form)
    if request.method == "GET":
        form.fill(issue)
    return _issue_page(issue, status=400 if form.errors else 200, issue_form=form)


def _issue_page(issue: Issue, status: int = 200, **forms):
    articles = list(issue.articles)
    articles_form = forms.get("articles_form") or ArticlesForm(formdata=None).fill(articles)
    return render_template(
        "journal/production/issue.html",
        journal=issue.journal,
        issue=issue,
        articles={article.id: article for article in articles},
        issue_form=forms.get("issue_form") or IssueForm(formdata=None).fill(issue),
        cover_form=forms.get("cover_form") or CoverForm(formdata=None),
        articles_form=articles_form,
        publishable=any(a.stage == Stage.SCHEDULED.value for a in articles),
    ), status


@bp.post("/<slug>/editorial/issues/<int:issue_id>/cover")
@login_required
def editorial_issue_cover(slug: str, issue_id: int):
    issue = issues.chief_issue(_chief_journal(slug), issue_id, current_user)
    form = CoverForm()
    if form.validate_on_submit():
        outcome = attempt(
            issues.set_cover,
            issue,
            current_user,
            *upload_of(form.file, issues.MAX_COVER_BYTES),
            done=_("The cover is saved."),
            field=form.file,
        )
        if outcome.ok:
            return redirect(url_for("journal.editorial_issue", slug=slug, issue_id=issue.id))
        return _issue_page(issue, status=outcome.status, cover_form=form)
    return _issue_page(issue, status=400, cover_form=form)


@bp.post("/<slug>/editorial/issues/<int:issue_id>/cover/remove")
@login_required
def editorial_issue_remove_cover(slug: str, issue_id: int):
    issue = issues.chief_issue(_chief_journal(slug), issue_id, current_user)
    if not confirmed():
        return confirmation(
            _("Remove the cover of %(issue)s?", issue=issue_label(issue)),
            _("Remove the cover"),
            back=url_for("journal.editorial_issue", slug=slug, issue_id=issue.id),
        )
    attempt(issues.remove_cover, issue, current_user, done=_("The cover is removed."))
    return redirect(url_for("journal.editorial_issue", slug=slug, issue_id=issue.id))


@bp.post("/<slug>/editorial/issues/<int:issue_id>/articles")
@login_required
def editorial_issue_articles(slug: str, issue_id: int):
    issue = issues.chief_issue(_chief_journal(slug), issue_id, current_user)
    form = ArticlesForm()
    if form.validate_on_submit():
        outcome = attempt(
            issues.arrange,
            issue,
            current_user,
            form.to_placements(),
            done=_("The order and pages are saved."),
        )
        if outcome.ok:
            return redirect(url_for("journal.editorial_issue", slug=slug, issue_id=issue.id))
        return _issue_page(issue, status=outcome.status, articles_form=form)
    return _issue_page(issue, status=400, articles_form=form)


@bp.post("/<slug>/editorial/issues/<int:issue_id>/publish")
@login_required
def editorial_issue_publish(slug: str, issue_id: int):
    issue = issues.chief_issue(_chief_journal(slug), issue_id, current_user)
    back = url_for("journal.editorial_issue", slug=slug, issue_id=issue.id)
    if not confirmed():
        return confirmation(
            _("Publish %(issue)s?", issue=issue_label(issue)),
            _("Publish the issue"),
            text=_(
                "Every article scheduled in it is published in the library at once, with its "
                "DOI, and its authors are told. This cannot be undone."
            ),
            back=back,
        )
    attempt(
        issues.publish_issue,
        issue,
        current_user,
        done=lambda published: _(
            "The issue is published, with %(count)d new articles.", count=len(published)
        ),
    )
    return redirect(back)


@bp.get("/<slug>/editorial/issues/<int:issue_id>/crossref.xml")
@login_required
def editorial_issue_crossref(slug: str, issue_id: int):
    issue = issues.chief_issue(_chief_journal(slug), issue_id, current_user)
    outcome = attempt(crossref.deposit, issue)
    if not outcome.ok:
        return _issue_page(issue, status=outcome.status)
    return Response(
        outcome.value,
        mimetype="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{crossref.filename(issue)}"'},
    )


@bp.get("/<slug>/issues/<int:issue_id>/cover")
def issue_cover(slug: str, issue_id: int):
    """A published issue's cover for anyone; one not yet out, for the journal's editors."""
    journal = access.journal_by_slug(slug)
    issue = queries.journal_issue(journal, issue_id)
    path = issues.cover_path(issue) if issue else None
    if path is None or not (issue.is_published or access.is_editor(journal, current_user)):
        raise NotFound()
    # Only a published cover may be kept by browsers and proxies.
    return send_file(
        path, mimetype=issues.cover_type(issue), max_age=3600 if issue.is_published else 0
    )
