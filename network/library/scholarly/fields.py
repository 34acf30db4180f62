"""Values every scholarly format derives the same way from an item."""

import re
from dataclasses import dataclass

from flask import current_app, url_for

from network.library.models import Item, ItemFile, ItemKind
from network.members.visibility import visible_organizations

# Kinds published as numbered reports of an institution (Highwire's technical_report_*).
REPORT_KINDS = frozenset(
    {
        ItemKind.WORKING_PAPER.value,
        ItemKind.POLICY_BRIEF.value,
        ItemKind.REPORT.value,
        ItemKind.DATA_BRIEF.value,
    }
)
# Words that belong to the family name that follows them ("Ana de la Cruz": family "de la Cruz").
PARTICLES = frozenset(
    {
        "da",
        "das",
        "de",
        "del",
        "della",
        "der",
        "di",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "van",
        "von",
        "y",
    }
)
# Characters XML 1.0 cannot carry, whatever the escaping.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class PersonName:
    given: str
    family: str

    @property
    def inverted(self) -> str:
        """ "Family, Given" as catalogues sort people; the family alone when there is no given."""
        return f"{self.family}, {self.given}" if self.given else self.family


def split_name(name: str) -> PersonName:
    """Given and family names from one display name: the last word is the family name, with the
    particles just before it ("de", "van"...)."""
    words = name.split()
    if len(words) < 2:
        return PersonName("", name.strip())
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return PersonName(" ".join(words[:start]), " ".join(words[start:]))


def clean(text: str | None) -> str:
    """User text without the control characters that XML and BibTeX cannot hold."""
    return _NOT_XML.sub("", text or "").strip()


def item_url(item: Item) -> str:
    return url_for("library.item", item_id=item.id, _external=True)


def pdf_file(item: Item) -> ItemFile | None:
    return next((f for f in item.files if f.mime_type == "application/pdf"), None)


def file_url(item: Item, file: ItemFile) -> str:
    return url_for("library.download", item_id=item.id, file_id=file.id, _external=True)


def pdf_url(item: Item) -> str:
    found = pdf_file(item)
    return file_url(item, found) if found else ""


def doi_url(item: Item) -> str:
    return f"https://doi.org/{item.doi}" if item.doi else ""


def license_url(item: Item) -> str:
    return f"https://spdx.org/licenses/{item.license}.html" if item.license else ""


def publisher(item: Item) -> str:
    """Who published the item: its publisher, else the organizations anyone may see named, else
    the network; an article's publisher is its journal's, known only when given."""
    if item.publisher or item.kind == ItemKind.JOURNAL_ARTICLE.value:
        return item.publisher
    if not item.organizations:
        return current_app.config["NETWORK_NAME"]
    names = [org.name for org in visible_organizations(item.organizations, None)]
    return ", ".join(names) or current_app.config["NETWORK_NAME"]


def pages(item: Item) -> str:
    return "-".join(page for page in (item.first_page, item.last_page) if page)
