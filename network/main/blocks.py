"""What the home page and the theme hubs show: the network's living parts, each block read
through the domain that owns it, with that domain's visibility for the viewer."""

from network.advocacy.campaigns import open_campaigns
from network.conferences.access import open_calls
from network.events.listing import list_events
from network.extensions import db
from network.groups.queries import all_groups, groups_on_theme
from network.journal.queries import open_journals
from network.library.queries import published_items
from network.members.directory import DirectoryFilters, people_statement
from network.members.map import map_for
from network.newsletters.archive import latest_newsletters

NEXT_EVENTS = 4
EXPERTS = 8


def home_blocks(viewer) -> dict:
    return {
        "events": _events(viewer),
        "calls": open_calls(viewer),
        "journals": open_journals(),
        "campaigns": open_campaigns(),
        "items": published_items(limit=4),
        "newsletters": latest_newsletters(limit=1),
        "groups": all_groups(),
        "world": map_for(viewer),
    }


def theme_blocks(theme, viewer) -> dict:
    experts = people_statement(DirectoryFilters(theme_id=theme.id), viewer)
    return {
        "groups": groups_on_theme(theme.id),
        "experts": list(db.session.scalars(experts.limit(EXPERTS))),
        "events": _events(viewer, theme=theme.slug),
        "items": published_items(theme_id=theme.id, limit=5),
        "campaigns": open_campaigns(theme_id=theme.id),
        "newsletters": latest_newsletters(theme_id=theme.id),
    }


def _events(viewer, **filters) -> list:
    return list(db.session.scalars(list_events(viewer, **filters).limit(NEXT_EVENTS)))
