"""What scholars' tools read from the library: Highwire tags and JSON-LD in an item's page,
citation exports parsed back by reference-manager parsers, formatted APA and Chicago, the
sitemap and robots.txt."""

import json

import bibtexparser
import lxml.etree
import lxml.html
from bibtexparser import middlewares

from network.extensions import db
from network.library.items import AuthorInput
from network.library.models import Item, ItemState, ItemText
from tests.factories import make_user
from tests.factories_library import make_item

ORCID = "0000-0002-1825-0097"


def _article(**overrides):
    fields = {
        "kind": "journal_article",
        "texts": {
            "es": ("Remesas & desarrollo local en Zacatecas", "Un resumen."),
            "en": ("Remittances & local development in Zacatecas", "An abstract."),
        },
        "original_language": "es",
        "language": "es",
        "authors": [
            AuthorInput(name="Ana María García", affiliation="UNAM", orcid=ORCID),
            AuthorInput(name="Aminata Diallo"),
            AuthorInput(name="Jan van der Berg"),
        ],
        "date_year": 2025,
        "date_month": 3,
        "date_day": 7,
        "doi": "10.1234/puente.2025.7",
        "journal_title": "Revista de Migraciones",
        "issn": "1234-5679",
        "volume": "3",
        "issue": "2",
        "first_page": "10",
        "last_page": "25",
        "keywords": "remesas, desarrollo",
    }
    return make_item(**{**fields, **overrides})


def _report(**overrides):
    fields = {
        "kind": "working_paper",
        "texts": {"en": ("Diaspora bonds: 100% of what we know_so far", "Abstract.")},
        "authors": [AuthorInput(name="Oluwaseun Adebayo")],
        "date_year": 2024,
        "series": "Puente Working Papers",
        "number": "12",
        "publisher": "Puente Network",
    }
    return make_item(**{**fields, **overrides})


def _meta(page) -> list[tuple[str, str]]:
    tree = lxml.html.fromstring(page.get_data(as_text=True))
    return [(m.get("name"), m.get("content")) for m in tree.xpath("//head/meta[@name]")]


def _json_ld(page) -> dict:
    tree = lxml.html.fromstring(page.get_data(as_text=True))
    (script,) = tree.xpath("//head/script[@type='application/ld+json']")
    return json.loads(script.text)


def _values(tags, name):
    return [content for tag, content in tags if tag == name]


def test_an_article_page_carries_highwire_tags_in_author_order(client):
    item = _article()
    tags = _meta(client.get(f"/library/{item.id}"))
    assert _values(tags, "citation_title") == ["Remesas & desarrollo local en Zacatecas"]
    assert _values(tags, "citation_author") == [
        "Ana María García",
        "Aminata Diallo",
        "Jan van der Berg",
    ]
    assert _values(tags, "citation_author_institution") == ["UNAM"]
    assert _values(tags, "citation_author_orcid") == [ORCID]
    assert _values(tags, "citation_publication_date") == ["2025/03/07"]
    assert _values(tags, "citation_doi") == ["10.1234/puente.2025.7"]
    assert _values(tags, "citation_language") == ["es"]
    (pdf,) = _values(tags, "citation_pdf_url")
    assert pdf.startswith(f"http://puente.test/library/{item.id}/files/")
    assert client.get(pdf).headers["Content-Type"] == "application/pdf"
    for name, value in (
        ("citation_journal_title", "Revista de Migraciones"),
        ("citation_issn", "1234-5679"),
        ("citation_volume", "3"),
        ("citation_issue", "2"),
        ("citation_firstpage", "10"),
        ("citation_lastpage", "25"),
    ):
        assert _values(tags, name) == [value]
    assert not _values(tags, "citation_technical_report_institution")


def test_a_working_paper_page_names_its_institution_and_number(client):
    item = _report(date_month=None)
    tags = _meta(client.get(f"/library/{item.id}"))
    assert _values(tags, "citation_technical_report_institution") == ["Puente Network"]
    assert _values(tags, "citation_technical_report_number") == ["12"]
    assert _values(tags, "citation_publication_date") == ["2024"]
    assert not _values(tags, "citation_journal_title")


def test_json_ld_describes_the_item_for_search_engines(client):
    article = _json_ld(client.get(f"/library/{_article().id}"))
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "ScholarlyArticle"
    assert article["name"] == "Remesas & desarrollo local en Zacatecas"
    assert [a["name"] for a in article["author"]] == [
        "Ana María García",
        "Aminata Diallo",
        "Jan van der Berg",
    ]
    assert article["author"][0]["identifier"] == f"https://orcid.org/{ORCID}"
    assert article["datePublished"] == "2025-03-07"
    assert article["identifier"]["value"] == "10.1234/puente.2025.7"
    assert article["isPartOf"]["isPartOf"]["isPartOf"]["name"] == "Revista de Migraciones"
    assert article["license"] == "https://spdx.org/licenses/CC-BY-4.0.html"
    report = _json_ld(client.get(f"/library/{_report().id}"))
    assert (report["@type"], report["reportNumber"]) == ("Report", "12")
    dataset = _json_ld(client.get(f"/library/{_report(kind='dataset').id}"))
    assert dataset["@type"] == "Dataset"
    assert dataset["distribution"][0]["encodingFormat"] == "application/pdf"


def test_json_ld_cannot_close_its_script(client):
    item = _report(texts={"en": ("</script><script>alert(1)</script>", "x")})
    body = client.get(f"/library/{item.id}").get_data(as_text=True)
    assert "</script><script>alert(1)" not in body
    assert _json_ld(client.get(f"/library/{item.id}"))["name"].startswith("</script>")


def test_a_draft_page_tells_crawlers_nothing(client, auth):
    owner = make_user()
    item = _report(submitter=owner, state=ItemState.DRAFT)
    auth.login(owner)
    page = client.get(f"/library/{item.id}")
    assert page.status_code == 200
    assert not [name for name, _content in _meta(page) if name.startswith("citation_")]
    assert b"application/ld+json" not in page.data


def _parsed_bibtex(text: str):
    return bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )


def test_bibtex_export_parses_back_with_its_fields(client):
    item = _article()
    answer = client.get(f"/library/{item.id}/cite.bib")
    assert answer.status_code == 200
    assert answer.mimetype == "application/x-bibtex"
    assert f'filename="item-{item.id}.bib"' in answer.headers["Content-Disposition"]
    library = _parsed_bibtex(answer.get_data(as_text=True))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "article"
    assert entry.key == f"garcia2025item{item.id}"
    assert entry["title"] == "Remesas & desarrollo local en Zacatecas"
    assert [(n.last, n.first) for n in entry["author"]] == [
        (["García"], ["Ana", "María"]),
        (["Diallo"], ["Aminata"]),
        (["Berg"], ["Jan"]),
    ]
    assert entry["author"][2].von == ["van", "der"]
    assert (entry["journal"], entry["volume"], entry["number"]) == (
        "Revista de Migraciones",
        "3",
        "2",
    )
    assert (entry["year"], entry["doi"]) == ("2025", "10.1234/puente.2025.7")
    assert entry["pages"] in ("10--25", "10–25")


def test_bibtex_of_a_report_keeps_special_characters(client):
    item = _report()
    text = client.get(f"/library/{item.id}/cite.bib").get_data(as_text=True)
    (entry,) = _parsed_bibtex(text).entries
    assert entry.entry_type == "techreport"
    assert entry["title"] == "Diaspora bonds: 100% of what we know_so far"
    assert (entry["institution"], entry["number"]) == ("Puente Network", "12")


def test_ris_export_has_one_tag_per_line_and_authors_in_order(client):
    item = _article()
    answer = client.get(f"/library/{item.id}/cite.ris")
    assert answer.mimetype == "application/x-research-info-systems"
    lines = answer.get_data(as_text=True).rstrip("\r\n").splitlines()
    assert lines[0] == "TY  - JOUR"
    assert lines[-1] == "ER  - "
    tags = [(line[:2], line[6:]) for line in lines]
    assert all(line[2:6] == "  - " for line in lines)
    assert _values(tags, "AU") == ["García, Ana María", "Diallo, Aminata", "van der Berg, Jan"]
    assert _values(tags, "TI") == ["Remesas & desarrollo local en Zacatecas"]
    assert _values(tags, "DA") == ["2025/03/07"]
    assert _values(tags, "DO") == ["10.1234/puente.2025.7"]
    assert _values(tags, "T2") == ["Revista de Migraciones"]
    assert _values(tags, "KW") == ["remesas", "desarrollo"]
    assert _values(tags, "UR") == [f"http://puente.test/library/{item.id}"]


def test_csl_json_export_is_what_citeproc_reads(client):
    item = _article(date_day=None)
    answer = client.get(f"/library/{item.id}/cite.json")
    assert answer.mimetype == "application/vnd.citationstyles.csl+json"
    (record,) = json.loads(answer.get_data(as_text=True))
    assert record["type"] == "article-journal"
    assert record["author"][0] == {"family": "García", "given": "Ana María"}
    assert record["author"][2] == {"family": "van der Berg", "given": "Jan"}
    assert record["issued"] == {"date-parts": [[2025, 3]]}
    assert (record["DOI"], record["page"], record["container-title"]) == (
        "10.1234/puente.2025.7",
        "10-25",
        "Revista de Migraciones",
    )


def test_the_page_shows_apa_and_chicago_in_the_visitors_language(client):
    item = _article()
    page = lxml.html.fromstring(client.get(f"/library/{item.id}").get_data(as_text=True))
    section = page.xpath("//section[@aria-labelledby='cite-heading']")[0].text_content()
    assert "García, A. M., Diallo, A., & van der Berg, J. (2025)." in section
    assert "Revista de Migraciones" in section
    assert "García, Ana María, Aminata Diallo, and Jan van der Berg. 2025." in section
    spanish = client.get(f"/library/{item.id}", headers={"Accept-Language": "es"})
    section = lxml.html.fromstring(spanish.get_data(as_text=True)).xpath(
        "//section[@aria-labelledby='cite-heading']"
    )[0]
    assert "Aminata Diallo, y Jan van der Berg" in section.text_content()


def test_a_formatted_citation_escapes_the_title(client):
    item = _report(texts={"en": ("<img src=x onerror=alert(1)> & more", "x")})
    body = client.get(f"/library/{item.id}").get_data(as_text=True)
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body or "&#60;img" in body


def test_exports_of_a_draft_stay_with_its_owner(client, auth):
    owner = make_user()
    item = _report(submitter=owner, state=ItemState.DRAFT)
    assert client.get(f"/library/{item.id}/cite.bib").status_code == 404
    auth.login(make_user())
    assert client.get(f"/library/{item.id}/cite.ris").status_code == 404
    auth.logout()
    auth.login(owner)
    assert client.get(f"/library/{item.id}/cite.json").status_code == 200


def test_an_unknown_export_format_is_not_found(client):
    item = _report()
    assert client.get(f"/library/{item.id}/cite.docx").status_code == 404
    assert client.get("/library/999999/cite.bib").status_code == 404


SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(client, url: str, tag: str) -> list[str]:
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer.mimetype == "application/xml"
    tree = lxml.etree.fromstring(answer.data)
    return [loc.text for loc in tree.iterfind(f"s:{tag}/s:loc", SITEMAP)]


def test_the_sitemap_lists_public_pages_and_published_items(client):
    published = [_report(), _article()]
    _report(state=ItemState.DRAFT)
    _report(state=ItemState.SUBMITTED)
    files = _locations(client, "/sitemap.xml", "sitemap")
    assert files == [
        "http://puente.test/sitemap-pages.xml",
        "http://puente.test/sitemap-library-1.xml",
    ]
    items = _locations(client, files[1], "url")
    assert items == [f"http://puente.test/library/{item.id}" for item in published]
    tree = lxml.etree.fromstring(client.get(files[1]).data)
    assert tree.findtext("s:url/s:lastmod", namespaces=SITEMAP) == (
        published[0].updated_at.strftime("%Y-%m-%d")
    )
    pages = _locations(client, files[0], "url")
    assert "http://puente.test/" in pages and "http://puente.test/events/" in pages
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_the_sitemap_has_no_library_file_past_the_items(client):
    assert _locations(client, "/sitemap.xml", "sitemap") == ["http://puente.test/sitemap-pages.xml"]
    assert client.get("/sitemap-library-1.xml").status_code == 404
    _report()
    assert client.get("/sitemap-library-1.xml").status_code == 200
    assert client.get("/sitemap-library-2.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    answer = client.get("/robots.txt")
    assert answer.mimetype == "text/plain"
    lines = answer.get_data(as_text=True).splitlines()
    assert "Sitemap: http://puente.test/sitemap.xml" in lines
    assert "User-agent: *" in lines


def test_a_search_exports_its_results_in_the_listing_order(client):
    older = _report(date_year=2021, texts={"en": ("Seasonal workers in Huelva", "x")})
    newer = _report(date_year=2024, texts={"en": ("Seasonal workers in Ontario", "x")})
    _report(kind="dataset", texts={"en": ("Seasonal workers survey data", "x")})
    _report(state=ItemState.DRAFT, texts={"en": ("Seasonal workers draft", "x")})
    _report(texts={"en": ("Hometown associations", "x")})
    answer = client.get("/library/cite.json?q=seasonal&kind=working_paper")
    assert answer.status_code == 200
    assert 'filename="library-references.json"' in answer.headers["Content-Disposition"]
    records = json.loads(answer.get_data(as_text=True))
    assert [r["title"] for r in records] == [newer.title, older.title]
    bib = client.get("/library/cite.bib?q=seasonal").get_data(as_text=True)
    assert len(_parsed_bibtex(bib).entries) == 3
    ris = client.get("/library/cite.ris?q=nothing+like+this").get_data(as_text=True)
    assert ris == ""
    assert client.get("/library/cite.pdf?q=seasonal").status_code == 404


def test_the_library_page_offers_its_results_as_exports(client):
    _report(texts={"en": ("Seasonal workers in Huelva", "x")})
    page = lxml.html.fromstring(client.get("/library/?kind=working_paper").get_data(as_text=True))
    links = {a.text_content(): a.get("href") for a in page.xpath("//a[@download]")}
    assert links["BibTeX"] == "/library/cite.bib?kind=working_paper"
    assert links["CSL-JSON"] == "/library/cite.json?kind=working_paper"
    empty = client.get("/library/?q=nothing+like+this").get_data(as_text=True)
    assert "/library/cite.bib" not in empty


def test_a_search_export_stops_at_500_items(client):
    db.session.add_all(
        Item(
            kind="report",
            state=ItemState.PUBLISHED.value,
            date_year=2020,
            texts=[ItemText(language="en", title=f"Paper {n}")],
        )
        for n in range(501)
    )
    db.session.commit()
    ris = client.get("/library/cite.ris").get_data(as_text=True)
    assert ris.count("ER  - ") == 500


def test_an_article_names_no_publisher_it_was_not_given(client):
    item = _article()
    (record,) = json.loads(client.get(f"/library/{item.id}/cite.json").get_data(as_text=True))
    assert "publisher" not in record
    assert "publisher" not in _json_ld(client.get(f"/library/{item.id}"))
    report = _report(publisher="")
    (record,) = json.loads(client.get(f"/library/{report.id}/cite.json").get_data(as_text=True))
    assert record["publisher"] == "Puente"
