"""Route decorators and object-level checks."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from network.auth.models import Role


def role_required(role: Role):
    """Signed in and holding at least this role, else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(Role.STAFF)
admin_required = role_required(Role.ADMIN)
organizer_required = role_required(Role.ORGANIZER)
