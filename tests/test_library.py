"""The knowledge library: items, their files, the submission workflow, finding and feeds."""

import html
import io
import re
import zipfile
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select

from network.auth.models import Role
from network.dbtypes import utcnow
from network.extensions import db
from network.library import files
from network.library.items import refresh_search_text
from network.library.models import Item, ItemFile
from tests.factories import make_user
from tests.factories_events import make_event
from tests.factories_groups import make_group
from tests.factories_library import make_item, pdf_bytes
from tests.factories_members import make_organization, make_profile, themes_by_slug


@pytest.fixture(autouse=True)
def library_dir(app, tmp_path):
    app.config["LIBRARY_DIR"] = str(tmp_path / "library")
    return tmp_path / "library"


def test_published_item_page_shows_title_authors_and_pdf(client, library_dir):
    author = make_user(name="Amina Diallo")
    item = make_item(author, texts={"en": ("Remittances in Senegal", "Money sent home.")})
    page = client.get(f"/library/{item.id}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Remittances in Senegal" in body and "Amina Diallo" in body
    stored = item.files[0]
    assert (library_dir / stored.stored_name).read_bytes().startswith(b"%PDF-")
    download = client.get(f"/library/{item.id}/files/{stored.id}")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("inline; filename=paper-")
    client.get(f"/library/{item.id}/files/{stored.id}")
    db.session.expire_all()
    assert db.session.get(Item, item.id).download_count == 2


def test_draft_is_hidden_from_others(client, auth):
    item = make_item(state="draft")
    auth.login(make_user())
    assert client.get(f"/library/{item.id}").status_code == 404


def test_encrypted_pdf_is_refused_and_nothing_stored(app, library_dir):
    item = make_item(pdf=None, commit=False)
    with pytest.raises(files.FileRejected, match="encrypted"):
        files.attach(item, pdf_bytes(password="secret"), "locked.pdf")
    db.session.rollback()
    assert db.session.query(ItemFile).count() == 0
    assert not library_dir.exists() or not any(library_dir.iterdir())


def item_form(**overrides):
    data = {
        "kind": "working_paper",
        "original_language": "es",
        "language": "es",
        "title_es": "Remesas y salarios en Bolivia",
        "abstract_es": "Un estudio de las remesas.",
        "title_en": "Remittances and wages in Bolivia",
        "abstract_en": "",
        "title_fr": "",
        "abstract_fr": "",
        "authors-0-member": "0",
        "authors-0-name": "Lucía Quispe",
        "authors-0-affiliation": "Universidad Mayor de San Andrés",
        "authors-0-orcid": "0000-0002-1825-0097",
        "authors-1-member": "0",
        "authors-1-name": "",
        "group": "0",
        "event": "0",
        "date_year": "2024",
        "date_month": "3",
        "date_day": "",
        "series": "Working Paper",
        "number": "12",
        "doi": "",
        "license": "CC-BY-4.0",
        "keywords": "remesas, salarios",
        "external_url": "",
    }
    data.update(overrides)
    return data


def post_item(client, url="/library/new", pdf=None, filename="paper.pdf", **fields):
    data = item_form(**fields)
    if pdf is not None:
        data["file"] = (io.BytesIO(pdf), filename)
    return client.post(url, data=data, content_type="multipart/form-data")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_member_saves_a_draft_with_texts_authors_and_pdf(client, auth, library_dir):
    member = make_user(name="Rosa Mamani")
    auth.login(member)
    assert client.get("/library/new").status_code == 200
    response = post_item(client, pdf=pdf_bytes(2), **{"authors-1-member": str(member.id)})
    assert response.status_code == 302
    item = db.session.scalar(select(Item))
    assert item.state == "draft" and item.submitted_by_id == member.id
    assert item.title == "Remesas y salarios en Bolivia"
    assert [a.name for a in item.authors] == ["Lucía Quispe", "Rosa Mamani"]
    assert item.authors[0].orcid == "0000-0002-1825-0097"
    assert item.iso_date == "2024-03" and item.keyword_list == ["remesas", "salarios"]
    assert item.files[0].original_name == "paper.pdf"
    assert (library_dir / item.files[0].stored_name).is_file()
    page = client.get(f"/library/{item.id}", headers={"Accept-Language": "fr"})
    assert "Remesas y salarios en Bolivia" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "pdf", "status", "message"),
    [
        ({}, b"GIF89a not a pdf at all", 400, "not a PDF"),
        ({}, pdf_bytes(password="x"), 400, "encrypted"),
        ({}, b"%PDF-1.7\n garbage", 400, "not a PDF we can read"),
        ({"doi": "12.34/nope"}, None, 400, "A DOI looks like"),
        ({"authors-0-orcid": "0000-0002-1825-0098"}, None, 400, "not a valid ORCID"),
        ({"date_month": "2", "date_day": "30"}, None, 400, "The date is not valid"),
        ({"title_es": ""}, None, 400, "Give the title in the original language"),
        ({"authors-0-name": ""}, None, 400, "Name at least one author"),
        ({"isbn": "978-3-16-148410-1"}, None, 400, "ISBN is not valid"),
    ],
    # Named, not shown: the encrypted PDF's bytes differ from run to run.
    ids=["gif", "encrypted", "garbage", "doi", "orcid", "date", "title", "author", "isbn"],
)
def test_bad_input_is_refused_and_nothing_stored(
    client, auth, library_dir, fields, pdf, status, message
):
    auth.login(make_user())
    response = post_item(client, pdf=pdf, **fields)
    assert response.status_code == status
    assert message in html.unescape(response.get_data(as_text=True))
    assert count(Item) == 0 and count(ItemFile) == 0
    assert not library_dir.exists() or not any(library_dir.iterdir())


def test_a_file_of_12_mb_is_taken(client, auth, library_dir):
    auth.login(make_user())
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Subject": "x" * (12 * 1024 * 1024)})
    out = io.BytesIO()
    writer.write(out)
    assert post_item(client, pdf=out.getvalue()).status_code == 302
    assert count(ItemFile) == 1


def test_a_file_over_20_mb_is_refused(client, auth, library_dir):
    auth.login(make_user())
    big = pdf_bytes() + b"%" * (21 * 1024 * 1024)
    assert post_item(client, pdf=big).status_code == 413
    assert count(Item) == 0


def test_duplicate_doi_is_a_conflict(client, auth):
    make_item(doi="https://doi.org/10.5555/ABC.1")
    auth.login(make_user())
    response = post_item(client, doi="10.5555/abc.1")
    assert response.status_code == 409
    assert "already has the DOI 10.5555/abc.1" in response.get_data(as_text=True)
    assert count(Item) == 1


def test_dataset_takes_csv_and_xlsx_served_as_downloads(client, auth, library_dir):
    auth.login(make_user())
    csv = b"country,remittances\nBO,1200\n"
    post_item(client, pdf=csv, filename="flows.csv", kind="dataset")
    item = db.session.scalar(select(Item))
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    post_item(
        client,
        f"/library/{item.id}/edit",
        pdf=xlsx.getvalue(),
        filename="flows.xlsx",
        kind="dataset",
    )
    db.session.expire_all()
    kinds = {f.kind: f for f in db.session.get(Item, item.id).files}
    assert set(kinds) == {"csv", "xlsx"}
    got = client.get(f"/library/{item.id}/files/{kinds['xlsx'].id}")
    assert got.mimetype == kinds["xlsx"].mime_type.split(";")[0]
    assert got.headers["Content-Disposition"].startswith("attachment; filename=flows.xlsx")
    # a zip that is not a workbook, and a CSV for a working paper, are refused
    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("hello.txt", "hi")
    response = post_item(
        client, f"/library/{item.id}/edit", pdf=bad.getvalue(), filename="x.xlsx", kind="dataset"
    )
    assert response.status_code == 400
    assert post_item(client, pdf=csv, filename="flows.csv").status_code == 400


def test_workflow_submit_publish_with_chair_and_authors(client, auth, mailbox):
    chair = make_user(email="chair@example.org", name="Kwame Mensah")
    group = make_group(chair=chair)
    submitter = make_user(email="sub@example.org")
    coauthor = make_user(email="co@example.org", name="Ana Quispe", language="es")
    item = make_item(submitter, state="draft", group=group, authors=[submitter, coauthor])
    other = make_user()
    auth.login(other)
    assert client.get(f"/library/{item.id}/edit").status_code == 404
    assert client.post(f"/library/{item.id}/submit").status_code == 404
    auth.logout()

    auth.login(submitter)
    client.post(f"/library/{item.id}/submit")
    db.session.expire_all()
    assert db.session.get(Item, item.id).state == "submitted"
    assert "To review" in mailbox.last("chair@example.org")["Subject"]
    ask = mailbox.last("co@example.org")
    assert "autor" in ask["Subject"]
    assert client.post(f"/library/{item.id}/publish").status_code == 403
    auth.logout()

    auth.login(chair)
    assert "Remittances" in client.get("/library/review").get_data(as_text=True)
    client.post(f"/library/{item.id}/publish")
    db.session.expire_all()
    assert db.session.get(Item, item.id).state == "published"
    assert "Published" in mailbox.last("sub@example.org")["Subject"]
    auth.logout()

    auth.login(coauthor)
    link = mailbox.links(ask)[0].split("puente.test", 1)[1]
    page = client.get(link)
    assert page.status_code == 200 and "answer" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Item, item.id).authors[1].confirmation == "pending"
    client.post(link, data={"answer": "decline"})
    db.session.expire_all()
    assert db.session.get(Item, item.id).authors[1].confirmation == "declined"


def test_return_with_comment_and_edit_rights(client, auth, mailbox):
    staff = make_user(Role.STAFF)
    submitter = make_user(email="sub@example.org")
    item = make_item(submitter, state="submitted")
    auth.login(submitter)
    assert client.get(f"/library/{item.id}/edit").status_code == 403
    auth.logout()
    auth.login(staff)
    assert client.post(f"/library/{item.id}/return", data={"comment": ""}).status_code == 400
    client.post(f"/library/{item.id}/return", data={"comment": "Add the 2023 data."})
    auth.logout()
    assert "Add the 2023 data." in mailbox.text(mailbox.last("sub@example.org"))
    auth.login(submitter)
    assert client.get(f"/library/{item.id}/edit").status_code == 200
    assert "Add the 2023 data." in client.get(f"/library/{item.id}").get_data(as_text=True)


def test_future_date_on_a_published_item_is_refused(client, auth):
    staff = make_user(Role.STAFF)
    item = make_item(
        state="published",
        texts={"es": ("Remesas y salarios en Bolivia", "")},
        original_language="es",
    )
    auth.login(staff)
    response = post_item(client, f"/library/{item.id}/edit", date_year=str(utcnow().year + 1))
    assert response.status_code == 400
    assert "cannot be dated in the future" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Item, item.id).date_year == 2024


def test_listing_searches_folded_text_and_filters_by_facets(client):
    themes = themes_by_slug()
    theme = next(iter(themes.values()))
    group = make_group(name="Labour migration", slug="labour")
    make_item(
        texts={"es": ("Migración y remesas en Bolivia", "Un análisis de los envíos.")},
        original_language="es",
        authors=["José Ñúñez"],
        themes=[theme],
        group=group,
        countries=["BO"],
        corridors=[("BO", "AR")],
        date_year=2023,
    )
    make_item(texts={"en": ("Climate and displacement", "Floods.")}, kind="policy_brief")
    make_item(state="draft", texts={"en": ("Secret draft about remesas", "")})
    page = client.get("/library/?q=MIGRACION nunez")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Migración y remesas en Bolivia" in body and "Climate" not in body
    assert "Secret draft" not in client.get("/library/?q=remesas").get_data(as_text=True)
    for query in (
        f"theme={theme.slug}",
        "group=labour",
        "country=BO",
        "corridor=BO-AR",
        "language=es",
        "year=2023",
        "kind=working_paper",
    ):
        body = client.get(f"/library/?{query}").get_data(as_text=True)
        assert "Migración y remesas" in body and "Climate and displacement" not in body, query
    facets = client.get("/library/").get_data(as_text=True)
    assert "Policy brief" in facets and "Labour migration" in facets
    assert "Nota de política" in client.get(
        "/library/", headers={"Accept-Language": "es"}
    ).get_data(as_text=True)
    assert client.get("/library/?year=abc").status_code == 200
    assert client.get("/library/?page=x").status_code == 400


def test_atom_feeds_all_and_per_theme_and_group(client):
    themes = list(themes_by_slug().values())
    group = make_group(slug="labour")
    make_item(texts={"en": ("Wages abroad", "About wages.")}, themes=[themes[0]], group=group)
    make_item(texts={"en": ("Climate and displacement", "Floods.")}, themes=[themes[1]])
    every = client.get("/library/feed.atom")
    assert every.mimetype == "application/atom+xml"
    tree = ElementTree.fromstring(every.data)
    atom = "{http://www.w3.org/2005/Atom}"
    assert len(tree.findall(f"{atom}entry")) == 2
    by_theme = ElementTree.fromstring(client.get(f"/library/feed.atom?theme={themes[1].slug}").data)
    assert [e.findtext(f"{atom}title") for e in by_theme.findall(f"{atom}entry")] == [
        "Climate and displacement"
    ]
    by_group = ElementTree.fromstring(client.get("/library/feed.atom?group=labour").data)
    assert [e.findtext(f"{atom}title") for e in by_group.findall(f"{atom}entry")] == [
        "Wages abroad"
    ]


def test_profiles_groups_and_organizations_list_their_items(client, auth):
    author = make_user(name="Amina Diallo")
    profile = make_profile(author)
    hidden = make_user(name="Private Person")
    make_profile(hidden, visibility="private")
    org = make_organization()
    group = make_group(name="Labour migration", slug="labour")
    make_item(
        make_user(Role.STAFF),
        texts={"en": ("Wages abroad", "")},
        authors=[author, hidden],
        group=group,
        organizations=[org],
    )
    assert "Wages abroad" in client.get(f"/members/{profile.id}").get_data(as_text=True)
    assert "Wages abroad" in client.get("/groups/labour").get_data(as_text=True)
    assert "Wages abroad" in client.get(f"/members/org/{org.id}").get_data(as_text=True)
    page = client.get(f"/library/{db.session.scalar(select(Item.id))}").get_data(as_text=True)
    assert f'href="/members/{profile.id}"' in page
    assert "Private Person" in page  # named on the item, as the submitter wrote it
    # but no link to a profile the visitor cannot see
    assert re.findall(r'href="/members/(\d+)"', page) == [str(profile.id)]


def test_organizer_adds_slides_after_the_event_shown_on_its_page(client, auth):
    organizer = make_user(Role.ORGANIZER)
    past = make_event(organizer, starts_in=timedelta(days=-2))
    future = make_event(organizer)
    auth.login(organizer)
    assert "Add slides or a recording" in client.get(f"/events/{past.slug}").get_data(as_text=True)
    form = client.get(f"/library/new?event={past.id}&kind=presentation").get_data(as_text=True)
    assert f'<option selected value="{past.id}">' in form or f'value="{past.id}" selected' in form
    too_early = post_item(client, pdf=pdf_bytes(), kind="presentation", event=str(future.id))
    assert too_early.status_code == 400
    post_item(client, pdf=pdf_bytes(), kind="presentation", event=str(past.id))
    item = db.session.scalar(select(Item))
    client.post(f"/library/{item.id}/submit")
    client.post(f"/library/{item.id}/publish")
    auth.logout()
    page = client.get(f"/events/{past.slug}").get_data(as_text=True)
    assert "Remittances and wages in Bolivia" in page and "Slides and recordings" in page
    other = make_user(Role.ORGANIZER)
    auth.login(other)
    assert post_item(client, kind="presentation", event=str(past.id)).status_code == 400


def test_demo_library_has_items_in_three_languages(app, client):
    from network.demo import seed

    seed()
    published = db.session.scalars(select(Item).where(Item.state == "published")).all()
    assert len(published) >= 28
    assert {item.original_language for item in published} == {"en", "es", "fr"}
    assert any(item.event_id for item in published)
    assert all(item.authors for item in published)
    assert client.get("/library/?language=fr").status_code == 200
    assert "Migrations climatiques au Sahel" in client.get("/library/?q=sahel").get_data(
        as_text=True
    )


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_every_library_page_answers_in_each_language(client, auth, language):
    chair = make_user(language=language)
    group = make_group(chair=chair)
    submitter = make_user(language=language)
    published = make_item(submitter, group=group, authors=[submitter, chair])
    waiting = make_item(submitter, state="submitted", group=group)
    auth.login(chair)
    client.post("/language", data={"language": language})
    pages = [
        "/library/",
        f"/library/{published.id}",
        "/library/new",
        "/library/mine",
        "/library/review",
        f"/library/{waiting.id}/edit",
        f"/library/{waiting.id}/return",
        f"/library/{published.id}/authorship",
        "/account",
    ]
    for path in pages:
        response = client.get(path, headers={"Accept-Language": language})
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert f'<html lang="{language}">' in body, path
    library = {"en": "Library", "es": "Biblioteca", "fr": "Bibliothèque"}[language]
    assert library in client.get("/library/", headers={"Accept-Language": language}).get_data(
        as_text=True
    )


def test_search_ranks_title_matches_first(client):
    make_item(texts={"en": ("Household surveys", "Remittances in the Andes.")}, date_year=2025)
    make_item(texts={"en": ("Remittances and wages", "A study.")}, date_year=2020)
    make_item(texts={"en": ("Climate", "Floods.")}, authors=["Remi Tances"], date_year=2024)
    body = client.get("/library/?q=remittances").get_data(as_text=True)
    assert body.index("Remittances and wages") < body.index("Household surveys")
    assert "Climate" not in body
    assert client.get("/library/?q=%7C%7C%25_").status_code == 200


def test_withdraw_asks_first_and_removing_a_file_frees_it(client, auth, library_dir):
    staff = make_user(Role.STAFF)
    submitter = make_user()
    published = make_item(submitter, texts={"en": ("Wages abroad", "")})
    draft = make_item(submitter, state="draft")
    stored = draft.files[0]
    auth.login(submitter)
    withdraw = client.post(f"/library/{published.id}/withdraw", data={"confirmed": "1"})
    assert withdraw.status_code == 403
    assert client.get(f"/library/{published.id}/return").status_code == 403
    asked = client.post(f"/library/{draft.id}/files/{stored.id}/remove")
    assert "Remove this file?" in asked.get_data(as_text=True)
    assert (library_dir / stored.stored_name).is_file()
    client.post(f"/library/{draft.id}/files/{stored.id}/remove", data={"confirmed": "1"})
    assert not (library_dir / stored.stored_name).exists()
    auth.logout()
    auth.login(staff)
    asked = client.post(f"/library/{published.id}/withdraw")
    assert "Withdraw this item from the library?" in asked.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Item, published.id).state == "published"
    client.post(f"/library/{published.id}/withdraw", data={"confirmed": "1"})
    db.session.expire_all()
    withdrawn = db.session.get(Item, published.id)
    assert withdrawn.state == "withdrawn" and withdrawn.deleted_at is not None
    auth.logout()
    assert "Wages abroad" not in client.get("/library/").get_data(as_text=True)
    assert client.get(f"/library/{published.id}").status_code == 404


def _titles_found(client, query: str) -> list[str]:
    body = html.unescape(client.get("/library/", query_string={"q": query}).get_data(as_text=True))
    return [t for t in ("Wages abroad", "Informe") if t in body]


def test_full_text_search_reads_every_language_author_and_keyword(client):
    make_item(
        texts={
            "en": ("Wages abroad", "Money sent home."),
            "fr": ("Envois de fonds", "Les travailleuses saisonnières envoient leur épargne."),
        },
        keywords="cosecha",
    )
    make_item(texts={"es": ("Informe", "Texto.")}, authors=["Ñúñez Peña"], original_language="es")
    assert _titles_found(client, "saisonnieres") == ["Wages abroad"]
    assert _titles_found(client, "travail epargne") == ["Wages abroad"]
    assert _titles_found(client, "COSECHA") == ["Wages abroad"]
    assert _titles_found(client, "nunez pena") == ["Informe"]
    assert _titles_found(client, "saisonnieres nunez") == []
    assert _titles_found(client, "abroad-wages 'home'") == ["Wages abroad"]


def test_full_text_search_follows_edits_and_ranks_more_matches_higher(client):
    rare = make_item(texts={"en": ("Rare study", "Seasonal work in one line.")}, date_year=2025)
    make_item(
        texts={"en": ("Often study", "Seasonal work, seasonal pay, seasonal lives.")},
        date_year=2020,
    )
    body = client.get("/library/?q=seasonal").get_data(as_text=True)
    assert body.index("Often study") < body.index("Rare study")
    rare.texts[0].title = "Harvest crews"
    refresh_search_text(rare)
    db.session.commit()
    found = client.get("/library/?q=harvest").get_data(as_text=True)
    assert "Harvest crews" in found and "Often study" not in found
    assert "Rare study" not in client.get("/library/?q=rare").get_data(as_text=True)


def test_an_item_of_several_working_groups_is_found_under_each(client, auth, library_dir):
    chair = make_user()
    reviewing = make_group(name="Remittances", slug="remittances-wg", chair=chair)
    other = make_group(name="Labour", slug="labour-wg")
    member = make_user()
    auth.login(member)
    response = post_item(client, group=str(reviewing.id), other_groups=[str(other.id)])
    assert response.status_code == 302
    item = db.session.scalar(select(Item))
    assert [g.name for g in item.other_groups] == ["Labour"]
    item.state = "published"
    db.session.commit()

    page = client.get(f"/library/{item.id}").get_data(as_text=True)
    assert ">Remittances</a>, <a" in page and ">Labour</a>" in page
    for slug in ("remittances-wg", "labour-wg"):
        listed = client.get(f"/library/?group={slug}").get_data(as_text=True)
        assert f'href="/library/{item.id}"' in listed
        assert f'href="/library/{item.id}"' in client.get(f"/groups/{slug}").get_data(as_text=True)
    facets = client.get("/library/").get_data(as_text=True)
    assert "Labour" in facets
    # Review stays with the group it was submitted to.
    assert response.status_code == 302 and item.group_id == reviewing.id
    assert post_item(client, other_groups=["999999"]).status_code == 400
