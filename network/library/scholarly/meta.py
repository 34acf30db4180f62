"""Metadata in an item page's head: Highwire Press citation_* tags (what Google Scholar reads)
and Schema.org JSON-LD (what general search engines read)."""

from network.library.models import Item, ItemKind
from network.library.scholarly import fields

SCHEMA_TYPES = {
    ItemKind.WORKING_PAPER.value: "Report",
    ItemKind.POLICY_BRIEF.value: "Report",
    ItemKind.REPORT.value: "Report",
    ItemKind.DATA_BRIEF.value: "Report",
    ItemKind.JOURNAL_ARTICLE.value: "ScholarlyArticle",
    ItemKind.BOOK.value: "Book",
    ItemKind.CHAPTER.value: "Chapter",
    ItemKind.DATASET.value: "Dataset",
    ItemKind.PRESENTATION.value: "PresentationDigitalDocument",
    ItemKind.RECORDING.value: "MediaObject",
}


def highwire_tags(item: Item) -> list[tuple[str, str]]:
    """(name, content) pairs in the order Google Scholar expects; empty values left out."""
    tags = [("citation_title", item.title)]
    for author in item.authors:
        tags.append(("citation_author", author.name))
        tags.append(("citation_author_institution", author.affiliation))
        tags.append(("citation_author_orcid", author.orcid))
    tags += [
        ("citation_publication_date", item.iso_date.replace("-", "/")),
        ("citation_pdf_url", fields.pdf_url(item)),
        ("citation_doi", item.doi or ""),
        ("citation_language", item.language),
        ("citation_abstract_html_url", fields.item_url(item)),
        ("citation_keywords", "; ".join(item.keyword_list)),
    ]
    tags += _kind_tags(item)
    return [(name, fields.clean(content)) for name, content in tags if content]


def _kind_tags(item: Item) -> list[tuple[str, str]]:
    if item.kind == ItemKind.JOURNAL_ARTICLE.value:
        return [
            ("citation_journal_title", item.journal_title),
            ("citation_issn", item.issn),
            ("citation_volume", item.volume),
            ("citation_issue", item.issue),
            ("citation_firstpage", item.first_page),
            ("citation_lastpage", item.last_page),
        ]
    if item.kind in fields.REPORT_KINDS:
        return [
            ("citation_technical_report_institution", fields.publisher(item)),
            ("citation_technical_report_number", item.number),
            ("citation_series_title", item.series),
        ]
    if item.kind in (ItemKind.BOOK.value, ItemKind.CHAPTER.value):
        return [
            ("citation_publisher", fields.publisher(item)),
            ("citation_isbn", item.isbn),
            ("citation_inbook_title", item.journal_title),
            ("citation_firstpage", item.first_page),
            ("citation_lastpage", item.last_page),
        ]
    return [("citation_publisher", fields.publisher(item))]


def json_ld(item: Item) -> dict:
    """The item as a Schema.org object; empty values left out."""
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(item.kind, "CreativeWork"),
        "@id": fields.item_url(item),
        "url": fields.item_url(item),
        "name": item.title,
        "headline": item.title if item.kind == ItemKind.JOURNAL_ARTICLE.value else "",
        "description": item.abstract_in(item.original_language),
        "author": [_person(author) for author in item.authors],
        "datePublished": item.iso_date,
        "inLanguage": item.language,
        "keywords": item.keyword_list,
        "about": [theme.name_en for theme in item.themes],
        "license": fields.license_url(item),
        "publisher": _organization(fields.publisher(item)),
        "sameAs": fields.doi_url(item),
        "identifier": _doi(item),
        "isbn": item.isbn,
        "issn": item.issn if item.kind != ItemKind.JOURNAL_ARTICLE.value else "",
        "reportNumber": item.number if item.kind in fields.REPORT_KINDS else "",
        "isPartOf": _part_of(item),
        "pageStart": item.first_page,
        "pageEnd": item.last_page,
        "encoding" if item.kind != ItemKind.DATASET.value else "distribution": _files(item),
    }
    return _pruned(data)


def _person(author) -> dict:
    return {
        "@type": "Person",
        "name": author.name,
        "affiliation": _organization(author.affiliation),
        "identifier": f"https://orcid.org/{author.orcid}" if author.orcid else "",
    }


def _organization(name: str) -> dict | str:
    return {"@type": "Organization", "name": name} if name else ""


def _doi(item: Item) -> dict | str:
    if not item.doi:
        return ""
    return {"@type": "PropertyValue", "propertyID": "DOI", "value": item.doi}


def _part_of(item: Item) -> dict | str:
    if item.kind == ItemKind.JOURNAL_ARTICLE.value and item.journal_title:
        return {
            "@type": "PublicationIssue",
            "issueNumber": item.issue,
            "isPartOf": {
                "@type": "PublicationVolume",
                "volumeNumber": item.volume,
                "isPartOf": {"@type": "Periodical", "name": item.journal_title, "issn": item.issn},
            },
        }
    if item.kind == ItemKind.CHAPTER.value and item.journal_title:
        return {"@type": "Book", "name": item.journal_title, "isbn": item.isbn}
    if item.series:
        return {"@type": "CreativeWorkSeries", "name": item.series}
    return ""


def _files(item: Item) -> list[dict]:
    kind = "DataDownload" if item.kind == ItemKind.DATASET.value else "MediaObject"
    return [
        {
            "@type": kind,
            "contentUrl": fields.file_url(item, file),
            "encodingFormat": file.mime_type,
            "name": file.original_name,
            "contentSize": str(file.size),
        }
        for file in item.files
    ]


def _pruned(value):
    """The same structure without empty strings, lists and objects, and with clean text."""
    if isinstance(value, dict):
        kept = {key: _pruned(inner) for key, inner in value.items()}
        return {key: inner for key, inner in kept.items() if inner not in ("", [], {}, None)}
    if isinstance(value, list):
        return [kept for kept in (_pruned(inner) for inner in value) if kept not in ("", {})]
    return fields.clean(value) if isinstance(value, str) else value
