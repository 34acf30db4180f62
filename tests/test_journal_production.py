"""Production and issues: copyediting with the authors' approval, proofs, galleys, issues with
their covers, order and pages, publishing an issue or an article online first into the library
(Highwire tags, OAI-PMH, citations, feeds), DOIs and the Crossref deposit."""

import io
import json

import lxml.etree
import lxml.html
import pytest
import xmlschema
from PIL import Image
from sqlalchemy import update

from network.dbtypes import utcnow
from network.errors import Conflict
from network.extensions import db
from network.journal import issues, production, submissions
from network.journal.files import journal_dir
from network.journal.issues import IssueInput
from network.journal.models import Issue, Stage, Submission
from network.journal.submissions import AuthorInput
from network.library.demo import pdf_bytes
from network.library.models import Item
from tests.factories import make_user
from tests.factories_journal import add_section_editor, make_journal, make_submission

ORCID = "0000-0002-1825-0097"
ISSN = "2345-6787"
CR = "http://www.crossref.org/schema/5.3.1"
NS = {
    "cr": CR,
    "jats": "http://www.ncbi.nlm.nih.gov/JATS1",
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
YEAR = utcnow().year


# --- Setting up --------------------------------------------------------------------------------


def _journal(**fields):
    chief = make_user(name="Chief Editor")
    fields = {
        "issn_online": ISSN,
        "publisher": "Puente Press",
        "name": "Migration and Development",
        **fields,
    }
    return chief, make_journal(chief, **fields)


def _accepted(journal, author=None, title="Remittances and rural credit", **fields):
    """An accepted submission in English and Spanish by the author and a co-author with ORCID."""
    author = author or make_user(name="Ana María García")
    fields = {
        "texts": {
            "en": (title, "How **remittances** change credit."),
            "es": ("Remesas y crédito rural", "Cómo cambian las remesas el crédito."),
        },
        "coauthors": [AuthorInput("Jan van der Berg", "jan@example.org", "El Colef", ORCID)],
        "affiliation": "UNAM",
        "keywords": "remittances, credit",
        **fields,
    }
    return make_submission(journal, author, stage=Stage.ACCEPTED, **fields)


def _ready(submission, chief):
    """Copyedited, approved, in production with a PDF galley and approved proofs, through the
    services (the pages are walked in test_the_production_path_through_pages)."""
    author = submission.submitter
    production.start_copyediting(submission, chief, pdf_bytes(1), "copyedited.pdf")
    submissions.approve_copyedit(submission, author)
    production.send_to_production(submission, chief)
    production.add_galley(submission, chief, pdf_bytes(3), "article.pdf", "pdf")
    submissions.approve_proofs(submission, author)
    db.session.commit()
    return submission


def _issue(journal, chief, volume=3, number=2, year=YEAR, title=""):
    issue = issues.create_issue(journal, chief, IssueInput(volume, number, year, title, "en"))
    db.session.commit()
    return issue


def _upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _png(size=(40, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _meta(page) -> dict[str, list[str]]:
    tree = lxml.html.fromstring(page.get_data(as_text=True))
    found: dict[str, list[str]] = {}
    for meta in tree.xpath("//head/meta[@name]"):
        found.setdefault(meta.get("name"), []).append(meta.get("content"))
    return found


def _reload(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


# --- The whole path through the pages ----------------------------------------------------------


def test_the_production_path_through_pages(client, auth, mailbox):
    chief, journal = _journal()
    submission = _accepted(journal)
    author, sid = submission.submitter, submission.id
    editor_page = f"/journal/editorial/submissions/{sid}"
    base = f"{editor_page}/production"
    auth.login(chief)
    page = _text(client.get(editor_page))
    assert "Production" in page and "Copyedited manuscript" in page

    answer = client.post(
        f"{base}/copyedit",
        data={"copyedit-file": _upload(pdf_bytes(1), "copyedited.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    assert _reload(Submission, sid).stage == Stage.COPYEDITING.value
    asked = mailbox.last(author.email)
    assert (
        asked["Subject"] == "Please review the copyedited manuscript: Remittances and rural credit"
    )
    assert f"http://puente.test/journal/submissions/{sid}" in mailbox.links(asked)
    assert mailbox.to("jan@example.org"), "the co-author is asked too"

    refused = client.post(f"{base}/send", follow_redirects=True)
    assert "The authors have not approved the copyedited manuscript yet." in _text(refused)
    assert _reload(Submission, sid).stage == Stage.COPYEDITING.value

    auth.logout()
    auth.login(author)
    assert client.post(f"/journal/submissions/{sid}/approve-copyedit").status_code == 302
    auth.logout()
    auth.login(chief)
    assert "The authors approved the copyedited manuscript" in _text(client.get(editor_page))
    client.post(f"{base}/send")
    assert _reload(Submission, sid).stage == Stage.PRODUCTION.value

    client.post(
        f"{base}/proof",
        data={"proof-file": _upload(pdf_bytes(2), "proofs.pdf")},
        content_type="multipart/form-data",
    )
    assert mailbox.last(author.email)["Subject"] == (
        "Please approve the proofs: Remittances and rural credit"
    )
    client.post(
        f"{base}/galley",
        data={"galley-kind": "pdf", "galley-file": _upload(pdf_bytes(3), "article.pdf")},
        content_type="multipart/form-data",
    )
    auth.logout()
    auth.login(author)
    client.post(f"/journal/submissions/{sid}/approve-proofs")
    auth.logout()
    auth.login(chief)

    created = client.post(
        f"/journal/{journal.slug}/editorial/issues",
        data={
            "issue-volume": "3",
            "issue-number": "2",
            "issue-year": str(YEAR),
            "issue-title": "Remittances in crisis",
            "issue-original_language": "en",
        },
    )
    assert created.status_code == 302
    issue = db.session.query(Issue).filter_by(journal_id=journal.id).one()
    assert created.headers["Location"].endswith(f"/editorial/issues/{issue.id}")

    scheduled = client.post(
        f"{base}/schedule",
        data={
            "schedule-issue": str(issue.id),
            "schedule-first_page": "10",
            "schedule-last_page": "25",
        },
    )
    assert scheduled.status_code == 302
    submission = _reload(Submission, sid)
    assert submission.stage == Stage.SCHEDULED.value
    assert submission.doi == f"10.99999/md.{YEAR}.{sid}"
    assert "Remittances and rural credit" in _text(
        client.get(f"/journal/{journal.slug}/editorial/issues/{issue.id}")
    )

    ask = client.post(f"/journal/{journal.slug}/editorial/issues/{issue.id}/publish")
    assert ask.status_code == 200 and "Publish the issue" in _text(ask)
    assert _reload(Issue, issue.id).published_at is None, "the first POST only asks"
    client.post(
        f"/journal/{journal.slug}/editorial/issues/{issue.id}/publish", data={"confirmed": "1"}
    )
    submission = _reload(Submission, sid)
    assert _reload(Issue, issue.id).published_at is not None
    assert submission.stage == Stage.PUBLISHED.value and submission.item_id

    item_url = f"/library/{submission.item_id}"
    tags = _meta(client.get(item_url))
    assert tags["citation_title"] == ["Remittances and rural credit"]
    assert tags["citation_author"] == ["Ana María García", "Jan van der Berg"]
    assert tags["citation_journal_title"] == ["Migration and Development"]
    assert tags["citation_issn"] == [ISSN]
    assert tags["citation_volume"] == ["3"]
    assert tags["citation_issue"] == ["2"]
    assert tags["citation_firstpage"] == ["10"]
    assert tags["citation_lastpage"] == ["25"]
    assert tags["citation_doi"] == [submission.doi]
    assert tags["citation_author_orcid"] == [ORCID]
    (pdf,) = tags["citation_pdf_url"]
    assert client.get(pdf).headers["Content-Type"] == "application/pdf"

    published = mailbox.last(author.email)
    assert published["Subject"] == "Published: Remittances and rural credit"
    assert f"http://puente.test{item_url}" in mailbox.links(published)


# --- The library: Highwire tags, OAI-PMH, citations, feeds -------------------------------------


@pytest.fixture
def published(app):
    """An article published in Vol. 3, No. 2, pages 10-25, and its journal's chief."""
    chief, journal = _journal()
    submission = _ready(_accepted(journal), chief)
    issue = _issue(journal, chief)
    production.schedule(submission, issue, chief, None, "10", "25")
    issues.publish_issue(issue, chief)
    db.session.commit()
    return submission, chief


def test_the_library_item_carries_the_article(published):
    submission, _chief = published
    item = db.session.get(Item, submission.item_id)
    assert item.kind == "journal_article" and item.is_published
    assert {t.language: t.title for t in item.texts} == {
        "en": "Remittances and rural credit",
        "es": "Remesas y crédito rural",
    }
    assert [(a.name, a.affiliation, a.orcid) for a in item.authors] == [
        (a.name, a.affiliation, a.orcid) for a in submission.authors
    ]
    submitter = next(a for a in item.authors if a.user_id)
    assert submitter.user_id == submission.submitter_id
    assert submitter.confirmation == "confirmed"
    assert (item.journal_title, item.issn, item.volume, item.issue) == (
        "Migration and Development",
        ISSN,
        "3",
        "2",
    )
    assert (item.first_page, item.last_page, item.doi) == ("10", "25", submission.doi)
    assert (item.publisher, item.license, item.date_year) == ("Puente Press", "CC-BY-4.0", YEAR)
    assert item.keyword_list == ["remittances", "credit"]
    assert item.group_id is None
    assert [f.mime_type for f in item.files] == ["application/pdf"]


def test_oai_get_record_has_the_article(client, published):
    submission, _chief = published
    answer = client.get(
        "/oai",
        query_string={
            "verb": "GetRecord",
            "identifier": f"oai:puente.test:library/{submission.item_id}",
            "metadataPrefix": "oai_dc",
        },
    )
    tree = lxml.etree.fromstring(answer.data)
    dc = tree.find(".//{http://www.openarchives.org/OAI/2.0/oai_dc/}dc")
    assert "Remittances and rural credit" in [t.text for t in dc.iterfind("dc:title", NS)]
    assert dc.findtext("dc:source", namespaces=NS) == "Migration and Development 3(2): 10-25"
    identifiers = [i.text for i in dc.iterfind("dc:identifier", NS)]
    assert f"https://doi.org/{submission.doi}" in identifiers
    assert "info:eu-repo/semantics/article" in [t.text for t in dc.iterfind("dc:type", NS)]


def test_citations_and_feed_include_the_article(client, published):
    submission, _chief = published
    csl = json.loads(client.get(f"/library/{submission.item_id}/cite.json").data)
    (entry,) = csl
    assert entry["container-title"] == "Migration and Development"
    assert entry["DOI"] == submission.doi
    assert entry["page"] == "10-25"
    ris = _text(client.get(f"/library/{submission.item_id}/cite.ris"))
    assert "T2  - Migration and Development" in ris
    feed = _text(client.get("/library/feed.atom"))
    assert "Remittances and rural credit" in feed
    found = _text(client.get("/library/", query_string={"q": "rural credit"}))
    assert f"/library/{submission.item_id}" in found


# --- Issues -----------------------------------------------------------------------------------


def test_publishing_an_issue_publishes_every_scheduled_article(client, auth):
    chief, journal = _journal()
    issue = _issue(journal, chief)
    first = _ready(_accepted(journal, title="First of all"), chief)
    second = _ready(_accepted(journal, title="Second to none"), chief)
    production.schedule(first, issue, chief, 1, "1", "20")
    production.schedule(second, issue, chief, 0, "21", "40")
    db.session.commit()
    auth.login(chief)
    page = f"/journal/{journal.slug}/editorial/issues/{issue.id}"
    html = _text(client.get(page))
    assert html.index(second.title) < html.index(first.title), "articles in their order"

    answer = client.post(f"{page}/publish", data={"confirmed": "1"}, follow_redirects=True)
    assert "The issue is published, with 2 new articles." in _text(answer)
    for article in (first, second):
        article = _reload(Submission, article.id)
        assert article.stage == Stage.PUBLISHED.value and article.item_id
    assert "This issue was published on" in _text(client.get(page))
    again = client.post(f"{page}/publish", data={"confirmed": "1"}, follow_redirects=True)
    assert "This issue is already published." in _text(again)


def test_an_empty_issue_cannot_be_published(client, auth):
    chief, journal = _journal()
    issue = _issue(journal, chief)
    auth.login(chief)
    page = f"/journal/{journal.slug}/editorial/issues/{issue.id}"
    answer = client.post(f"{page}/publish", data={"confirmed": "1"}, follow_redirects=True)
    assert "An empty issue cannot be published" in _text(answer)
    assert _reload(Issue, issue.id).published_at is None


def test_online_first_then_placed_in_an_issue_keeps_its_date(client, auth):
    chief, journal = _journal()
    submission = _ready(_accepted(journal), chief)
    sid = submission.id
    auth.login(chief)
    base = f"/journal/editorial/submissions/{sid}/production"
    ask = client.post(f"{base}/publish")
    assert "Publish this article now?" in _text(ask)
    client.post(f"{base}/publish", data={"confirmed": "1"})
    submission = _reload(Submission, sid)
    assert submission.stage == Stage.PUBLISHED.value and submission.issue_id is None
    when, doi = submission.published_at, submission.doi
    assert doi == f"10.99999/md.{when.year}.{sid}"
    item = db.session.get(Item, submission.item_id)
    assert (item.volume, item.date_day) == ("", when.day)

    issue = _issue(journal, chief)
    client.post(
        f"{base}/schedule",
        data={"schedule-issue": str(issue.id), "schedule-first_page": "e12"},
    )
    submission = _reload(Submission, sid)
    assert submission.issue_id == issue.id
    assert (submission.published_at, submission.doi) == (when, doi)
    item = db.session.get(Item, submission.item_id)
    assert (item.volume, item.issue, item.first_page, item.date_year) == ("3", "2", "e12", YEAR)
    client.post(
        f"/journal/{journal.slug}/editorial/issues/{issue.id}/publish", data={"confirmed": "1"}
    )
    assert _reload(Issue, issue.id).published_at is not None
    assert _reload(Submission, sid).published_at == when


def test_order_and_pages_are_set_on_the_issue_page(client, auth, published):
    submission, chief = published
    issue = submission.issue
    auth.login(chief)
    page = f"/journal/{submission.journal.slug}/editorial/issues/{issue.id}"
    bad = client.post(
        f"{page}/articles",
        data={
            "articles-rows-0-submission_id": str(submission.id),
            "articles-rows-0-position": "0",
            "articles-rows-0-first_page": "12",
            "articles-rows-0-last_page": "3",
        },
    )
    assert bad.status_code == 400
    assert "The last page comes before the first." in _text(bad)
    client.post(
        f"{page}/articles",
        data={
            "articles-rows-0-submission_id": str(submission.id),
            "articles-rows-0-position": "4",
            "articles-rows-0-first_page": "12",
            "articles-rows-0-last_page": "30",
        },
    )
    submission = _reload(Submission, submission.id)
    assert (submission.issue_position, submission.first_page, submission.last_page) == (
        4,
        "12",
        "30",
    )
    assert db.session.get(Item, submission.item_id).last_page == "30"


def test_issue_details_and_a_taken_number(client, auth):
    chief, journal = _journal()
    _issue(journal, chief, volume=1, number=1)
    auth.login(chief)
    taken = client.post(
        f"/journal/{journal.slug}/editorial/issues",
        data={
            "issue-volume": "1",
            "issue-number": "1",
            "issue-year": str(YEAR),
            "issue-original_language": "en",
        },
    )
    assert taken.status_code == 409
    assert "Volume 1 already has an issue number 1." in _text(taken)
    nonsense = client.post(
        f"/journal/{journal.slug}/editorial/issues",
        data={"issue-volume": "zero", "issue-number": "", "issue-year": "12"},
    )
    assert nonsense.status_code == 400
    assert db.session.query(Issue).count() == 1


def test_a_cover_is_an_image(client, auth):
    chief, journal = _journal()
    issue = _issue(journal, chief)
    auth.login(chief)
    page = f"/journal/{journal.slug}/editorial/issues/{issue.id}"
    refused = client.post(
        f"{page}/cover",
        data={"cover-file": _upload(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "cover.png")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "A cover is a PNG, JPEG or WebP image." in _text(refused)
    damaged = client.post(
        f"{page}/cover",
        data={"cover-file": _upload(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "cover.png")},
        content_type="multipart/form-data",
    )
    assert "This image is damaged" in _text(damaged)
    too_large = client.post(
        f"{page}/cover",
        data={"cover-file": _upload(_png() + b"\0" * (5 * 1024 * 1024), "cover.png")},
        content_type="multipart/form-data",
    )
    assert "larger than 5 MB" in _text(too_large)
    assert _reload(Issue, issue.id).cover_name is None

    client.post(
        f"{page}/cover",
        data={"cover-file": _upload(_png(), "cover.png")},
        content_type="multipart/form-data",
    )
    issue = _reload(Issue, issue.id)
    assert issue.cover_name and (journal_dir() / issue.cover_name).is_file()
    cover = f"/journal/{journal.slug}/issues/{issue.id}/cover"
    shown = client.get(cover)
    assert shown.status_code == 200 and shown.mimetype == "image/png"
    auth.logout()
    assert client.get(cover).status_code == 404, "not yet published: editors only"

    auth.login(chief)
    old = journal_dir() / issue.cover_name
    client.post(
        f"{page}/cover",
        data={"cover-file": _upload(_png((80, 120)), "bigger.png")},
        content_type="multipart/form-data",
    )
    assert not old.exists(), "the replaced cover leaves"


# --- DOIs -------------------------------------------------------------------------------------


def test_the_doi_pattern_is_filled_in(app):
    chief, journal = _journal(
        abbreviation="M&D Rev", doi_pattern="{journal}.v{volume}i{issue}.{article}"
    )
    issue = _issue(journal, chief, volume=7, number=4)
    submission = _ready(_accepted(journal), chief)
    production.publish_online_first(submission, chief)
    db.session.commit()
    assert submission.doi is None, "the pattern needs an issue"
    production.schedule(submission, issue, chief)
    db.session.commit()
    assert submission.doi == f"10.99999/mdrev.v7i4.{submission.id}"
    assert db.session.get(Item, submission.item_id).doi == submission.doi


def test_no_prefix_no_doi_and_the_same_doi_twice_is_refused(app):
    chief, journal = _journal(doi_prefix="")
    issue = _issue(journal, chief)
    submission = _ready(_accepted(journal), chief)
    production.schedule(submission, issue, chief)
    assert submission.doi is None
    db.session.rollback()

    chief, journal = _journal(doi_prefix="10.5555", doi_pattern="{journal}.{year}")
    issue = _issue(journal, chief)
    first = _ready(_accepted(journal), chief)
    production.schedule(first, issue, chief)
    db.session.commit()
    assert first.doi == f"10.5555/md.{YEAR}"
    second = _ready(_accepted(journal), chief)
    with pytest.raises(Exception, match="Another article already has the DOI"):
        production.schedule(second, issue, chief)


# --- Crossref ---------------------------------------------------------------------------------

# The part of Crossref's schema 5.3.1 this deposit uses, with its element order, required
# elements and value shapes; the full schema imports a dozen others.
CROSSREF_SUBSET = f"""<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="{CR}" xmlns="{CR}"
            elementFormDefault="qualified">
  <xsd:element name="doi_batch">
    <xsd:complexType>
      <xsd:sequence>
        <xsd:element name="head" type="head"/>
        <xsd:element name="body">
          <xsd:complexType><xsd:sequence>
            <xsd:element name="journal" type="journal" maxOccurs="unbounded"/>
          </xsd:sequence></xsd:complexType>
        </xsd:element>
      </xsd:sequence>
      <xsd:attribute name="version" type="xsd:string" fixed="5.3.1" use="required"/>
    </xsd:complexType>
  </xsd:element>
  <xsd:complexType name="head">
    <xsd:sequence>
      <xsd:element name="doi_batch_id" type="short"/>
      <xsd:element name="timestamp" type="xsd:integer"/>
      <xsd:element name="depositor">
        <xsd:complexType><xsd:sequence>
          <xsd:element name="depositor_name" type="short"/>
          <xsd:element name="email_address" type="short"/>
        </xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="registrant" type="short"/>
    </xsd:sequence>
  </xsd:complexType>
  <xsd:simpleType name="short">
    <xsd:restriction base="xsd:string"><xsd:minLength value="1"/><xsd:maxLength value="100"/></xsd:restriction>
  </xsd:simpleType>
  <xsd:complexType name="journal">
    <xsd:sequence>
      <xsd:element name="journal_metadata">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="full_title" type="xsd:string" maxOccurs="unbounded"/>
            <xsd:element name="abbrev_title" type="xsd:string" minOccurs="0" maxOccurs="unbounded"/>
            <xsd:element name="issn" minOccurs="0" maxOccurs="6">
              <xsd:complexType><xsd:simpleContent><xsd:extension base="issn">
                <xsd:attribute name="media_type" use="required">
                  <xsd:simpleType><xsd:restriction base="xsd:string">
                    <xsd:enumeration value="print"/><xsd:enumeration value="electronic"/>
                  </xsd:restriction></xsd:simpleType>
                </xsd:attribute>
              </xsd:extension></xsd:simpleContent></xsd:complexType>
            </xsd:element>
          </xsd:sequence>
          <xsd:attribute name="language" type="xsd:language"/>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="journal_issue" minOccurs="0">
        <xsd:complexType><xsd:sequence>
          <xsd:element name="publication_date" type="date" maxOccurs="10"/>
          <xsd:element name="journal_volume" minOccurs="0">
            <xsd:complexType><xsd:sequence>
              <xsd:element name="volume" type="xsd:string"/>
            </xsd:sequence></xsd:complexType>
          </xsd:element>
          <xsd:element name="issue" type="xsd:string" minOccurs="0"/>
        </xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="journal_article" type="article" minOccurs="0" maxOccurs="unbounded"/>
    </xsd:sequence>
  </xsd:complexType>
  <xsd:simpleType name="issn">
    <xsd:restriction base="xsd:string"><xsd:pattern value="\\d{{4}}-?\\d{{3}}[\\dX]"/></xsd:restriction>
  </xsd:simpleType>
  <xsd:complexType name="date">
    <xsd:sequence>
      <xsd:element name="month" minOccurs="0"><xsd:simpleType><xsd:restriction base="xsd:string"><xsd:pattern value="(0[1-9])|(1[0-2])"/></xsd:restriction></xsd:simpleType></xsd:element>
      <xsd:element name="day" minOccurs="0"><xsd:simpleType><xsd:restriction base="xsd:string"><xsd:pattern value="(0[1-9])|([12][0-9])|(3[01])"/></xsd:restriction></xsd:simpleType></xsd:element>
      <xsd:element name="year"><xsd:simpleType><xsd:restriction base="xsd:string"><xsd:pattern value="\\d{{4}}"/></xsd:restriction></xsd:simpleType></xsd:element>
    </xsd:sequence>
    <xsd:attribute name="media_type">
      <xsd:simpleType><xsd:restriction base="xsd:string">
        <xsd:enumeration value="print"/><xsd:enumeration value="online"/>
      </xsd:restriction></xsd:simpleType>
    </xsd:attribute>
  </xsd:complexType>
  <xsd:complexType name="article">
    <xsd:sequence>
      <xsd:element name="titles">
        <xsd:complexType><xsd:sequence>
          <xsd:element name="title" type="xsd:string"/>
        </xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="contributors">
        <xsd:complexType><xsd:sequence>
          <xsd:element name="person_name" type="person" maxOccurs="unbounded"/>
        </xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:any namespace="http://www.ncbi.nlm.nih.gov/JATS1" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
      <xsd:element name="publication_date" type="date" maxOccurs="10"/>
      <xsd:element name="pages" minOccurs="0">
        <xsd:complexType><xsd:sequence>
          <xsd:element name="first_page" type="xsd:string"/>
          <xsd:element name="last_page" type="xsd:string" minOccurs="0"/>
        </xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="doi_data">
        <xsd:complexType><xsd:sequence>
          <xsd:element name="doi"><xsd:simpleType><xsd:restriction base="xsd:string"><xsd:pattern value="10\\.[0-9]{{4,9}}/\\S+"/></xsd:restriction></xsd:simpleType></xsd:element>
          <xsd:element name="resource" type="xsd:anyURI"/>
        </xsd:sequence></xsd:complexType>
      </xsd:element>
    </xsd:sequence>
    <xsd:attribute name="publication_type" use="required">
      <xsd:simpleType><xsd:restriction base="xsd:string">
        <xsd:enumeration value="abstract_only"/><xsd:enumeration value="full_text"/><xsd:enumeration value="bibliographic_record"/>
      </xsd:restriction></xsd:simpleType>
    </xsd:attribute>
    <xsd:attribute name="language" type="xsd:language"/>
  </xsd:complexType>
  <xsd:complexType name="person">
    <xsd:sequence>
      <xsd:element name="given_name" type="xsd:string" minOccurs="0"/>
      <xsd:element name="surname" type="xsd:string"/>
      <xsd:element name="affiliations" minOccurs="0">
        <xsd:complexType><xsd:sequence>
          <xsd:element name="institution" maxOccurs="unbounded">
            <xsd:complexType><xsd:sequence>
              <xsd:element name="institution_name" type="xsd:string"/>
            </xsd:sequence></xsd:complexType>
          </xsd:element>
        </xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="ORCID" minOccurs="0"><xsd:simpleType><xsd:restriction base="xsd:string"><xsd:pattern value="https?://orcid.org/[0-9]{{4}}-[0-9]{{4}}-[0-9]{{4}}-[0-9]{{3}}[X0-9]"/></xsd:restriction></xsd:simpleType></xsd:element>
    </xsd:sequence>
    <xsd:attribute name="sequence" use="required">
      <xsd:simpleType><xsd:restriction base="xsd:string">
        <xsd:enumeration value="first"/><xsd:enumeration value="additional"/>
      </xsd:restriction></xsd:simpleType>
    </xsd:attribute>
    <xsd:attribute name="contributor_role" use="required">
      <xsd:simpleType><xsd:restriction base="xsd:string">
        <xsd:enumeration value="author"/><xsd:enumeration value="editor"/>
      </xsd:restriction></xsd:simpleType>
    </xsd:attribute>
  </xsd:complexType>
</xsd:schema>
"""


def test_the_crossref_deposit_describes_the_issue(client, auth, published):
    submission, chief = published
    journal, issue = submission.journal, submission.issue
    auth.login(chief)
    answer = client.get(f"/journal/{journal.slug}/editorial/issues/{issue.id}/crossref.xml")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    xmlschema.XMLSchema(CROSSREF_SUBSET).validate(answer.data)
    tree = lxml.etree.fromstring(answer.data)
    assert tree.tag == f"{{{CR}}}doi_batch" and tree.get("version") == "5.3.1"
    head = tree.find("cr:head", NS)
    assert head.findtext("cr:depositor/cr:email_address", namespaces=NS) == (
        "no-reply@puente.localhost"
    )
    assert head.findtext("cr:registrant", namespaces=NS) == "Puente Press"
    metadata = tree.find("cr:body/cr:journal/cr:journal_metadata", NS)
    assert metadata.findtext("cr:full_title", namespaces=NS) == "Migration and Development"
    assert metadata.findtext("cr:abbrev_title", namespaces=NS) == "MD"
    (issn,) = metadata.findall("cr:issn", NS)
    assert (issn.text, issn.get("media_type")) == (ISSN, "electronic")
    journal_issue = tree.find("cr:body/cr:journal/cr:journal_issue", NS)
    assert journal_issue.findtext("cr:publication_date/cr:year", namespaces=NS) == str(YEAR)
    assert journal_issue.findtext("cr:journal_volume/cr:volume", namespaces=NS) == "3"
    assert journal_issue.findtext("cr:issue", namespaces=NS) == "2"
    (article,) = tree.findall("cr:body/cr:journal/cr:journal_article", NS)
    assert article.findtext("cr:titles/cr:title", namespaces=NS) == "Remittances and rural credit"
    people = article.findall("cr:contributors/cr:person_name", NS)
    assert [p.get("sequence") for p in people] == ["first", "additional"]
    assert {p.get("contributor_role") for p in people} == {"author"}
    names = {
        (p.findtext("cr:given_name", namespaces=NS), p.findtext("cr:surname", namespaces=NS)): p
        for p in people
    }
    assert set(names) == {("Ana María", "García"), ("Jan", "van der Berg")}
    jan = names[("Jan", "van der Berg")]
    assert jan.findtext("cr:ORCID", namespaces=NS) == f"https://orcid.org/{ORCID}"
    assert jan.findtext(".//cr:institution_name", namespaces=NS) == "El Colef"
    abstracts = article.findall("jats:abstract", NS)
    assert "How remittances change credit." in [
        a.findtext("jats:p", namespaces=NS) for a in abstracts
    ]
    assert article.findtext("cr:publication_date/cr:year", namespaces=NS) == str(
        submission.published_at.year
    )
    assert article.findtext("cr:pages/cr:first_page", namespaces=NS) == "10"
    assert article.findtext("cr:pages/cr:last_page", namespaces=NS) == "25"
    assert article.findtext("cr:doi_data/cr:doi", namespaces=NS) == submission.doi
    assert article.findtext("cr:doi_data/cr:resource", namespaces=NS) == (
        f"http://puente.test/library/{submission.item_id}"
    )


def test_no_crossref_deposit_without_published_articles(client, auth):
    chief, journal = _journal()
    issue = _issue(journal, chief)
    auth.login(chief)
    answer = client.get(f"/journal/{journal.slug}/editorial/issues/{issue.id}/crossref.xml")
    assert answer.status_code == 400
    assert "this issue has none yet" in _text(answer)


# --- Galleys and bad input --------------------------------------------------------------------


def test_the_html_galley_is_cleaned(client, auth):
    chief, journal = _journal()
    submission = _ready(_accepted(journal), chief)
    auth.login(chief)
    base = f"/journal/editorial/submissions/{submission.id}/production"
    html = (
        "<html><head><title>T</title><script>alert(1)</script></head><body>"
        '<h2>Results</h2><p onclick="steal()">Remittances rose 3<sup>2</sup>.</p>'
        '<img src="x" onerror="steal()"><a href="javascript:steal()">link</a></body></html>'
    )
    client.post(
        f"{base}/galley",
        data={"galley-kind": "html", "galley-file": _upload(html.encode(), "article.html")},
        content_type="multipart/form-data",
    )
    shown = _text(client.get(f"{base}/galley.html"))
    assert "<h2>Results</h2>" in shown and "3<sup>2</sup>" in shown
    assert "steal()" not in shown and "alert(1)" not in shown
    stored = _reload(Submission, submission.id).latest_file("galley_html")
    assert b"<script" not in (journal_dir() / stored.stored_name).read_bytes()


def test_a_galley_pdf_is_checked_by_its_content(client, auth):
    chief, journal = _journal()
    submission = _ready(_accepted(journal), chief)
    auth.login(chief)
    answer = client.post(
        f"/journal/editorial/submissions/{submission.id}/production/galley",
        data={"galley-kind": "pdf", "galley-file": _upload(b"not a pdf at all", "article.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    assert "This file is not a PDF" in _text(answer)
    large = client.post(
        f"/journal/editorial/submissions/{submission.id}/production/galley",
        data={"galley-kind": "pdf", "galley-file": _upload(b"x" * (10 * 1024 * 1024), "big.pdf")},
        content_type="multipart/form-data",
    )
    assert large.status_code == 400, "10 MB reach the check (the site's default is 8 MB)"
    assert "This file is not a PDF" in _text(large)
    assert len(_reload(Submission, submission.id).files_of("galley_pdf")) == 1


def test_scheduling_needs_a_galley_and_approved_proofs(client, auth):
    chief, journal = _journal()
    submission = _accepted(journal)
    production.start_copyediting(submission, chief, pdf_bytes(1), "copyedited.pdf")
    submissions.approve_copyedit(submission, submission.submitter)
    production.send_to_production(submission, chief)
    db.session.commit()
    issue = _issue(journal, chief)
    auth.login(chief)
    base = f"/journal/editorial/submissions/{submission.id}/production"
    assert "Upload the PDF galley." in _text(
        client.get(f"/journal/editorial/submissions/{submission.id}")
    )
    answer = client.post(f"{base}/schedule", data={"schedule-issue": str(issue.id)})
    assert answer.status_code == 400
    assert "Upload the PDF galley. The authors approve the proofs." in _text(answer)
    bad_pages = client.post(
        f"{base}/schedule", data={"schedule-issue": str(issue.id), "schedule-first_page": "1-2"}
    )
    assert "A page is a number" in _text(bad_pages)
    assert _reload(Submission, submission.id).stage == Stage.PRODUCTION.value


def test_a_new_copyedited_version_needs_a_new_approval(app):
    chief, journal = _journal()
    submission = _accepted(journal)
    production.start_copyediting(submission, chief, pdf_bytes(1), "v1.pdf")
    submissions.approve_copyedit(submission, submission.submitter)
    production.start_copyediting(submission, chief, pdf_bytes(2), "v2.pdf")
    db.session.commit()
    assert [f.original_name for f in submission.files_of("copyedited")] == ["v1.pdf", "v2.pdf"]
    assert submission.copyedit_approved_at is None


def test_copyediting_waits_for_acceptance(client, auth):
    chief, journal = _journal()
    submission = make_submission(journal, stage=Stage.IN_REVIEW)
    auth.login(chief)
    answer = client.post(
        f"/journal/editorial/submissions/{submission.id}/production/copyedit",
        data={"copyedit-file": _upload(pdf_bytes(1), "copyedited.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 409
    assert "between acceptance and production" in _text(answer)
    assert not _reload(Submission, submission.id).files_of("copyedited")


# --- Who may ---------------------------------------------------------------------------------


def test_others_get_404(client, auth, published):
    submission, _chief = published
    journal, issue = submission.journal, submission.issue
    other_section = journal.sections[1]
    outsider = make_user()
    other_editor = add_section_editor(journal, other_section)
    base = f"/journal/editorial/submissions/{submission.id}/production"
    issue_page = f"/journal/{journal.slug}/editorial/issues/{issue.id}"
    for person in (outsider, other_editor, submission.submitter):
        auth.login(person)
        for url in (f"{base}/copyedit", f"{base}/galley", f"{base}/schedule"):
            assert client.get(url).status_code == 404, url
        assert client.post(f"{base}/publish", data={"confirmed": "1"}).status_code == 404
        for url in (
            f"/journal/{journal.slug}/editorial/issues",
            issue_page,
            f"{issue_page}/crossref.xml",
        ):
            assert client.get(url).status_code == 404, url
        assert client.post(f"{issue_page}/publish", data={"confirmed": "1"}).status_code == 404
        auth.logout()


def test_a_section_editor_works_on_production_but_not_on_issues(client, auth):
    chief, journal = _journal()
    editor = add_section_editor(journal, journal.sections[0])
    submission = _accepted(journal)
    issue = _issue(journal, chief)
    auth.login(editor)
    answer = client.post(
        f"/journal/editorial/submissions/{submission.id}/production/copyedit",
        data={"copyedit-file": _upload(pdf_bytes(1), "copyedited.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    assert client.get(f"/journal/{journal.slug}/editorial/issues/{issue.id}").status_code == 404
    assert client.get(f"/journal/{journal.slug}/editorial/issues").status_code == 404


def test_pages_of_production_and_issues_answer(client, auth, published):
    submission, chief = published
    journal, issue = submission.journal, submission.issue
    auth.login(chief)
    base = f"/journal/editorial/submissions/{submission.id}/production"
    for url in (
        f"{base}/copyedit",
        f"{base}/proof",
        f"{base}/galley",
        f"{base}/schedule",
        f"/journal/{journal.slug}/editorial/issues",
        f"/journal/{journal.slug}/editorial/issues/{issue.id}",
        f"/journal/editorial/submissions/{submission.id}",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"{base}/galley.html").status_code == 404, "no HTML galley"


def test_the_issue_year_cannot_be_in_the_future(app):
    chief, journal = _journal()
    issue = _issue(journal, chief, year=YEAR + 1)
    submission = _ready(_accepted(journal), chief)
    production.schedule(submission, issue, chief)
    with pytest.raises(Exception, match=f"dated {YEAR + 1}"):
        issues.publish_issue(issue, chief)
    db.session.rollback()
    assert _reload(Issue, issue.id).published_at is None


def test_unscheduling_returns_to_production(client, auth):
    chief, journal = _journal()
    issue = _issue(journal, chief)
    submission = _ready(_accepted(journal), chief)
    production.schedule(submission, issue, chief, None, "5", "9")
    db.session.commit()
    auth.login(chief)
    base = f"/journal/editorial/submissions/{submission.id}/production"
    client.post(f"{base}/unschedule", data={"confirmed": "1"})
    submission = _reload(Submission, submission.id)
    assert submission.stage == Stage.PRODUCTION.value
    assert (submission.issue_id, submission.first_page) == (None, "")
    assert submission.doi == f"10.99999/md.{YEAR}.{submission.id}", "not yet public: it follows"


def test_two_editors_publishing_at_once_make_one_library_item(app):
    chief, journal = _journal()
    submission = _ready(_accepted(journal), chief)
    issue = _issue(journal, chief)
    production.schedule(submission, issue, chief)
    db.session.commit()
    # Another editor's request published it meanwhile: the row says so, this session (which
    # read the issue and its article before) does not.
    quietly = {"synchronize_session": False}
    assert issue.published_at is None and submission.stage == "scheduled"
    db.session.execute(
        update(Issue).where(Issue.id == issue.id).values(published_at=utcnow()),
        execution_options=quietly,
    )
    with pytest.raises(Conflict):
        issues.publish_issue(issue, chief)
    db.session.rollback()
    assert submission.stage == "scheduled"
    db.session.execute(
        update(Submission).where(Submission.id == submission.id).values(stage="published"),
        execution_options=quietly,
    )
    with pytest.raises(Conflict):
        production.publish(submission, chief)
    db.session.rollback()
    assert db.session.query(Item).count() == 0
