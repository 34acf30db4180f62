"""OAI-PMH 2.0 at /oai: every answer valid against the protocol's schema (with oai_dc and simple
Dublin Core, shipped in tests/data/oai), the protocol's errors, selective harvesting by date and
set, resumption tokens, deleted records, and a full harvest by an independent harvester."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import xmlschema
from lxml import etree
from sickle import Sickle

from network import create_app
from network.auth.models import Role
from network.extensions import db
from network.library import workflow
from network.library.items import AuthorInput
from network.library.models import ItemState
from tests.factories import make_user
from tests.factories_library import make_item
from tests.factories_members import themes_by_slug
from tests.support import LiveServer

SCHEMAS = Path(__file__).parent / "data" / "oai"
NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SMALL_PAGES = pytest.mark.parametrize("app", [{"OAI_PAGE_SIZE": 2}], indirect=True)


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema([str(SCHEMAS / "OAI-PMH.xsd"), str(SCHEMAS / "oai_dc.xsd")])


@pytest.fixture
def oai(client, schema):
    """GET /oai with these arguments: the answer, checked against the schema, as an XML tree."""

    def ask(method="GET", **arguments):
        send = client.get if method == "GET" else client.post
        answer = send("/oai", **{"query_string" if method == "GET" else "data": arguments})
        assert answer.status_code == 200
        assert answer.mimetype == "text/xml"
        schema.validate(answer.data, use_location_hints=False)
        return etree.fromstring(answer.data)

    return ask


def _error(tree) -> str:
    (error,) = tree.findall("o:error", NS)
    return error.get("code")


def _identifiers(tree) -> list[str]:
    return [node.text for node in tree.iterfind(".//o:header/o:identifier", NS)]


def _oai_id(item) -> str:
    return f"oai:puente.test:library/{item.id}"


def _at(item, moment: datetime):
    item.updated_at = moment
    db.session.commit()
    return item


def test_identify_describes_the_repository(oai):
    _at(make_item(), datetime(2024, 5, 1, 8, 30, 15, 500000, tzinfo=UTC))
    tree = oai(verb="Identify")
    identify = tree.find("o:Identify", NS)
    assert identify.findtext("o:repositoryName", namespaces=NS) == "Puente library"
    assert identify.findtext("o:baseURL", namespaces=NS) == "http://puente.test/oai"
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:adminEmail", namespaces=NS) == "no-reply@puente.localhost"
    assert identify.findtext("o:earliestDatestamp", namespaces=NS) == "2024-05-01T08:30:15Z"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert tree.find("o:request", NS).get("verb") == "Identify"


def test_metadata_formats_and_sets(oai):
    item = make_item()
    formats = oai(verb="ListMetadataFormats", identifier=_oai_id(item))
    assert [p.text for p in formats.iterfind(".//o:metadataPrefix", NS)] == ["oai_dc"]
    missing = oai(verb="ListMetadataFormats", identifier="oai:puente.test:library/999999")
    assert _error(missing) == "idDoesNotExist"
    theme = next(iter(themes_by_slug().values()))
    specs = [s.text for s in oai(verb="ListSets").iterfind(".//o:setSpec", NS)]
    assert {"kind", "kind:working_paper", "kind:dataset", "theme", f"theme:{theme.slug}"} <= set(
        specs
    )


def test_get_record_gives_dublin_core_in_every_language(oai):
    theme = next(iter(themes_by_slug().values()))
    item = make_item(
        kind="journal_article",
        texts={
            "es": ("Remesas colectivas", "Resumen."),
            "en": ("Collective remittances", "Abstract."),
        },
        original_language="es",
        language="es",
        authors=[AuthorInput(name="Ana María García"), AuthorInput(name="Aminata Diallo")],
        themes=[theme],
        date_year=2025,
        date_month=3,
        doi="10.1234/oai.1",
        journal_title="Revista de Migraciones",
        volume="3",
        issue="2",
        keywords="remesas, municipios",
    )
    tree = oai(verb="GetRecord", identifier=_oai_id(item), metadataPrefix="oai_dc")
    header = tree.find(".//o:header", NS)
    assert header.get("status") is None
    assert header.findtext("o:identifier", namespaces=NS) == _oai_id(item)
    assert [s.text for s in header.iterfind("o:setSpec", NS)] == [
        "kind:journal_article",
        f"theme:{theme.slug}",
    ]
    dc = tree.find(".//oai_dc:dc", NS)
    titles = {t.get(XML_LANG): t.text for t in dc.iterfind("dc:title", NS)}
    assert titles == {"es": "Remesas colectivas", "en": "Collective remittances"}
    assert [c.text for c in dc.iterfind("dc:creator", NS)] == [
        "García, Ana María",
        "Diallo, Aminata",
    ]
    assert {"remesas", "municipios", theme.name_en} <= {
        s.text for s in dc.iterfind("dc:subject", NS)
    }
    assert dc.findtext("dc:date", namespaces=NS) == "2025-03"
    assert {
        f"http://puente.test/library/{item.id}",
        "https://doi.org/10.1234/oai.1",
    } <= {i.text for i in dc.iterfind("dc:identifier", NS)}
    assert "info:eu-repo/semantics/article" in [t.text for t in dc.iterfind("dc:type", NS)]
    assert dc.findtext("dc:language", namespaces=NS) == "es"
    assert dc.findtext("dc:source", namespaces=NS) == "Revista de Migraciones 3(2)"


def test_unpublished_items_and_other_formats_are_refused(oai):
    draft = make_item(state=ItemState.DRAFT)
    published = make_item()
    answer = oai(verb="GetRecord", identifier=_oai_id(draft), metadataPrefix="oai_dc")
    assert _error(answer) == "idDoesNotExist"
    assert _error(oai(verb="GetRecord", identifier="library/1", metadataPrefix="oai_dc")) == (
        "idDoesNotExist"
    )
    answer = oai(verb="GetRecord", identifier=_oai_id(published), metadataPrefix="marc21")
    assert _error(answer) == "cannotDisseminateFormat"
    assert _error(oai(verb="ListRecords", metadataPrefix="mods")) == "cannotDisseminateFormat"


@pytest.mark.parametrize(
    "arguments, code",
    [
        ({}, "badVerb"),
        ({"verb": "ListAll"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01T00:00:00"},
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-02-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-03-01",
                "until": "2024-02-01",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "a b"}, "badArgument"),
        (
            {"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "not-ours"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "not-ours"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "kind:poem"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, "noRecordsMatch"),
    ],
)
def test_protocol_errors(oai, arguments, code):
    tree = oai(**arguments)
    assert _error(tree) == code
    if code in ("badVerb", "badArgument"):
        assert tree.find("o:request", NS).attrib == {}


def test_arguments_may_come_in_a_post(oai):
    item = make_item()
    tree = oai("POST", verb="GetRecord", identifier=_oai_id(item), metadataPrefix="oai_dc")
    assert _identifiers(tree) == [_oai_id(item)]


def test_from_and_until_select_by_day_and_by_second(oai):
    early = _at(make_item(), datetime(2024, 1, 10, 23, 59, 59, 900000, tzinfo=UTC))
    middle = _at(make_item(), datetime(2024, 2, 1, 12, 0, 0, tzinfo=UTC))
    late = _at(make_item(), datetime(2024, 3, 5, 0, 0, 0, tzinfo=UTC))

    def listed(**window):
        return _identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **window))

    assert listed(until="2024-01-10") == [_oai_id(early)]
    assert listed(**{"from": "2024-01-11", "until": "2024-03-04"}) == [_oai_id(middle)]
    assert listed(**{"from": "2024-02-01T12:00:00Z"}) == [_oai_id(middle), _oai_id(late)]
    assert listed(**{"from": "2024-02-01T12:00:01Z"}) == [_oai_id(late)]
    assert listed(until="2024-01-10T23:59:59Z") == [_oai_id(early)]
    tree = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", until="2023-12-31")
    assert _error(tree) == "noRecordsMatch"
    stamps = [
        d.text
        for d in oai(verb="ListIdentifiers", metadataPrefix="oai_dc").iterfind(".//o:datestamp", NS)
    ]
    assert stamps == ["2024-01-10T23:59:59Z", "2024-02-01T12:00:00Z", "2024-03-05T00:00:00Z"]


def test_sets_select_by_kind_and_theme(oai):
    theme, other = list(themes_by_slug().values())[:2]
    dataset = make_item(kind="dataset", themes=[theme])
    paper = make_item(kind="working_paper", themes=[other])
    bare = make_item(kind="working_paper")

    def listed(spec):
        return _identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec))

    assert listed("kind:dataset") == [_oai_id(dataset)]
    assert listed("kind:working_paper") == [_oai_id(paper), _oai_id(bare)]
    assert listed(f"theme:{theme.slug}") == [_oai_id(dataset)]
    assert listed("theme") == [_oai_id(dataset), _oai_id(paper)]
    assert listed("kind") == [_oai_id(dataset), _oai_id(paper), _oai_id(bare)]


def _withdrawn(item):
    workflow.withdraw(item, make_user(Role.STAFF))
    db.session.commit()
    return item


@SMALL_PAGES
def test_lists_resume_with_signed_tokens_and_report_deleted_records(oai):
    published = [make_item() for _ in range(4)]
    gone = _withdrawn(make_item())
    make_item(state=ItemState.DRAFT)
    make_item(state=ItemState.SUBMITTED)
    seen, tokens, deleted = [], [], []
    tree = oai(verb="ListRecords", metadataPrefix="oai_dc")
    while True:
        seen += _identifiers(tree)
        deleted += [
            h.findtext("o:identifier", namespaces=NS)
            for h in tree.iterfind(".//o:header[@status='deleted']", NS)
        ]
        token = tree.find(".//o:resumptionToken", NS)
        tokens.append((token.get("cursor"), token.get("completeListSize"), token.text))
        if not token.text:
            break
        tree = oai(verb="ListRecords", resumptionToken=token.text)
    expected = sorted([*published, gone], key=lambda i: i.id)
    assert seen == [_oai_id(item) for item in expected]
    assert deleted == [_oai_id(gone)]
    assert [(cursor, size) for cursor, size, _text in tokens] == [
        ("0", "5"),
        ("2", "5"),
        ("4", "5"),
    ]
    assert tree.find(".//o:record/o:metadata", NS) is None  # the last page: the deleted record
    record = oai(verb="GetRecord", identifier=_oai_id(gone), metadataPrefix="oai_dc")
    assert record.find(".//o:header", NS).get("status") == "deleted"
    tampered = tokens[0][2][:-2] + ("AA" if not tokens[0][2].endswith("AA") else "BB")
    assert _error(oai(verb="ListRecords", resumptionToken=tampered)) == "badResumptionToken"


@SMALL_PAGES
def test_list_identifiers_resume_too(oai):
    items = [make_item() for _ in range(3)]
    first = oai(verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = first.find(".//o:resumptionToken", NS)
    assert token.get("expirationDate")
    second = oai(verb="ListIdentifiers", resumptionToken=token.text)
    assert _identifiers(first) + _identifiers(second) == [_oai_id(i) for i in items]


@pytest.fixture
def harvester(app, config_class):
    """An independent harvester (sickle) against the app served over HTTP, 3 records a page."""
    live_app = create_app(type("Live", (config_class,), {"PUBLIC_URL": None, "OAI_PAGE_SIZE": 3}))
    server = LiveServer(live_app).start()
    yield Sickle(f"{server.url}/oai", max_retries=0, timeout=30)
    server.stop()


def test_a_full_harvest_returns_every_published_item_once(harvester):
    published = [make_item() for _ in range(7)]
    gone = _withdrawn(make_item())
    make_item(state=ItemState.DRAFT)
    records = list(harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=True))
    ids = [record.header.identifier.rsplit("/", 1)[1] for record in records]
    assert ids == [str(item.id) for item in published]
    assert records[0].metadata["title"] == [published[0].title]
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))
    assert [h.deleted for h in headers] == [False] * 7 + [True]
    assert headers[-1].identifier.endswith(f"/{gone.id}")
    assert harvester.Identify().repositoryName == "Puente library"


@pytest.mark.parametrize(
    "identifier", ["oai:x:[1]", "%zz", "oai:puente.test:library/1/../2", "a b", "é", "<x>", "'\""]
)
def test_odd_identifiers_get_valid_answers(oai, identifier):
    tree = oai(verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert _error(tree) in ("idDoesNotExist", "badArgument")
