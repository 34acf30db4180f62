"""Citation exports as files: one format's text, type and file name for a list of items."""

from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from network.errors import NotFound
from network.extensions import db
from network.library import listing
from network.library.models import Item
from network.library.scholarly import citations


@dataclass(frozen=True)
class Export:
    body: str
    mimetype: str
    filename: str


FORMATS = {
    "bib": (citations.bibtex, "application/x-bibtex"),
    "ris": (citations.ris, "application/x-research-info-systems"),
    "json": (citations.csl_json_text, "application/vnd.citationstyles.csl+json"),
}
# Most items one export carries (a search's first 500).
MAX_ITEMS = 500


def export(items: list[Item], fmt: str, name: str) -> Export:
    """The items in one format (bib, ris, json); another format is not found."""
    render, mimetype = _format(fmt)
    return Export(render(items[:MAX_ITEMS]), mimetype, f"{name}.{fmt}")


def export_search(filters: listing.Filters, fmt: str) -> Export:
    """The first MAX_ITEMS items of a library search, in the listing's order, in one format."""
    _format(fmt)
    query = (
        listing.statement(filters)
        .order_by(Item.date_year.desc(), Item.published_at.desc(), Item.id.desc())
        .limit(MAX_ITEMS)
        .options(
            selectinload(Item.texts),
            selectinload(Item.authors),
            selectinload(Item.files),
            selectinload(Item.organizations),
        )
    )
    return export(list(db.session.scalars(query)), fmt, "library-references")


def _format(fmt: str):
    if fmt not in FORMATS:
        raise NotFound()
    return FORMATS[fmt]
