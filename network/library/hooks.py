"""What the library answers to other domains: the items on a group's page, a person's profile,
an organization's page and an event's page."""

from flask import render_template
from markupsafe import Markup

from network.library.queries import published_items
from network.signals import group_sections, profile_sections

SECTION_SIZE = 10


@group_sections.connect
def _group_items(group) -> Markup:
    items = published_items(group_id=group.id, limit=SECTION_SIZE)
    return Markup(render_template("library/_group_section.html", group=group, items=items))


@profile_sections.connect
def _publications(profile) -> Markup:
    items = published_items(user_id=profile.user_id, limit=SECTION_SIZE)
    if not items:
        return Markup("")
    return Markup(render_template("library/_profile_section.html", items=items))


def template_globals() -> dict:
    """For the organization and event pages, which include the library's sections."""
    return {"library_items": published_items}
