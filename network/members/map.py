"""The map of the network: where the people and organizations of the directory are, drawn by
the server as an SVG with a table beside it.

A country is counted with the directory's own rule (listed, and visible to the viewer), so the
map never reveals a profile the viewer could not find in the directory. The shapes come from
network/data/world-110m.json, written once by scripts/build_world_map.py.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from network.extensions import db
from network.geo import country_name
from network.members.directory import _listed
from network.members.models import Organization, PersonProfile
from network.members.visibility import organizations_visible_to, profiles_visible_to

# The viewBox the shapes were projected into (Robinson, Antarctica left out).
WIDTH, HEIGHT = 1000, 430
SHAPES_FILE = Path(__file__).resolve().parent.parent / "data" / "world-110m.json"
SHADES = 5


@dataclass(frozen=True)
class Counts:
    people: int = 0
    organizations: int = 0

    @property
    def total(self) -> int:
        return self.people + self.organizations


@dataclass(frozen=True)
class Shade:
    """A class of the legend: countries with low to high members get fill shade-<level>."""

    level: int
    low: int
    high: int

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    counts: Counts
    level: int
    title: str
    href: str
    path: str  # "" for the few countries too small to draw at this scale


@dataclass(frozen=True)
class NetworkMap:
    width: int
    height: int
    countries: list[Country]  # with members, the most first
    land: list[str]  # the paths of the other countries
    shades: list[Shade]


@lru_cache(maxsize=1)
def country_shapes() -> dict[str, str]:
    """Country code -> SVG path in the WIDTH x HEIGHT viewBox."""
    return json.loads(SHAPES_FILE.read_text())


def _grouped(model, visible) -> dict[str, int]:
    statement = (
        select(model.country, func.count())
        .where(_listed(model, visible), model.country.is_not(None))
        .group_by(model.country)
    )
    return dict(db.session.execute(statement).all())


def country_counts(viewer) -> dict[str, Counts]:
    """Country code -> people living there and organizations based there, among those the
    viewer finds in the directory; two statements whatever the numbers."""
    people = _grouped(PersonProfile, profiles_visible_to(viewer))
    organizations = _grouped(Organization, organizations_visible_to(viewer))
    return {
        code: Counts(people.get(code, 0), organizations.get(code, 0))
        for code in people.keys() | organizations.keys()
    }


def shades(totals: list[int]) -> list[Shade]:
    """Up to SHADES classes holding about as many countries each (quantiles), so the shades
    stay telling when one country has most members; fewer classes spread over the darker
    shades when the totals take fewer values."""
    ordered = sorted(totals)
    if not ordered:
        return []
    count, classes = len(ordered), min(SHADES, len(set(ordered)))
    # Each class ends with the total of the country that closes its share of the countries.
    highs = sorted({ordered[math.ceil(k * count / classes) - 1] for k in range(1, classes + 1)})
    lows = [ordered[0]] + [high + 1 for high in highs[:-1]]
    return [
        Shade(math.ceil(n * SHADES / len(highs)), low, high)
        for n, (low, high) in enumerate(zip(lows, highs, strict=True), start=1)
    ]


def _level(total: int, legend: list[Shade]) -> int:
    return next(shade.level for shade in legend if total <= shade.high)


def _title(name: str, counts: Counts) -> str:
    return _(
        "%(country)s: %(people)s, %(organizations)s",
        country=name,
        people=ngettext("%(num)d person", "%(num)d people", counts.people),
        organizations=ngettext(
            "%(num)d organization", "%(num)d organizations", counts.organizations
        ),
    )


def _directory_link(code: str, counts: Counts) -> str:
    if counts.people:
        return url_for("members.directory", country=code)
    return url_for("members.directory", type="organizations", country=code)


def network_map(counts: dict[str, Counts]) -> NetworkMap:
    """What templates/macros/network_map.html draws, in the page's language."""
    shapes = country_shapes()
    legend = shades([c.total for c in counts.values()])
    countries = []
    for code, found in counts.items():
        name = country_name(code)
        countries.append(
            Country(
                code=code,
                name=name,
                counts=found,
                level=_level(found.total, legend),
                title=_title(name, found),
                href=_directory_link(code, found),
                path=shapes.get(code, ""),
            )
        )
    countries.sort(key=lambda c: (-c.counts.total, c.name.casefold()))
    land = [path for code, path in shapes.items() if code not in counts]
    return NetworkMap(WIDTH, HEIGHT, countries, land, legend)


def map_for(viewer) -> NetworkMap:
    """The map as this viewer may see it: `{{ network_map(map_for(current_user)) }}`."""
    return network_map(country_counts(viewer))
