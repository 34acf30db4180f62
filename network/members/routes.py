from types import SimpleNamespace

from flask import flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network.errors import NotFound
from network.extensions import limiter
from network.members import admins, bp, directory, organizations, services, visibility
from network.members.forms import (
    AdminForm,
    AffiliationForm,
    ContactForm,
    DirectoryForm,
    OrganizationForm,
    ProfileForm,
)
from network.members.map import map_for
from network.members.uploads import MAX_UPLOAD_BYTES, NAME_PATTERN, ImageRejected, upload_dir
from network.params import page_arg
from network.signals import profile_sections
from network.themes.queries import all_themes
from network.web import attempt, confirmation, confirmed


def _uploaded(field) -> bytes | None:
    storage = field.data
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return storage.read(MAX_UPLOAD_BYTES + 1)


def _save(form, image_field, call, *args, **kwargs):
    """Runs a save through attempt(): a rejected image is shown under its field, any other
    broken rule above the form."""
    shown = SimpleNamespace(errors=[])
    outcome = attempt(call, *args, field=shown, **kwargs)
    if not outcome.ok:
        target = (
            image_field.errors if isinstance(outcome.error, ImageRejected) else form.form_errors
        )
        target.extend(shown.errors)
    return outcome


@bp.route("/")
def index():
    return redirect(url_for("members.directory"))


@bp.route("/directory", endpoint="directory")
def directory_page():
    themes = all_themes()
    form = DirectoryForm(request.args, themes=themes, groups=directory.working_groups())
    if not form.validate():
        return render_template("members/directory.html", form=form, results=None, args={}), 400
    search = (
        directory.search_organizations
        if form.type.data == "organizations"
        else directory.search_people
    )
    results = search(form.filters(themes), current_user, page_arg())
    return render_template(
        "members/directory.html",
        form=form,
        results=results,
        args=form.query_args(),
        # The directory as first opened shows where everyone is; a search shows its results.
        world=None if request.args else map_for(current_user),
    )


@bp.route("/<int:profile_id>")
def person(profile_id):
    profile = services.visible_profile(profile_id, current_user)
    return render_template(
        "members/person.html",
        profile=profile,
        shows=lambda visibility: services.can_see(visibility, current_user, (profile.user_id,)),
        organizations=organizations.confirmed_organizations(profile, current_user),
        sections=[html for _receiver, html in profile_sections.send(profile) if html],
    )


@bp.route("/me")
@login_required
def my_profile():
    profile = services.profile_of(current_user)
    if profile is None:
        return redirect(url_for("members.edit_profile"))
    return redirect(url_for("members.person", profile_id=profile.id))


@bp.route("/me/edit", methods=["GET", "POST"])
@login_required
def edit_profile():
    profile = services.profile_of(current_user)
    if request.method == "GET":
        form = ProfileForm(
            data=ProfileForm.data_of(profile, current_user),
            corridor_rows=len(profile.corridors) if profile else 0,
        )
    else:
        form = ProfileForm()
    if form.validate_on_submit():
        outcome = _save(
            form,
            form.photo,
            services.save_person_profile,
            current_user,
            form.person_input(),
            photo=_uploaded(form.photo),
            remove_photo=form.remove_photo.data,
        )
        if outcome.ok:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("members.person", profile_id=outcome.value.id))
    return render_template(
        "members/edit_profile.html", form=form, profile=profile
    ), 400 if form.errors else 200


def _member_key() -> str:
    """Limits per signed-in member rather than per address, which many may share."""
    return f"member:{current_user.id}"


@bp.route("/<int:profile_id>/contact", methods=["GET", "POST"])
@login_required
@limiter.limit("5 per hour", key_func=_member_key, methods=["POST"])
def contact(profile_id):
    profile = services.visible_profile(profile_id, current_user)
    form = ContactForm()
    if form.validate_on_submit():
        if attempt(
            services.send_contact_message,
            current_user,
            profile,
            form.message.data,
            field=form.message,
            done=_("Your message was sent to %(name)s.", name=profile.display_name),
        ).ok:
            return redirect(url_for("members.person", profile_id=profile.id))
    return render_template(
        "members/contact.html", form=form, profile=profile
    ), 400 if form.errors else 200


@bp.route("/uploads/<name>")
def upload(name):
    if not NAME_PATTERN.match(name):
        raise NotFound()
    return send_from_directory(upload_dir(), name, max_age=86400)


# --- organizations ------------------------------------------------------------------------------


@bp.route("/org/new", methods=["GET", "POST"])
@login_required
def create_organization():
    form = OrganizationForm()
    if form.validate_on_submit():
        outcome = _save(
            form,
            form.logo,
            organizations.create_organization,
            current_user,
            form.organization_input(),
            logo=_uploaded(form.logo),
        )
        if outcome.ok:
            flash(_("The organization is created. You administer it."), "success")
            return redirect(url_for("members.organization", org_id=outcome.value.id))
    return render_template(
        "members/organization_form.html", form=form, org=None
    ), 400 if form.errors else 200


@bp.route("/org/<int:org_id>")
def organization(org_id):
    org = organizations.visible_organization(org_id, current_user)
    is_admin = organizations.is_org_admin(org, current_user)
    own = services.profile_of(current_user) if current_user.is_authenticated else None
    listed = own is not None and any(a.person_id == own.id for a in org.affiliations)
    return render_template(
        "members/organization.html",
        org=org,
        is_admin=is_admin,
        shows=lambda visibility: services.can_see(
            visibility, current_user, [a.user_id for a in org.admins]
        ),
        people=organizations.confirmed_people(org, current_user),
        affiliation_form=AffiliationForm() if own and not listed else None,
        pending=organizations.pending_affiliations(org) if is_admin else [],
    )


@bp.route("/org/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit_organization(org_id):
    org = organizations.administered_organization(org_id, current_user)
    if request.method == "GET":
        form = OrganizationForm(
            data=OrganizationForm.data_of(org), corridor_rows=len(org.corridors)
        )
    else:
        form = OrganizationForm()
    if form.validate_on_submit():
        if _save(
            form,
            form.logo,
            organizations.update_organization,
            current_user,
            org,
            form.organization_input(),
            logo=_uploaded(form.logo),
            remove_logo=form.remove_logo.data,
        ).ok:
            flash(_("The organization is saved."), "success")
            return redirect(url_for("members.organization", org_id=org.id))
    return render_template(
        "members/organization_form.html", form=form, org=org
    ), 400 if form.errors else 200


@bp.route("/org/<int:org_id>/admins", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", key_func=_member_key, methods=["POST"])
def organization_admins(org_id):
    org = organizations.administered_organization(org_id, current_user, allow_staff=True)
    form = AdminForm()
    if form.validate_on_submit():
        if attempt(
            admins.invite_admin,
            current_user,
            org,
            form.email.data,
            field=form.email,
            done=_(
                "We sent an invitation to %(email)s. The person becomes an administrator "
                "of %(org)s when they accept it.",
                email=form.email.data.strip(),
                org=org.name,
            ),
        ).ok:
            return redirect(url_for("members.organization_admins", org_id=org.id))
    return render_template(
        "members/organization_admins.html",
        org=org,
        form=form,
        invitations=admins.pending_invitations(org),
        invitation_days=admins.INVITATION_DAYS,
    ), 400 if form.errors else 200


@bp.route("/org/<int:org_id>/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@login_required
def withdraw_invitation(org_id, invitation_id):
    org = organizations.administered_organization(org_id, current_user, allow_staff=True)
    if not confirmed():
        return confirmation(
            _("Withdraw this invitation?"),
            _("Withdraw the invitation"),
            text=_("Its link stops working. You can invite the address again later."),
            back=url_for("members.organization_admins", org_id=org.id),
        )
    attempt(
        admins.withdraw_invitation,
        current_user,
        org,
        invitation_id,
        done=_("The invitation is withdrawn; its link no longer works."),
    )
    return redirect(url_for("members.organization_admins", org_id=org.id))


@bp.route("/invitations/<token>")
def invitation(token):
    """Shows the invitation and a button; opening the link changes nothing."""
    return render_template("members/invitation.html", invitation=admins.open_invitation(token))


@bp.route("/invitations/<token>/accept", methods=["POST"])
@login_required
def accept_invitation(token):
    org = attempt(
        admins.accept_invitation,
        current_user,
        token,
        done=lambda org: _("You now administer %(org)s.", org=org.name),
    ).value
    return redirect(url_for("members.organization", org_id=org.id))


@bp.route("/org/<int:org_id>/admins/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_organization_admin(org_id, user_id):
    org = organizations.administered_organization(org_id, current_user, allow_staff=True)
    if not confirmed():
        return _confirm_removing_admin(org, user_id)
    attempt(
        admins.remove_admin,
        current_user,
        org,
        user_id,
        done=_("The administrator is removed."),
    )
    if organizations.is_org_admin(org, current_user) or current_user.is_staff:
        return redirect(url_for("members.organization_admins", org_id=org.id))
    return redirect(url_for("members.organization", org_id=org.id))


def _confirm_removing_admin(org, user_id: int):
    back = url_for("members.organization_admins", org_id=org.id)
    if user_id == current_user.id:
        return confirmation(
            _("Step down as administrator of %(org)s?", org=org.name),
            _("Step down"),
            text=_("You can no longer edit it or manage it, unless invited again."),
            back=back,
        )
    return confirmation(
        _("Remove this administrator of %(org)s?", org=org.name),
        _("Remove the administrator"),
        text=_("They can no longer edit it or manage it, unless invited again."),
        back=back,
    )


@bp.route("/org/<int:org_id>/affiliate", methods=["POST"])
@login_required
def request_affiliation(org_id):
    org = organizations.visible_organization(org_id, current_user)
    form = AffiliationForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.title.errors) or _("Enter your title."), "danger")
        return redirect(url_for("members.organization", org_id=org.id))
    attempt(
        organizations.request_affiliation,
        current_user,
        org,
        form.title.data,
        done=_(
            "Your affiliation is listed. An administrator of %(org)s will confirm it.", org=org.name
        ),
    )
    return redirect(url_for("members.organization", org_id=org.id))


@bp.route(
    "/org/<int:org_id>/affiliations/<int:affiliation_id>/<any(approve, reject):decision>",
    methods=["POST"],
)
@login_required
def decide_affiliation(org_id, affiliation_id, decision):
    org = organizations.administered_organization(org_id, current_user)
    affiliation = organizations.affiliation_of(org, affiliation_id)
    name = affiliation.person.display_name
    if decision == "reject" and not confirmed():
        return confirmation(
            _("Decline the affiliation of %(name)s?", name=name),
            _("Decline"),
            text=_("It is not shown on %(org)s's page nor on their profile.", org=org.name),
            back=url_for("members.organization", org_id=org.id),
        )
    attempt(
        organizations.decide_affiliation,
        current_user,
        affiliation,
        decision == "approve",
        done=_("%(name)s is confirmed.", name=name)
        if decision == "approve"
        else _("The affiliation of %(name)s is declined.", name=name),
    )
    return redirect(url_for("members.organization", org_id=org.id))


@bp.route("/affiliations/<int:affiliation_id>/withdraw", methods=["POST"])
@login_required
def withdraw_affiliation(affiliation_id):
    if not confirmed():
        return confirmation(
            _("Remove this affiliation from your profile?"),
            _("Remove the affiliation"),
            text=_("To list it again, you ask again and an administrator confirms it."),
            back=url_for("members.my_profile"),
        )
    attempt(
        organizations.withdraw_affiliation,
        current_user,
        affiliation_id,
        done=_("The affiliation is removed from your profile."),
    )
    return redirect(url_for("members.my_profile"))


@bp.app_context_processor
def members_context():
    return {"members_organizations_of": services.organizations_of}


@bp.app_template_filter("visible_people")
def visible_people_filter(users):
    """Keeps the people the signed-in viewer may see named: {% for u in users|visible_people %}."""
    return visibility.visible_people(users, current_user)
