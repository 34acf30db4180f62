"""An item in simple Dublin Core (the oai_dc records harvesters read), with the OpenAIRE
vocabulary for types so that aggregators place each kind of item."""

from network.library.models import Item, ItemKind
from network.library.scholarly import fields

SEMANTICS = "info:eu-repo/semantics/"
TYPES = {
    ItemKind.WORKING_PAPER.value: ("workingPaper", "Text"),
    ItemKind.POLICY_BRIEF.value: ("report", "Text"),
    ItemKind.REPORT.value: ("report", "Text"),
    ItemKind.JOURNAL_ARTICLE.value: ("article", "Text"),
    ItemKind.BOOK.value: ("book", "Text"),
    ItemKind.CHAPTER.value: ("bookPart", "Text"),
    ItemKind.DATA_BRIEF.value: ("report", "Text"),
    ItemKind.DATASET.value: ("other", "Dataset"),
    ItemKind.PRESENTATION.value: ("lecture", "Text"),
    ItemKind.RECORDING.value: ("lecture", "MovingImage"),
}


def dublin_core(item: Item) -> list[tuple[str, str, str | None]]:
    """(element, value, language) triples in the order of the oai_dc record."""
    semantics, dcmi = TYPES.get(item.kind, ("other", "Text"))
    elements: list[tuple[str, str, str | None]] = []
    elements += [("title", text.title, text.language) for text in item.texts]
    elements += [("creator", fields.split_name(a.name).inverted, None) for a in item.authors]
    elements += [("subject", theme.name_en, "en") for theme in item.themes]
    elements += [("subject", keyword, None) for keyword in item.keyword_list]
    elements += [("description", text.abstract, text.language) for text in item.texts]
    elements += [
        ("publisher", fields.publisher(item), None),
        ("date", item.iso_date, None),
        ("type", SEMANTICS + semantics, None),
        ("type", dcmi, None),
    ]
    elements += [("format", mime, None) for mime in sorted({f.mime_type for f in item.files})]
    elements += [
        ("identifier", fields.item_url(item), None),
        ("identifier", fields.doi_url(item), None),
        ("identifier", f"urn:isbn:{item.isbn}" if item.isbn else "", None),
        ("source", _source(item), None),
        ("language", item.language, None),
        ("relation", item.external_url, None),
    ]
    elements += [("coverage", country.country, None) for country in item.countries]
    elements += [
        ("rights", fields.license_url(item), None),
        ("rights", SEMANTICS + "openAccess", None),
    ]
    return [
        (name, fields.clean(value), lang) for name, value, lang in elements if fields.clean(value)
    ]


def _source(item: Item) -> str:
    """Where an article or chapter appeared: "Journal 3(2): 10-25"."""
    if not item.journal_title:
        return ""
    issue = f"({item.issue})" if item.issue else ""
    pages = f": {fields.pages(item)}" if fields.pages(item) else ""
    return f"{item.journal_title} {item.volume}{issue}{pages}".strip()
