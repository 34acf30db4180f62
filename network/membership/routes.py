from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from network.auth.models import ROLE_LABELS
from network.cache import shared_part
from network.csvexport import csv_response
from network.errors import NotFound
from network.extensions import db, limiter
from network.groups import queries as groups
from network.members.models import ORGANIZATION_KINDS, PERSON_KINDS
from network.members.organizations import administered_organization
from network.membership import bp, imports, services
from network.membership.forms import ApplyForm, ConfirmImportForm, ImportForm, RenewalDateForm
from network.membership.models import STATUS_LABELS
from network.params import MAX_PAGE, whole_number
from network.permissions import staff_required
from network.themes import queries as themes
from network.tokens import InvalidToken, make_token, read_token
from network.web import attempt, confirmation, confirmed

IMPORT_TOKEN_AGE = timedelta(hours=1)


@bp.route("/")
@login_required
def status():
    return render_template(
        "membership/status.html",
        membership=services.membership_of(current_user),
        organizations=services.organization_memberships(current_user),
        today=services.today(),
        window_opens=services.renewal_window_opens,
    )


@bp.route("/renew", methods=["POST"])
@login_required
def renew():
    return _renew(services.membership_of(current_user))


@bp.route("/organizations/<int:org_id>/renew", methods=["POST"])
@login_required
def renew_organization(org_id):
    return _renew(
        services.membership_of_organization(administered_organization(org_id, current_user))
    )


def _renew(membership):
    if membership is None:
        raise NotFound()
    attempt(
        services.renew_own,
        membership,
        current_user,
        services.today(),
        done=lambda _none: _(
            "Thank you. The membership now runs until %(date)s.",
            date=format_date(membership.renewal_date, "long"),
        ),
    )
    return redirect(url_for("membership.status"))


@bp.route("/apply", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def apply():
    return _apply(None)


@bp.route("/organizations/<int:org_id>/apply", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def apply_for_organization(org_id):
    return _apply(administered_organization(org_id, current_user))


def _apply(organization):
    form = ApplyForm()
    if form.validate_on_submit():
        attempt(
            services.apply,
            current_user,
            form.statement.data,
            organization,
            done=_(
                "Thank you. Your application is sent; staff will write to you when they decide."
            ),
        )
        return redirect(url_for("membership.status"))
    return render_template(
        "membership/apply.html", form=form, organization=organization
    ), 400 if form.errors else 200


@bp.route("/staff/")
@staff_required
def queue():
    return render_template(
        "membership/queue.html",
        applications=services.queue(),
        counts=services.status_counts(),
        labels=STATUS_LABELS,
    )


@bp.route("/staff/members")
@staff_required
def members():
    filters = services.MemberFilters.from_args(request.args)
    if request.args.get("format") == "csv":
        return csv_response("members.csv", services.csv_header(), services.csv_rows(filters))
    number = whole_number(request.args.get("page"), 1, MAX_PAGE) or 1  # bad: dropped
    return render_template(
        "membership/members.html",
        members=shared_part("staff-members", lambda: _member_list(filters, number)),
    )


def _member_list(filters, number: int) -> str:
    page = db.paginate(services.member_query(filters), per_page=50, error_out=False, page=number)
    return render_template(
        "membership/_members.html",
        page=page,
        filters=filters,
        labels=STATUS_LABELS,
        role_labels=ROLE_LABELS,
        themes=themes.choices(),
        groups=groups.choices(),
    )


@bp.route("/staff/<int:membership_id>")
@staff_required
def detail(membership_id):
    membership = services.membership_or_404(membership_id)
    form = RenewalDateForm(renewal_date=membership.renewal_date)
    return render_template("membership/detail.html", membership=membership, form=form)


DONE = {
    "approve": _l("The application is approved."),
    "reject": _l("The application is declined."),
    "suspend": _l("The membership is suspended."),
    "reactivate": _l("The membership is active again."),
    "renew": _l("The membership is renewed for another term."),
}


@bp.route(
    "/staff/<int:membership_id>/<any(approve, reject, suspend, reactivate, renew):action>",
    methods=["POST"],
)
@staff_required
def decide(membership_id, action):
    membership = services.membership_or_404(membership_id)
    if action == "reject" and not confirmed():
        return confirmation(
            _("Decline the application of %(name)s?", name=membership.name),
            _("Decline and tell them"),
            text=_("The application is removed and the applicant is told by mail."),
            back=url_for("membership.detail", membership_id=membership_id),
        )
    if not attempt(_decide, membership, action, done=DONE[action]).ok:
        return redirect(url_for("membership.detail", membership_id=membership_id))
    if action in ("approve", "reject"):
        return redirect(url_for("membership.queue"))
    return redirect(url_for("membership.detail", membership_id=membership_id))


def _decide(membership, action):
    today = services.today()
    if action == "approve":
        services.approve(membership, current_user, today)
    elif action == "reject":
        services.reject(membership, current_user)
    elif action == "suspend":
        services.suspend(membership, current_user)
    elif action == "reactivate":
        services.reactivate(membership, current_user, today)
    else:
        services.renew(membership, current_user, today)


@bp.route("/staff/<int:membership_id>/renewal-date", methods=["POST"])
@staff_required
def renewal_date(membership_id):
    membership = services.membership_or_404(membership_id)
    form = RenewalDateForm()
    if form.validate_on_submit():
        if attempt(
            services.set_renewal_date,
            membership,
            current_user,
            form.renewal_date.data,
            services.today(),
            field=form.renewal_date,
            done=_("The renewal date is saved."),
        ).ok:
            return redirect(url_for("membership.detail", membership_id=membership_id))
    return render_template("membership/detail.html", membership=membership, form=form), 400


@bp.route("/staff/import", methods=["GET", "POST"])
@staff_required
def import_people():
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("membership/import.html", form=form), 400 if form.errors else 200
    decoded = attempt(imports.decode, form.file.data.read(), field=form.file)
    if not decoded.ok:
        return render_template("membership/import.html", form=form), decoded.status
    text = decoded.value
    report = imports.check(text, form.what.data)
    confirm = ConfirmImportForm(
        formdata=None,
        checked=make_token(
            "membership-import", {"text": text, "what": form.what.data, "status": form.status.data}
        ),
    )
    kind_labels = PERSON_KINDS if form.what.data == imports.PEOPLE else ORGANIZATION_KINDS
    return render_template(
        "membership/import_report.html",
        report=report,
        confirm=confirm,
        status_label=STATUS_LABELS[form.status.data],
        kind_labels=kind_labels,
    ), 200 if report.valid else 400


@bp.route("/staff/import/template-<what>.csv")
@staff_required
def import_template(what):
    if what not in imports.TEMPLATES:
        raise NotFound()
    header, rows = imports.TEMPLATES[what]
    return csv_response(f"{what}-template.csv", header, rows)


@bp.route("/staff/import/confirm", methods=["POST"])
@staff_required
def confirm_import():
    form = ConfirmImportForm()
    try:
        if not form.validate_on_submit():
            raise InvalidToken("missing")
        checked = read_token("membership-import", form.checked.data, IMPORT_TOKEN_AGE)
    except InvalidToken:
        flash(_("This import has expired or is not valid. Upload the file again."), "danger")
        return redirect(url_for("membership.import_people"))
    outcome = attempt(
        imports.run,
        checked["text"],
        checked["what"],
        checked["status"],
        current_user,
        done=lambda counts: _(
            "Imported: %(new)s, %(updated)s.",
            new=ngettext("%(num)d new", "%(num)d new", counts[0]),
            updated=ngettext("%(num)d updated", "%(num)d updated", counts[1]),
        ),
    )
    return redirect(url_for("membership.members" if outcome.ok else "membership.import_people"))
