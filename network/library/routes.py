"""Library pages: an item and its files."""

from flask import render_template, request, send_file
from flask_login import current_user

from network.groups import queries as group_queries
from network.i18n import current_language
from network.library import access, bp, downloads, labels
from network.library.files import file_path
from network.library.rules import TEXT_LANGUAGES
from network.members.visibility import profile_links, visible_organizations
from network.web import attempt


@bp.get("/<int:item_id>")
def item(item_id: int):
    found = access.visible_item(item_id)
    asked = request.args.get("lang", "")
    return render_template(
        "library/item.html",
        item=found,
        text=found.text_in(asked if asked in TEXT_LANGUAGES else current_language()),
        labels=labels,
        group=group_queries.group_by_id(found.group_id),
        event=downloads.visible_event(found, current_user),
        organizations=visible_organizations(found.organizations, current_user),
        profile_links=profile_links([a.user_id for a in found.authors if a.user_id], current_user),
        can_edit=access.can_edit(found, current_user),
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
