"""Library pages: an item, its files, and writing and reviewing items."""

from flask import redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network.errors import Forbidden, NotFound
from network.groups import queries as group_queries
from network.i18n import current_language
from network.library import access, bp, downloads, items, queries, workflow
from network.library.files import MAX_FILE_BYTES, file_path
from network.library.forms import ItemForm, ReturnForm
from network.library.rules import TEXT_LANGUAGES
from network.members.visibility import profile_links, visible_organizations
from network.params import whole_number
from network.web import allow_uploads, attempt, confirmation, confirmed

# A 20 MB file and the rest of the form; larger requests get the 413 page.
UPLOAD_REQUEST_BYTES = MAX_FILE_BYTES + 1024 * 1024


allow_uploads(bp, {"library.submit": UPLOAD_REQUEST_BYTES, "library.edit": UPLOAD_REQUEST_BYTES})


@bp.get("/<int:item_id>")
def item(item_id: int):
    found = access.visible_item(item_id)
    asked = request.args.get("lang", "")
    authors = [a.user_id for a in found.authors if a.user_id and a.confirmation != "declined"]
    return render_template(
        "library/item.html",
        item=found,
        text=found.text_in(asked if asked in TEXT_LANGUAGES else current_language()),
        group=group_queries.group_by_id(found.group_id),
        event=downloads.visible_event(found, current_user),
        organizations=visible_organizations(found.organizations, current_user),
        profile_links=profile_links(authors, current_user),
        can_edit=access.can_edit(found, current_user),
        is_reviewer=access.is_reviewer(found, current_user),
        is_submitter=current_user.is_authenticated and found.submitted_by_id == current_user.id,
    )


@bp.get("/<int:item_id>/files/<int:file_id>")
def download(item_id: int, file_id: int):
    found = access.visible_item(item_id)
    stored = attempt(downloads.counted, found, file_id).value
    return send_file(
        file_path(stored),
        mimetype=stored.mime_type,
        as_attachment=stored.kind != "pdf",
        download_name=stored.original_name,
        max_age=0,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def submit():
    form = ItemForm(viewer=current_user)
    if form.validate_on_submit():
        outcome = attempt(items.create_item, current_user, form.to_input(), _upload(form))
        if outcome.ok:
            return redirect(url_for("library.item", item_id=outcome.value.id))
        return _form_page(form, None, outcome.status)
    if request.method == "GET":
        form.license.data = "CC-BY-4.0"
        form.original_language.data = form.language.data = current_language()
        form.kind.data = request.args.get("kind", "working_paper")
        form.event.data = whole_number(request.args.get("event")) or 0
    return _form_page(form, None, 400 if form.errors else 200)


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(item_id: int):
    found = access.editable_item(item_id)
    rows = len(found.authors)
    if request.method == "GET":
        form = ItemForm(data=ItemForm.data_of(found), viewer=current_user, author_rows=rows)
    else:
        form = ItemForm(viewer=current_user, author_rows=rows)
    if form.validate_on_submit():
        outcome = attempt(
            items.update_item,
            found,
            current_user,
            form.to_input(),
            _upload(form),
            done=_("The item is saved."),
        )
        if outcome.ok:
            return redirect(url_for("library.item", item_id=found.id))
        return _form_page(form, found, outcome.status)
    return _form_page(form, found, 400 if form.errors else 200)


def _upload(form: ItemForm):
    storage = form.file.data
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return storage.read(MAX_FILE_BYTES + 1), storage.filename


def _form_page(form, found, status):
    return render_template("library/form.html", form=form, item=found), status


@bp.post("/<int:item_id>/files/<int:file_id>/remove")
@login_required
def remove_file(item_id: int, file_id: int):
    found = access.editable_item(item_id)
    if not confirmed():
        return confirmation(
            _("Remove this file?"), _("Remove the file"), back=url_for(".edit", item_id=item_id)
        )
    attempt(items.remove_file, found, current_user, file_id, done=_("The file was removed."))
    return redirect(url_for("library.edit", item_id=item_id))


@bp.post("/<int:item_id>/<any(submit, publish, withdraw):step>")
@login_required
def move(item_id: int, step: str):
    found = access.visible_item(item_id)
    call, done = {
        "submit": (workflow.submit, _("Submitted for review.")),
        "publish": (workflow.publish, _("Published in the library.")),
        "withdraw": (workflow.withdraw, _("Withdrawn from the library.")),
    }[step]
    if step == "withdraw" and not confirmed():
        return confirmation(
            _("Withdraw this item from the library?"),
            _("Withdraw"),
            back=url_for(".item", item_id=item_id),
        )
    attempt(call, found, current_user, done=done)
    return redirect(url_for("library.item", item_id=item_id))


@bp.route("/<int:item_id>/return", methods=["GET", "POST"])
@login_required
def return_item(item_id: int):
    found = access.visible_item(item_id)
    if not access.is_reviewer(found, current_user):
        raise Forbidden()
    form = ReturnForm()
    if form.validate_on_submit():
        outcome = attempt(
            workflow.return_item,
            found,
            current_user,
            form.comment.data,
            done=_("Returned to the submitter."),
            field=form.comment,
        )
        if outcome.ok:
            return redirect(url_for("library.item", item_id=item_id))
    status = 400 if form.errors else 200
    return render_template("library/return.html", form=form, item=found), status


@bp.route("/<int:item_id>/authorship", methods=["GET", "POST"])
@login_required
def authorship(item_id: int):
    found = access.visible_item(item_id)
    if not access.is_author(found, current_user):
        raise NotFound()
    if request.method == "POST":
        answer = request.form.get("answer")
        if answer in ("confirm", "decline"):
            attempt(
                workflow.answer_authorship,
                found,
                current_user,
                answer == "confirm",
                done=_("Thank you: your answer is saved."),
            )
            return redirect(url_for("library.item", item_id=item_id))
    title = _("Are you an author of this item?")
    return render_template("library/authorship.html", item=found, title=title)


@bp.get("/mine")
@login_required
def my_items():
    return render_template("library/mine.html", items=queries.items_of(current_user))


@bp.get("/review")
@login_required
def review():
    waiting = queries.review_queue(current_user)
    return render_template("library/review.html", items=waiting)
