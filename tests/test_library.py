"""The knowledge library: items, their files, the submission workflow, finding and feeds."""

import pytest

from network.extensions import db
from network.library import files
from network.library.models import Item, ItemFile
from tests.factories import make_user
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
