"""What the site search looks in, kind by kind, each with the visibility of its own pages."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from network.advocacy.models import Campaign
from network.events.listing import visibility_clause
from network.events.models import Event, EventStatus
from network.groups.models import WorkingGroup
from network.groups.queries import groups_among
from network.library import listing as library
from network.library.models import Item
from network.members.directory import (
    DirectoryFilters,
    organizations_statement,
    people_statement,
)
from network.newsletters.archive import archive_query
from network.newsletters.models import Newsletter
from network.search.index import index, matching

index(Event, "event", ("title", "description"))
index(WorkingGroup, "group", ("name", "description"))
index(Campaign, "campaign", ("title", "summary", "statement"))
# A newsletter's versions are rows of their own, final once it is sent.
index(
    Newsletter,
    "newsletter",
    ("subject", "preheader", "body"),
    more=lambda n: [text for v in n.versions for text in (v.subject, v.preheader, v.body)],
    watched=("status",),
)

SHOWN_EVENTS = (EventStatus.PUBLISHED.value, EventStatus.CANCELLED.value)


@dataclass(frozen=True)
class Finder:
    kind: str
    label: str
    statement: Callable[[str, object], Select]
    more: Callable[[str], str] | None = None


def _events(q, viewer):
    return (
        select(Event)
        .where(
            Event.id.in_(matching("event", q)),
            visibility_clause(viewer),
            Event.status.in_(SHOWN_EVENTS),
        )
        .order_by(Event.starts_at.desc(), Event.id)
    )


def _groups(q, _viewer):
    return groups_among(matching("group", q))


def _campaigns(q, _viewer):
    return (
        select(Campaign)
        .where(Campaign.id.in_(matching("campaign", q)))
        .order_by(Campaign.status.desc(), Campaign.created_at.desc())
    )


def _newsletters(q, _viewer):
    return archive_query().where(Newsletter.id.in_(matching("newsletter", q)))


FINDERS = (
    Finder(
        "people",
        _l("People"),
        lambda q, viewer: people_statement(DirectoryFilters(q=q), viewer),
        lambda q: url_for("members.directory", q=q),
    ),
    Finder(
        "organizations",
        _l("Organizations"),
        lambda q, viewer: organizations_statement(DirectoryFilters(q=q), viewer),
        lambda q: url_for("members.directory", q=q, type="organizations"),
    ),
    Finder("groups", _l("Working groups"), _groups),
    Finder("events", _l("Events"), _events),
    Finder(
        "publications",
        _l("Publications"),
        lambda q, _viewer: library.ordered(library.Filters(q=q)).options(selectinload(Item.texts)),
        lambda q: url_for("library.index", q=q),
    ),
    Finder("campaigns", _l("Campaigns"), _campaigns),
    Finder("newsletters", _l("Newsletters"), _newsletters),
)
