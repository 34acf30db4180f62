"""The knowledge library: items, their files, the submission workflow, finding and feeds."""

import html
import io
import zipfile

import pytest
from sqlalchemy import func, select

from network.auth.models import Role
from network.dbtypes import utcnow
from network.extensions import db
from network.library import files
from network.library.models import Item, ItemFile
from tests.factories import make_user
from tests.factories_groups import make_group
from tests.factories_library import make_item, pdf_bytes


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
