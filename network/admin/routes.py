from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from network.admin import bp
from network.admin.dashboard import waiting
from network.admin.forms import RoleForm
from network.auth import services as auth_services
from network.auth.models import ROLE_LABELS, Role, User
from network.extensions import db
from network.newsletters.labels import STATUS_LABELS as NEWSLETTER_LABELS
from network.params import page_arg
from network.permissions import admin_required, staff_required
from network.web import attempt


@bp.route("/")
@staff_required
def dashboard():
    return render_template("admin/dashboard.html", newsletter_labels=NEWSLETTER_LABELS, **waiting())


@bp.route("/users")
@staff_required
def users():
    q = request.args.get("q", "").strip()
    query = select(User).order_by(User.name, User.id)
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            or_(func.lower(User.name).like(pattern), func.lower(User.email).like(pattern))
        )
    page = db.paginate(query, page=page_arg(), per_page=50, error_out=False)
    return render_template(
        "admin/users.html", page=page, q=q, role_labels=ROLE_LABELS, role_form=RoleForm
    )


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@admin_required
def change_role(user_id):
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        attempt(
            auth_services.set_role,
            current_user,
            user,
            Role(form.role.data),
            done=_("%(name)s is now: %(role)s.", name=user.name, role=ROLE_LABELS[form.role.data]),
        )
    else:
        flash(_("Choose a valid role."), "danger")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))
