"""Newsletters: staff compose, test, send and follow them; anyone reads the public archive."""
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime, gettext as _
from flask_login import current_user
from sqlalchemy import select

from network.lists.models import MailingList
from network.dbtypes import utcnow
from network.errors import DomainError
from network.extensions import db
from network.groups.models import WorkingGroup
from network.i18n import LANGUAGE_NAMES, current_language
from network.members.models import PERSON_KINDS
from network.membership.models import STATUS_LABELS as MEMBERSHIP_LABELS
from network.newsletters import bp, services
from network.newsletters.forms import NewsletterForm, ScheduleForm, TestSendForm, VersionForm
from network.newsletters.messages import Composer, public_copy
from network.newsletters.models import STATUS_LABELS
from network.newsletters.tasks import queue_senders
from network.params import page_arg, whole_number
from network.permissions import staff_required
from network.tasks import deliver_email
from network.themes.models import Theme


@bp.context_processor
def labels():
    return {"status_labels": STATUS_LABELS, "member_kinds": PERSON_KINDS,
            "membership_labels": MEMBERSHIP_LABELS}


def _newsletter_form(newsletter=None) -> NewsletterForm:
    lists = db.session.scalars(select(MailingList).where(MailingList.archived.is_(False))
                               .order_by(MailingList.slug)).all()
    groups = db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.name)).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)).all()
    form = NewsletterForm(obj=newsletter, lists=lists, groups=groups, themes=themes)
    if newsletter is not None and request.method == "GET":
        form.lists.data = [item.id for item in newsletter.lists]
        form.segment_group.data = newsletter.segment_group_id or 0
        form.segment_theme.data = newsletter.segment_theme_id or 0
    return form


def _save(form: NewsletterForm, newsletter=None):
    lists = db.session.scalars(select(MailingList).where(
        MailingList.id.in_(form.lists.data or []))).all()
    group = db.session.get(WorkingGroup, form.segment_group.data) if form.segment_group.data else None
    theme = db.session.get(Theme, form.segment_theme.data) if form.segment_theme.data else None
    segment = services.Segment(
        language=form.segment_language.data or "", group=group, theme=theme,
        member_kind=form.segment_member_kind.data or "",
        membership_status=form.segment_membership_status.data or "",
        country=form.segment_country.data or "", corridor_origin=form.segment_corridor_origin.data or "",
        corridor_destination=form.segment_corridor_destination.data or "")
    return services.save_newsletter(
        newsletter, current_user, services.Content(form.subject.data, form.preheader.data or "",
                                                   form.body.data),
        sender_name=form.sender_name.data, language=form.language.data, lists=lists, segment=segment)


def _prefill(form: NewsletterForm) -> None:
    """A link such as a campaign's "write an update" chooses the list and suggests a subject."""
    list_id = whole_number(request.args.get("list"), 1)  # only a suggestion: bad is none
    if list_id in dict(form.lists.choices):
        form.lists.data = [list_id]
    form.subject.data = request.args.get("subject", "")[:200]


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
    if form.validate_on_submit():
        try:
            newsletter = _save(form)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(_("The draft is saved."), "success")
            return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))
    return render_template("newsletters/edit.html", form=form, newsletter=None), \
        400 if request.method == "POST" else 200


@bp.route("/<int:newsletter_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    if newsletter.status != services.DRAFT:
        flash(_("Only a draft can be changed. Duplicate this newsletter to write a new one."), "warning")
        return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))
    form = _newsletter_form(newsletter)
    if form.validate_on_submit():
        try:
            _save(form, newsletter)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(_("The draft is saved."), "success")
            return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))
    return render_template("newsletters/edit.html", form=form, newsletter=newsletter), \
        400 if request.method == "POST" else 200


@bp.route("/<int:newsletter_id>")
@staff_required
def show(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    form = TestSendForm(language=current_user.language if current_user.language in
                        newsletter.languages else newsletter.language)
    form.language.choices = [(code, LANGUAGE_NAMES[code]) for code in newsletter.languages]
    return render_template("newsletters/show.html", newsletter=newsletter, test_form=form,
                           count=services.audience_count(newsletter),
                           missing=[code for code in LANGUAGE_NAMES if code not in newsletter.languages])


@bp.route("/<int:newsletter_id>/versions/<language>", methods=["GET", "POST"])
@staff_required
def version(newsletter_id, language):
    newsletter = services.get_newsletter(newsletter_id)
    if language not in LANGUAGE_NAMES:
        return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))
    existing = newsletter.version(language)
    form = VersionForm(obj=existing if existing is not newsletter else None)
    if form.validate_on_submit():
        try:
            services.save_version(newsletter, language, services.Content(
                form.subject.data, form.preheader.data or "", form.body.data))
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(_("The version in %(language)s is saved.", language=LANGUAGE_NAMES[language]), "success")
            return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))
    return render_template("newsletters/version.html", form=form, newsletter=newsletter,
                           language=language), 400 if request.method == "POST" else 200


@bp.route("/<int:newsletter_id>/versions/<language>/delete", methods=["POST"])
@staff_required
def delete_version(newsletter_id, language):
    newsletter = services.get_newsletter(newsletter_id)
    services.remove_version(newsletter, language)
    db.session.commit()
    flash(_("The version is removed."), "success")
    return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))


@bp.route("/<int:newsletter_id>/preview")
@staff_required
def preview(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    language = request.args.get("lang")
    chosen = Composer(newsletter).edition_for(language)
    name = current_user.name
    return render_template("newsletters/preview.html", newsletter=newsletter, edition=chosen,
                           subject=chosen.subject_for(name), preheader=chosen.preheader_for(name),
                           body=chosen.html_for(name))


@bp.route("/<int:newsletter_id>/test", methods=["POST"])
@staff_required
def test_send(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    form = TestSendForm()
    form.language.choices = [(code, LANGUAGE_NAMES[code]) for code in newsletter.languages]
    if not form.validate_on_submit():
        flash(_("Choose one of the newsletter's languages."), "danger")
        return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))
    try:
        message = services.message_to_self(newsletter, current_user, form.language.data)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        deliver_email(message)
        flash(_("A test is on its way to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))


@bp.route("/<int:newsletter_id>/duplicate", methods=["POST"])
@staff_required
def duplicate(newsletter_id):
    copy = services.duplicate(services.get_newsletter(newsletter_id), current_user)
    db.session.commit()
    flash(_("This is a new draft, copied from the newsletter."), "success")
    return redirect(url_for("newsletters.edit", newsletter_id=copy.id))


@bp.route("/<int:newsletter_id>/send", methods=["GET", "POST"])
@staff_required
def send(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    schedule_form = ScheduleForm(formdata=None)
    if request.method == "GET":
        return _send_page(newsletter, schedule_form)
    try:
        count = services.send_now(newsletter, utcnow())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return _send_page(newsletter, schedule_form, error.status)
    db.session.commit()
    queue_senders(newsletter.id)
    flash(_("Sending to %(count)d people has started.", count=count), "success")
    return redirect(url_for("newsletters.progress", newsletter_id=newsletter.id))


def _send_page(newsletter, schedule_form, status=200):
    return render_template("newsletters/send.html", newsletter=newsletter,
                           count=services.audience_count(newsletter),
                           schedule_form=schedule_form), status


@bp.route("/<int:newsletter_id>/schedule", methods=["POST"])
@staff_required
def schedule(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    form = ScheduleForm()
    if not form.validate_on_submit():
        return _send_page(newsletter, form, 400)
    try:
        when = services.local_to_utc(form.send_at.data, current_user.timezone or "UTC")
        services.schedule(newsletter, when, utcnow())
    except DomainError as error:
        db.session.rollback()
        form.send_at.errors = [error.message]
        return _send_page(newsletter, form, error.status)
    db.session.commit()
    flash(_("The newsletter is scheduled."), "success")
    return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))


@bp.route("/<int:newsletter_id>/unschedule", methods=["POST"])
@staff_required
def unschedule(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    services.unschedule(newsletter)
    db.session.commit()
    flash(_("The newsletter is a draft again."), "success")
    return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))


@bp.route("/<int:newsletter_id>/pause", methods=["POST"])
@staff_required
def pause(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    services.pause(newsletter)
    db.session.commit()
    flash(_("Sending is paused."), "success")
    return redirect(url_for("newsletters.progress", newsletter_id=newsletter.id))


@bp.route("/<int:newsletter_id>/resume", methods=["POST"])
@staff_required
def resume(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    services.resume(newsletter, utcnow())
    db.session.commit()
    queue_senders(newsletter.id)
    flash(_("Sending continues."), "success")
    return redirect(url_for("newsletters.progress", newsletter_id=newsletter.id))


@bp.route("/<int:newsletter_id>/cancel", methods=["POST"])
@staff_required
def cancel(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    services.cancel(newsletter, utcnow())
    db.session.commit()
    flash(_("The newsletter is cancelled. Nothing more will be sent."), "success")
    return redirect(url_for("newsletters.show", newsletter_id=newsletter.id))


@bp.route("/<int:newsletter_id>/progress")
@staff_required
def progress(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    return render_template("newsletters/progress.html", newsletter=newsletter,
                           progress=services.progress(newsletter, utcnow()),
                           failures=services.recent_failures(newsletter))


@bp.route("/<int:newsletter_id>/progress.json")
@staff_required
def progress_json(newsletter_id):
    newsletter = services.get_newsletter(newsletter_id)
    figures = services.progress(newsletter, utcnow())
    finish = figures["expected_finish"]
    return jsonify({**figures, "status_label": str(STATUS_LABELS[newsletter.status]),
                    "expected_finish": finish.isoformat() if finish else None,
                    "expected_finish_label": format_datetime(finish) if finish else "—"})


# --- Public archive ---------------------------------------------------------------------------

@bp.route("/archive")
def archive():
    return _archive_page(None)


@bp.route("/archive/lists/<slug>")
def archive_list(slug):
    return _archive_page(services.archive_list(slug))


def _archive_page(mailing_list):
    page = db.paginate(services.archive_query(mailing_list), page=page_arg(), per_page=20,
                       error_out=False)
    copies = [public_copy(newsletter, current_language()) for newsletter in page.items]
    return render_template("newsletters/archive.html", page=page, copies=copies,
                           mailing_list=mailing_list, lists=services.archive_lists())


@bp.route("/archive/<int:newsletter_id>")
def archived(newsletter_id):
    newsletter = services.archived_newsletter(newsletter_id)
    return render_template("newsletters/archived.html", newsletter=newsletter,
                           copy=public_copy(newsletter, current_language()))


@bp.route("/archive/feed.atom")
def feed():
    return _feed(None)


@bp.route("/archive/lists/<slug>/feed.atom")
def list_feed(slug):
    return _feed(services.archive_list(slug))


def _feed(mailing_list):
    newsletters = db.session.scalars(services.archive_query(mailing_list).limit(30)).all()
    body = render_template("newsletters/feed.xml", mailing_list=mailing_list,
                           entries=[public_copy(item, item.language) for item in newsletters],
                           updated=newsletters[0].finished_at if newsletters else utcnow())
    return body, 200, {"Content-Type": "application/atom+xml; charset=utf-8"}
