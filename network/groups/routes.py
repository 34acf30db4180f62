from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from network.extensions import limiter
from network.groups import bp, queries, services
from network.groups.forms import GroupForm
from network.groups.models import MembershipState
from network.members.visibility import profile_links, visible_people
from network.permissions import staff_required
from network.signals import group_choices, group_member_ids, group_sections, profile_sections
from network.web import attempt, confirmation, confirmed


@bp.route("/")
def index():
    return render_template("groups/index.html", groups=queries.all_groups())


@bp.route("/<slug>")
def detail(slug):
    group = services.group_or_404(slug)
    sections = [html for _receiver, html in group_sections.send(group) if html]
    members = services.active_members(group)
    shown = visible_people(members, current_user)
    can_manage = current_user.is_authenticated and (
        group.is_chair(current_user) or current_user.is_staff
    )
    return render_template(
        "groups/detail.html",
        group=group,
        members=shown,
        hidden_members=len(members) - len(shown),
        chairs=visible_people([c for c in (group.chair, group.cochair) if c], current_user),
        profiles=profile_links([user.id for user in shown], current_user),
        membership=services.membership_of(group, current_user),
        can_manage=can_manage,
        waiting=len(services.pending_requests(group)) if can_manage else 0,
        sections=sections,
        active=MembershipState.ACTIVE.value,
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    return _edit(None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@staff_required
def edit(slug):
    return _edit(services.group_or_404(slug))


def _edit(group):
    form = GroupForm(obj=group, group=group)
    if group is not None and not form.is_submitted():
        form.theme_id.data = group.theme_id or 0
        form.chair_email.data = group.chair.email if group.chair else ""
        form.cochair_email.data = group.cochair.email if group.cochair else ""
    if form.validate_on_submit():
        outcome = attempt(
            services.save_group,
            group,
            name=form.name.data,
            slug=form.slug.data,
            description=form.description.data or "",
            theme_id=form.theme_id.data,
            chair=form.chair,
            cochair=form.cochair,
            actor=current_user,
            done=lambda saved: _("The group %(name)s is saved.", name=saved.name),
        )
        if outcome.ok:
            return redirect(url_for("groups.detail", slug=outcome.value.slug))
    status = 400 if form.errors else 200
    return render_template("groups/form.html", form=form, group=group), status


@bp.route("/<slug>/join", methods=["POST"])
@login_required
@limiter.limit("20 per 10 minutes")
def join(slug):
    group = services.group_or_404(slug)
    attempt(
        services.request_to_join,
        group,
        current_user,
        done=_("Your request to join is sent. The chairs will decide on it."),
    )
    return redirect(url_for("groups.detail", slug=slug))


@bp.route("/<slug>/leave", methods=["POST"])
@login_required
def leave(slug):
    group = services.group_or_404(slug)
    if not confirmed():
        return confirmation(
            _("Leave the group %(name)s?", name=group.name),
            _("Leave the group"),
            text=_("To come back, you ask to join again."),
            back=url_for("groups.detail", slug=slug),
        )
    attempt(
        services.leave,
        group,
        current_user,
        done=_("You have left the group %(name)s.", name=group.name),
    )
    return redirect(url_for("groups.detail", slug=slug))


@bp.route("/<slug>/requests")
@login_required
def requests(slug):
    group = services.group_for_chair(slug, current_user)
    return render_template(
        "groups/requests.html",
        group=group,
        pending=services.pending_requests(group),
        members=services.active_members(group),
    )


@bp.route("/<slug>/requests/<int:membership_id>/<any(approve, reject):decision>", methods=["POST"])
@login_required
def decide(slug, membership_id, decision):
    group = services.group_for_chair(slug, current_user)
    if decision == "approve":
        attempt(
            services.approve,
            group,
            membership_id,
            current_user,
            done=lambda member: _("%(name)s is now a member of the group.", name=member.name),
        )
    elif not confirmed():
        return confirmation(
            _("Decline this request to join %(name)s?", name=group.name),
            _("Decline the request"),
            text=_("The request is removed; the person may ask again."),
            back=url_for("groups.requests", slug=slug),
        )
    else:
        attempt(
            services.reject,
            group,
            membership_id,
            current_user,
            done=lambda member: _("The request of %(name)s was declined.", name=member.name),
        )
    return redirect(url_for("groups.requests", slug=slug))


@profile_sections.connect
def _groups_of_person(profile) -> Markup:
    return Markup(
        render_template("groups/_profile_section.html", groups=queries.groups_of(profile.user_id))
    )


@group_choices.connect
def _group_choices(_sender) -> list[tuple[int, str]]:
    return queries.choices()


@group_member_ids.connect
def _group_member_ids(group_id):
    return queries.active_member_ids(group_id)
