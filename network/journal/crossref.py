"""An issue's Crossref deposit: a doi_batch in Crossref's metadata schema 5.3.1 with the
journal, the issue and each published article (titles, contributors with affiliations and
ORCID iDs, publication date, pages, DOI and the article's address in the library)."""

import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parseaddr

from flask import current_app, url_for
from flask_babel import gettext as _

from network.dbtypes import utcnow
from network.errors import DomainError
from network.journal.models import Issue, Journal, Stage, Submission
from network.library.scholarly.fields import clean, split_name
from network.markdown import markdown_to_text

VERSION = "5.3.1"
NS = f"http://www.crossref.org/schema/{VERSION}"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{NS} https://www.crossref.org/schemas/crossref{VERSION}.xsd"

# The deposit's own elements unprefixed, in the default namespace, as Crossref's examples are.
ET.register_namespace("", NS)
ET.register_namespace("xsi", XSI)
ET.register_namespace("jats", JATS)


def deposit(issue: Issue, now: datetime | None = None) -> bytes:
    """The deposit XML (UTF-8) of the issue's published articles; DomainError when there is
    nothing Crossref could take."""
    journal = issue.journal
    articles = _deposited(issue)
    if not (journal.issn_online or journal.issn_print):
        raise DomainError(_("Crossref needs the journal's ISSN: give it in the settings."))
    moment = now or utcnow()
    root = ET.Element(
        _q("doi_batch"), {"version": VERSION, f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION}
    )
    root.append(_head(journal, issue, moment))
    body = _sub(_sub(root, "body"), "journal")
    body.append(_journal_metadata(journal))
    body.append(_journal_issue(issue))
    for article in articles:
        body.append(_article(article))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def filename(issue: Issue) -> str:
    return f"crossref-{issue.journal.slug}-{issue.volume}-{issue.number}.xml"


def _deposited(issue: Issue) -> list[Submission]:
    published = [a for a in issue.articles if a.stage == Stage.PUBLISHED.value and a.item_id]
    if not published:
        raise DomainError(_("A deposit describes published articles: this issue has none yet."))
    if any(not article.doi for article in published):
        raise DomainError(
            _("Some articles have no DOI: give the journal's DOI prefix in the settings.")
        )
    return published


def _head(journal: Journal, issue: Issue, moment: datetime) -> ET.Element:
    config = current_app.config
    publisher = journal.publisher or config["NETWORK_NAME"]
    # Crossref keeps the deposit with the highest timestamp: milliseconds, always growing.
    stamp = moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}"
    head = ET.Element(_q("head"))
    _sub(head, "doi_batch_id", f"{journal.slug[:40]}-{issue.volume}-{issue.number}-{stamp}")
    _sub(head, "timestamp", stamp)
    depositor = _sub(head, "depositor")
    _sub(depositor, "depositor_name", config.get("CROSSREF_DEPOSITOR_NAME") or publisher)
    _sub(
        depositor,
        "email_address",
        config.get("CROSSREF_DEPOSITOR_EMAIL") or parseaddr(config["MAIL_DEFAULT_SENDER"])[1],
    )
    _sub(head, "registrant", publisher)
    return head


def _journal_metadata(journal: Journal) -> ET.Element:
    metadata = ET.Element(_q("journal_metadata"), {"language": journal.original_language})
    _sub(metadata, "full_title", journal.name)
    if journal.abbreviation:
        _sub(metadata, "abbrev_title", journal.abbreviation)
    for media, issn in (("electronic", journal.issn_online), ("print", journal.issn_print)):
        if issn:
            _sub(metadata, "issn", issn, media_type=media)
    return metadata


def _journal_issue(issue: Issue) -> ET.Element:
    element = ET.Element(_q("journal_issue"))
    _sub(_sub(element, "publication_date", media_type="online"), "year", str(issue.year))
    _sub(_sub(element, "journal_volume"), "volume", str(issue.volume))
    _sub(element, "issue", str(issue.number))
    return element


def _article(article: Submission) -> ET.Element:
    element = ET.Element(
        _q("journal_article"), {"publication_type": "full_text", "language": article.language}
    )
    _sub(_sub(element, "titles"), "title", article.title)
    contributors = _sub(element, "contributors")
    for position, author in enumerate(article.authors):
        _person(contributors, author, "first" if position == 0 else "additional")
    for text in article.texts:
        abstract = markdown_to_text(text.abstract)
        if abstract:
            node = ET.SubElement(element, f"{{{JATS}}}abstract", {XML_LANG: text.language})
            ET.SubElement(node, f"{{{JATS}}}p").text = clean(abstract)
    published = article.published_at
    date = _sub(element, "publication_date", media_type="online")
    _sub(date, "month", f"{published.month:02d}")
    _sub(date, "day", f"{published.day:02d}")
    _sub(date, "year", str(published.year))
    if article.first_page:
        pages = _sub(element, "pages")
        _sub(pages, "first_page", article.first_page)
        if article.last_page:
            _sub(pages, "last_page", article.last_page)
    doi_data = _sub(element, "doi_data")
    _sub(doi_data, "doi", article.doi)
    _sub(doi_data, "resource", url_for("library.item", item_id=article.item_id, _external=True))
    return element


def _person(parent: ET.Element, author, sequence: str) -> None:
    person = _sub(parent, "person_name", sequence=sequence, contributor_role="author")
    name = split_name(author.name)
    if name.given:
        _sub(person, "given_name", name.given)
    _sub(person, "surname", name.family)
    if author.affiliation:
        _sub(
            _sub(_sub(person, "affiliations"), "institution"),
            "institution_name",
            author.affiliation,
        )
    if author.orcid:
        _sub(person, "ORCID", f"https://orcid.org/{author.orcid}")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), attributes)
    if text is not None:
        element.text = clean(text)
    return element
