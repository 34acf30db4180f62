"""The library's part of the sitemap: published item pages, in files of ITEMS_PER_FILE."""

from dataclasses import dataclass
from datetime import datetime

from flask import url_for

from network.errors import NotFound
from network.library.scholarly import harvest

ITEMS_PER_FILE = 10_000


@dataclass(frozen=True)
class Entry:
    location: str
    modified: datetime | None = None


def file_count() -> int:
    return -(-harvest.published_count() // ITEMS_PER_FILE)


def item_entries(number: int) -> list[Entry]:
    """The item pages of sitemap file `number` (from 1); a file past the last is not found."""
    if not 1 <= number <= file_count():
        raise NotFound()
    stamps = harvest.published_stamps((number - 1) * ITEMS_PER_FILE, ITEMS_PER_FILE)
    return [
        Entry(url_for("library.item", item_id=item_id, _external=True), modified)
        for item_id, modified in stamps
    ]
