"""Citations of items: BibTeX, RIS and CSL-JSON for reference managers, and formatted APA and
Chicago references rendered by citeproc-py from the CSL styles shipped in styles/."""

import json
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup

from network.library.models import Item, ItemKind
from network.library.scholarly import fields

STYLES = {
    "apa": Path(__file__).with_name("styles") / "apa.csl",
    "chicago": Path(__file__).with_name("styles") / "chicago-author-date-16th-edition.csl",
}
CSL_LOCALES = {"en": "en-US", "es": "es-ES", "fr": "fr-FR"}
# A style object keeps the formatter of the bibliography being rendered: one render at a time.
_RENDERING = threading.Lock()
CSL_TYPES = {
    ItemKind.WORKING_PAPER.value: "report",
    ItemKind.POLICY_BRIEF.value: "report",
    ItemKind.REPORT.value: "report",
    ItemKind.DATA_BRIEF.value: "report",
    ItemKind.JOURNAL_ARTICLE.value: "article-journal",
    ItemKind.BOOK.value: "book",
    ItemKind.CHAPTER.value: "chapter",
    ItemKind.DATASET.value: "dataset",
    ItemKind.PRESENTATION.value: "speech",
    ItemKind.RECORDING.value: "motion_picture",
}
BIBTEX_TYPES = {
    ItemKind.JOURNAL_ARTICLE.value: "article",
    ItemKind.BOOK.value: "book",
    ItemKind.CHAPTER.value: "incollection",
    **dict.fromkeys(fields.REPORT_KINDS, "techreport"),
}
RIS_TYPES = {
    ItemKind.JOURNAL_ARTICLE.value: "JOUR",
    ItemKind.BOOK.value: "BOOK",
    ItemKind.CHAPTER.value: "CHAP",
    ItemKind.DATASET.value: "DATA",
    ItemKind.PRESENTATION.value: "SLIDE",
    ItemKind.RECORDING.value: "VIDEO",
    **dict.fromkeys(fields.REPORT_KINDS, "RPRT"),
}
GENRES = {
    ItemKind.WORKING_PAPER.value: "Working paper",
    ItemKind.POLICY_BRIEF.value: "Policy brief",
    ItemKind.DATA_BRIEF.value: "Data brief",
}


def csl_json(item: Item) -> dict:
    """The item as a CSL-JSON record (what Zotero and citeproc read); empty fields left out."""
    record = {
        "id": f"item-{item.id}",
        "type": CSL_TYPES.get(item.kind, "document"),
        "title": item.title,
        "author": [_csl_name(author.name) for author in item.authors],
        "issued": {
            "date-parts": [[item.date_year, item.date_month, item.date_day][: _parts(item)]]
        },
        "abstract": item.abstract_in(item.original_language),
        "container-title": item.journal_title,
        "collection-title": item.series,
        "number": item.number,
        "volume": item.volume,
        "issue": item.issue,
        "page": fields.pages(item),
        "publisher": fields.publisher(item),
        "genre": GENRES.get(item.kind, ""),
        "DOI": item.doi or "",
        "ISBN": item.isbn,
        "ISSN": item.issn,
        "URL": fields.item_url(item),
        "language": item.language,
        "keyword": ", ".join(item.keyword_list),
    }
    return {key: value for key, value in record.items() if value not in ("", [], None)}


def _parts(item: Item) -> int:
    return 1 + bool(item.date_month) + bool(item.date_month and item.date_day)


def _csl_name(name: str) -> dict:
    person = fields.split_name(fields.clean(name))
    if not person.given:
        return {"literal": person.family}
    return {"family": person.family, "given": person.given}


def csl_json_text(items: list[Item]) -> str:
    return json.dumps([csl_json(item) for item in items], ensure_ascii=False, indent=2)


# BibTeX

_BIBTEX_SPECIAL = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def bibtex(items: list[Item]) -> str:
    return "\n".join(_bibtex_entry(item) for item in items)


def _bibtex_entry(item: Item) -> str:
    kind = BIBTEX_TYPES.get(item.kind, "misc")
    values = {
        "title": item.title,
        "author": " and ".join(fields.split_name(a.name).inverted for a in item.authors),
        "year": str(item.date_year),
        "month": str(item.date_month or ""),
        "journal": item.journal_title if kind == "article" else "",
        "booktitle": item.journal_title if kind == "incollection" else "",
        "volume": item.volume,
        "number": item.number if kind == "techreport" else item.issue,
        "type": (item.series or GENRES.get(item.kind, "")) if kind == "techreport" else "",
        "series": item.series if kind != "techreport" else "",
        "pages": fields.pages(item).replace("-", "--"),
        "institution" if kind == "techreport" else "publisher": fields.publisher(item),
        "doi": item.doi or "",
        "isbn": item.isbn,
        "issn": item.issn,
        "url": fields.item_url(item),
        "abstract": item.abstract_in(item.original_language),
        "keywords": ", ".join(item.keyword_list),
        "language": item.language,
    }
    lines = [
        f"  {name} = {{{_bibtex_value(name, value)}}}," for name, value in values.items() if value
    ]
    return "@{}{{{},\n{}\n}}\n".format(kind, _bibtex_key(item), "\n".join(lines))


def _bibtex_value(name: str, value: str) -> str:
    value = " ".join(fields.clean(value).split())
    return value if name in ("url", "doi") else value.translate(_BIBTEX_SPECIAL)


def _bibtex_key(item: Item) -> str:
    """family name of the first author (ASCII) + year + id: "garcia2025item12"."""
    family = fields.split_name(item.authors[0].name).family if item.authors else "puente"
    ascii_family = unicodedata.normalize("NFKD", family).encode("ascii", "ignore").decode()
    letters = "".join(c for c in ascii_family.lower() if c.isalnum()) or "item"
    return f"{letters}{item.date_year}item{item.id}"


# RIS


def ris(items: list[Item]) -> str:
    return "".join(_ris_record(item) for item in items)


def _ris_record(item: Item) -> str:
    date = item.iso_date.replace("-", "/")
    lines = [("TY", RIS_TYPES.get(item.kind, "GEN")), ("TI", item.title)]
    lines += [("AU", fields.split_name(a.name).inverted) for a in item.authors]
    lines += [
        ("PY", str(item.date_year)),
        ("DA", date),
        ("AB", item.abstract_in(item.original_language)),
        ("T2", item.journal_title),
        ("T3", item.series),
        ("VL", item.volume),
        ("IS", item.issue or item.number),
        ("SP", item.first_page),
        ("EP", item.last_page),
        ("PB", fields.publisher(item)),
        ("SN", item.isbn or item.issn),
        ("DO", item.doi or ""),
        ("LA", item.language),
        ("UR", fields.item_url(item)),
        ("L1", fields.pdf_url(item)),
    ]
    lines += [("KW", keyword) for keyword in item.keyword_list]
    kept = [f"{tag}  - {' '.join(fields.clean(value).split())}" for tag, value in lines if value]
    return "\r\n".join([*kept, "ER  - ", "", ""])


# Formatted references


@lru_cache(maxsize=8)
def _style(name: str, locale: str) -> CitationStylesStyle:
    return CitationStylesStyle(str(STYLES[name]), locale=locale, validate=False)


def formatted(item: Item, style: str, language: str = "en") -> Markup:
    """The item's reference in a style ("apa", "chicago") as safe HTML, in the page's language."""
    record = json.dumps(_escaped(csl_json(item)), sort_keys=True)
    return Markup(_render(style, CSL_LOCALES.get(language, "en-US"), record))


@lru_cache(maxsize=4096)
def _render(style: str, locale: str, record_json: str) -> str:
    """citeproc takes a tenth of a second for an APA reference: each record, as text, once."""
    record = json.loads(record_json)
    with _RENDERING:
        bibliography = CitationStylesBibliography(
            _style(style, locale), CiteProcJSON([record]), formatter.html
        )
        bibliography.register(Citation([CitationItem(record["id"])]))
        return str(bibliography.bibliography()[0])


def _escaped(value):
    """The record with &, < and > as numeric references: citeproc's HTML output passes the data's
    text through as it is, and numeric references survive its changes of case."""
    if isinstance(value, dict):
        return {key: _escaped(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_escaped(inner) for inner in value]
    if isinstance(value, str):
        return value.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    return value
