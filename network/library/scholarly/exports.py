"""Citation exports as files: one format's text, type and file name for a list of items."""

from dataclasses import dataclass

from network.errors import NotFound
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
    if fmt not in FORMATS:
        raise NotFound()
    render, mimetype = FORMATS[fmt]
    return Export(render(items[:MAX_ITEMS]), mimetype, f"{name}.{fmt}")
