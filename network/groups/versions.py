"""Working groups' texts in other languages."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from network.groups.models import WorkingGroup
from network.multilingual import Kind, register

register(
    Kind(
        "group",
        WorkingGroup,
        labels={"name": _l("Name"), "description": _l("Description")},
        can_edit=lambda group, user: user.is_authenticated and user.is_staff,
        back=lambda group: url_for("groups.detail", slug=group.slug),
        markdown=frozenset({"description"}),
    )
)
