"""Newsletters: staff compose, test, send and follow them; anyone reads the public archive."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from network.dbtypes import utcnow
from network.extensions import db
from network.filters import moment
from network.groups import queries as groups
from network.i18n import LANGUAGE_NAMES, current_language
from network.newsletters import archive as public_archive
from network.newsletters import audience, bp, publications, services
from network.newsletters.forms import (
    NewsletterForm,
    PublicationsForm,
    ScheduleForm,
    TestSendForm,
    VersionForm,
)
from network.newsletters.labels import STATUS_LABELS, template_labels
from network.newsletters.messages import Composer, public_copy
from network.params import page_arg, whole_number
from network.permissions import staff_required
from network.themes import queries as themes
from network.web import attempt, confirmation, confirmed


@bp.context_processor
def labels():
    return template_labels()


def _newsletter_form(newsletter=None) -> NewsletterForm:
    form = NewsletterForm(
        obj=newsletter,
        lists=services.open_lists(),
        groups=groups.choices(),
        themes=themes.choices(),
    )
    if newsletter is not None and request.method == "GET":
        form.lists.data = [item.id for item in newsletter.lists]
        form.segment_group.data = newsletter.segment_group_id or 0
        form.segment_theme.data = newsletter.segment_theme_id or 0
    return form


def _save(form: NewsletterForm, newsletter=None, done=None):
    segment = services.Segment(
        language=form.segment_language.data or "",
        group_id=form.segment_group.data or None,
        theme_id=form.segment_theme.data or None,
        member_kind=form.segment_member_kind.data or "",
        membership_status=form.segment_membership_status.data or "",
        country=form.segment_country.data or "",
        corridor_origin=form.segment_corridor_origin.data or "",
        corridor_destination=form.segment_corridor_destination.data or "",
    )
    return attempt(
        services.save_newsletter,
        newsletter,
        current_user,
        services.Content(form.subject.data, form.preheader.data or "", form.body.data),
        sender_name=form.sender_name.data,
        language=form.language.data,
        lists=services.lists_by_ids(form.lists.data),
        segment=segment,
        done=done or _("The draft is saved."),
    )


def _prefill(form: NewsletterForm) -> None:
    """A link such as a campaign's "write an update" chooses the list and suggests a subject."""
    list_id = whole_number(request.args.get("list"), 1)  # only a suggestion: bad is none
    if list_id in dict(form.lists.choices):
        form.lists.data = [list_id]
    form.subject.data = request.args.get("subject", "")[:200]


def _to_newsletter(newsletter_id: int):
    return redirect(url_for("newsletters.show", newsletter_id=newsletter_id))


@bp.route("/")
@staff_required
def index():
    return render_template("newsletters/index.html", groups=services.newsletters_by_status())


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new():
    form = _newsletter_form()
    if request.method == "GET":
        form.sender_name.data = current_user.name
        form.language.data = current_language()
        _prefill(form)
    if form.validate_on_submit() and (outcome := _save(form)).ok:
        return _to_newsletter(outcome.value.id)
    return render_template(
        "newsletters/edit.html", form=form, newsletter=None
    ), 400 if request.method == "POST" else 200


@bp.route("/<int:newsletter_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    if newsletter.status != services.DRAFT:
        flash(
            _("Only a draft can be changed. Duplicate this newsletter to write a new one."),
            "warning",
        )
        return _to_newsletter(newsletter.id)
    form = _newsletter_form(newsletter)
    if form.validate_on_submit() and _save(form, newsletter).ok:
        return _to_newsletter(newsletter.id)
    return _edit_page(form, newsletter, _publications_form(), request.method == "POST")


def _publications_form() -> PublicationsForm:
    return PublicationsForm(groups=groups.choices(), themes=themes.choices())


def _edit_page(form, newsletter, insert_form, refused: bool):
    return render_template(
        "newsletters/edit.html", form=form, newsletter=newsletter, insert_form=insert_form
    ), 400 if refused else 200


@bp.route("/<int:newsletter_id>/publications", methods=["POST"])
@staff_required
def insert_publications(newsletter_id):
    """The editor's whole form, sent by its "insert" button: the draft is saved as written,
    with the latest publications of a theme or group appended to its text."""
    newsletter = services.get_newsletter(newsletter_id)
    form, insert_form = _newsletter_form(newsletter), _publications_form()
    if (form.validate_on_submit() & insert_form.validate()) and (
        block := attempt(
            publications.with_latest,
            form.body.data,
            form.language.data,
            theme_id=insert_form.theme.data or None,
            group_id=insert_form.group.data or None,
            limit=insert_form.count.data,
            field=insert_form.group,
        )
    ).ok:
        form.body.data = block.value
        if _save(form, newsletter, _("The latest publications are added to the text.")).ok:
            return redirect(url_for("newsletters.edit", newsletter_id=newsletter.id))
    return _edit_page(form, newsletter, insert_form, True)


@bp.route("/<int:newsletter_id>")
@staff_required
def show(newsletter_id):
    return _show_page(services.get_newsletter(newsletter_id))


def _show_page(newsletter, status=200):
    """The newsletter's page; also where a refused action on it is explained."""
    form = TestSendForm(
        language=current_user.language
        if current_user.language in newsletter.languages
        else newsletter.language
    )
    form.language.choices = [(code, LANGUAGE_NAMES[code]) for code in newsletter.languages]
    return render_template(
        "newsletters/show.html",
        newsletter=newsletter,
        test_form=form,
        count=audience.audience_count(newsletter),
        missing=[code for code in LANGUAGE_NAMES if code not in newsletter.languages],
    ), status


@bp.route("/<int:newsletter_id>/versions/<language>", methods=["GET", "POST"])
@staff_required
def version(newsletter_id, language):
    newsletter = services.get_newsletter(newsletter_id)
    if language not in LANGUAGE_NAMES:
        return _to_newsletter(newsletter.id)
    existing = newsletter.version(language)
    form = VersionForm(obj=existing if existing is not newsletter else None)
    if (
        form.validate_on_submit()
        and attempt(
            services.save_version,
            newsletter,
            language,
            services.Content(form.subject.data, form.preheader.data or "", form.body.data),
            done=_("The version in %(language)s is saved.", language=LANGUAGE_NAMES[language]),
        ).ok
    ):
        return _to_newsletter(newsletter.id)
    return render_template(
        "newsletters/version.html", form=form, newsletter=newsletter, language=language
    ), 400 if request.method == "POST" else 200


@bp.route("/<int:newsletter_id>/versions/<language>/delete", methods=["POST"])
@staff_required
def delete_version(newsletter_id, language):
    newsletter = services.get_newsletter(newsletter_id)
    if not confirmed():
        return confirmation(
            _("Remove this version?"),
            _("Remove the version"),
            text=_("Its subject and text are deleted."),
            back=url_for("newsletters.show", newsletter_id=newsletter.id),
        )
    return _back_to_show(
        newsletter,
        attempt(services.remove_version, newsletter, language, done=_("The version is removed.")),
    )


@bp.route("/<int:newsletter_id>/preview")
@staff_required
def preview(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    language = request.args.get("lang")
    chosen = Composer(newsletter).edition_for(language)
    name = current_user.name
    return render_template(
        "newsletters/preview.html",
        newsletter=newsletter,
        edition=chosen,
        subject=chosen.subject_for(name),
        preheader=chosen.preheader_for(name),
        body=chosen.html_for(name),
    )


@bp.route("/<int:newsletter_id>/test", methods=["POST"])
@staff_required
def test_send(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    form = TestSendForm()
    form.language.choices = [(code, LANGUAGE_NAMES[code]) for code in newsletter.languages]
    if not form.validate_on_submit():
        flash(_("Choose one of the newsletter's languages."), "danger")
        return _to_newsletter(newsletter.id)
    attempt(
        services.send_test,
        newsletter,
        current_user,
        form.language.data,
        done=_("A test is on its way to %(email)s.", email=current_user.email),
    )
    return _to_newsletter(newsletter.id)


@bp.route("/<int:newsletter_id>/duplicate", methods=["POST"])
@staff_required
def duplicate(newsletter_id):
    outcome = attempt(
        services.duplicate,
        services.get_newsletter(newsletter_id),
        current_user,
        done=_("This is a new draft, copied from the newsletter."),
    )
    return redirect(url_for("newsletters.edit", newsletter_id=outcome.value.id))


@bp.route("/<int:newsletter_id>/send", methods=["GET", "POST"])
@staff_required
def send(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    schedule_form = ScheduleForm(formdata=None)
    if request.method == "GET":
        return _send_page(newsletter, schedule_form)
    outcome = attempt(
        services.send_now,
        newsletter,
        utcnow(),
        outdated_ok=request.form.get("outdated_ok") == "y",
        done=lambda count: ngettext(
            "Sending to %(num)d person has started.",
            "Sending to %(num)d people has started.",
            count,
        ),
    )
    if not outcome.ok:
        return _send_page(newsletter, schedule_form, outcome.status)
    return redirect(url_for("newsletters.progress", newsletter_id=newsletter.id))


def _send_page(newsletter, schedule_form, status=200):
    if not newsletter.outdated_versions:
        del schedule_form.outdated_ok
    return render_template(
        "newsletters/send.html",
        newsletter=newsletter,
        count=audience.audience_count(newsletter),
        schedule_form=schedule_form,
    ), status


@bp.route("/<int:newsletter_id>/schedule", methods=["POST"])
@staff_required
def schedule(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    form = ScheduleForm()
    if not form.validate_on_submit():
        return _send_page(newsletter, form, 400)
    outcome = attempt(
        services.schedule,
        newsletter,
        form.send_at.data,
        utcnow(),
        zone=current_user.timezone or "UTC",
        outdated_ok=form.outdated_ok.data,
        field=form.send_at,
        done=_("The newsletter is scheduled."),
    )
    if not outcome.ok:
        return _send_page(newsletter, form, outcome.status)
    return _to_newsletter(newsletter.id)


@bp.route("/<int:newsletter_id>/unschedule", methods=["POST"])
@staff_required
def unschedule(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    return _back_to_show(
        newsletter,
        attempt(services.unschedule, newsletter, done=_("The newsletter is a draft again.")),
    )


@bp.route("/<int:newsletter_id>/pause", methods=["POST"])
@staff_required
def pause(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    return _back_to_progress(
        newsletter, attempt(services.pause, newsletter, done=_("Sending is paused."))
    )


@bp.route("/<int:newsletter_id>/resume", methods=["POST"])
@staff_required
def resume(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    return _back_to_progress(
        newsletter, attempt(services.resume, newsletter, utcnow(), done=_("Sending continues."))
    )


def _back_to_progress(newsletter, outcome):
    if outcome.ok:
        return redirect(url_for("newsletters.progress", newsletter_id=newsletter.id))
    return _progress_page(newsletter, outcome.status)


@bp.route("/<int:newsletter_id>/cancel", methods=["POST"])
@staff_required
def cancel(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    if not confirmed():
        return confirmation(
            _("Cancel the newsletter"),
            _("Cancel the newsletter"),
            text=_("Cancel this newsletter? What has not been sent yet will not be sent."),
            back=url_for("newsletters.show", newsletter_id=newsletter.id),
        )
    return _back_to_show(
        newsletter,
        attempt(
            services.cancel,
            newsletter,
            utcnow(),
            done=_("The newsletter is cancelled. Nothing more will be sent."),
        ),
    )


def _back_to_show(newsletter, outcome):
    return _to_newsletter(newsletter.id) if outcome.ok else _show_page(newsletter, outcome.status)


@bp.route("/<int:newsletter_id>/progress")
@staff_required
def progress(newsletter_id):
    return _progress_page(services.get_newsletter(newsletter_id))


def _progress_page(newsletter, status=200):
    return render_template(
        "newsletters/progress.html",
        newsletter=newsletter,
        progress=services.progress(newsletter, utcnow()),
        failures=services.recent_failures(newsletter),
    ), status


@bp.route("/<int:newsletter_id>/progress.json")
@staff_required
def progress_json(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    figures = services.progress(newsletter, utcnow())
    finish = figures["expected_finish"]
    return jsonify(
        {
            **figures,
            "status_label": str(STATUS_LABELS[newsletter.status]),
            "expected_finish": finish.isoformat() if finish else None,
            "expected_finish_label": moment(finish) if finish else "—",
        }
    )


# --- Public archive ---------------------------------------------------------------------------


@bp.route("/archive")
def archive():
    return _archive_page(None)


@bp.route("/archive/lists/<slug>")
def archive_list(slug):
    return _archive_page(public_archive.archive_list(slug))


def _archive_page(mailing_list):
    page = db.paginate(
        public_archive.archive_query(mailing_list), page=page_arg(), per_page=20, error_out=False
    )
    copies = [public_copy(newsletter, current_language()) for newsletter in page.items]
    return render_template(
        "newsletters/archive.html",
        page=page,
        copies=copies,
        mailing_list=mailing_list,
        lists=public_archive.archive_lists(),
    )


@bp.route("/archive/<int:newsletter_id>")
def archived(newsletter_id):
    newsletter = public_archive.archived_newsletter(newsletter_id)
    return render_template(
        "newsletters/archived.html",
        newsletter=newsletter,
        copy=public_copy(newsletter, current_language()),
    )


@bp.route("/archive/feed.atom")
def feed():
    return _feed(None)


@bp.route("/archive/lists/<slug>/feed.atom")
def list_feed(slug):
    return _feed(public_archive.archive_list(slug))


def _feed(mailing_list):
    newsletters = public_archive.feed_newsletters(mailing_list)
    body = render_template(
        "newsletters/feed.xml",
        mailing_list=mailing_list,
        entries=[public_copy(item, item.language) for item in newsletters],
        updated=newsletters[0].finished_at if newsletters else utcnow(),
    )
    return body, 200, {"Content-Type": "application/atom+xml; charset=utf-8"}
